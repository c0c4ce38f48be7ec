"""Search in Chromium: the sharded Pagefind index, served over HTTP, finds articles by the words of their body,
shows each result's date, topic and source, narrows by filters, and keeps the query in the address."""

from __future__ import annotations

from tests.browser_helpers import LOCAL, SEED_TITLE, TURKEY_DEMO, WAIT_MS, Watch

RESULT = "#search-results .result"
SHIFTS = """window.__shifts = 0; new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
}).observe({type: 'layout-shift', buffered: true});"""


def results(page) -> list[dict]:
    page.locator(RESULT).first.wait_for()
    return page.locator(RESULT).evaluate_all("""items => items.map(r => ({
        title: r.querySelector('h2').innerText, href: r.querySelector('a').getAttribute('href'),
        meta: r.querySelector('.meta').innerText, date: (r.querySelector('time') || {}).dateTime,
        excerpt: r.querySelector('.excerpt').innerText, marks: r.querySelectorAll('mark').length}))""")


def test_search_finds_an_article_by_a_word_of_its_body(new_page, served):
    page = new_page()
    page.goto(served.url("index.html"))
    box = page.get_by_role("search").get_by_role("searchbox", name="Search articles")
    box.fill("Kremlin")  # in the seed article's body only, not in its title
    box.press("Enter")
    page.wait_for_url("**/search/index.html?q=Kremlin")
    found = results(page)
    assert [r["title"] for r in found] == [SEED_TITLE]
    seed = found[0]
    assert seed["date"] == "2022-01-02" and "2022" in seed["meta"] and "Turkey" in seed["meta"]
    assert "Rudaw" in seed["meta"]  # its source
    assert seed["marks"] >= 1 and "kremlin" in seed["excerpt"].lower()
    assert not seed["excerpt"].startswith(SEED_TITLE)  # the body, not the headline again
    page.locator(RESULT).first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == SEED_TITLE


def test_a_match_in_a_headline_does_not_bring_the_headline_into_the_excerpt(new_page, served):
    page = new_page()
    page.goto(served.url("search/index.html?q=harbour"))  # in several headlines, and in their bodies
    found = results(page)
    in_title = [r for r in found if "harbour" in r["title"].lower()]
    assert len(in_title) >= 2
    for r in in_title:
        words = r["title"].split()
        tails = [" ".join(words[i:]) for i in range(1, len(words) - 1)]  # the headline's end, 2 words or more
        shown = r["excerpt"].removeprefix("… ")
        assert not shown.startswith(r["title"]) and not any(shown.startswith(t) for t in tails), r
        assert r["marks"] >= 1 and "harbour" in r["excerpt"].lower(), r  # the body's own mention, marked
        assert "sgf" not in r["excerpt"]  # nor the filter words the index holds


def test_search_typed_on_the_search_page_goes_into_the_address(new_page, served):
    slug = served.site.slugs[TURKEY_DEMO[2]]
    page = new_page()
    page.goto(served.url("search/index.html"))
    page.locator("#search-q").fill("frost")
    page.wait_for_url("**/search/index.html?q=frost")
    assert any(f"/articles/{slug}/" in r["href"] for r in results(page))


def test_a_filter_narrows_and_back_restores_the_search(new_page, served):
    page = new_page()
    page.goto(served.url("search/index.html?q=the"))
    everything = results(page)
    topics = page.locator("select[name=topic] option").all_inner_texts()
    assert any(t.startswith("Turkey (") for t in topics)
    page.locator("select[name=topic]").select_option("Turkey")
    page.wait_for_url("**topic=Turkey**")
    page.wait_for_function("() => [...document.querySelectorAll('#search-results .meta')].every("
                           "m => m.innerText.includes('Turkey'))")
    narrowed = results(page)
    assert 0 < len(narrowed) < len(everything) or len(everything) == 10
    page.go_back()
    page.wait_for_url("**/search/index.html?q=the")
    page.wait_for_function("() => document.querySelector('select[name=topic]').value === ''")
    assert page.locator("#search-q").input_value() == "the"
    page.reload()
    assert page.locator("#search-q").input_value() == "the" and results(page)


def test_the_filters_can_be_chosen_before_any_search_and_narrow_on_their_own(new_page, served):
    page = new_page()
    page.goto(served.url("search/index.html"))
    page.wait_for_function("() => document.querySelector('select[name=topic]').options.length > 1")
    assert page.locator("#search-results li").count() == 0  # nothing searched for yet
    topics = page.locator("select[name=topic] option").all_inner_texts()
    assert topics[0] == "All topics" and any(t.startswith("Turkey (") for t in topics)
    page.locator("select[name=topic]").select_option("Turkey")
    page.wait_for_url("**/search/index.html?topic=Turkey")
    found = results(page)
    assert found and all("Turkey" in r["meta"] for r in found)


def test_a_search_page_opened_before_the_index_is_there_finds_once_it_is(browser, served):
    listing = served.site.out / "pagefind" / "shards.json"
    away = listing.with_name("shards.json.away")
    listing.rename(away)  # as under `serve --search` before the first index is made
    context = browser.new_context()  # not `new_page`: its watch would count the 404s this test asks for
    context.set_default_timeout(WAIT_MS)
    watch = Watch((served.base, *LOCAL))
    try:
        page = context.new_page()
        watch.attach(page)
        page.goto(served.url("search/index.html"))
        page.locator("#search-q").fill("frost")
        page.wait_for_function("() => document.getElementById('search-status').innerText.includes('could not')")
        away.rename(listing)
        page.locator("#search-q").press("Enter")
        assert results(page)
        assert len(page.locator("select[name=topic] option").all_inner_texts()) > 1
    finally:
        context.close()
        if away.exists():
            away.rename(listing)
    # the only problems: the list asked for while it was not there (and the browser's note of each 404)
    assert watch.problems and all("/pagefind/shards.json" in p for p in watch.problems), watch.problems


def test_newest_first_orders_results_by_date(new_page, served):
    page = new_page()
    page.goto(served.url("search/index.html?q=the&sort=newest"))
    dates = [r["date"] for r in results(page) if r["date"]]
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)


def test_results_arrive_without_moving_the_page(new_page, served):
    page = new_page()
    page.add_init_script(SHIFTS)
    page.goto(served.url("search/index.html?q=the"))
    results(page)
    page.wait_for_function("() => document.getElementById('search-status').innerText.includes('articles')")
    assert page.evaluate("window.__shifts") == 0


def test_the_filters_filling_in_moves_nothing_on_the_search_page(new_page, served):
    page = new_page()
    page.add_init_script(SHIFTS)
    page.goto(served.url("search/index.html"))
    page.wait_for_function("() => ['topic', 'source', 'language'].every("
                           "n => document.querySelector(`select[name=${n}]`).options.length > 1)")
    assert page.evaluate("window.__shifts") == 0


def test_also_in_boxes_and_navigation_are_not_indexed(new_page, served):
    page = new_page()
    # the seed's headline shows in the "Also in Turkey" box of three other articles; only the seed is found
    page.goto(served.url("search/index.html?q=Erdogan"))
    assert [r["title"] for r in results(page)] == [SEED_TITLE]


def test_search_from_disk_says_it_needs_a_server(new_page, served):
    page = new_page()
    page.goto(served.url("search/index.html", "file"))
    note = page.locator("#search-note")
    note.wait_for()
    assert "served by a web server" in note.inner_text()
