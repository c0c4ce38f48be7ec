"""The site's own words follow the site's language (site.toml's `language`): masthead, footer, list pages and
their titles (made in Python), the news archive, sources, search (and the words its script shows) and 404.

Every message the templates and the build's Python code use must be in each shipped catalogue: a new one
without a translation fails here, before a reader meets it in English.
"""

from __future__ import annotations

import json
import re
import shlex
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from site_gen.build.i18n import CATALOGUES, DOMAIN, shipped
from tests.build_helpers import build_site, md, page

REPO = Path(__file__).resolve().parent.parent

ARABIC = {
    "a1.md": md("افتتاح مخزن مبرد جديد في صفاقس", "افتتح ميناء صفاقس مخزنًا مبردًا جديدًا.", lang="ar",
                date="2025-03-11", topic="اقتصاد", source="الميناء", authors=["قسم الأخبار"], tags=["موانئ"]),
    "a2.md": md("افتتاح مخزن مبرد في صفاقس", "افتتح الميناء مخزنًا مبردًا.", lang="ar", date="2025-03-11",
                topic="اقتصاد", source="وكالة الأنباء", story="a1"),
    "a3.md": md("ارتفاع أسعار السمك", "ارتفعت الأسعار.", lang="ar", date="2025-03-10", topic="اقتصاد",
                source="الميناء", authors=["قسم الأخبار"]),
    "a4.md": md("أمطار غزيرة في الشمال", "هطلت أمطار غزيرة.", lang="ar", date="2025-02-20", topic="طقس",
                source="الميناء"),
    "a5.md": md("تراجع صادرات الزيتون", "تراجعت الصادرات.", lang="ar", date="2024-12-01", topic="اقتصاد"),
}
TURKISH = {
    "t1.md": md("Limanda yeni soğuk hava deposu açıldı", "Liman yeni bir depo açtı.", lang="tr",
                date="2025-03-11", topic="Ekonomi", source="Liman Gazetesi", authors=["Haber Masası"], tags=["liman"]),
    "t2.md": md("Limanda soğuk hava deposu açıldı", "Depo açıldı.", lang="tr", date="2025-03-11", topic="Ekonomi",
                source="Haber Ajansı", story="t1"),
    "t3.md": md("Balık fiyatları yükseldi", "Fiyatlar yükseldi.", lang="tr", date="2025-03-10", topic="Ekonomi",
                source="Liman Gazetesi", authors=["Haber Masası"]),
    "t4.md": md("Kuzeyde şiddetli yağmur", "Yağmur yağdı.", lang="tr", date="2025-02-20", topic="Hava",
                source="Liman Gazetesi"),
    "t5.md": md("Zeytin ihracatı düştü", "İhracat düştü.", lang="tr", date="2024-12-01", topic="Ekonomi"),
}
ENGLISH = {
    "e1.md": md("New cold store opens at the port", "The port opened a cold store.", date="2025-03-11",
                topic="Economy", source="Port Gazette", authors=["News Desk"], tags=["ports"]),
    "e2.md": md("Cold store opens", "A store opened.", date="2025-03-11", topic="Economy", source="Wire Agency",
                story="e1"),
    "e3.md": md("Fish prices climb", "Prices climbed.", date="2025-03-10", topic="Economy", source="Port Gazette",
                authors=["News Desk"]),
    "e4.md": md("Heavy rain in the north", "It rained.", date="2025-02-20", topic="Weather", source="Port Gazette"),
    "e5.md": md("Olive exports fall", "Exports fell.", date="2024-12-01", topic="Economy"),
}
SITES = {
    "ar": (ARABIC, "أخبار الميناء", "أخبار الساحل والجزر."),
    "tr": (TURKISH, "Liman Haberleri", "Kıyıdan ve adalardan haberler."),
    "en": (ENGLISH, "Port News", "News of the coast and the islands."),
}


@pytest.fixture(scope="module", params=sorted(SITES))
def site(request, tmp_path_factory) -> tuple[str, Path]:
    lang = request.param
    articles, title, description = SITES[lang]
    # per_page 2: lists have numbered pages ("..., page 1"); with the search index: the search form and its words
    _, out, reporter = build_site(tmp_path_factory.mktemp(f"site-{lang}"), articles, search=True, language=lang,
                                  title=title, description=description, per_page=2)
    assert not reporter.errors
    return lang, out


def pages_of(out: Path) -> dict[str, str]:
    """Return the site's pages of each kind that has chrome of its own: {relative path: HTML}."""
    def first(pattern: str) -> str:
        found = sorted(p.relative_to(out).as_posix() for p in out.glob(pattern))
        assert found, pattern
        return found[0]

    rels = ["index.html", "latest/index.html", "latest/page/1/index.html", "archive/index.html", "2025/index.html",
            "2025/03/index.html", "2025/03/11/index.html", "sources/index.html", first("sources/*/index.html"),
            "topics/index.html", first("topics/*/index.html"), first("authors/*/index.html"),
            first("tags/*/index.html"), "authors/index.html", "tags/index.html", "search/index.html", "404.html"]
    return {rel: page(out, rel) for rel in rels}


class _Visible(HTMLParser):
    """The text a reader meets: text (not scripts' code), words in attributes, and the search script's words."""

    ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-light", "data-dark", "data-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.texts += [a[name] for name in self.ATTRIBUTES if a.get(name)]
        if tag == "meta" and a.get("name") == "description" or a.get("property") in ("og:title", "og:description"):
            self.texts.append(a.get("content") or "")
        if tag == "script":
            self._script = a.get("id", "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is None:
            self.texts.append(data)
        elif self._script == "search-words":  # shown by site.js
            self.texts += list(_strings(json.loads(data)))


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    else:
        yield value


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.texts)


# -- the messages -------------------------------------------------------------------------------------------------

def extracted() -> dict[str, tuple[str, ...]]:
    """Return the messages of the templates and Python code babel.cfg names, as `pybabel extract` with the
    keywords of the command in babel.cfg finds them: {msgid: (msgid, plural) or (msgid,)}."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_keywords, parse_mapping_cfg

    cfg = (REPO / "babel.cfg").read_text(encoding="utf-8")
    command = next(line.lstrip("# ") for line in cfg.splitlines() if "pybabel extract" in line)
    words = shlex.split(command)
    keywords = dict(DEFAULT_KEYWORDS)
    keywords.update(parse_keywords([words[i + 1] for i, w in enumerate(words) if w == "-k"]))
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, tuple[str, ...]] = {}
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options_map, keywords=keywords):
        ids = message if isinstance(message, tuple) else (message,)
        ids = tuple(m for m in ids if m is not None)
        if ids:
            found[ids[0]] = ids
    return found


MESSAGES = extracted()


def english(msgid: str) -> list[str]:
    """Return the words of a message outside its placeholders (`Articles by %(name)s` -> `Articles by`)."""
    return [part.strip(" ,.:;“”()") for part in re.split(r"%\(\w+\)s", msgid)
            if re.search(r"[A-Za-z]{2,}", part)]


def untranslated(lang: str) -> list[str]:
    """Return the English of the messages whose translation into `lang` is not the English itself (Turkish
    says "Site" too)."""
    if lang == "en":
        return []
    with (CATALOGUES / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    words = []
    for key in MESSAGES:
        found = catalog.get(key)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        words += [w for w in english(key) if not any(w in s for s in strings)]
    return sorted(set(words))


# -- the tests ----------------------------------------------------------------------------------------------------

def test_the_templates_and_the_build_have_their_words_in_every_shipped_catalogue():
    assert {"Latest news", "Articles by %(name)s", "%(name)s, page %(number)s", "The news of %(date)s",
            "Best match", "Searching…", "%(num)s article for “%(query)s”", "also reported by"} <= set(MESSAGES)
    assert shipped() == ["en", "ar", "ckb", "kmr", "tr"]
    for lang in shipped()[1:]:
        with (CATALOGUES / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        missing = []
        for key, ids in MESSAGES.items():
            found = catalog.get(key)
            strings = (found.string if isinstance(found.string, tuple) else (found.string,)) if found else ()
            if found is None or found.fuzzy or not strings or not all(strings) or (len(ids) > 1) != found.pluralizable:
                missing.append(key)
        assert not missing, f"{lang}: no translation of {missing}: see babel.cfg for the pybabel commands"
        # placeholders the code fills in: a misspelt one would fail the build
        assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []


def test_the_message_template_is_up_to_date():
    with (CATALOGUES / "messages.pot").open("rb") as fh:
        pot = read_po(fh)
    assert sorted(m.id if isinstance(m.id, str) else m.id[0] for m in pot if m.id) == sorted(MESSAGES)


def test_a_site_speaks_its_own_language_on_every_kind_of_page(site):
    lang, out = site
    pages = pages_of(out)
    direction = "rtl" if lang == "ar" else "ltr"
    words = untranslated(lang)
    assert lang == "en" or len(words) > 60
    for rel, html in pages.items():
        assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">'), rel
        assert '<header class="masthead" data-pagefind-ignore>' in html, rel  # the page's language: no lang of its own
        text = visible(html)
        left = [w for w in words if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)]
        assert not left, f"{rel} shows English: {left}"


EXPECTED = {
    # (page, words it shows) in each language: titles made in Python, the archive's dates, plurals, search
    "ar": [("latest/page/1/index.html", "آخر الأخبار، الصفحة 1"), ("2025/03/index.html", "<title>أخبار مارس 2025 |"),
           ("2025/index.html", ">فبراير 2025</a>"), ("2025/03/11/index.html", "<h1 class=\"page-title\">11 مارس 2025</h1>"),
           ("sources/index.html", "خبر واحد"), ("index.html", "نقلته أيضًا"), ("search/index.html", "الأكثر صلة"),
           ("search/index.html", '"two":"مقالان عن «%(query)s»"'), ("404.html", "الصفحة غير موجودة"),
           ("archive/index.html", "<h1 class=\"page-title\">الأرشيف</h1>")],
    "tr": [("latest/page/1/index.html", "Son haberler, sayfa 1"), ("2025/03/index.html", "<title>Mart 2025 haberleri |"),
           ("2025/index.html", ">Şubat 2025</a>"), ("sources/index.html", "3 haber"), ("index.html", "diğer kaynaklar:"),
           ("search/index.html", '"other":"“%(query)s” için %(num)s makale"'), ("search/index.html", "Sıralama"),
           ("404.html", "Sayfa bulunamadı")],
    "en": [("latest/page/1/index.html", "<title>Latest news, page 1 |"), ("2025/03/index.html", "<title>News of March 2025 |"),
           ("2025/index.html", ">February 2025</a>"), ("2025/03/11/index.html", "<h1 class=\"page-title\">11 March 2025</h1>"),
           ("sources/index.html", "1 story"), ("sources/index.html", "3 stories"), ("index.html", "also reported by"),
           ("index.html", "The archive, day by day"), ("search/index.html", '"one":"%(num)s article","other":"%(num)s articles"'),
           ("search/index.html", ">Best match</option>"), ("404.html", "Page not found"),
           ("archive/index.html", "<h1 class=\"page-title\">Archive</h1>")],
}


def test_the_words_are_the_languages_own(site):
    lang, out = site
    for rel, words in EXPECTED[lang]:
        assert words in page(out, rel), (rel, words)


def test_a_site_language_without_a_catalogue_gets_english_chrome_throughout(tmp_path):
    """French ships no catalogue: the chrome is English, its dates too (not "Mars 2025" among English words),
    and the masthead says it is English inside the French page."""
    articles = {"f1.md": md("Un nouvel entrepôt frigorifique au port", "Le port a ouvert un entrepôt.", lang="fr",
                            date="2025-03-11", topic="Économie")}
    _, out, reporter = build_site(tmp_path, articles, language="fr")
    assert not reporter.errors
    month = (out / "2025" / "03" / "index.html").read_text(encoding="utf-8")
    assert "March 2025" in month and "mars 2025" not in month.lower()
    assert re.search(r'<header class="masthead"[^>]* lang="en"', month)
    html = (out / "articles" / "f1" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html and "11 March 2025" in html


def test_a_site_that_gives_no_description_describes_itself_in_its_language(tmp_path):
    """site.toml without `description`: the footer, the pages' descriptions and the feed's subtitle say the
    site's own line about itself in the site's language, not in English."""
    _, out, reporter = build_site(tmp_path, TURKISH, language="tr", title="Liman Haberleri")
    assert not reporter.errors
    line = "Temiz ve kolay okunan haber makaleleri."
    for rel in ("index.html", "latest/index.html", "topics/index.html"):
        html = page(out, rel)
        assert f"<bdi>Liman Haberleri. {line}</bdi>" in html and "Clean news" not in html, rel
    assert f'<meta name="description" content="{line}">' in page(out, "index.html")
    assert f"<subtitle>{line}</subtitle>" in (out / "feed.xml").read_text(encoding="utf-8")
