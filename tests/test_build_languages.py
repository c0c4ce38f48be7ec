"""Every reader in their own language: pages declare it, the chrome around an article speaks it (CLDR dates and
numbers, gettext catalogues), and the site's own masthead keeps the site's language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from site_gen.build.i18n import load_catalogue, og_locale, shipped
from tests.build_helpers import build_site, md, page

BASE = "https://news.example/"
ARTICLES = {
    "ar.md": md("افتتاح مخزن مبرد جديد في صفاقس", "افتتح ميناء صفاقس مخزنًا مبردًا جديدًا.", lang="ar",
                date="2025-03-11", topic="اقتصاد", source="الميناء", source_url="https://port.example/ar",
                authors=["قسم الأخبار"], images=[{"caption": "صناديق السمك على الرصيف.", "credit": "الميناء"}]),
    "ar2.md": md("ارتفاع أسعار السمك", "ارتفعت الأسعار.", lang="ar", date="2025-03-10", topic="اقتصاد"),
    # a third in the topic: the neighbours have their own links, so "Also in" shows the one beyond them
    "ar3.md": md("تراجع صادرات الزيتون", "تراجعت الصادرات.", lang="ar", date="2025-03-09", topic="اقتصاد"),
    "ckb.md": md("بارانی بەخوڕ ڕێگاکانی داخست", "بارانێکی بەخوڕ ڕێگاکانی داخست.", lang="ckb", date="2025-03-17",
                 topic="کەشوهەوا"),
    "fr.md": md("Le port rouvre", "Le port a rouvert lundi.", lang="fr", date="2025-03-12", authors=["Anne Dupont"]),
    "en.md": md("Ferry fares rise", "Fares rose.", date="2025-03-13T09:30:00+01:00", source="Courier",
                source_url="https://courier.example/a", dateline="VALLETTA"),
    "en2.md": md("Fish prices climb", "Prices climbed.", date="2025-03-13", authors=["Sports Desk"]),
    "en3.md": md("Lira slides", "Markets fell.", date="2025-03-13"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _, out, reporter = build_site(tmp_path_factory.mktemp("languages"), ARTICLES, base_url=BASE)
    assert not reporter.errors
    return out


def test_the_shipped_catalogues_compile_and_cover_every_message():
    assert shipped() == ["en", "ar", "ckb", "kmr", "tr"]
    for lang in shipped()[1:]:
        words = load_catalogue(lang)
        for message in ("By", "Source:", "Photo caption:", "Also in %(topic)s", "Skip to content"):
            assert words.gettext(message) != message, (lang, message)


def test_an_arabic_article_speaks_arabic_around_its_text(site):
    html = page(site, "articles/ar/index.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert '<header class="masthead" data-pagefind-ignore lang="en" dir="ltr">' in html
    assert '<footer class="site-footer" data-pagefind-ignore lang="en" dir="ltr">' in html
    assert '<span>بقلم</span>' in html and '<time datetime="2025-03-11">11 مارس 2025</time>' in html
    assert "دقيقة واحدة للقراءة" in html and "<span>المصدر:</span>" in html
    assert '<span class="label">تعليق الصورة:</span> صناديق السمك على الرصيف.' in html
    assert "أيضًا في اقتصاد" in html and '<meta property="og:locale" content="ar_EG">' in html
    for english in ("By", "Source:", "min read", "Photo:", "March"):
        assert not re.search(rf">[^<]*\b{re.escape(english)}", html.split("<main")[1].split("</main>")[0])


def test_a_sorani_article_has_sorani_dates(site):
    html = page(site, "articles/ckb/index.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ckb" dir="rtl">')
    assert '<time datetime="2025-03-17">17ی ئازاری 2025</time>' in html
    assert '<meta property="og:locale" content="ckb_IQ">' in html


def test_a_language_without_a_catalogue_has_the_sites_chrome_marked_as_such(site):
    html = page(site, "articles/fr/index.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr" dir="ltr">')
    assert '<span lang="en" dir="ltr">By</span>' in html
    assert '<time datetime="2025-03-12" lang="en" dir="ltr">12 March 2025</time>' in html


def test_topic_and_author_headings_carry_their_language(site):
    topic = page(site, "topics/qtsd/index.html")
    assert '<html lang="en" dir="ltr">' in topic
    assert '<h1 class="page-title" lang="ar" dir="rtl">اقتصاد</h1>' in topic
    author = page(site, f"authors/{next(p.name for p in (site / 'authors').iterdir() if p.name.startswith('qsm'))}/index.html")
    assert '<h1 class="page-title" lang="ar" dir="rtl">قسم الأخبار</h1>' in author


def test_sharing_data(site):
    html = page(site, "articles/en2/index.html")
    ld = json_ld(html)
    article, crumbs = ld["@graph"]
    assert article["author"] == [{"@type": "Organization", "name": "Sports Desk", "url": BASE + "authors/sports-desk/"}]
    assert article["datePublished"] == "2025-03-13" and crumbs["@type"] == "BreadcrumbList"
    home = page(site, "index.html")
    listing = json_ld(home)["@graph"][0]
    assert listing["@type"] == "CollectionPage" and listing["mainEntity"]["itemListElement"][0]["url"].startswith(BASE)
    assert '<meta property="og:type" content="website">' in home and '<meta name="twitter:card" content="summary">' in home
    assert '<link rel="icon" href="static/favicon.svg" type="image/svg+xml">' in home and 'name="theme-color"' in home
    assert og_locale("en") == "en_GB" and og_locale("tr") == "tr_TR" and og_locale("kmr") == "ku_TR"


def json_ld(html: str) -> dict:
    import json

    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_feeds_credit_sources_link_originals_and_invent_no_times(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    by_title = {e.title: e for e in feed.entries}
    ferry = by_title["Ferry fares rise"]
    assert ferry.author == "Courier" and ferry.published == "2025-03-13T09:30:00+01:00"
    assert any(link.rel == "via" and link.href == "https://courier.example/a" for link in ferry.links)
    assert "VALLETTA —" in ferry.content[0].value
    fish, lira = by_title["Fish prices climb"], by_title["Lira slides"]
    assert "published" not in fish and "published" not in lira  # a day only: no made-up time
    assert fish.updated != lira.updated and fish.updated.startswith("2025-03-13T00:00:0")
    order = [e.title for e in feed.entries]
    assert (fish.updated > lira.updated) == (order.index("Fish prices climb") < order.index("Lira slides"))
    arabic = by_title["افتتاح مخزن مبرد جديد في صفاقس"]
    assert "تعليق الصورة: صناديق السمك على الرصيف." in arabic.content[0].value
    assert "<script" not in (site / "feed.xml").read_text()
    ET.fromstring((site / "feed.xml").read_bytes())


def test_dates_with_times_read_as_cldr_writes_them_in_each_language():
    """Dates and times are formatted once each and then reused: each one still reads as CLDR writes it."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from babel.dates import format_date, format_time

    from site_gen.build.i18n import Chrome

    chrome = Chrome("en")
    times = [datetime(2024, 3, 1, 9, 5, 7, tzinfo=timezone.utc), datetime(2024, 3, 1, 21, 5, 59, tzinfo=timezone.utc),
             datetime(2024, 3, 1, 21, 35, tzinfo=ZoneInfo("Europe/Istanbul")), datetime(2024, 12, 31, 0, 0)]
    for lang in ("en", "ar", "ckb", "tr", "kmr", "ja", "de"):
        locale = chrome.locale(lang)
        for when in times * 2:
            day = format_date(when.date(), "long", locale=locale)
            assert chrome.day(when, lang) == day
            assert chrome.day(when, lang, True) == f"{day}, {format_time(when, 'short', locale=locale)}"
