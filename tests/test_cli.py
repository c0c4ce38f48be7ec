"""Every command as a user runs it: one grammar of exit codes, messages naming the path and the reason, no
writing where it was not clearly asked, one summary line, -q and -v."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.build_helpers import md
from tests.conftest import REPO, make_tree
from tests.test_ingest_cli import dump

TOOK = r"\d+(\.\d+)? s$"  # the time taken ends every summary line


def cli(*args: str, cwd: Path, home: Path | None = None, umask: int = -1) -> subprocess.CompletedProcess:
    """Run `site-gen ARGS` in `cwd` with HOME set to `home` (a folder of the test's, never the real one)."""
    env = {**os.environ, "HOME": str(home or cwd.parent / "home"), "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "site_gen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env, umask=umask)


@pytest.fixture
def site(tmp_path):
    """A site folder with a dump, an article, a README and a templates folder; HOME is tmp_path/home."""
    (tmp_path / "home").mkdir()
    return make_tree(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "Harbour"\n',
        "README.md": "# Read me\n",
        "content/raw/ferry.txt": dump("Ferry terminal opening delayed to June"),
        "content/articles/regatta.md": md("Regatta moved to Sunday", "Crews asked for calmer water."),
        "templates/.gitkeep": "",
    })


@pytest.mark.parametrize("args, code, message", [
    (["--root", "nowhere", "build"], 2, "error: nowhere: no such site folder (--root)"),
    (["--root", "README.md", "ingest"], 2, "error: README.md: --root must be the site folder, and this is a file"),
    (["build", "--content", "nowhere"], 2, "error: nowhere: no such content folder (--content)"),
    (["build", "--content", "README.md"], 2, "error: README.md: --content must be a folder, and this is a file"),
    (["build", "--out", "README.md"], 2, "error: README.md: --out must be a folder, and this is a file"),
    (["ingest", "nowhere"], 2, "error: nowhere: no such file or folder"),
    (["ingest", "--out", "README.md"], 2, "error: README.md: --out must be a folder, and this is a file"),
    (["ingest", "--jobs", "0"], 2, "error: --jobs must be at least 1"),
    (["ingest", "README.md"], 1, "error: README.md: not a dump: ingest reads .txt, .text, .html and .htm files"),
    (["ingest", "--accept", "nowhere.md"], 2, "error: nowhere.md: no such file (for --accept)"),
    (["ingest", "--accept", "content"], 2, "error: content: --accept takes article files, and this is a folder"),
    (["ingest", "--accept", "content/articles/regatta.md", "--force"], 2, "error: --accept takes article files only"),
    (["ingest", "--accept", "content/articles/regatta.md"], 1,
     "error: content/articles/regatta.md: not an article ingest wrote"),
    (["serve", "--port", "70000"], 2, "error: --port must be from 0 to 65535"),
    (["build", "--frobnicate"], 2, "site-gen: error: unrecognized arguments: --frobnicate"),
    (["-q", "-v", "build"], 2, "argument -v/--verbose: not allowed with argument -q/--quiet"),
])
def test_exit_code_and_message(site, args, code, message):
    done = cli(*args, cwd=site)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_ingest_without_a_folder_of_dumps_says_which_folder(tmp_path):
    done = cli("ingest", cwd=make_tree(tmp_path / "site", {"site.toml": ""}))
    assert done.returncode == 2
    assert re.search(r"error: .*content/raw: no such folder of raw dumps", done.stderr)


OUT_PLACES = [
    ("/", "is the file system's root folder"),
    ("~", "is your home folder"),
    (".", "is the site folder itself"),
    ("..", "holds the site folder"),
    ("content", "holds the"),
    ("templates", "is the folder of the templates"),
    (".cache", "is the folder of the caches"),
]


@pytest.mark.parametrize("out, reason", OUT_PLACES + [("content/articles", "is the folder of the articles"),
                                                      ("content/articles/site", "lies inside the folder of the articles"),
                                                      ("content/raw", "is the folder of the raw dumps")])
def test_build_refuses_to_write_into_the_system_home_site_or_its_sources(site, out, reason):
    out = str(site.parent / "home") if out == "~" else out
    before = sorted(p for p in site.parent.rglob("*"))
    for extra in ([], ["--force"]):  # no --force offered, none taken
        done = cli("build", "--no-search", "--out", out, *extra, cwd=site)
        assert done.returncode == 2, done.stderr
        assert f"refusing to write here: --out {reason}" in done.stderr
        assert "--force" not in done.stderr
    assert sorted(p for p in site.parent.rglob("*")) == before


@pytest.mark.parametrize("out, reason", OUT_PLACES + [("output", "is the folder of the built site"),
                                                      ("content/raw", "is the folder of the raw dumps")])
def test_ingest_refuses_to_write_into_the_system_home_site_or_its_sources(site, out, reason):
    out = str(site.parent / "home") if out == "~" else out
    before = sorted(p for p in site.parent.rglob("*"))
    for extra in ([], ["--force"]):
        done = cli("ingest", "--out", out, *extra, cwd=site)
        assert done.returncode == 2, done.stderr
        assert f"refusing to write here: --out {reason}" in done.stderr
        assert "--force" not in done.stderr
    assert sorted(p for p in site.parent.rglob("*")) == before


def test_ingest_out_into_a_folder_of_other_files_is_refused_unless_forced(site):
    make_tree(site.parent / "papers", {"tax-return.pdf": b"%PDF-1.4", "notes.txt": "mine", "old.md": "# old\n"})
    done = cli("ingest", "--out", "../papers", cwd=site)
    assert done.returncode == 2
    assert "error: ../papers: this folder holds files that are not articles (notes.txt, tax-return.pdf)" in done.stderr
    assert "--force" in done.stderr
    assert sorted(p.name for p in (site.parent / "papers").iterdir()) == ["notes.txt", "old.md", "tax-return.pdf"]
    done = cli("ingest", "--out", "../papers", "--force", cwd=site)
    assert done.returncode == 0, done.stderr
    assert (site.parent / "papers/ferry-terminal-opening-delayed-to-june.md").is_file()
    assert (site.parent / "papers/notes.txt").read_text() == "mine"
    fresh = cli("ingest", "--out", "../fresh", cwd=site)  # a new folder, or one of articles only, is fine
    assert fresh.returncode == 0 and cli("ingest", "--out", "../fresh", cwd=site).returncode == 0


@pytest.mark.parametrize("command", ["watch", "serve"])
def test_watch_and_serve_check_the_folders_site_toml_names(tmp_path, command):
    root = make_tree(tmp_path / "site", {"site.toml": '[paths]\noutput = "."\n',
                                         "content/raw/ferry.txt": dump("Ferry terminal opening delayed to June")})
    done = cli(command, "--port", "0", cwd=root) if command == "serve" else cli(command, cwd=root)
    assert done.returncode == 2
    assert "refusing to write here: [paths] output is the site folder itself" in done.stderr
    assert not (root / "content/articles").exists()


def test_serve_with_its_port_taken_says_so_before_building(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = cli("serve", "--port", str(port), "--no-search", cwd=site)
    assert done.returncode == 2
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "--port 0" in done.stderr
    assert not (site / "output").exists() and "build:" not in done.stderr  # nothing built first


def test_summary_lines_count_in_english_and_say_the_time(site):
    done = cli("ingest", cwd=site)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"ingest: 1 dump; 1 article written, 0 unchanged; 0 errors; " + TOOK, done.stderr.strip())
    (site / "content/articles/bad.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    done = cli("build", "--no-search", cwd=site)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"build: 2 articles; \d+ files written, 0 unchanged, 0 removed; 1 error; " + TOOK, last)
    (site / "content/articles/bad.md").unlink()
    done = cli("build", "--no-search", cwd=site)
    assert re.search(r"build: 2 articles; \d+ files? written, \d+ unchanged, \d+ removed; 0 errors; " + TOOK,
                     done.stderr.strip())


def test_a_ctrl_c_as_the_command_returns_says_interrupted_without_a_traceback(site):
    """A Ctrl-C that lands as the work ends, past the command's own handler (sent here by the process to itself
    the moment `main` is done), ends the command with "interrupted" and 130, not with a Python traceback."""
    program = textwrap.dedent("""
        import os, signal, sys
        from site_gen import cli
        done = cli.main
        def main(argv=None):
            code = done(argv)
            os.kill(os.getpid(), signal.SIGINT)
            return code
        cli.main = main
        sys.argv = ["site-gen", "build", "--no-search"]
        cli.run()
    """)
    env = {**os.environ, "HOME": str(site.parent / "home")}
    ran = subprocess.run([sys.executable, "-c", program], cwd=site, capture_output=True, text=True, timeout=300,
                         env=env)
    assert ran.returncode == 130, ran.stderr
    assert "Traceback" not in ran.stderr and ran.stderr.strip().splitlines()[-1] == "interrupted", ran.stderr
    assert "Regatta moved to Sunday" in (site / "output/index.html").read_text(encoding="utf-8")


def test_quiet_prints_errors_only_and_verbose_lists_the_files(site):
    md_file = site / "content/articles/regatta.md"
    assert cli("-q", "build", "--no-search", cwd=site).stderr == ""
    done = cli("-v", "build", "--no-search", "--force", cwd=site)  # nothing to write: nothing listed
    assert "wrote" not in done.stderr
    md_file.write_text(md("Regatta moved to Saturday", "Crews asked for calmer water."), encoding="utf-8")
    done = cli("--verbose", "build", "--no-search", cwd=site)
    assert "  wrote output/articles/regatta/index.html" in done.stderr
    assert "  wrote output/index.html" in done.stderr
    md_file.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    done = cli("-q", "build", "--no-search", cwd=site)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "regatta.md" in done.stderr and "build:" not in done.stderr


def test_no_search_says_it_removed_the_index_an_earlier_build_made(site):
    assert cli("build", cwd=site).returncode == 0
    assert (site / "output/pagefind").is_dir()
    done = cli("build", "--no-search", cwd=site)
    assert done.returncode == 0
    assert re.search(r"--no-search: removed the search index an earlier build made \(\d+ files in output/pagefind/\)",
                     done.stderr)
    assert not (site / "output/pagefind").exists()
    assert "search index" not in cli("build", "--no-search", cwd=site).stderr  # none left to speak of


def test_articles_are_written_with_the_users_umask(site):
    assert cli("ingest", cwd=site, umask=0o027).returncode == 0
    article = site / "content/articles/ferry-terminal-opening-delayed-to-june.md"
    assert article.stat().st_mode & 0o777 == 0o640
    assert cli("ingest", "--out", "../shared", cwd=site, umask=0o022).returncode == 0
    assert (site.parent / "shared" / article.name).stat().st_mode & 0o777 == 0o644


def _usage_blocks(readme: str) -> list[str]:
    return re.findall(r"```\n(usage: site-gen.*?)```", readme, re.S)


@pytest.mark.parametrize("command", [[], ["ingest"], ["build"], ["watch"], ["serve"]])
def test_the_readme_shows_each_commands_help_as_it_is(tmp_path, command):
    shown = cli(*command, "--help", cwd=tmp_path).stdout
    blocks = _usage_blocks((REPO / "README.md").read_text(encoding="utf-8"))
    assert shown in blocks, f"README.md lacks `site-gen {' '.join(command)} --help` as it is (COLUMNS=100)"
