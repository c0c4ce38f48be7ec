"""The site as a reader of news meets it: old news says so, as of the build's date, and a build on a given
date gives the same bytes, clean or incremental."""

from __future__ import annotations

from datetime import date

from site_gen.build import BuildOptions, build
from site_gen.build.session import BuildSession
from site_gen.reporter import Reporter
from tests.build_helpers import config, md
from tests.conftest import make_tree
from tests.test_incremental import files

PARA = "The harbour authority said on Monday that the terminal would open in June after a long delay."
ARTICLES = {
    "old.md": md("Terminal plans approved", PARA, date="2022-01-02", topic="Port"),
    "year.md": md("Terminal opening delayed", PARA, date="2025-01-20", topic="Port"),
    "new.md": md("Terminal opens at last", PARA, date="2026-01-10", topic="Port"),
}


def meta(page: bytes) -> str:
    """Return the line under an article's headline: its date, reading time, source."""
    html = page.decode()
    return html[html.index('<p class="meta"'):].split("</p>", 1)[0]


def built(root, today: date, cache: bool = True, out: str = "out", session=None) -> dict[str, bytes]:
    options = BuildOptions(root / "content", root / out, search=False, cache=cache, today=today, session=session)
    assert build(config(root), options, Reporter(quiet=True)).ok
    return files(root / out)


def test_an_article_over_a_year_old_says_so_beside_its_date(tmp_path):
    root = make_tree(tmp_path, {f"content/{k}": v for k, v in ARTICLES.items()})
    site = built(root, date(2026, 1, 15))
    assert '<span class="old-news">From January 2022</span>' in meta(site["articles/old/index.html"])
    latest = site["latest/index.html"].decode()
    assert latest.count('class="old-news"') == 1 and "From January 2022" in latest
    assert "old-news" not in meta(site["articles/year/index.html"])  # a year to the month: not yet
    assert "old-news" not in meta(site["articles/new/index.html"])


def test_the_build_date_decides_and_an_incremental_build_equals_a_clean_one(tmp_path):
    root = make_tree(tmp_path, {f"content/{k}": v for k, v in ARTICLES.items()})
    built(root, date(2026, 1, 15))
    later = built(root, date(2026, 2, 3))  # a month on: January 2025 is now over a year ago
    assert "From January 2025" in meta(later["articles/year/index.html"])
    assert later == built(root, date(2026, 2, 3), cache=False, out="clean")
    assert built(root, date(2026, 2, 3)) == later


def test_a_long_running_process_follows_the_build_date_too(tmp_path):
    """watch and serve keep their Jinja environment from build to build: a new month still moves articles
    into old news, in their pages and in the lists that show their dates."""
    root = make_tree(tmp_path, {f"content/{k}": v for k, v in ARTICLES.items()})
    session = BuildSession()
    before = built(root, date(2026, 1, 15), session=session)
    assert "From January 2025" not in before["latest/index.html"].decode()
    later = built(root, date(2026, 2, 3), session=session)
    assert "From January 2025" in later["latest/index.html"].decode()
    assert "From January 2025" in meta(later["articles/year/index.html"])
    assert later == built(root, date(2026, 2, 3), cache=False, out="clean")
