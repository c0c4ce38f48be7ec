"""The demo site as a news site in Chromium: the front page's lead and topic blocks, the phone masthead, the
archive by date and by source, related headlines that navigate, and a wire story met once."""

from __future__ import annotations

import re

import pytest

from tests.browser_helpers import SEED_TITLE

WIDE, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_the_front_page_opens_with_a_lead_story_and_blocks_by_topic(new_page, served, viewport):
    page = new_page(viewport=viewport)
    page.goto(served.url("index.html"))
    lead = page.locator(".lead-title a")
    box = lead.bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"] / 2  # in the top half
    blocks = page.locator(".topic-block")
    assert blocks.count() >= 4
    headings = blocks.locator("h2 a").all_inner_texts()
    assert len(headings) == len(set(headings)) and "Turkey" in headings
    for block in blocks.all():  # newest first: each headline has its date
        assert 1 <= block.locator(".headlines li").count() <= 4
        assert block.locator(".headlines li time").count() == block.locator(".headlines li").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # nothing runs off the side
    first = blocks.first.locator("h2 a")
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/topics/**")
    assert page.locator("h1").inner_text() == name


def test_the_phone_masthead_is_one_row_with_search_behind_a_button(new_page, served):
    page = new_page(viewport=PHONE)
    page.goto(served.url("index.html"))
    masthead = page.locator(".masthead-inner").bounding_box()
    assert masthead["height"] <= 64  # one row
    for name in ("Latest", "Topics"):
        link = page.locator(".site-nav").get_by_role("link", name=name)
        assert link.is_visible() and link.bounding_box()["x"] + link.bounding_box()["width"] <= PHONE["width"]
    # Sections cut off by the buttons beside them are said to be there: the row's end fades, till it is
    # scrolled to; where they all fit, nothing fades.
    nav = page.locator(".site-nav")
    cut = nav.evaluate("n => [...n.querySelectorAll('a')].some(a => a.checkVisibility() && "
                       "a.getBoundingClientRect().right > n.getBoundingClientRect().right + 1)")
    assert cut == (nav.get_attribute("data-more") is not None)
    nav.evaluate("n => { n.scrollLeft = n.scrollWidth; }")
    page.wait_for_function("() => !document.querySelector('.site-nav').hasAttribute('data-more')")
    assert nav.evaluate("n => [...n.querySelectorAll('a')].filter(a => a.checkVisibility()).every(a => "
                        "a.getBoundingClientRect().right <= n.getBoundingClientRect().right + 1)")
    page.set_viewport_size({"width": 320, "height": 700})  # the narrowest phones: more is cut
    page.evaluate("() => document.querySelector('.site-nav').scrollLeft = 0")
    page.wait_for_function("() => document.querySelector('.site-nav').hasAttribute('data-more')")
    page.set_viewport_size({"width": 600, "height": 700})  # room for them all
    page.wait_for_function("() => !document.querySelector('.site-nav').hasAttribute('data-more')")
    page.set_viewport_size(PHONE)
    assert not page.locator("#site-search").is_visible()
    button = page.get_by_role("link", name="Search", exact=True).filter(has=page.locator("svg"))
    assert button.is_visible() and button.bounding_box()["width"] >= 24
    button.click()
    page.wait_for_url("**/search/index.html")
    page.locator("#search input").wait_for()


def test_the_archive_leads_from_year_to_month_to_day_to_the_story(new_page, served):
    page = new_page()
    page.goto(served.url("index.html"))
    page.locator(".site-nav").get_by_role("link", name="Archive").click()
    page.get_by_role("link", name="2022", exact=True).click()
    page.get_by_role("link", name="January 2022").click()
    assert page.locator("h1").inner_text() == "January 2022"
    # under each day's heading, each story with where it is from (its day said once, by the heading)
    day = page.locator(".archive-day").filter(has=page.get_by_role("link", name=SEED_TITLE))
    assert day.locator("h2").inner_text() == "2 January 2022"
    story = day.locator("li").filter(has=page.get_by_role("link", name=SEED_TITLE))
    assert story.locator(".source").inner_text() and "2022" not in story.inner_text().replace(SEED_TITLE, "")
    page.get_by_role("link", name="2 January 2022").click()
    assert page.url.endswith("/2022/01/02/index.html")
    page.get_by_role("link", name=SEED_TITLE).click()
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert page.locator(".old-news").first.inner_text() == "From January 2022"


def test_a_source_page_lists_every_article_from_it(new_page, served):
    page = new_page()
    page.goto(served.url("sources/index.html"))
    page.get_by_role("link", name="The Pennant Post").click()
    assert page.locator("h1").inner_text() == "The Pennant Post"
    titles = page.locator(".teaser h2 a").all_inner_texts()
    assert "Dockworkers end nine-day port strike with three-year pay deal" in titles
    assert len(titles) == len(set(titles)) >= 3
    page.get_by_role("link", name=titles[0]).click()
    assert page.locator("h1").inner_text() == titles[0]


def test_a_byline_leads_to_the_author_and_on_to_every_author(new_page, served):
    page = new_page()
    page.goto(served.url(served.site.article("fish-auction-prices")))
    page.locator(".byline").get_by_role("link", name="Our Correspondent").click()
    assert page.locator("h1").inner_text() == "Our Correspondent"
    assert page.locator(".teaser h2 a").count() == 2
    page.locator(".page-head .kicker").get_by_role("link", name="Author").click()
    assert page.locator("h1").inner_text() == "Authors" and page.url.endswith("/authors/index.html")
    rows = page.locator(".topic-list li")
    names = [rows.nth(i).locator("a").inner_text() for i in range(rows.count())]
    assert "Our Correspondent" in names and len(names) == len(set(names)) >= 5
    row = rows.filter(has=page.get_by_role("link", name="Our Correspondent", exact=True))
    assert row.locator(".count").inner_text() == "2 articles"
    row.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "Our Correspondent"


@pytest.mark.parametrize("via", ["http", "file"])
def test_going_up_from_an_article_finds_every_article_by_date(new_page, served, via):
    page = new_page()
    page.goto(served.url(served.site.seed, via))
    page.goto(page.url.rsplit("/", 2)[0] + ("/index.html" if via == "file" else "/"))  # articles/
    assert page.locator("h1").inner_text() == "Archive"
    page.get_by_role("link", name="2022", exact=True).click()
    page.wait_for_url(re.compile(r"/2022/(index\.html)?$"))  # loaded, not only begun: a count does not wait
    assert page.locator("h1").inner_text() == "2022"
    page.get_by_role("link", name="January 2022").click()
    page.wait_for_url(re.compile(r"/2022/01/(index\.html)?$"))
    assert page.get_by_role("link", name=SEED_TITLE).count() == 1


def test_related_headlines_navigate_to_the_article_or_a_search(new_page, served):
    page = new_page()
    page.goto(served.url(served.site.article("ferry-fares-rise")))
    related = page.locator(".related li a")
    onsite = page.locator(".related li:not(.offsite) a")
    assert onsite.count() >= 1 and related.count() > onsite.count()
    links = [a.get_attribute("href").split("/")[-2] for a in page.locator("main a[href*='articles/']").all()]
    assert len(links) == len(set(links)), links  # no article twice on one page
    title = onsite.first.inner_text()
    onsite.first.click()
    assert page.locator("h1").inner_text() == title
    page.go_back()
    offsite = page.locator(".related li.offsite a").first
    headline = offsite.inner_text()
    offsite.click()
    page.wait_for_url("**/search/index.html?q=*")
    page.locator("#search input").wait_for()
    assert page.locator("#search input").input_value() == headline


def test_a_wire_story_is_met_once_and_each_copy_names_the_other(new_page, served):
    page = new_page()
    page.goto(served.url("latest/index.html"))
    strike = page.locator(".teaser h2 a", has_text="strike")
    assert strike.count() == 1  # two sources, one story
    strike.click()
    copies = page.locator(".copies a")
    assert copies.count() == 1
    here = page.locator("h1").inner_text()
    copies.first.click()
    assert page.locator("h1").inner_text() != here
    assert page.locator(".copies a").count() == 1
    page.locator(".copies a").click()
    assert page.locator("h1").inner_text() == here


def test_a_re_scraped_article_shows_when_it_was_updated(new_page, served):
    page = new_page()
    page.goto(served.url(served.site.article("ferry-fares-rise")))
    assert page.locator(".updated time").count() == 1
    assert "9 percent" in page.locator(".story-body").inner_text()  # the newer fetch's text


def test_the_desktop_masthead_offers_search_once(new_page, served):
    page = new_page(viewport={"width": 1024, "height": 800})
    page.goto(served.url("index.html"))
    nav = page.locator(".site-nav")
    assert page.locator("#site-search").is_visible()  # a box to type in: no second way to the same page
    assert not nav.get_by_role("link", name="Search").is_visible()
    box = page.locator(".masthead-inner").bounding_box()
    assert box["height"] <= 64  # the name, the sections, the box and the theme button in one row
    page.goto(served.url("search/index.html"))  # the search page: its own box, and the section marked
    link = nav.get_by_role("link", name="Search")
    assert link.is_visible() and link.get_attribute("aria-current") == "page"
    # the theme button ends its row (here a row of its own), as it does where the masthead is one row
    inner, theme = page.locator(".masthead-inner").bounding_box(), page.locator(".theme-toggle").bounding_box()
    padding = page.locator(".masthead-inner").evaluate("e => parseFloat(getComputedStyle(e).paddingRight)")
    assert abs(theme["x"] + theme["width"] - (inner["x"] + inner["width"] - padding)) <= 1


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_masthead_stays_put_from_page_to_page(new_page, served, width):
    page = new_page(viewport={"width": width, "height": 800})
    article = served.site.seed
    places = {}
    for path in ("index.html", article, "topics/index.html", "archive/index.html", "sources/index.html"):
        page.goto(served.url(path))
        boxes = [page.locator(s).bounding_box() for s in (".brand", "#site-search", ".theme-toggle", ".site-footer")]
        places[path] = (*(tuple(round(v) for v in b.values()) for b in boxes[:3]),  # the footer: across
                        (round(boxes[3]["x"]), round(boxes[3]["width"])))
        assert page.locator(".masthead-inner").bounding_box()["height"] <= 64, path  # one row on every page
    assert len(set(map(tuple, places.values()))) == 1, places
    page.goto(served.url(article))  # the story keeps its narrower column to read in
    assert page.locator("main").bounding_box()["width"] < page.locator(".masthead-inner").bounding_box()["width"]


def test_the_search_filters_share_rows(new_page, served):
    for width, per_row in ((1024, 4), (390, 2)):
        page = new_page(viewport={"width": width, "height": 800})
        page.goto(served.url("search/index.html"))
        tops = [round(page.locator(f"select[name={n}]").bounding_box()["y"])
                for n in ("topic", "source", "language", "sort")]
        assert len(set(tops[:per_row])) == 1 and len(set(tops)) == 4 // per_row, (width, tops)
