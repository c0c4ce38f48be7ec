"""Accessibility: axe-core (bundled by axe-playwright-python) finds no violations, in light and dark themes."""

from __future__ import annotations

import pytest

from tests.browser_helpers import PICTURE_DEMO, RTL_DEMO, SORANI_DEMO

PAGES = ["home", "article", "topic", "topics", "search", "search results", "rtl article", "sorani article",
         "picture article", "404", "latest", "day", "month", "year", "archive", "source", "sources", "authors",
         "wire copy"]


def address(site, which: str) -> str:
    return {
        "home": "index.html", "article": site.seed, "topic": "topics/turkey/index.html",
        "topics": "topics/index.html", "search": "search/index.html", "search results": "search/index.html?q=ferry",
        "rtl article": site.article(RTL_DEMO), "sorani article": site.article(SORANI_DEMO),
        "picture article": site.article(PICTURE_DEMO), "404": "404.html", "latest": "latest/index.html",
        "day": "2022/01/02/index.html", "month": "2022/01/index.html", "year": "2022/index.html",
        "archive": "archive/index.html", "source": "sources/the-pennant-post/index.html",
        "sources": "sources/index.html", "authors": "authors/index.html",
        "wire copy": site.article("wire-port-strike-pennant"),
    }[which]


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("axe-playwright-python is missing (pip install -e '.[test]')")
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", PAGES)
def test_no_axe_violations(new_page, served, axe, which, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(served.url(address(served.site, which)))
    if which == "search results":
        page.locator("#search-results .result").first.wait_for()
        page.locator("#search-results .result mark").first.wait_for()
    elif which == "search":
        page.locator("#search-q").wait_for()
    if which.endswith("article"):
        page.locator(".text-size button[data-step='1']").wait_for()  # the script has shown the text-size control
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
