"""The `site-gen ingest` command as a user runs it: exit codes, messages, re-ingest, bad input, scale."""

from __future__ import annotations

import os
import pty
import random
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import frontmatter
import pytest

from bench.extraction import body_text
from tests.conftest import run_cli

PARAS = [
    "The harbour authority said on Monday that the new ferry terminal would open in June, two months later "
    "than planned, after delays in the delivery of the steel for the passenger bridge.",
    "Officials said the delay would not change the cost of the project, which is paid for by a regional "
    "fund and a loan from the state bank, and that the old terminal would stay open until then.",
    "Passengers have complained for years about crowding in the old building, where a single waiting room "
    "serves four routes and queues often spill out onto the quay in the summer months.",
]


def dump(title: str, paras=PARAS, url: str = "") -> str:
    # One page, one address: dumps of different pages carry different URLs (the same URL is the same article).
    url = url or "https://news.example/local/2025/03/10/" + "-".join(title.lower().split())
    return "\n\n".join([title, "Home", "Advertisement", *paras, f"Content retrieved from: {url}."]) + "\n"


def test_help_on_every_command(tmp_path):
    for args in (["--help"], ["ingest", "--help"]):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 0 and "usage: site-gen" in proc.stdout
    assert "--force" in run_cli("ingest", "--help", cwd=tmp_path).stdout


def test_bad_usage_exits_2(tmp_path):
    assert run_cli("ingest", "--nonsense", cwd=tmp_path).returncode == 2
    assert run_cli("frobnicate", cwd=tmp_path).returncode == 2
    assert run_cli(cwd=tmp_path).returncode == 2


def test_default_paths_and_python_dash_m(tree):
    root = tree({"content/raw/ferry.txt": dump("Ferry terminal opening delayed to June")})
    proc = run_cli("ingest", cwd=root)
    assert proc.returncode == 0, proc.stderr
    out = root / "content" / "articles" / "ferry-terminal-opening-delayed-to-june.md"
    post = frontmatter.load(out)
    assert post["title"] == "Ferry terminal opening delayed to June"
    assert post["dump"] == "content/raw/ferry.txt"
    assert post.content.split("\n\n") == PARAS
    assert "Advertisement" not in out.read_text()


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("site-gen")
    assert exe.exists(), "pip install should create the site-gen command"
    assert subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.startswith("site-gen ")


def test_bad_files_are_named_the_rest_are_written_and_exit_is_1(tree):
    root = tree({
        "raw/good.txt": dump("Ferry terminal opening delayed to June"),
        "raw/empty.txt": "",
        "raw/blank.txt": "  \n\n\t \n",
        "raw/headline-only.txt": "Only a headline here\n",
        "raw/binary.txt": b"\x00\x01\x02\x03PK\x03\x04" * 200,
        "raw/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "raw/photo.jpg": b"\xff\xd8\xff\xe0JFIF",
        "raw/notes.md": "not a dump",
    })
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 4
    for name, reason in (("empty.txt", "empty"), ("blank.txt", "empty"), ("headline-only.txt", "headline only"),
                         ("binary.txt", "binary")):
        assert any(name in ln and reason in ln for ln in lines), (name, lines)
    for quiet in (".DS_Store", "photo.jpg", "notes.md"):
        assert quiet not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert [p.name for p in (root / "out").glob("*.md")] == ["ferry-terminal-opening-delayed-to-june.md"]


def test_a_missing_path_is_bad_usage_and_nothing_is_written(tree):
    root = tree({"raw/good.txt": dump("Ferry terminal opening delayed to June")})
    proc = run_cli("ingest", "raw", "nowhere", "--out", "out", cwd=root)
    assert proc.returncode == 2 and "error: nowhere: no such file or folder" in proc.stderr
    assert not (root / "out").exists()


def test_a_file_named_that_is_no_dump_is_an_error_naming_it(tree):
    root = tree({"raw/good.txt": dump("Ferry terminal opening delayed to June"), "README.md": "# Read me\n"})
    proc = run_cli("ingest", "README.md", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 1
    assert "error: README.md: not a dump: ingest reads .txt, .text, .html and .htm files" in proc.stderr
    assert len(list((root / "out").glob("*.md"))) == 1  # the rest was done


def test_a_pipe_or_device_named_is_an_error_not_a_wait(tree):
    # Reading a named pipe waits for a writer that never comes; a link to /dev/zero never ends.
    root = tree({"raw/good.txt": dump("Ferry terminal opening delayed to June")})
    os.mkfifo(root / "pipe.txt")
    os.symlink("/dev/zero", root / "zero.txt")
    os.mkfifo(root / "raw" / "in-the-folder.txt")  # in a folder: passed over, as other files that are no dumps
    proc = run_cli("ingest", "pipe.txt", "zero.txt", "raw", "--out", "out", cwd=root, timeout=60)
    assert proc.returncode == 1
    for name in ("pipe.txt", "zero.txt"):
        assert f"error: {name}: not a file: a named pipe, a device or a socket" in proc.stderr
    assert "in-the-folder" not in proc.stderr
    assert len(list((root / "out").glob("*.md"))) == 1  # the rest was done


def test_a_symbolic_link_out_of_the_dumps_folder_is_not_followed(tree):
    # An archive of dumps unpacked may hold a link to any file of the machine: its text must not be published.
    root = tree({
        "secret/keys.txt": dump("Private keys of the newsroom server", paras=["SECRET-TOKEN-4711 " * 20]),
        "raw/good.txt": dump("Ferry terminal opening delayed to June"),
        "raw/nested/other.txt": dump("Bridge repairs close the east road", url="https://news.example/b"),
    })
    (root / "raw" / "stolen.txt").symlink_to(root / "secret" / "keys.txt")
    (root / "raw" / "nested" / "again.txt").symlink_to(Path("..") / "good.txt")  # inside: read like any dump
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 1
    assert f"error: raw/stolen.txt: a symbolic link to {(root / 'secret/keys.txt').resolve()}, outside raw: " \
        "not read" in proc.stderr
    written = sorted(p.name for p in (root / "out").glob("*.md"))
    assert written == ["bridge-repairs-close-the-east-road.md", "ferry-terminal-opening-delayed-to-june.md"]
    assert not any("SECRET-TOKEN" in p.read_text(encoding="utf-8") for p in (root / "out").glob("*.md"))
    # Named on its own, a file is read as asked, link or not.
    proc = run_cli("ingest", "raw/stolen.txt", "--out", "out", cwd=root)
    assert proc.returncode == 0 and (root / "out/private-keys-of-the-newsroom-server.md").exists()


def test_a_dump_whose_name_is_no_utf8_gives_an_article_the_build_reads(tree):
    # A file named on a Latin-1 system: "café.txt" as the bytes caf\xe9.
    root = tree({"raw/good.txt": dump("Ferry terminal opening delayed to June")})
    (root / os.fsdecode(b"raw/caf\xe9.txt")).write_text(dump("Bridge repairs close the east road"), encoding="utf-8")
    assert run_cli("ingest", "raw", "--out", "content/articles", cwd=root).returncode == 0
    post = frontmatter.load(root / "content/articles/bridge-repairs-close-the-east-road.md")
    assert post["dump"] == "raw/caf\\xe9.txt"
    proc = run_cli("build", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "output/articles/bridge-repairs-close-the-east-road/index.html").exists()
    assert "0 articles written, 2 unchanged" in run_cli("ingest", "raw", "--out", "content/articles", cwd=root).stderr


def test_reingest_of_unchanged_dumps_writes_nothing(tree):
    root = tree({"raw/a.txt": dump("Ferry terminal opening delayed to June")})
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    md = next((root / "out").glob("*.md"))
    os.utime(md, (1_000_000_000, 1_000_000_000))
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 0 and "ingest: 1 dump; 0 articles written, 1 unchanged; 0 errors; " in proc.stderr
    assert md.stat().st_mtime == 1_000_000_000


def test_changed_dump_rewrites_its_article_with_the_same_slug(tree):
    root = tree({"raw/a.txt": dump("Ferry terminal opening delayed to June")})
    run_cli("ingest", "raw", "--out", "out", cwd=root)
    (root / "raw/a.txt").write_text(dump("Ferry terminal opening delayed again", PARAS[:2]), encoding="utf-8")
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    files = list((root / "out").glob("*.md"))
    assert [f.name for f in files] == ["ferry-terminal-opening-delayed-to-june.md"]  # slug stable across re-ingests
    post = frontmatter.load(files[0])
    assert post["title"] == "Ferry terminal opening delayed again"
    assert len(post.content.split("\n\n")) == 2


def test_unchanged_dump_does_not_touch_a_hand_edited_article_nor_warn(tree):
    root = tree({"raw/a.txt": dump("Ferry terminal opening delayed to June")})
    run_cli("ingest", "raw", "--out", "out", cwd=root)
    md = next((root / "out").glob("*.md"))
    edited = md.read_text(encoding="utf-8") + "\nA note the editor added.\n"
    md.write_text(edited, encoding="utf-8")
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 0 and md.read_text(encoding="utf-8") == edited
    assert "warning" not in proc.stderr and "error" not in proc.stderr.replace("0 errors", "")
    assert "1 kept as edited by hand" in proc.stderr


def test_same_headline_gives_two_articles(tree):
    root = tree({"raw/a.txt": dump("Storm warning issued"), "raw/b.txt": dump("Storm warning issued", PARAS[1:],
                                                                   url="https://other.example/storm-warning")})
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    names = sorted(p.name for p in (root / "out").glob("*.md"))
    assert names == ["storm-warning-issued-2.md", "storm-warning-issued.md"]
    again = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert "0 articles written, 2 unchanged" in again.stderr


@pytest.mark.parametrize("name, data", [
    ("bom.txt", "\ufeff".encode() + dump("Ferry terminal opening delayed to June").encode()),
    ("utf16.txt", dump("Ferry terminal opening delayed to June").encode("utf-16")),
    ("cp1252.txt", dump("Ferry terminal opening delayed to June").replace("\n", "\r\n").encode("cp1252")),
])
def test_encodings_all_give_the_same_article(tree, name, data):
    root = tree({f"raw/{name}": data})
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    post = frontmatter.load(next((root / "out").glob("*.md")))
    assert post["title"] == "Ferry terminal opening delayed to June"
    assert post.content.split("\n\n") == PARAS


SEED_LIKE = [  # a fictional page with the clutter of a real dump: kicker glued to a caption, the caption
    # again, related headlines, a font-size widget, a dateline, share buttons, a trailer
    "Ferry terminal opening delayed to June",
    "LOCALPassengers wait on the quay of the old terminal on March 3, 2025. Photo: AFP",
    "Passengers wait on the quay of the old terminal on March 3, 2025. Photo: AFP",
    "Also in Local", "Tram depot to reopen in autumn", "Night buses return to the old town",
    "A+A-",
    "PORT WENDLE – " + PARAS[0], *PARAS[1:],
    "Share", "Tweet", "Email",
    "Content retrieved from: https://news.example/local/2025/03/10/ferry-terminal-opening-delayed.",
    "About The Author",
]
LAYOUTS = {  # the same page as three scrapers write it
    "blank-lines.txt": "\n\n".join(SEED_LIKE) + "\n",
    "one-line.txt": "\n".join(SEED_LIKE) + "\n",  # a page's innerText: a block a line, no blank line
    "wrapped.txt": "\n\n".join(textwrap.fill(b, 72, break_long_words=False, break_on_hyphens=False)
                                for b in SEED_LIKE) + "\n",  # at 72 characters, as lynx and html2text do
    "markdown.txt": "\n\n".join([  # Markdown, as the readers that give pages to language models write it
        f"# {SEED_LIKE[0]}", "[Home](https://news.example/) | [Local](https://news.example/local/)",
        "![The quay](https://news.example/img/quay.jpg)", f"*{SEED_LIKE[1].removeprefix('LOCAL')}*",
        "## Also in Local", "* [Tram depot to reopen in autumn](/local/tram)",
        "* [Night buses return to the old town](/local/buses)", "A+A-",
        "**PORT WENDLE** – " + PARAS[0], *PARAS[1:], "[Share](https://news.example/share) [Tweet](https://x.example/)",
        SEED_LIKE[-2], SEED_LIKE[-1]]) + "\n",
    "labelled.txt": "\n\n".join([  # fields first, then the page as Markdown, as some of those readers write it
        f"Title: {SEED_LIKE[0]}", "URL Source: " + SEED_LIKE[-2].split(": ")[1].rstrip("."),
        "Markdown Content:\n[Home](https://news.example/) | [Local](https://news.example/local/)",
        f"{SEED_LIKE[0]}\n{'=' * len(SEED_LIKE[0])}", f"*{SEED_LIKE[1].removeprefix('LOCAL')}*",
        "## Also in Local", "* [Tram depot to reopen in autumn](/local/tram)",
        "* [Night buses return to the old town](/local/buses)", "A+A-", "**PORT WENDLE** – " + PARAS[0],
        *PARAS[1:]]) + "\n",
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_a_dump_gives_the_same_article_whichever_way_the_scraper_laid_out_its_lines(tree, name):
    root = tree({f"raw/{name}": LAYOUTS[name]})
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 0, proc.stderr
    post = frontmatter.load(root / "out" / "ferry-terminal-opening-delayed-to-june.md")
    assert post.content.split("\n\n") == PARAS  # each paragraph whole, no line broken inside it
    assert post["topic"] == "Local" and post["dateline"] == "PORT WENDLE"
    assert post["images"] == [{"caption": "Passengers wait on the quay of the old terminal on March 3, 2025.",
                               "credit": "AFP"}]
    assert post["related"] == ["Tram depot to reopen in autumn", "Night buses return to the old town"]
    assert post["source_url"] == "https://news.example/local/2025/03/10/ferry-terminal-opening-delayed"


def test_a_dump_with_its_metadata_as_front_matter_gives_its_fields(tree):
    # As trafilatura writes a page with its metadata: YAML between "---" lines, then a paragraph a line.
    text = "\n".join([
        "---", 'title: "Ferry terminal opening delayed to June"', "author: Ruth Ambermoor; Ilse Varga",
        "url: https://news.example/local/2025/03/10/ferry-delay", "hostname: news.example",
        "description: The harbour authority says steel for the bridge came late.", "sitename: News Example",
        'date: "2025-03-10"', "categories: ['Local']", 'fingerprint: "6a211a45a4a391e1"', "---", *PARAS]) + "\n"
    root = tree({"raw/metadata.txt": text})
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    post = frontmatter.load(root / "out" / "ferry-terminal-opening-delayed-to-june.md")
    assert post.content.split("\n\n") == PARAS
    assert post["authors"] == ["Ruth Ambermoor", "Ilse Varga"] and str(post["date"]).startswith("2025-03-10")
    assert post["source_url"] == "https://news.example/local/2025/03/10/ferry-delay"
    assert not any(word in post.content for word in ("fingerprint", "hostname", "---"))


def test_a_brief_written_a_block_a_line_keeps_its_byline_and_date_out_of_the_body(tree):
    lines = ["Ferry terminal opening delayed to June", "LOCAL", "By Ruth Ambermoor", "March 10, 2025",
             "PORT WENDLE – " + PARAS[0], "Content retrieved from: https://news.example/local/ferry-delay."]
    root = tree({"raw/brief.txt": "\n".join(lines) + "\n"})
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    post = frontmatter.load(root / "out" / "ferry-terminal-opening-delayed-to-june.md")
    assert post.content == PARAS[0]
    assert post["authors"] == ["Ruth Ambermoor"] and str(post["date"]).startswith("2025-03-10")
    assert post["dateline"] == "PORT WENDLE"


def test_html_character_references_in_a_dump_read_as_characters_and_stay_text(tree):
    paras = [p.replace("harbour", "harbour &amp; port").replace("June", "June &ndash; at last") for p in PARAS]
    root = tree({"raw/a.txt": dump("Council&#8217;s ferry plan &amp; budget", paras + ["A &lt;script&gt; tag."])})
    assert run_cli("ingest", "raw", "--out", "out", cwd=root).returncode == 0
    md = next((root / "out").glob("*.md"))
    post = frontmatter.load(md)
    assert post["title"] == "Council’s ferry plan & budget"
    text = body_text(post.content)  # as a reader sees it
    assert "harbour & port" in text and "June – at last" in text and "A <script> tag." in text
    assert "<script>" not in md.read_text(encoding="utf-8")  # "<" escaped, as in any dump


@pytest.mark.parametrize("prefix", ["", "\ufeff<?xml version=\"1.0\"?>\n<!-- saved by a crawler -->\n"])
def test_a_page_saved_under_a_text_files_name_is_read_as_a_page(tree, prefix):
    page = (Path(__file__).parent / "data" / "html_pages" / "en-portal.html").read_text(encoding="utf-8")
    root = tree({"a/story.html": page, "b/story.txt": prefix + page})
    for folder in ("a", "b"):
        assert run_cli("ingest", folder, "--out", f"out-{folder}", cwd=root).returncode == 0
    as_html, as_text = (next((root / f"out-{f}").glob("*.md")) for f in ("a", "b"))
    assert as_text.name == as_html.name
    first, second = frontmatter.load(as_html), frontmatter.load(as_text)
    assert second.content == first.content and "<" not in second.content
    assert {k: v for k, v in second.metadata.items() if k not in ("dump", "checksum")} == \
        {k: v for k, v in first.metadata.items() if k not in ("dump", "checksum")}
    explained = run_cli("ingest", "--explain", "b/story.txt", cwd=root)
    assert explained.returncode == 0 and "KEEP" in explained.stdout and "<html" not in explained.stdout


@pytest.mark.parametrize("address", ["javascript:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4=",
                                     "/news/relative-only"])
def test_a_source_address_that_is_no_web_page_is_not_kept_and_the_build_reads_the_article(tree, address):
    page = (Path(__file__).parent / "data" / "html_pages" / "en-portal.html").read_text(encoding="utf-8")
    page = page.replace("https://wendle-courier.example/news/port-wendle-opens-new-footbridge-over-the-lanner", address)
    root = tree({"content/raw/a.txt": dump("Ferry terminal opening delayed to June", url=address),
                 "content/raw/b.html": page, "content/raw/c.txt": dump("Night buses return to the old town",
                                                                     url="HTTPS://News.Example/local/buses")})
    assert run_cli("ingest", cwd=root).returncode == 0
    posts = {p.stem: frontmatter.load(p) for p in (root / "content/articles").glob("*.md")}
    assert len(posts) == 3
    for slug, post in posts.items():
        web = slug == "night-buses-return-to-the-old-town"
        assert post.get("source_url") == ("https://News.Example/local/buses" if web else None), post.metadata
    proc = run_cli("build", "--no-search", cwd=root)
    assert proc.returncode == 0 and "3 articles" in proc.stderr, proc.stderr
    assert not any(address.split(":")[0] + ":" in p.read_text(encoding="utf-8")
                   for p in (root / "output" / "articles").rglob("*.html"))


@pytest.mark.parametrize("text", [
    "Home\nNews\nSport\nShare on Facebook\nTweet\nSubscribe to our newsletter\nAdvertisement\nComments (0)\n",
    "Home\n\nNews\n\nSport\n\nShare on Facebook\n\nTweet\n\nAdvertisement\n\nComments (0)\n",
])
def test_a_page_of_nothing_but_furniture_is_no_article(tree, text):
    root = tree({"raw/menu.txt": text, "raw/ferry.txt": dump("Ferry terminal opening delayed to June")})
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root)
    assert proc.returncode == 1
    assert "raw/menu.txt: no article text found (only page furniture)" in proc.stderr
    assert [p.name for p in (root / "out").glob("*.md")] == ["ferry-terminal-opening-delayed-to-june.md"]


def test_mojibake_is_repaired(tree):
    text = dump("The Mayor’s ferry plan", [p.replace("harbour", "mayor’s") for p in PARAS])
    root = tree({"raw/a.txt": text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")})
    run_cli("ingest", "raw", "--out", "out", cwd=root)
    post = frontmatter.load(next((root / "out").glob("*.md")))
    assert post["title"] == "The Mayor’s ferry plan"
    assert "mayor’s authority" in post.content


def test_huge_dump_and_huge_line_do_not_hang(tree):
    para = PARAS[0] + " "
    big = dump("A very long dump", [para * 20] * 3300)  # about 12 MB
    line = dump("One enormous line", ["word " * 400_000])  # one 2 MB line
    root = tree({"raw/big.txt": big, "raw/line.txt": line})
    assert len(big) > 12_000_000
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root, timeout=240)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)
    assert (root / "out" / "a-very-long-dump.md").exists()


def test_dumps_of_tens_of_thousands_of_repeated_lines_do_not_hang(tree):
    # Each took the cleaner hours: every line compared with all those before it (a run of blocks copied from
    # higher up the page; a wrapped block joined line by line, looking at all of it joined so far each time).
    menu = dump("A story below a huge menu", ["Menu"] * 200_000 + PARAS)
    wrapped = dump("A story below a wrapped block",
                   ["\n".join(["March 3, 2020 12:00 PM ET Updated March 4"] * 30_000), *PARAS])
    root = tree({"raw/menu.txt": menu, "raw/wrapped.txt": wrapped})
    proc = run_cli("ingest", "raw", "--out", "out", cwd=root, timeout=240)
    assert proc.returncode == 0, proc.stderr
    for name in ("a-story-below-a-huge-menu", "a-story-below-a-wrapped-block"):
        body = frontmatter.load(root / "out" / f"{name}.md").content
        assert all(p in body for p in PARAS), name


MEASURED = """
import resource, subprocess, sys
proc = subprocess.run([sys.executable, "-m", "site_gen", *sys.argv[1:]], capture_output=True, text=True)
sys.stderr.write(proc.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KB, of the command's largest process
sys.exit(proc.returncode)
"""


def test_a_dump_of_a_hundred_thousand_distinct_paragraphs_is_read_in_linear_time_and_little_memory(tree):
    # Each paragraph was looked for in the whole story (a pull quote?): at this size an hour; and the text's
    # MinHash (for wire stories) took 128 x 8 bytes for each of its word 5-grams at once: 6 GB.
    rng = random.Random(5)
    words = "the a of harbour ferry council said on Monday port ship trade news city mayor and to in new plan".split()
    paras = [" ".join(rng.choice(words) for _ in range(30)).capitalize() + "." for _ in range(100_000)]
    root = tree({"raw/big.txt": dump("A dump of many paragraphs", paras)})
    assert (root / "raw/big.txt").stat().st_size > 14_000_000
    with subprocess.Popen([sys.executable, "-c", MEASURED, "ingest", "raw", "--out", "out"], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=150)
        finally:
            if proc.poll() is None:  # it hung: the command too, not only the process measuring it
                os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err
    assert int(out) < 1_500_000, f"{int(out) // 1000} MB"
    body = frontmatter.load(root / "out" / "a-dump-of-many-paragraphs.md").content
    assert paras[0] in body and paras[50_000] in body and paras[-1] in body


def test_many_dumps_use_both_cores_and_match_a_single_process_run(tree):
    files = {f"raw/d{i:03}.txt": dump(f"Story number {i} about the ferry", PARAS[i % 3:] + PARAS[: i % 3])
             for i in range(80)}
    root = tree(files)
    assert run_cli("ingest", "raw", "--out", "pool", cwd=root).returncode == 0
    assert run_cli("ingest", "raw", "--out", "one", "--jobs", "1", cwd=root).returncode == 0
    pool = {p.name: p.read_bytes() for p in (root / "pool").glob("*.md")}
    one = {p.name: p.read_bytes() for p in (root / "one").glob("*.md")}
    assert len(pool) == 80 and pool == one


INGEST_BESIDE_A_THREAD = """
import sys, threading
from pathlib import Path
from site_gen.ingest import ingest
from site_gen.reporter import Reporter

stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()  # as under serve: a web server's thread runs
result = ingest([Path("raw")], Path("threaded"), Path("."), Reporter(quiet=True), jobs=2)
stop.set()
sys.exit(1 if result.errors else 0)
"""


def test_many_dumps_ingested_while_other_threads_run_match_a_single_process_run(tree):
    # Under watch and serve, forking workers while other threads run could leave a child waiting forever on
    # a lock one of them held; there the workers are started afresh, and must give the very same articles.
    files = {f"raw/d{i:03}.txt": dump(f"Story number {i} about the quay", PARAS[i % 3:] + PARAS[: i % 3])
             for i in range(60)}
    root = tree(files)
    proc = subprocess.run([sys.executable, "-c", INGEST_BESIDE_A_THREAD], cwd=root, capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert run_cli("ingest", "raw", "--out", "one", "--jobs", "1", cwd=root).returncode == 0
    threaded = {p.name: p.read_bytes() for p in (root / "threaded").glob("*.md")}
    one = {p.name: p.read_bytes() for p in (root / "one").glob("*.md")}
    assert len(threaded) == 60 and threaded == one


def test_progress_is_shown_on_a_terminal(tree):
    files = {f"raw/d{i:03}.txt": dump(f"Story number {i}") for i in range(60)}
    root = tree(files)
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(root)
        os.execv(sys.executable, [sys.executable, "-m", "site_gen", "ingest", "raw", "--out", "out"])
    output = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"0/60 [" in output and b"%|" in output  # a tqdm bar counting the 60 dumps
    assert b"60 articles written" in output
