"""Every page of the demo site in Chromium: no script or console errors, no failed requests, no other hosts."""

from __future__ import annotations

import pytest

from tests.browser_helpers import Watch


@pytest.mark.parametrize("via", ["http", "file"])
def test_every_page_loads_cleanly_and_only_from_this_site(new_page, served, via):
    pages = served.site.pages()
    assert len(pages) > 30 and "404.html" in pages
    if via == "file":  # a server shows 404.html at any depth, so its links start at base_url's path, not here
        pages.remove("404.html")
    page = new_page()
    here = served.base if via == "http" else served.site.out.as_uri() + "/"
    watch = Watch((here, "data:", "about:"))
    watch.attach(page)
    seen = []
    for rel in pages:
        page.goto(served.url(rel, via), wait_until="load")  # stylesheets and scripts included
        seen.append(page.evaluate("() => document.querySelectorAll('h1').length"))
        if rel == "search/index.html" and via == "http":
            page.locator("#search-q").wait_for()  # the search form, with the script from this site's own files
    assert watch.problems == []
    assert seen == [1] * len(pages), [rel for rel, n in zip(pages, seen) if n != 1]


def test_a_search_with_results_loads_cleanly(new_page, served):
    page = new_page()
    watch = Watch((served.base, "data:", "about:", "blob:"))
    watch.attach(page)
    page.goto(served.url("search/index.html?q=harbour"))
    page.locator("#search-results .result").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert watch.problems == []
