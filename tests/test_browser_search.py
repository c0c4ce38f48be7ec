"""Search in Chromium: Pagefind's index, served over HTTP, finds articles by the words of their body."""

from __future__ import annotations

from tests.browser_helpers import SEED_TITLE, TURKEY_DEMO

RESULT = ".pagefind-ui__result-link"


def result_titles(page) -> list[str]:
    page.locator(RESULT).first.wait_for()
    links = page.locator(RESULT)
    return [links.nth(i).inner_text() for i in range(links.count())]


def test_search_finds_an_article_by_a_word_of_its_body(new_page, served):
    page = new_page()
    page.goto(served.url("index.html"))
    box = page.get_by_role("search").get_by_role("searchbox", name="Search articles")
    box.fill("separatists")  # in the seed article's body only, not in its title
    box.press("Enter")
    page.wait_for_url("**/search/index.html?q=separatists")
    assert result_titles(page) == [SEED_TITLE]
    page.locator(RESULT).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == SEED_TITLE


def test_search_typed_on_the_search_page_finds_a_demo_article(new_page, served):
    slug = served.site.slugs[TURKEY_DEMO[2]]
    page = new_page()
    page.goto(served.url("search/index.html"))
    page.locator("#search input").fill("frost")
    result_titles(page)
    assert f"/articles/{slug}/" in page.locator(RESULT).first.get_attribute("href")


def test_also_in_boxes_and_navigation_are_not_indexed(new_page, served):
    page = new_page()
    # the seed's headline shows in the "Also in Turkey" box of three other articles; only the seed is found
    page.goto(served.url("search/index.html?q=Erdogan"))
    assert result_titles(page) == [SEED_TITLE]


def test_search_from_disk_says_it_needs_a_server(new_page, served):
    page = new_page()
    page.goto(served.url("search/index.html", "file"))
    note = page.locator("#search-note")
    note.wait_for()
    assert "served by a web server" in note.inner_text()
