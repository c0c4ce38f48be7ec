"""watch/serve's loop body on a real site, and `site-gen serve` as a user runs it."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import io
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_gen.build import BuildOptions, build
from site_gen.dev.session import DevSession
from site_gen.reporter import RecordingReporter, Reporter
from tests.conftest import REPO, make_tree

PARA = ("The harbour authority said on Monday that the new ferry terminal would open in June, two months later "
        "than planned, after delays in the delivery of the steel for the passenger bridge.")


def dump(title: str, topic: str = "ECONOMY") -> str:
    return (f"{title}\n\nAlso in Economy\n\nFish prices climb again\n\nA+A-\n\n{PARA}\n\n"
            f"{PARA.replace('Monday', 'Tuesday')}\n\nContent retrieved from: https://news.example/{topic.lower()}/{'-'.join(title.lower().split())}.\n")


@pytest.fixture
def site(tmp_path):
    root = make_tree(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "Test Reader"\n',
        "content/raw/ferry.txt": dump("Ferry terminal opening delayed"),
    })
    session = DevSession(root, RecordingReporter(), search=False)
    outcome = session.start()
    assert outcome.errors == [] and outcome.built is not None
    return root, session


def page(root: Path, slug: str) -> Path:
    return root / "output" / "articles" / slug / "index.html"


def test_a_new_dump_becomes_a_page(site):
    root, session = site
    new = root / "content/raw/storm.txt"
    new.write_text(dump("Storm warning for the coast"), encoding="utf-8")
    outcome = session.handle({new})
    assert outcome.errors == [] and outcome.ingested == 1
    assert "Storm warning for the coast" in page(root, "storm-warning-for-the-coast").read_text(encoding="utf-8")
    assert "Storm warning for the coast" in (root / "output/index.html").read_text(encoding="utf-8")


def test_a_symbolic_link_out_of_the_dumps_folder_is_not_read_under_watch(site, tmp_path):
    root, session = site
    secret = make_tree(tmp_path / "home", {"notes.txt": dump("Private notes of the editor")}) / "notes.txt"
    link = root / "content/raw/notes.txt"
    link.symlink_to(secret)
    outcome = session.handle({link})
    assert outcome.ingested == 0 and len(outcome.errors) == 1
    assert "content/raw/notes.txt" in outcome.errors[0] and "outside" in outcome.errors[0]
    assert not page(root, "private-notes-of-the-editor").exists()
    assert "Private notes" not in (root / "output/index.html").read_text(encoding="utf-8")


def test_a_deleted_dump_removes_its_unedited_article_everywhere(site):
    root, session = site
    dumpfile = root / "content/raw/ferry.txt"
    dumpfile.unlink()
    session.handle({dumpfile})
    assert not (root / "content/articles/ferry-terminal-opening-delayed.md").exists()
    assert not page(root, "ferry-terminal-opening-delayed").exists()
    assert "Ferry terminal" not in (root / "output/index.html").read_text(encoding="utf-8")


def test_a_deleted_dump_keeps_an_article_someone_edited(site):
    root, session = site
    md = root / "content/articles/ferry-terminal-opening-delayed.md"
    md.write_text(md.read_text(encoding="utf-8").replace("two months", "three months"), encoding="utf-8")
    dumpfile = root / "content/raw/ferry.txt"
    dumpfile.unlink()
    session.handle({dumpfile, md})
    assert md.exists()
    assert "three months" in page(root, "ferry-terminal-opening-delayed").read_text(encoding="utf-8")


def test_an_article_edit_updates_its_page_and_lists(site):
    root, session = site
    md = root / "content/articles/ferry-terminal-opening-delayed.md"
    md.write_text(md.read_text(encoding="utf-8").replace("title: Ferry terminal opening delayed",
                                                         "title: Ferry terminal opening put off"), encoding="utf-8")
    outcome = session.handle({md})
    written = set(outcome.built.written)
    assert "articles/ferry-terminal-opening-delayed/index.html" in written and "index.html" in written
    assert "Ferry terminal opening put off" in (root / "output/index.html").read_text(encoding="utf-8")


def test_what_the_events_missed_is_mended_at_the_next_quiet_moment(site):
    root, session = site
    new = root / "content/raw/storm.txt"
    new.write_text(dump("Storm warning for the coast"), encoding="utf-8")
    session.handle({new})
    ferry = root / "content/articles/ferry-terminal-opening-delayed.md"
    storm = root / "content/articles/storm-warning-for-the-coast.md"
    # Two changes the events did not name (a file system that dropped them; a page removed by hand),
    # and one they did:
    ferry.write_text(ferry.read_text(encoding="utf-8").replace("two months", "three months"), encoding="utf-8")
    (root / "output/topics/index.html").unlink()
    storm.write_text(storm.read_text(encoding="utf-8").replace("on Monday", "on Sunday"), encoding="utf-8")
    outcome = session.handle({storm})
    written = set(outcome.built.written)  # by the events alone:
    assert "articles/storm-warning-for-the-coast/index.html" in written
    assert "articles/ferry-terminal-opening-delayed/index.html" not in written
    assert "three months" not in page(root, "ferry-terminal-opening-delayed").read_text(encoding="utf-8")
    session.handle(set())  # a quiet moment: every file is looked at
    assert "three months" in page(root, "ferry-terminal-opening-delayed").read_text(encoding="utf-8")
    assert (root / "output/topics/index.html").is_file()
    assert "on Sunday" in page(root, "storm-warning-for-the-coast").read_text(encoding="utf-8")
    result = build(session.config, BuildOptions(session.articles, session.output, search=False), RecordingReporter())
    assert result.written == () and result.rendered == ()


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind is not installed")
def test_the_search_index_follows_the_pages_at_the_next_quiet_moment(tmp_path):
    root = make_tree(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "Test Reader"\n',
        "content/raw/ferry.txt": dump("Ferry terminal opening delayed"),
    })
    session = DevSession(root, RecordingReporter(), search=True)
    assert session.start().errors == [] and page(root, "ferry-terminal-opening-delayed").is_file()
    assert session.search_pending and not (root / "output/pagefind").exists()  # the pages did not wait for it
    assert session.handle(set()).errors == []  # a quiet moment
    assert indexed(root) == 1 and not session.search_pending

    new = root / "content/raw/storm.txt"
    new.write_text(dump("Storm warning for the coast"), encoding="utf-8")
    session.handle({new})
    assert page(root, "storm-warning-for-the-coast").is_file() and indexed(root) == 1 and session.search_pending
    session.handle(set())
    assert indexed(root) == 2 and not session.search_pending
    # the index is whole: a build finds nothing to do
    result = build(session.config, BuildOptions(session.articles, session.output, search=True), RecordingReporter())
    assert result.written == () and result.removed == () and result.rendered == ()


def indexed(root: Path) -> int:
    """Return how many articles the search index holds, over all its shards."""
    shards = json.loads((root / "output/pagefind/shards.json").read_text(encoding="utf-8"))["shards"]
    entries = [json.loads((root / f"output/pagefind/{key}/pagefind-entry.json").read_text(encoding="utf-8"))
               for key in shards]
    return sum(lang["page_count"] for entry in entries for lang in entry["languages"].values())


def test_broken_template_keeps_the_last_good_site_and_the_next_save_clears_it(site):
    root, session = site
    good = (root / "output/index.html").read_bytes()
    templates = root / "templates"
    templates.mkdir()
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    (templates / "base.html").write_text(base.replace("</head>", "{% if %}</head>", 1), encoding="utf-8")
    config_change = root / "site.toml"  # templates/ did not exist at start: a settings save picks it up
    outcome = session.handle({templates / "base.html", config_change})
    assert outcome.errors and any("base.html" in e for e in outcome.errors)
    assert (root / "output/index.html").read_bytes() == good
    (templates / "base.html").write_text(base, encoding="utf-8")
    outcome = session.handle({templates / "base.html"})
    assert outcome.errors == []


def test_each_save_of_a_template_shows_in_the_pages_of_one_session(site):
    """A session keeps its compiled templates between builds: a saved template must still make new pages."""
    root, session = site
    templates = root / "templates"
    templates.mkdir()
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    (templates / "base.html").write_text(base, encoding="utf-8")
    assert session.handle({templates / "base.html", root / "site.toml"}).errors == []
    for word in ("First edition", "Second edition", "First edition"):
        (templates / "base.html").write_text(base.replace("</footer>", f"<p>{word}</p></footer>", 1),
                                             encoding="utf-8")
        assert session.handle({templates / "base.html"}).errors == []
        for shown in (root / "output/index.html", page(root, "ferry-terminal-opening-delayed")):
            assert f"<p>{word}</p>" in shown.read_text(encoding="utf-8")


def test_bad_site_toml_is_reported_and_the_site_stays(site):
    root, session = site
    good = (root / "output/index.html").read_bytes()
    (root / "site.toml").write_text("[site\n", encoding="utf-8")
    outcome = session.handle({root / "site.toml"})
    assert outcome.errors and "site.toml" in outcome.errors[0]
    assert (root / "output/index.html").read_bytes() == good
    (root / "site.toml").write_text('[site]\ntitle = "Renamed Reader"\n', encoding="utf-8")
    outcome = session.handle({root / "site.toml"})
    assert outcome.errors == []
    assert "Renamed Reader" in (root / "output/index.html").read_text(encoding="utf-8")
    assert "Renamed Reader" in page(root, "ferry-terminal-opening-delayed").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def events(port: int, since: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/__site_gen__/events?since={since}")
    news = json.loads(conn.getresponse().read())
    conn.close()
    return news


def test_serve_rebuilds_on_save_and_stops_cleanly_on_ctrl_c(tmp_path):
    root = make_tree(tmp_path / "site", {"content/raw/ferry.txt": dump("Ferry terminal opening delayed")})
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "site_gen", "serve", "--port", str(port), "--no-search"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        while "serving" not in line:  # wait for the server's own word that it is up
            line = proc.stdout.readline()
            assert line, "serve exited early"
        assert f"http://127.0.0.1:{port}/" in line
        first = events(port, -1)["build"]
        md = root / "content/articles/ferry-terminal-opening-delayed.md"
        md.write_text(md.read_text(encoding="utf-8").replace("two months later", "three months later"),
                      encoding="utf-8")
        news = events(port, first)
        while "/articles/ferry-terminal-opening-delayed/" not in news["changed"]:
            news = events(port, news["build"])
        assert news["errors"] == []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/articles/ferry-terminal-opening-delayed/")
        assert "three months later" in conn.getresponse().read().decode()
        conn.close()
    finally:
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        code = proc.wait(timeout=10)
        stopped_in = time.monotonic() - started
    assert code == 0 and stopped_in < 1.5
    leftovers = [p for p in (root / "output").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind is not installed")
def test_an_edit_under_watch_indexes_its_own_shard_again_at_the_quiet_moment(tmp_path):
    from tests.build_helpers import md

    root = make_tree(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "Test Reader"\n',
        "content/articles/old.md": md("Harbour opens", "The harbour opened.", date="2021-05-01"),
        "content/articles/new.md": md("Ferry fares rise", "Fares rose.", date="2025-03-03"),
    })
    session = DevSession(root, RecordingReporter(), search=True)
    session.start()
    session.handle(set())  # the first quiet moment: the index is made
    old_shard = {p: p.read_bytes() for p in (root / "output/pagefind/2021-1of1").rglob("*") if p.is_file()}
    edited = root / "content/articles/new.md"
    edited.write_text(md("Ferry fares rise", "Fares rose by a zebracrossing.", date="2025-03-03"), encoding="utf-8")
    session.handle({edited})
    assert session.search_pending
    session.handle(set())
    assert not session.search_pending
    fragments = [gzip.decompress(p.read_bytes()) for p in (root / "output/pagefind").rglob("*.pf_fragment")]
    assert sum(b"zebracrossing" in f for f in fragments) == 1
    assert {p: p.read_bytes() for p in (root / "output/pagefind/2021-1of1").rglob("*") if p.is_file()} == old_shard
    result = build(session.config, BuildOptions(session.articles, session.output, search=True), RecordingReporter())
    assert result.written == () and result.removed == ()  # the index is whole and current


def _article(dump_label: str, url: str) -> str:
    return f"---\ntitle: A story\ndump: {dump_label}\nsource_url: {url}\n---\n\nThe body.\n"


def test_watch_and_serve_read_again_the_article_files_events_name_and_all_of_them_at_quiet_moments(tmp_path):
    from site_gen.ingest.known import ArticleFiles

    out = make_tree(tmp_path, {"articles/a.md": _article("raw/a.txt", "https://news.example/a")}) / "articles"
    files = ArticleFiles(out)
    assert files.known().by_dump == {"raw/a.txt": "a"}
    (out / "b.md").write_text(_article("raw/b.txt", "https://news.example/b"), encoding="utf-8")
    (out / "a.md").write_text(_article("raw/a2.txt", "https://news.example/a"), encoding="utf-8")
    files.named([out / "b.md"])  # an event named b.md, none a.md: a.md is taken as it was
    assert files.known().by_dump == {"raw/a.txt": "a", "raw/b.txt": "b"}
    files.forget()  # a quiet moment: every file's stat is looked at, and a.md read again
    (out / "b.md").unlink()
    known = files.known()
    assert known.by_dump == {"raw/a2.txt": "a"} and known.taken == {"a"}
    assert known.by_identity == ArticleFiles(out).known().by_identity


def test_a_rebuild_counts_the_warnings_the_last_build_said_instead_of_saying_them_again(tmp_path):
    """Under watch and serve a build follows each save: a missing picture is named once, then counted while it
    stays missing, and named again when it comes back after a build without it."""
    picture = "images:\n- src: raw/gone.png\n  caption: The lamp.\n  width: 800\n  height: 600\n"
    article = "---\ntitle: {title}\ndate: 2025-03-0{day}\n{extra}---\n\n{body}\n"
    root = make_tree(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "Test Reader"\n',
        "content/articles/lamp.md": article.format(title="Lamp lit", day=1, extra=picture, body=PARA),
        "content/articles/ferry.md": article.format(title="Ferry late", day=2, extra="", body=PARA),
    })
    (root / "content/raw").mkdir()
    stream = io.StringIO()
    session = DevSession(root, Reporter(stream=stream), search=False)

    def said(outcome) -> list[str]:
        assert outcome.errors == [] and outcome.built is not None
        lines = stream.getvalue().splitlines()
        stream.truncate(0)
        stream.seek(0)
        return [line for line in lines if line.startswith("warning:") or "not repeated" in line]

    ferry, lamp = root / "content/articles/ferry.md", root / "content/articles/lamp.md"
    warning = f"warning: {lamp}: picture 'raw/gone.png' is not there"
    assert [line.split(": its page")[0] for line in said(session.start())] == [warning]
    ferry.write_text(article.format(title="Ferry late", day=2, extra="", body=PARA + " More."), encoding="utf-8")
    assert said(session.handle({ferry})) == ["1 warning as the last build said, not repeated"]
    lamp.write_text(article.format(title="Lamp lit", day=1, extra="", body=PARA), encoding="utf-8")
    assert said(session.handle({lamp})) == []
    lamp.write_text(article.format(title="Lamp lit", day=1, extra=picture, body=PARA), encoding="utf-8")
    assert [line.split(": its page")[0] for line in said(session.handle({lamp}))] == [warning]
