"""A person edits an article ingest wrote: the edit is kept and never an error; ingest warns only once the
dump changed, `--accept` adopts the edit, `--force` takes the dump's version and says which edits it replaced."""

from __future__ import annotations

import io
from pathlib import Path

import frontmatter
import pytest

from site_gen.dev.session import DevSession
from site_gen.reporter import Reporter
from tests.conftest import make_tree
from tests.test_ingest_cli import PARAS, dump
from tests.test_cli import cli

ARTICLE = "content/articles/ferry-terminal-opening-delayed-to-june.md"
DUMP = "content/raw/ferry.txt"


@pytest.fixture
def site(tmp_path):
    root = make_tree(tmp_path / "site", {"site.toml": "", DUMP: dump("Ferry terminal opening delayed to June")})
    assert cli("ingest", cwd=root).returncode == 0
    return root


def edit_title(root: Path, title: str) -> str:
    article = root / ARTICLE
    text = article.read_text(encoding="utf-8").replace("title: Ferry terminal opening delayed to June",
                                                       f"title: {title}")
    article.write_text(text, encoding="utf-8")
    return text


def change_dump(root: Path, paras: list[str]) -> None:
    (root / DUMP).write_text(dump("Ferry terminal opening delayed to June", paras), encoding="utf-8")


def warnings(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("warning:")]


def test_edit_reingest_accept_and_force(site):
    edited = edit_title(site, "Ferry terminal late again")
    done = cli("ingest", cwd=site)  # the dump is as it was: the edit is kept without a word
    assert done.returncode == 0 and warnings(done) == [] and "error:" not in done.stderr
    assert "1 kept as edited by hand" in done.stderr

    change_dump(site, PARAS[:2])
    for _ in range(2):  # the dump changed: a warning each time, naming the file, the dump and what differs
        done = cli("ingest", cwd=site)
        assert done.returncode == 0 and "error:" not in done.stderr
        [line] = warnings(done)
        assert line.startswith(f"warning: {ARTICLE}: edited by hand, so kept as it is, though its dump {DUMP} "
                               "has changed since (it now gives another title, body)")
        assert f"site-gen ingest --accept {ARTICLE}" in line and "--force" in line
        assert (site / ARTICLE).read_text(encoding="utf-8") == edited

    done = cli("ingest", "--accept", ARTICLE, cwd=site)
    assert done.returncode == 0, done.stderr
    assert f"{ARTICLE}: accepted your edit" in done.stderr and "1 article accepted" in done.stderr
    accepted = (site / ARTICLE).read_text(encoding="utf-8")
    assert [ln for ln in accepted.splitlines() if not ln.startswith("checksum:")] == \
        [ln for ln in edited.splitlines() if not ln.startswith("checksum:")]  # only the baseline changed
    done = cli("ingest", cwd=site)
    assert done.returncode == 0 and warnings(done) == []
    assert (site / ARTICLE).read_text(encoding="utf-8") == accepted

    change_dump(site, PARAS[1:])  # the dump changes again: the warning is back
    assert len(warnings(cli("ingest", cwd=site))) == 1

    done = cli("ingest", "--force", cwd=site)
    assert done.returncode == 0
    assert warnings(done) == [f"warning: {ARTICLE}: edited by hand; replaced with its dump's version (--force)"]
    assert "1 edited by hand overwritten" in done.stderr
    post = frontmatter.load(site / ARTICLE)
    assert post["title"] == "Ferry terminal opening delayed to June" and post.content.split("\n\n") == PARAS[1:]
    done = cli("ingest", cwd=site)
    assert done.returncode == 0 and warnings(done) == [] and "0 articles written, 1 unchanged" in done.stderr


def test_an_edit_giving_a_date_no_calendar_has_is_kept_and_named_by_the_build(site):
    article = site / ARTICLE
    edited = article.read_text(encoding="utf-8").replace("\ndate: ", "\ndate: 2025-13-45\nwas_date: ", 1)
    article.write_text(edited, encoding="utf-8")
    change_dump(site, PARAS[:2])
    done = cli("ingest", cwd=site)  # the dump changed: the edit is kept, with the warning, and no traceback
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    [line] = warnings(done)
    assert line.startswith(f"warning: {ARTICLE}: edited by hand, so kept as it is")
    assert article.read_text(encoding="utf-8") == edited
    done = cli("build", "--no-search", cwd=site)
    line = edited[:edited.index("date: 2025-13-45")].count("\n") + 1
    assert done.returncode == 1 and f"error: {ARTICLE}:{line}: front matter has a date that is no day" in done.stderr


def test_accepting_an_unedited_article_changes_nothing(site):
    before = (site / ARTICLE).read_bytes()
    done = cli("ingest", "--accept", ARTICLE, cwd=site)
    assert done.returncode == 0 and "not edited by hand; nothing to accept" in done.stderr
    assert (site / ARTICLE).read_bytes() == before


def test_quiet_hides_the_warning_of_a_kept_edit(site):
    edit_title(site, "Ferry terminal late again")
    change_dump(site, PARAS[:2])
    done = cli("-q", "ingest", cwd=site)
    assert done.returncode == 0 and done.stderr == ""


def test_watch_and_serve_report_no_error_for_a_kept_edit_and_say_what_happened(site):
    stream = io.StringIO()
    session = DevSession(site, Reporter(stream))
    session.search = False
    assert session.start().errors == []
    edit_title(site, "Ferry terminal late again")
    change_dump(site, PARAS[:2])
    outcome = session.handle({site / DUMP, site / ARTICLE})
    assert outcome.errors == []  # no failure banner in the open pages
    said = stream.getvalue()
    assert f"changed: {ARTICLE}, {DUMP}" in said
    assert f"warning: {site / ARTICLE}: edited by hand, so kept as it is" in said
    assert "; 0 errors; " in said.splitlines()[-1] and said.splitlines()[-1].startswith("build: 1 article; ")
    page = site / "output/articles/ferry-terminal-opening-delayed-to-june/index.html"
    assert "Ferry terminal late again" in page.read_text(encoding="utf-8")

    new = site / "content/raw/storm.txt"
    new.write_text(dump("Storm warning for the coast"), encoding="utf-8")
    stream.truncate(0)
    session.handle({new})
    assert "ingested content/raw/storm.txt into content/articles/storm-warning-for-the-coast.md" in stream.getvalue()
