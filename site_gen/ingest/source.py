"""Where a dump came from: the site's name, its per-site rules, and the section its URL names."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

from site_gen.ingest import meta
from site_gen.ingest.phrases import is_clutter


@dataclass(frozen=True)
class SiteRules:
    """Rules for one source site, from `ingest/rules/<host>.toml` and `[sources."<host>"]` in site.toml."""

    name: str | None = None
    """The site's name as readers know it ("Rudaw")."""
    topic_segment: int | None = None
    """Which URL path segment is the section (Python index: -2 is the one before the last)."""
    drop: tuple[str, ...] = ()
    """Extra whole-block clutter phrases (regular expressions) seen on this site."""
    topic: str | None = None
    """A fixed topic for every article of the site."""
    clutter: re.Pattern[str] | None = field(default=None, compare=False)
    origin: tuple[str, ...] = ()
    """Where the rules came from ("site_gen/ingest/rules/rudaw.net.toml", "site.toml [sources.\"x\"]")."""


_WEB = re.compile(r"(https?)(://[^\s/?#]+[^\s]*)", re.I)


def web_address(url: str | None) -> str | None:
    """Return `url` when it is a web page's address (http or https, with a host; the scheme in small
    letters, as the build reads it), else None: a `javascript:` or `data:` "source" is no page to link to."""
    found = _WEB.fullmatch(url.strip()) if url else None
    return found.group(1).lower() + found.group(2) if found else None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=None)
def _shipped_rules() -> dict[str, dict[str, Any]]:
    found = {}
    for entry in resources.files("site_gen.ingest").joinpath("rules").iterdir():
        if entry.name.endswith(".toml"):
            found[entry.name[:-5].lower()] = tomllib.loads(entry.read_text(encoding="utf-8"))
    return found


def rules_for(url: str | None, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> SiteRules:
    """Return the rules for the site a URL belongs to (shipped rules, then the user's site.toml)."""
    host = host_of(url)
    if not host:
        return SiteRules()
    data: dict[str, Any] = {}
    origin = []
    for source, where in ((_shipped_rules(), "site_gen/ingest/rules/{}.toml"), (overrides or {}, 'site.toml [sources."{}"]')):
        for key in _host_keys(host):
            if key in source:
                data.update(source[key])
                origin.append(where.format(key))
                break
    drop = tuple(str(p) for p in data.get("drop", ()))
    clutter = re.compile("|".join(f"(?:{p})" for p in drop), re.I) if drop else None
    seg = data.get("topic_segment")
    return SiteRules(
        name=data.get("name"), topic_segment=seg if isinstance(seg, int) else None, drop=drop,
        topic=data.get("topic"), clutter=clutter, origin=tuple(origin),
    )


def _host_keys(host: str) -> list[str]:
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


# A full stop inside a name: a domain's ("finanzen.net") or between initials ("S.L.").
_NAME_DOT = r"(?-i:\.(?=[a-z])|(?<=\b[A-Z])\.(?=[A-Z]\b))"
# The first words of a rights notice after a site's name ("... All rights reserved", "... สงวนลิขสิทธิ์").
_RIGHTS = (r"all rights|alle rechte|tous droits|todos (?:los|os) (?:derechos|direitos)|tutti i diritti|wszelkie prawa|"
           r"tüm hakları|все права|усі права|版权所有|版權所有|무단\s?전재|無断転載|未经授权|สงวนลิขสิทธิ์|bản quyền|hak cipta")
_COPYRIGHT = re.compile(
    r"(?:(?:[©ⓒ]|\(c\)|copyright)\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:(?-i:PT|CV)\.?\s+)?"  # "PT. Kabar Pagi Media"
    r"(?P<name>(?:[^.|,©ⓒ·•]|" + _NAME_DOT + r")+?)"
    r"(?:\s+\d{4})?\s*(?:(?!" + _NAME_DOT + r")\.|[,|·•]|" + _RIGHTS + r"|$)",
    re.I,
)
# A site's name before its rights notice, with no copyright sign: "Diario del Sur - Todos los derechos reservados".
_RESERVED_BY = re.compile(
    r"(?P<name>(?-i:[A-ZÀ-ÖØ-Þ])[^.|©·•\s]*(?:\s+[^.|©·•\s]+){0,5}?)\s*[-–—|·•.,]\s*(?:all rights reserved|"
    r"todos (?:los|os) (?:derechos|direitos) reservados|tous droits réservés|alle rechte vorbehalten|"
    r"tutti i diritti riservati|wszelkie prawa zastrzeżone|все права защищены|усі права захищено|"
    r"alla rättigheter förbehållna|alle rettigheder forbeholdes|alle rettigheter reservert|"
    r"kaikki oikeudet pidätetään|všechna práva vyhrazena|toate drepturile rezervate|minden jog fenntartva|"
    r"hak cipta dilindungi|สงวนลิขสิทธิ์)(?!\w)", re.I)
# What follows a copyright sign in a site footer without being the site's name: the theme and platform
# credits ("© 2024 · Theme on Genesis Framework · WordPress · Log in").
_NOT_A_NAME = re.compile(
    r"^(?:" + _RIGHTS + r"|riproduzione riservata|著作権|the author|copyright|\d)|"
    r"\b(?:theme|powered by|wordpress|blogger|framework|designed by|log ?in)\b",
    re.I,
)


def name_from_footer(blocks: list[str]) -> str | None:
    """Return the site name a copyright footer gives ("© 2025 The Harbour Ledger. All rights reserved.", "Diario
    del Sur - Todos los derechos reservados"); a picture's credit ("(Image: © Shutterstock)", as the caption pass
    reads credits) gives none."""
    for b in reversed(blocks[-40:]):
        m = _COPYRIGHT.search(b) or _RESERVED_BY.match(b) if len(b) <= 200 else None
        if m is None or meta.split_credit(b)[1] is not None:
            continue
        name = m.group("name").strip().rstrip(" -–—:")  # "El Diario del Valle - Todos los derechos reservados"
        if 3 <= len(name) <= 60 and not _NOT_A_NAME.match(name):
            return _LEGAL_FORM.sub("", name) or name
    return None


# A syndicated story's note of where it first ran: "This article originally appeared on The Harbour Ledger: <its
# headline>", "This article is republished from The Conversation under a Creative Commons license", "This story
# was originally published by ProPublica." (The name holds no digit: "Originally published on March 12, 2025".)
_ORIGIN = re.compile(
    r"(?P<this>this (?:article|story|post|piece|report|column) )?(?:(?:was|is|has been) )?"
    r"(?:(?:originally|first) (?:appeared|published|posted|ran)|republished) (?:on|in|by|at|from) "
    r"(?P<name>(?-i:[A-Z])[^:;,.\d]{1,58}?)(?=\s*(?:[:;,.]|$)|\s(?:on|under|and|with)\s)",
    re.I,
)


def name_from_origin(blocks: list[str]) -> str | None:
    """Return the outlet a syndicated story says it first ran in, in its last blocks ("This article originally
    appeared on The Harbour Ledger: ..."), or None. (A longer block must say "this article": "First published in
    The Lancet, the study ..." opens a paragraph of the story.)"""
    for b in reversed(blocks[-40:]):
        if len(b) <= 300 and (m := _ORIGIN.match(b)) and (m["this"] or len(b) <= 100) \
                and not _NOT_A_NAME.match(m["name"]):
            return m["name"].strip()
    return None


# A company's legal form after its name: "Diario Ejemplo S.L.", "CNBC LLC", "Forbes Media, Inc."
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:inc|llc|l\.l\.c|ltd|limited|plc|gmbh|ag|s\.?\s?[al]|s\.?p\.?a|s\.?a\.?s|sarl|s\.?r\.?l|b\.?v|n\.?v|"
    r"corp|corporation|pty|pvt|private limited|private ltd|pvt\.? ltd|co\.? ltd|kg|oy|oyj|ab|as|a/s|a\.s|s\.r\.o|"
    r"spol\. s r\.o|sp\. z o\.o|d\.o\.o|kft|zrt|nyrt|srl)\.?$", re.I)


_GENERIC_SEGMENTS = {
    "news", "article", "articles", "story", "stories", "a", "p", "post", "posts", "blog", "content", "sites",
    "en", "english", "ar", "arabic", "fr", "es", "de", "pt", "index", "item", "amp", "www", "html", "page",
    "hosted", "detail", "details", "view", "id", "marker", "entry", "read", "s", "c",
    # "news" and "article" in the other languages news sites use in their paths, and those languages' codes
    "noticias", "noticia", "nachrichten", "nachricht", "artikel", "actualites", "actualite", "actu", "infos",
    "info", "notizie", "notizia", "articolo", "articulo", "articulos", "artigo", "artigos", "nieuws",
    "wiadomosci", "aktualnosci", "artykul", "novosti", "haber", "haberler", "berita", "it", "nl", "pl", "ru",
    "tr", "ja", "zh", "ko", "el",
}


def topic_from_url(url: str | None, rules: SiteRules) -> str | None:
    """Return the section a URL's path names (/english/middleeast/turkey/02012022 -> Turkey)."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    segments = [unquote(s) for s in path.split("/") if s]
    if rules.topic_segment is not None:
        try:
            return _topic_name(segments[rules.topic_segment])
        except IndexError:
            return None
    for seg in reversed(segments[:-1]):
        low = seg.lower()
        if low in _GENERIC_SEGMENTS or not re.fullmatch(r"[a-z][a-z-]{2,24}", low) or low.count("-") > 2:
            continue
        return _topic_name(seg)
    return None


def _topic_name(segment: str) -> str | None:
    words = re.sub(r"[-_]+", " ", segment).strip()
    if not words or re.search(r"\d", words):
        return None
    return " ".join(w.capitalize() for w in words.split())


# A breadcrumb trail above the article: "Home > News > Regional", "Startseite › Politik", "Inicio / Deportes".
_CRUMB_SPLIT = re.compile(r"\s+[>›»/]\s+|\s*[›»]\s*")
_HOME = frozenset({
    "home", "home page", "homepage", "front page", "startseite", "accueil", "inicio", "início", "pagina iniziale",
    "strona główna", "главная", "ana sayfa", "anasayfa", "beranda", "الرئيسية", "الصفحة الرئيسية", "αρχική",
    "首页", "首頁", "ホーム", "홈",
})
_NEWS_WORDS = frozenset({
    "news", "latest news", "noticias", "notícias", "nachrichten", "actualités", "actualites", "actu", "infos",
    "notizie", "nieuws", "wiadomości", "aktualności", "новости", "haberler", "haber", "berita", "ειδήσεις",
    "أخبار", "الأخبار", "新闻", "新聞", "ニュース", "뉴스", "articles", "stories", "habari", "balita", "خبریں",
    "اخبار", "समाचार", "खबरें", "খবর", "সংবাদ", "uutiset", "nyheter", "nyheder", "zprávy", "hírek", "știri", "vijesti",
    "новини", "חדשות", "tin tức", "ข่าว",
})


def topic_from_breadcrumb(blocks: list[str], title: str) -> str | None:
    """Return the section a breadcrumb trail above the article names ("Home > News > Regional" -> Regional):
    its last step that is neither the headline nor a word for news; None when no block is such a trail."""
    for block in blocks:
        if len(block) > 200 or "\n" in block:
            continue
        crumbs = [c.strip() for c in _CRUMB_SPLIT.split(block)]
        if not 2 <= len(crumbs) <= 6 or crumbs[0].lower() not in _HOME:
            continue
        if len(crumbs) > 2 and len(crumbs[-1].split()) >= 3 and \
                title.lower().startswith(crumbs[-1].lower().rstrip(".…")[:40]):
            crumbs.pop()  # the trail ends in the headline, whole or cut short
        if any(not c or len(c) > 40 or len(c.split()) > 5 for c in crumbs):
            continue
        for crumb in reversed(crumbs[1:]):
            if crumb.lower() not in _NEWS_WORDS and crumb.lower() not in _HOME:
                return topic_from_kicker(crumb)
        return None
    return None


# The heading of a page's list of the story's topics ("Related topics", "Suggested Topics:", "Filed under:").
# (A blog's "Categories" widget lists every category of the site: only "Categories:", with its colon, is the
# story's own.)
_TOPICS_HEADING = re.compile(
    r"(?:(?:related|suggested|more) )?topics:?|filed under:?|categor(?:y|ies):|themen:?|thèmes:?|temas:?|"
    r"argomenti:?|onderwerpen:?|meer over:?|tópicos:?|tematy:?|темы:?|konular:?|주제|トピック|话题|話題|temas relacionados:?|"
    r"archivado en:?|arquivado em:?|classé dans:?|ämnen:?|emner:?|aiheet:?|témata:?|témy:?|subiecte:?|témák:?|"
    r"теми:?|נושאים:?|topik(?: terkait)?:?|explore more on (?:this topic|these topics)",
    re.I,
)


def topic_from_list(blocks: list[str], headings: bool = True) -> str | None:
    """Return the first topic a page's list of the story's topics names ("Related topics" then "Bristol", "Bus
    travel" -> Bristol; "Topic: Floods" on one line); None when no block opens such a list (`headings` False:
    when no block is such a line, for above the story, where a heading alone may head a menu)."""
    for i, block in enumerate(blocks):
        if (inline := _TOPICS_INLINE.fullmatch(block.strip())) is not None:
            first = inline.group("values")
        elif headings and i + 1 < len(blocks) and len(block) <= 30 and \
                _TOPICS_HEADING.fullmatch(block.strip().replace("：", ":")):
            first = blocks[i + 1]
        else:
            continue
        first = _LIST_SPLIT.split(first)[0].strip()
        if 2 <= len(first) <= 40 and len(first.split()) <= 4 and not first.endswith((".", ":")) \
                and not names_no_section(first) and not is_clutter(first):
            return topic_from_kicker(first[0].upper() + first[1:])
    return None


# A list of the story's topics on one line: "Topic: Floods", "Topics: Floods, Weather", "Filed under: Floods |".
_LIST_SPLIT = re.compile(r"[,|;·•]")
_TOPICS_INLINE = re.compile(r"(?:topics?|filed under|categor(?:y|ies))\s*[:：]\s*(?P<values>[^:：]{2,200})", re.I)


KICKER_REACH = 8  # blocks above the story where its section's name may stand in capitals


def topic_from_capitals(blocks: list[str], title: str, marked: frozenset[int] = frozenset()) -> str | None:
    """Return the section named in capitals on a line of its own just above the story (`blocks`: those above
    it, the story's first block last), as a page styles its kicker ("ECONOMÍA", "INRIKES", "СУСПІЛЬСТВО"):
    the one such line there, before a long line (the headline, a standfirst) or one of `marked` (a caption,
    the byline; not a date, which a name in capitals may stand above); None when there is none, or several (a
    menu, the labels of teasers)."""
    def section(b: str) -> bool:
        return (3 <= len(b) <= 30 and b.isupper() and len(b.split()) <= 3 and _KICKER_WORDS.fullmatch(b) is not None
                and b != title.strip() and not names_no_section(b) and not is_clutter(b)
                and b.lower() not in meta.BANNERS and not meta.is_agency(b))

    reach = range(max(0, len(blocks) - 1 - KICKER_REACH), len(blocks) - 1)
    found = [i for i in reach if i not in marked and section(blocks[i].strip())]  # (a name in capitals: a byline)
    if len(found) != 1 or not (len(blocks[found[0] + 1].strip()) >= 40 or found[0] + 1 in marked):
        return None
    return topic_from_kicker(blocks[found[0]].strip())


_KICKER_WORDS = re.compile(r"[^\W\d_]+(?:[ &'’-]+[^\W\d_]+)*")


_NO_SECTION = frozenset({
    "all", "general", "uncategorized", "uncategorised", "front page", "frontpage", "top stories", "allgemein",
    "sin categoría", "sem categoria", "non classé", "senza categoria", "без рубрики",
    "post", "posts", "article", "story", "blog", "content", "page", "entry",
})


def names_no_section(name: str) -> bool:
    """Return True for a category a page gives that is no section: "news", "post", "Uncategorized", "All"."""
    low = name.strip().lower()
    return low in _NO_SECTION or low in _NEWS_WORDS or low in _HOME


def topic_from_kicker(kicker: str) -> str:
    """Return a kicker as a topic name: "TURKEY" -> "Turkey"."""
    return " ".join(w.capitalize() for w in kicker.split()) if kicker.isupper() else kicker.strip()
