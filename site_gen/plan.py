"""Plan: the articles -> every page of the site (where it goes, which template, what it shows). Pure.

Output paths are relative POSIX paths inside the output folder (`articles/<slug>/index.html`); templates turn
them into relative links, so the site works at any path of any server and straight from disk.
Everything here is linear in the number of articles: lists are grouped once and sliced, never searched.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping
from urllib.parse import quote

from site_gen.config import SiteConfig
from site_gen.content import Article, slugify, unique_slug
from site_gen.errors import SiteError, SiteGenError

ALSO_IN = 5  # articles in an "Also in <Topic>" box
FEED_SIZE = 20  # newest articles in each Atom feed
SITEMAP_LIMIT = 50_000  # URLs one sitemap file may hold (sitemaps.org)
WORDS_PER_MINUTE = 230
_RTL = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"}
_RTL_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"}


@dataclass(frozen=True)
class Page:
    """One file of the site: where it goes, the template that makes it and what that template is given."""

    path: str
    """Where it goes inside the output folder, as a relative POSIX path (`topics/turkey/index.html`)."""
    template: str
    context: Mapping[str, Any]
    """The template's variables; every page has `title`, `description`, `lang` and `dir`."""
    in_sitemap: bool = False
    modified: datetime | None = None
    """When its content last changed, for the sitemap; None when unknown."""


@dataclass(frozen=True)
class Link:
    """A page named after something: a topic, an author or a tag, and how many articles it lists."""

    name: str
    path: str
    count: int = 0


@dataclass(frozen=True)
class Entry:
    """An article with where its page is and the pages it belongs to: what lists and pages show of it."""

    article: Article
    path: str
    topic: Link | None
    authors: tuple[Link, ...]
    tags: tuple[Link, ...]

    @property
    def dir(self) -> str:
        return direction(self.article.lang)

    @property
    def minutes(self) -> int:
        return max(1, round(self.article.words / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class SitePlan:
    """Every page, and the articles left out with the reason why."""

    pages: tuple[Page, ...]
    errors: tuple[SiteError, ...]
    entries: int


def plan(articles: Iterable[Article], config: SiteConfig, search: bool = True) -> SitePlan:
    """Return every page of the site built from `articles`; refuse two pages with one path."""
    errors: list[SiteError] = []
    ordered = newest_first(articles)
    ordered = _unique_slugs(ordered, errors)
    topics, ordered = _topics(ordered, errors)
    authors = _names((a.authors for a in ordered), "authors")
    tags = _names((a.tags for a in ordered), "tags")
    entries = [
        Entry(a, f"articles/{a.slug}/index.html", topics.get(_key(a.topic)),
              tuple(authors[_key(n)] for n in a.authors), tuple(tags[_key(n)] for n in a.tags))
        for a in ordered
    ]
    by_topic = _group(entries, lambda e: [e.topic] if e.topic else [])
    site = _Pages(config)
    site.article_pages(entries, by_topic)
    site.lists(entries, "", "home.html", "Latest news", config.description, feed="feed.xml")
    site.topic_pages(by_topic)
    for link, members in _group(entries, lambda e: e.authors).items():
        site.lists(members, _folder(link.path), "author.html", link.name, f"Articles by {link.name}",
                   label=f"Articles by {link.name}", author=link)
    for link, members in _group(entries, lambda e: e.tags).items():
        site.lists(members, _folder(link.path), "tag.html", link.name, f"Articles tagged {link.name}",
                   label=f"Tagged {link.name}", tag=link)
    site.feed("feed.xml", config.title, "index.html", entries)
    site.extras(search)
    return SitePlan(site.checked(), tuple(errors), len(entries))


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Return the articles newest first, undated last, ties in a stable order."""
    return sorted(articles, key=lambda a: (a.date is None, -a.date.timestamp() if a.date else 0, a.slug, a.path))


def direction(lang: str) -> str:
    """Return "rtl" for languages written right to left, else "ltr"."""
    parts = lang.lower().split("-")
    rtl = parts[0] in _RTL or "-".join(parts[:2]) in _RTL or any(p in _RTL_SCRIPTS for p in parts[1:])
    return "rtl" if rtl else "ltr"


def absolute_url(config: SiteConfig, path: str) -> str:
    """Return the public URL of an output path (`index.html` left off), or "" when the site has no base_url."""
    if not config.base_url:
        return ""
    path = path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path
    return config.base_url + quote(path)


def _key(name: str) -> str:
    """Names that differ only in case or spacing are one name."""
    return " ".join(name.split()).casefold()


def _folder(index_path: str) -> str:
    return index_path[: -len("index.html")]


def _unique_slugs(ordered: list[Article], errors: list[SiteError]) -> list[Article]:
    owner: dict[str, Article] = {}
    for a in sorted(ordered, key=lambda a: a.path):
        if a.slug in owner:
            errors.append(SiteError(a.path, f"slug {a.slug!r} is already used by {owner[a.slug].path}; skipped"))
        else:
            owner[a.slug] = a
    return [a for a in ordered if owner[a.slug] is a]


def _spelling(spellings: Counter[str]) -> str:
    """The most used way of writing a name (ties: the first in sorted order)."""
    return min(spellings, key=lambda s: (-spellings[s], s))


def _topics(ordered: list[Article], errors: list[SiteError]) -> tuple[dict[str, Link], list[Article]]:
    """Return topic links by key and the articles kept: topics that would share a URL are an error."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for a in ordered:
        if a.topic:
            spellings[_key(a.topic)][a.topic] += 1
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key, names in spellings.items():
        by_slug[slugify(_spelling(names), fallback="topic")].append(key)
    links: dict[str, Link] = {}
    dropped: set[str] = set()
    for slug, keys in by_slug.items():
        keys.sort(key=lambda k: (-sum(spellings[k].values()), k))
        winner = _spelling(spellings[keys[0]])
        links[keys[0]] = Link(winner, f"topics/{slug}/index.html", sum(spellings[keys[0]].values()))
        for loser in keys[1:]:
            name, count = _spelling(spellings[loser]), sum(spellings[loser].values())
            first = next(a for a in ordered if _key(a.topic) == loser)
            errors.append(SiteError(first.path, (
                f"topic {name!r} would share the page topics/{slug}/ with topic {winner!r}; "
                f"rename one of them ({count} article{'s' * (count != 1)} skipped)")))
            dropped.add(loser)
    return links, [a for a in ordered if not a.topic or _key(a.topic) not in dropped]


def _names(lists: Iterable[tuple[str, ...]], folder: str) -> dict[str, Link]:
    """Return a link for each author (or tag) by key; names that share a slug get `-2`, `-3`..."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for names in lists:
        for name in names:
            spellings[_key(name)][name] += 1
    links, taken = {}, set()
    for key in sorted(spellings):
        name = _spelling(spellings[key])
        slug = unique_slug(slugify(name, fallback="name"), taken)
        taken.add(slug)
        links[key] = Link(name, f"{folder}/{slug}/index.html", sum(spellings[key].values()))
    return links


def _group(entries: list[Entry], keys) -> dict[Link, list[Entry]]:
    """Return the entries under each link `keys(entry)` gives, in the entries' order (newest first)."""
    groups: dict[Link, list[Entry]] = defaultdict(list)
    for e in entries:
        for link in keys(e):
            groups[link].append(e)
    return dict(sorted(groups.items(), key=lambda kv: kv[0].path))


def _related(entries: list[Entry]) -> dict[str, Entry]:
    by_title: dict[str, Entry] = {}
    for e in entries:
        by_title.setdefault(_key(e.article.title), e)
    return by_title


class _Pages:
    """Collects pages; each method adds one kind of page."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self.pages: list[Page] = []
        self.sitemap_dates: list[datetime] = []

    def add(self, path: str, template: str, title: str, description: str, in_sitemap: bool = True,
            modified: datetime | None = None, lang: str = "", label: str = "", **context: Any) -> None:
        """Add a page; its <title> is `label` (else `title`) and the site's name, unique across the site."""
        lang = lang or self.config.language
        head_title = self.config.title if path == "index.html" else f"{label or title} | {self.config.title}"
        context.setdefault("canonical", absolute_url(self.config, path))
        context.update(site=self.config, title=title, head_title=head_title, description=description, lang=lang,
                       dir=direction(lang))
        self.pages.append(Page(path, template, context, in_sitemap, modified))

    def article_pages(self, entries: list[Entry], by_topic: dict[Link, list[Entry]]) -> None:
        titles = _related(entries)
        around: dict[str, tuple[Entry | None, Entry | None, list[Entry]]] = {}
        for members in by_topic.values():
            top = members[: ALSO_IN + 1]  # the box shows these, less the article itself: once per topic
            for i, e in enumerate(members):
                newer = members[i - 1] if i else None
                older = members[i + 1] if i + 1 < len(members) else None
                around[e.path] = (newer, older, [m for m in top if m is not e][:ALSO_IN])
        for e in entries:
            a = e.article
            newer, older, also = around.get(e.path, (None, None, []))
            related = [(h, titles.get(_key(h))) for h in a.related]
            self.add(e.path, "article.html", a.title, a.summary, modified=a.date, entry=e, article=a,
                     newer=newer, older=older, also=also, related=related, ld=self.json_ld(e))

    def json_ld(self, e: Entry) -> dict[str, Any]:
        """Return the schema.org NewsArticle description of an article."""
        a = e.article
        ld: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                              "inLanguage": a.lang}
        if a.date:
            ld["datePublished"] = a.date.isoformat()
        if a.authors:
            ld["author"] = [{"@type": "Person", "name": n} for n in a.authors]
        elif a.source:
            ld["author"] = {"@type": "Organization", "name": a.source}
        if e.topic:
            ld["articleSection"] = e.topic.name
        if a.source_url:
            ld["isBasedOn"] = a.source_url
        if a.summary:
            ld["description"] = a.summary
        if a.tags:
            ld["keywords"] = list(a.tags)
        if url := absolute_url(self.config, e.path):
            ld["url"] = ld["mainEntityOfPage"] = url
        ld["publisher"] = {"@type": "Organization", "name": self.config.title}
        return ld

    def lists(self, entries: list[Entry], folder: str, template: str, name: str, description: str,
              feed: str = "", label: str = "", **context: Any) -> None:
        """Add paginated lists of `entries` at `folder`index.html, `folder`page/2/index.html..."""
        per = self.config.per_page
        chunks = [entries[i:i + per] for i in range(0, len(entries), per)] or [[]]
        paths = [f"{folder}index.html"] + [f"{folder}page/{n}/index.html" for n in range(2, len(chunks) + 1)]
        for n, (path, chunk) in enumerate(zip(paths, chunks), start=1):
            title = name if n == 1 else f"{name}, page {n} of {len(chunks)}"
            page_label = (label if n == 1 else f"{label}, page {n} of {len(chunks)}") if label else ""
            self.add(path, template, title, description, label=page_label, name=name, entries=chunk,
                     number=n, count=len(chunks), total=len(entries), feed=feed,
                     newer=paths[n - 2] if n > 1 else "", older=paths[n] if n < len(chunks) else "",
                     modified=chunk[0].article.date if chunk else None, **context)

    def topic_pages(self, by_topic: dict[Link, list[Entry]]) -> None:
        topics = sorted(by_topic, key=lambda link: (_key(link.name), link.path))
        self.add("topics/index.html", "topics.html", "Topics", f"All topics of {self.config.title}", topics=topics)
        for link, members in by_topic.items():
            folder = _folder(link.path)
            self.lists(members, folder, "topic.html", link.name, f"The latest articles about {link.name}",
                       feed=f"{folder}feed.xml", topic=link)
            self.feed(f"{folder}feed.xml", f"{link.name} | {self.config.title}", link.path, members)

    def feed(self, path: str, title: str, alternate: str, entries: list[Entry]) -> None:
        dated = [e for e in entries if e.article.date][:FEED_SIZE]
        updated = dated[0].article.date if dated else None
        self.add(path, "atom.xml", title, self.config.description, in_sitemap=False, entries=dated,
                 updated=updated, alternate=alternate)

    def extras(self, search: bool) -> None:
        self.add("search/index.html", "search.html", "Search", f"Search {self.config.title}", in_sitemap=False,
                 search_enabled=search)
        # A server shows 404.html at any missing address, at any depth: relative links would miss, so with a
        # base_url its links start from the root path it names (without one they work at the top level only).
        self.add("404.html", "404.html", "Page not found", "There is no page at this address.", in_sitemap=False,
                 absolute_links=True, canonical="")
        if self.config.base_url:
            self.sitemaps()
        self.add("robots.txt", "robots.txt", "robots.txt", "", in_sitemap=False,
                 sitemap=absolute_url(self.config, "sitemap.xml"))

    def sitemaps(self) -> None:
        """Add sitemap.xml: one list of URLs, or an index of several when there are too many for one file."""
        pages = [p for p in self.pages if p.in_sitemap]
        chunks = [pages[i:i + SITEMAP_LIMIT] for i in range(0, len(pages), SITEMAP_LIMIT)]
        if len(chunks) <= 1:
            self.add("sitemap.xml", "sitemap.xml", "Sitemap", "", in_sitemap=False, pages=pages, index=[])
            return
        parts = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
        for part, chunk in zip(parts, chunks):
            self.add(part, "sitemap.xml", "Sitemap", "", in_sitemap=False, pages=chunk, index=[])
        self.add("sitemap.xml", "sitemap.xml", "Sitemap index", "", in_sitemap=False, pages=[], index=parts)

    def checked(self) -> tuple[Page, ...]:
        """Return the pages; two pages with one path would overwrite each other, so that stops the build."""
        seen: dict[str, Page] = {}
        for page in self.pages:
            if not _SAFE_PATH.fullmatch(page.path) or ".." in page.path.split("/"):
                raise SiteGenError(None, f"internal error: unsafe output path {page.path!r}")
            if page.path.casefold() in seen:
                raise SiteGenError(None, f"two pages would be written to {page.path} "
                                         f"({seen[page.path.casefold()].template} and {page.template})")
            seen[page.path.casefold()] = page
        return tuple(self.pages)


_SAFE_PATH = re.compile(r"[^/\\\x00][^\\\x00]*")
