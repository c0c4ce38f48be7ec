"""The demo in Chromium: articles in Arabic and Sorani with their own chrome, a saved page's picture, print, no
layout shift, the theme button; an Arabic site's search, whose script speaks Arabic."""

from __future__ import annotations

import io

import pytest

from tests.browser_helpers import PICTURE_DEMO, RTL_DEMO, SEED_TITLE, SORANI_DEMO, WAIT_MS, Watch, serve
from tests.build_helpers import build_site
from tests.test_build_site_language import ARABIC

LANGUAGES = {  # dump: (lang, a date's month as the language writes it, "By"/"Source:", reading time, text size)
    RTL_DEMO: ("ar", "مارس", "المصدر:", "للقراءة", "حجم النص"),
    SORANI_DEMO: ("ckb", "ئازاری", "سەرچاوە:", "خوێندنەوە", "قەبارەی دەق"),
}


@pytest.mark.parametrize("dump", list(LANGUAGES))
def test_right_to_left_articles_have_their_own_chrome_and_dates(new_page, served, dump):
    lang, month, source, reading, size = LANGUAGES[dump]
    page = new_page(viewport={"width": 1000, "height": 800})
    page.goto(served.url(served.site.article(dump)))
    html = page.locator("html")
    assert html.get_attribute("lang") == lang and html.get_attribute("dir") == "rtl"
    # every element of the article's side is in its language, right to left; the site's masthead and footer
    # keep English, left to right
    wrong = page.evaluate("""lang => [...document.querySelectorAll('main *')].filter(e => {
        const where = e.closest('[lang]');
        return where.getAttribute('lang') !== lang || getComputedStyle(e).direction !== 'rtl';
      }).map(e => e.outerHTML.slice(0, 80))""", lang)
    assert wrong == [], wrong
    for part in (".masthead", ".site-footer"):
        element = page.locator(part)
        assert element.get_attribute("lang") == "en" and element.evaluate("e => getComputedStyle(e).direction") == "ltr"
    meta = page.locator("article.story .meta").inner_text()
    assert month in page.locator("article.story time").inner_text() and source in meta and reading in meta
    assert not any(word in meta for word in ("Source", "min read", "March"))
    assert page.get_by_role("group", name=size).is_visible()
    assert page.locator(".text-size-value").inner_text().startswith(size)
    assert page.locator(".photo-caption .label").evaluate("e => e.textContent.trim().length") > 0


def test_a_saved_page_shows_its_picture_in_the_size_the_screen_needs(new_page, served):
    rel = served.site.article(PICTURE_DEMO)
    phone = new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    phone.goto(served.url(rel))
    img = phone.locator("article.story figure.photo picture img")
    img.wait_for()
    phone.wait_for_function("document.querySelector('figure.photo img').complete")
    assert img.evaluate("e => e.currentSrc").endswith("1-480.webp")
    box = img.bounding_box()
    assert abs(box["width"] / box["height"] - 1.6) < 0.01  # width and height attributes: the box is right at once
    assert img.get_attribute("alt").startswith("The white and red lighthouse")
    assert "Photo: Harbour Gazette" in phone.locator("figure.photo figcaption").inner_text()
    desktop = new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=2)
    desktop.goto(served.url(rel))
    desktop.wait_for_function("document.querySelector('figure.photo img').complete")
    assert desktop.locator("figure.photo img").evaluate("e => e.currentSrc").endswith("1-1600.webp")


def test_article_pages_do_not_shift_as_they_load_on_a_slow_network(new_page, served):
    for rel in (served.site.article(PICTURE_DEMO), served.site.seed, served.site.article(RTL_DEMO)):
        page = new_page(viewport={"width": 390, "height": 844})
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, "latency": 300,
                                                          "downloadThroughput": 50_000, "uploadThroughput": 50_000})
        page.add_init_script("""window.__shifts = 0; new PerformanceObserver(list => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
          }).observe({type: 'layout-shift', buffered: true});""")
        page.goto(served.url(rel), wait_until="load")
        page.wait_for_function("document.readyState === 'complete' && [...document.images].every(i => i.complete)")
        page.evaluate("document.fonts.ready")
        page.locator(".text-size button").first.wait_for()  # the script has run
        assert page.evaluate("window.__shifts") == 0, rel


def test_a_printed_article_names_the_site_and_its_address(new_page, served):
    from pypdf import PdfReader

    page = new_page()
    page.goto(served.url(served.site.seed))
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Harbour News Reader" in " ".join(text.split())
    assert "https://harbour-reader.example/articles/" in text.replace("\n", "")
    assert SEED_TITLE.split()[0] in text and "Also in" not in text and "Search articles" not in text


def test_the_theme_button_remembers_the_readers_choice(new_page, served):
    page = new_page(color_scheme="light")
    page.goto(served.url("index.html"))
    background = "() => getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(background)
    button = page.locator(".theme-toggle")
    assert button.inner_text() == "Dark theme"
    button.click()
    assert page.evaluate(background) != light and button.inner_text() == "Light theme"
    page.goto(served.url(served.site.seed))  # another page: the choice holds, from the first paint
    assert page.locator("html").get_attribute("data-theme") == "dark" and page.evaluate(background) != light
    system_dark = new_page(color_scheme="dark")  # nobody chose: the system decides
    system_dark.goto(served.url("index.html"))
    assert system_dark.locator("html").get_attribute("data-theme") is None
    assert system_dark.evaluate(background) != light and system_dark.locator(".theme-toggle").inner_text() == "Light theme"


def test_also_in_bullets_sit_beside_the_first_line_at_390_px(new_page, served):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(served.url(served.site.seed))
    links = page.locator("aside.also li a")
    wrapped = [i for i in range(links.count()) if links.nth(i).evaluate("e => e.getClientRects().length") > 1]
    assert wrapped  # some headlines wrap at this width
    for i in range(links.count()):  # an inline link starts on the line its bullet is on
        link, item = links.nth(i), page.locator("aside.also li").nth(i)
        first = link.evaluate("e => e.getClientRects()[0].top")
        assert first - item.bounding_box()["y"] < 12


def test_folder_links_open_their_pages_from_disk(new_page, tmp_path):
    from tests.build_helpers import build_site, md

    _, out, _ = build_site(tmp_path, {"a.md": md("Ferry fares rise", "Fares rose.", topic="Business"),
                                      "b.md": md("Fish prices climb", "Prices rose.", topic="Business")},
                           directory_links=True)
    page = new_page()
    page.goto((out / "index.html").as_uri())
    link = page.get_by_role("link", name="Ferry fares rise")
    assert link.get_attribute("href") == "articles/a/"
    link.click()
    page.wait_for_url("**/articles/a/index.html")
    assert page.locator("h1").inner_text() == "Ferry fares rise"
    page.locator("article.story .kicker a").click()
    page.wait_for_url("**/topics/business/index.html")


def test_an_arabic_sites_search_speaks_arabic(browser, tmp_path):
    _, out, reporter = build_site(tmp_path, ARABIC, search=True, language="ar", title="أخبار الميناء")
    assert not reporter.errors
    with serve(out) as base:
        context = browser.new_context()
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        watch = Watch((base, "data:", "about:", "blob:"))
        watch.attach(page)
        try:
            page.goto(base + "search/index.html?q=مبرد")
            status = page.locator("#search-status")
            page.wait_for_function("() => document.querySelectorAll('#search-results .result').length > 0")
            page.wait_for_function("() => !document.getElementById('search-status').textContent.includes('…')")
            count = page.locator("#search-results .result").count()
            # Arabic's plural categories: one and two have words of their own, 3 to 10 "few"
            expected = {1: "مقال واحد عن «مبرد»", 2: "مقالان عن «مبرد»"}.get(count, f"{count} مقالات عن «مبرد»")
            assert status.inner_text() == expected
            options = page.locator("select[name=sort] option").all_inner_texts()
            assert options == ["الأكثر صلة", "الأحدث أولًا", "الأقدم أولًا"]
            topics = page.locator("select[name=topic] option").all_inner_texts()
            assert topics[0] == "كل المواضيع" and any(t.startswith("اقتصاد (") for t in topics)
            page.goto(base + "search/index.html?q=zzzqqq")
            page.wait_for_function("() => document.getElementById('search-status').textContent === 'لم يُعثر على مقالات.'")
            assert page.locator(".theme-toggle").inner_text() in ("المظهر الداكن", "المظهر الفاتح")
        finally:
            context.close()
        assert not watch.problems, watch.problems


def test_the_masthead_keeps_the_search_box_and_theme_button_together(browser, tmp_path):
    # Arabic section names are longer: at 1024 px the name, the sections and the box filled the first row and
    # the theme button wrapped alone to a second one
    _, out, reporter = build_site(tmp_path, ARABIC, search=True, language="ar", title="أخبار الميناء")
    assert not reporter.errors
    with serve(out) as base:
        for width in (1280, 1024, 800, 700):
            page = browser.new_page(viewport={"width": width, "height": 600})
            try:
                page.goto(base + "authors/index.html")
                inner = page.locator(".masthead-inner")
                box, theme = page.locator(".search-box").bounding_box(), page.locator(".theme-toggle").bounding_box()
                assert abs(box["y"] - theme["y"]) <= 1, (width, box, theme)
                # at the row's end: the left, right to left (the site is Arabic)
                padding = inner.evaluate("e => parseFloat(getComputedStyle(e).paddingLeft)")
                assert abs(theme["x"] - (inner.bounding_box()["x"] + padding)) <= 1, (width, theme)
            finally:
                page.close()
