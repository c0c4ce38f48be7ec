"""Reading the demo site in Chromium, served over HTTP and opened from disk: articles, topics, text size, RTL."""

from __future__ import annotations

import pytest

from tests.browser_helpers import RTL_DEMO, SEED_TITLE, TURKEY_DEMO

VIA = ["http", "file"]
STORY_SIZE = "() => parseFloat(getComputedStyle(document.querySelector('.story-body')).fontSize)"


@pytest.mark.parametrize("via", VIA)
def test_seed_article_shows_headline_body_figure_and_dateline(new_page, served, via):
    page = new_page()
    page.goto(served.url(served.site.seed, via))
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert page.title().startswith(SEED_TITLE)
    paragraphs = page.locator("article.story .story-body > p")
    assert paragraphs.count() == 8
    assert all(paragraphs.nth(i).is_visible() for i in range(8))
    assert paragraphs.first.locator(".dateline").inner_text().startswith("ISTANBUL, Turkey")
    assert paragraphs.first.inner_text().startswith("ISTANBUL, Turkey — Russian President Vladimir Putin")
    # the dump kept the photo's caption, not the photo: the caption says what it is, and that it was a file photo
    assert page.locator("article.story figure").count() == 0
    caption = page.locator("article.story .photo-caption")
    assert caption.inner_text().startswith("Photo caption:") and "at the Kremlin in Moscow" in caption.inner_text()
    assert caption.locator(".credit").inner_text() == "File photo: AFP"
    assert page.locator("article.story .kicker a").text_content() == "Turkey"
    assert page.locator("article.story time").get_attribute("datetime") == "2022-01-02"


@pytest.mark.parametrize("via", VIA)
def test_also_in_box_opens_other_articles_of_the_topic(new_page, served, via):
    site = served.site
    page = new_page()
    page.goto(served.url(site.seed, via))
    box = page.locator("aside.also")
    assert box.count() == 1
    assert box.get_by_role("heading").inner_text() == "Also in Turkey"
    links = box.locator("li a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    beside = page.locator("nav.topic-nav a").get_attribute("href")  # its newer neighbour: not in the box again
    expected = {f"../../articles/{site.slugs[d]}/index.html" for d in TURKEY_DEMO}
    assert set(hrefs) | {beside} == expected and beside not in hrefs, hrefs
    for i in range(len(hrefs)):
        page.goto(served.url(site.seed, via))
        link = page.locator("aside.also li a").nth(i)
        headline = link.inner_text()
        link.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == headline != SEED_TITLE
        assert page.locator("article.story .kicker a").text_content() == "Turkey"
        near = page.locator("aside.also li a, nav.topic-nav .headline")
        assert SEED_TITLE in [near.nth(j).inner_text() for j in range(near.count())]


def test_also_in_box_gives_each_day_with_its_old_news_mark_on_one_line(new_page, served):
    page = new_page()
    page.goto(served.url(served.site.seed))
    items = page.locator("aside.also li")
    marked = [li for li in items.all() if li.locator(".old-news").count()]  # the demo's stories are old news now
    assert marked and len(marked) == items.count()
    for li in marked:
        link, day, mark = (li.locator(s).bounding_box() for s in ("a", "time", ".old-news"))
        assert day["y"] >= link["y"] + link["height"] - 1  # the headline, then the day under it
        assert abs(mark["y"] - day["y"]) <= 2 and mark["x"] > day["x"]  # "From March 2025" beside the day
        sizes = {li.locator(s).evaluate("e => getComputedStyle(e).fontSize") for s in ("time", ".old-news")}
        assert len(sizes) == 1, sizes


@pytest.mark.parametrize("via", VIA)
def test_topic_pages_list_their_articles(new_page, served, via):
    page = new_page()
    page.goto(served.url("index.html", via))
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Topics").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Topics"
    topics = page.locator(".topic-list li")
    listed = {topics.nth(i).locator("a").inner_text(): topics.nth(i).locator(".count").inner_text()
              for i in range(topics.count())}
    assert listed["Turkey"] == "4 articles"
    page.get_by_role("link", name="Turkey", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Turkey"
    headlines = page.locator("ol.teasers h2 a")
    titles = [headlines.nth(i).inner_text() for i in range(headlines.count())]
    assert len(titles) == 4 and SEED_TITLE in titles
    for title in titles:
        page.get_by_role("link", name=title, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == title
        assert page.locator("article.story .kicker a").text_content() == "Turkey"
        page.go_back()
    # every topic page lists as many articles as the topics index says
    for name, count in listed.items():
        page.goto(served.url("topics/index.html", via))
        page.locator(".topic-list a", has_text=name).first.click()
        page.wait_for_load_state()
        assert page.locator("ol.teasers > li").count() == int(count.split()[0]), name


@pytest.mark.parametrize("via", VIA)
def test_text_size_buttons_change_the_text_and_persist(new_page, served, via):
    site = served.site
    page = new_page()
    page.goto(served.url(site.seed, via))
    control = page.get_by_role("group", name="Text size")
    assert control.is_visible()
    start = page.evaluate(STORY_SIZE)
    assert 18 <= start <= 20
    control.get_by_role("button", name="Larger text").click()
    page.wait_for_function(f"({STORY_SIZE})() > {start}")
    larger = page.evaluate(STORY_SIZE)
    control.get_by_role("button", name="Larger text").click()
    page.wait_for_function(f"({STORY_SIZE})() > {larger}")
    largest = page.evaluate(STORY_SIZE)
    assert page.locator(".text-size-value").inner_text() == "Text size 120%"
    control.get_by_role("button", name="Smaller text").click()
    page.wait_for_function(f"({STORY_SIZE})() < {largest}")
    assert page.evaluate(STORY_SIZE) == larger
    # remembered on the next page and after a reload
    page.locator("aside.also li a").first.click()
    page.wait_for_load_state()
    assert page.evaluate(STORY_SIZE) == larger
    assert page.locator(".text-size-value").inner_text() == "Text size 110%"
    page.reload()
    assert page.evaluate(STORY_SIZE) == larger
    page.goto(served.url(site.article(RTL_DEMO), via))
    assert page.evaluate(STORY_SIZE) == larger


@pytest.mark.parametrize("via", VIA)
def test_text_size_works_from_the_keyboard(new_page, served, via):
    page = new_page()
    page.goto(served.url(served.site.seed, via))
    start = page.evaluate(STORY_SIZE)
    larger = page.get_by_role("button", name="Larger text")
    for _ in range(40):  # Tab through the page until the A+ button has the focus
        page.keyboard.press("Tab")
        if larger.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("the A+ button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(f"({STORY_SIZE})() > {start}")
    one = page.evaluate(STORY_SIZE)
    page.keyboard.press("Space")
    page.wait_for_function(f"({STORY_SIZE})() > {one}")
    smaller = page.get_by_role("button", name="Smaller text")
    smaller.focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"({STORY_SIZE})() == {one}")
    page.keyboard.press("Enter")
    page.wait_for_function(f"({STORY_SIZE})() == {start}")
    assert page.locator(".text-size-value").inner_text() == "Text size 100%"


NARROW = ["index.html", "topics/turkey/index.html", "search/index.html?q=ferry", "topics/index.html"]


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize("which", NARROW + ["seed", "rtl"])
def test_no_horizontal_scroll_at_320_px(new_page, served, via, which):
    site = served.site
    rel = {"seed": site.seed, "rtl": site.article(RTL_DEMO)}.get(which, which)
    if via == "file" and "?" in rel:
        rel = rel.split("?")[0]
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(served.url(rel, via))
    if via == "http" and "?q=" in rel:
        page.locator("#search-results .result").first.wait_for()
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert max(width) <= 320, (rel, width)
    # and nothing sticks out to either side of the viewport
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
        const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
        return r.width && s.visibility !== 'hidden' && !e.closest('.visually-hidden, .skip-link')
               && (r.left < -0.5 || r.right > 320.5);
      }).map(e => e.outerHTML.slice(0, 80))""")
    assert wide == [], (rel, wide)


@pytest.mark.parametrize("via", VIA)
def test_right_to_left_article_is_mirrored(new_page, served, via):
    site = served.site
    page = new_page(viewport={"width": 1000, "height": 800})
    page.goto(served.url(site.article(RTL_DEMO), via))
    story = page.locator("article.story")
    assert page.locator("html").get_attribute("dir") == "rtl" and page.locator("html").get_attribute("lang") == "ar"
    assert story.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the headline and every paragraph hug the right edge of the column
    edges = page.evaluate("""() => [...document.querySelectorAll('.story h1, .story-body p')].map(e => {
        const range = document.createRange(); range.selectNodeContents(e);
        const text = range.getClientRects(), box = e.getBoundingClientRect();
        return [box.right - text[0].right, text[0].left - box.left];
      })""")
    assert edges and all(right < 2 and left >= 0 for right, left in edges), edges
    # the article's side of the page is mirrored; the site's own English masthead is not (it keeps its
    # language and direction: brand on the left, the navigation after it)
    assert page.locator(".masthead").get_attribute("dir") == "ltr"
    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".site-nav").bounding_box()
    assert brand["x"] < 500 and nav["x"] >= brand["x"] + brand["width"]
    assert story.locator(".kicker").evaluate("e => e.getBoundingClientRect().right") > 700
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0
    # the same page of a left-to-right article is not mirrored
    page.goto(served.url(site.seed, via))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator(".brand").bounding_box()["x"] < 500


@pytest.mark.parametrize("via", VIA)
def test_articles_read_without_javascript(new_page, served, via):
    site = served.site
    page = new_page(java_script_enabled=False)
    page.goto(served.url(site.seed, via))
    assert page.locator("h1").inner_text() == SEED_TITLE
    paragraphs = page.locator("article.story .story-body > p")
    assert paragraphs.count() == 8 and all(paragraphs.nth(i).is_visible() for i in range(8))
    assert page.locator("article.story .photo-caption").is_visible()
    assert page.locator(".text-size").is_hidden()  # the control needs the script, so it is not shown
    assert page.locator("aside.also li a").count() == 2  # and its newer neighbour beside it
    page.locator("aside.also li a").first.click()
    page.wait_for_load_state()
    assert page.locator("article.story .kicker a").text_content() == "Turkey"
    page.goto(served.url("index.html", via))
    assert page.locator(".lead-title a").is_visible() and page.locator(".topic-block").count() >= 4
    page.goto(served.url("latest/index.html", via))
    assert page.locator("ol.teasers > li").count() >= 10
    page.goto(served.url("search/index.html", via))
    assert "needs JavaScript" in page.locator("main").inner_text()
