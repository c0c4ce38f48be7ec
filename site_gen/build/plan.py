"""Plan: the articles -> every page of the site (where it goes, which template, what it shows). Pure.

Output paths are relative POSIX paths inside the output folder (`articles/<slug>/index.html`); templates turn
them into relative links, so the site works at any path of any server and straight from disk.
Everything here is linear in the number of articles: lists are grouped once and sliced, never searched.

A page's template variables are made only when asked for (`Page.context`): a rebuild compares each page's
`key`, the data its variables are made from, with the last build's and renders only the pages whose key
changed. Keys name articles by tokens: an entry's `card` covers every field of it but its body (what lists,
boxes and neighbours show), its `full` token the body too (its own page, feeds). Lists and boxes may show any
field of an article except its body.
"""

from __future__ import annotations

import hashlib
import marshal
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from itertools import islice
from typing import Any, Callable, Collection, Iterable, Mapping
from urllib.parse import quote

from site_gen.config import SiteConfig
from site_gen.content import Article, free_slug, slugify, with_digest
from site_gen.errors import SiteError, SiteGenError

ALSO_IN = 5  # articles in an "Also in <Topic>" box
FEED_SIZE = 20  # newest articles in each Atom feed
SITEMAP_LIMIT = 50_000  # URLs one sitemap file may hold (sitemaps.org)
WORDS_PER_MINUTE = 230
_RTL = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"}
_RTL_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"}


class Page:
    """One file of the site: where it goes, the template that makes it and what that template is given."""

    __slots__ = ("path", "template", "in_sitemap", "modified", "key", "refs", "_context", "_make")

    def __init__(self, path: str, template: str, context: Mapping[str, Any] | None = None, in_sitemap: bool = False,
                 modified: datetime | None = None, key: tuple | None = None,
                 make: Callable[[], Mapping[str, Any]] | None = None, refs: tuple = ()):
        self.path = path
        """Where it goes inside the output folder, as a relative POSIX path (`topics/turkey/index.html`)."""
        self.template = template
        self.in_sitemap = in_sitemap
        self.modified = modified
        """When its content last changed, for the sitemap; None when unknown."""
        self.key = key
        """Plain data (tokens, text, numbers) that its variables are made from, besides the settings; None: unknown."""
        self.refs = refs
        """The entries (some None) whose tokens are in `key`: the page changes when one of them does."""
        self._context = context
        self._make = make

    @property
    def context(self) -> Mapping[str, Any]:
        """The template's variables; every page has `title`, `description`, `lang` and `dir`."""
        if self._context is None:
            self._context = self._make()
        return self._context

    def forget(self) -> None:
        """Let go of variables made on demand (they can be made again): a build keeps no rendered page's."""
        if self._make is not None:
            self._context = None

    def __repr__(self) -> str:
        return f"Page({self.path!r}, {self.template!r})"


@dataclass(frozen=True, eq=False)  # one object per name: compared and hashed by identity, which is fast
class Link:
    """A page named after something: a topic, an author or a tag, and how many articles it lists."""

    name: str
    path: str
    count: int = 0

    def __post_init__(self):
        token = (self.name, self.path, self.count)
        object.__setattr__(self, "token", token)
        object.__setattr__(self, "digest", hashlib.blake2b(marshal.dumps(token, 2), digest_size=8).digest())


class Entry:
    """An article with where its page is and the pages it belongs to: what lists and pages show of it.

    One is made per article on every plan: a plain class with slots, which is quicker to make than a frozen
    dataclass. Entries are compared by identity.
    """

    __slots__ = ("article", "path", "topic", "authors", "tags", "_card", "_source")

    def __init__(self, article: Article | None, path: str, topic: Link | None, authors: tuple[Link, ...],
                 tags: tuple[Link, ...], source: Any = None):
        if article is not None:
            self.article = article
        self.path = path
        self.topic = topic
        self.authors = authors
        self.tags = tags
        self._card = b""
        self._source = source
        """For an entry of a kept layout (`Layout.restore`): where its article is, decoded when first shown."""

    def __getattr__(self, name: str) -> Any:
        if name == "article" and self._source is not None:  # an entry of a kept layout, its article unread
            article = self.article = self._source.article
            return article
        raise AttributeError(name)

    @property
    def card(self) -> bytes:
        """A token of all of the above but the article's body (what lists and boxes show of it).

        Made when first asked for: a plan of a few pages asks for a few."""
        if not self._card:
            # The article's digest (every field, the slug and so the page path too) and the links' digests.
            a, topic = self.article, self.topic
            self._card = b"|".join([a.digest or with_digest(a).digest, topic.digest if topic else b"",
                                    b"".join([x.digest for x in self.authors]),
                                    b"".join([x.digest for x in self.tags])])
        return self._card

    @property
    def full(self) -> bytes:
        """A token of everything, the body too (what its own page and the feeds show)."""
        return self.card + self.article.body.digest

    @property
    def dir(self) -> str:
        return direction(self.article.lang)

    @property
    def minutes(self) -> int:
        return max(1, round(self.article.words / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class SitePlan:
    """Every page (or those asked for), and the articles left out with the reason why."""

    pages: tuple[Page, ...]
    errors: tuple[SiteError, ...]
    entries: int
    layout: "Layout | None" = None


def plan(articles: Iterable[Article] | None, config: SiteConfig, search: bool = True,
         only: Collection[str] | None = None, reads: Mapping[str, frozenset[str] | None] | None = None,
         layout: "Layout | None" = None) -> SitePlan:
    """Return every page of the site built from `articles`; refuse two pages with one path.

    With `only`, the site is laid out the same way but only the pages at those paths are made (a rebuild
    after edits that leave the layout as it was needs no others; see `layout_fields`), from the `layout` of
    the articles when given (`Layout.restore`) instead of the articles. The sitemap lists every page: it is
    never made then. `reads` says, by template, the variables it reads (when known): keys leave out the
    others.
    """
    if layout is None:
        layout = Layout(tuple(articles))
    entries, by_topic = layout.entries, layout.by_topic
    site = _Pages(config, only, reads or {})
    site.article_pages(entries, by_topic, layout.titles)
    site.lists(entries, "", "home.html", "Latest news", config.description, feed="feed.xml")
    site.topic_pages(by_topic)
    for link, members in (layout.group("authors") if site.wants_under("authors/") else {}).items():
        site.lists(members, _folder(link.path), "author.html", link.name, f"Articles by {link.name}",
                   label=f"Articles by {link.name}", link=("author", link))
    for link, members in (layout.group("tags") if site.wants_under("tags/") else {}).items():
        site.lists(members, _folder(link.path), "tag.html", link.name, f"Articles tagged {link.name}",
                   label=f"Tagged {link.name}", link=("tag", link))
    site.feed("feed.xml", config.title, "index.html", entries)
    site.extras(search)
    return SitePlan(site.checked(), tuple(layout.errors), len(entries), layout)


class Layout:
    """The articles in order, as entries grouped by topic (and by author and tag when asked): the part of a
    plan that depends only on `layout_fields`. It is kept (`plain`) with the build's state: a rebuild whose
    edits keep the layout takes it back (`restore`) instead of sorting and grouping every article again.
    """

    def __init__(self, articles: tuple[Article, ...]):
        self.errors: list[SiteError] = []
        ordered = _unique_slugs(newest_first(articles), self.errors)
        topics, ordered = _topics(ordered, self.errors)
        authors = _names([n for a in ordered for n in a.authors], "authors")
        tags = _names([n for a in ordered for n in a.tags], "tags")
        self.entries = [_entry(a, topics.get(a.topic), tuple([authors[n] for n in a.authors]),
                               tuple([tags[n] for n in a.tags])) for a in ordered]
        self.by_topic = _group(self.entries, lambda e: [e.topic] if e.topic else [])
        self.titles = any(a.related for a in articles)
        """True when some article names related headlines: they are matched by title."""
        self._groups: dict[str, dict[Link, list[Entry]]] = {}

    def refresh(self, data: tuple, sources: Mapping[str, Any]) -> None:
        """Put in the articles of `sources` that changed since this layout was restored from `data`."""
        for e, kept in zip(self.entries, data[2]):
            source = sources[kept[0]]
            if e._source is not source:
                e._source, e._card = source, b""
                try:
                    del e.article  # read again from the new source when shown
                except AttributeError:
                    pass  # not read yet

    def group(self, field: str) -> dict[Link, list[Entry]]:
        """Return the entries by author (`field` "authors") or by tag ("tags")."""
        if field not in self._groups:
            self._groups[field] = _group(self.entries, lambda e: getattr(e, field))
        return self._groups[field]

    def plain(self, names: Mapping[str, str], pages: Mapping[str, int]) -> tuple:
        """Return the layout as plain data; `names` gives the name its source has by each article's path, and
        `pages` the index of each page path (an entry's is kept as that index)."""
        links: dict[Link, int] = {}
        for e in self.entries:
            for link in (e.topic, *e.authors, *e.tags):
                if link is not None and link not in links:
                    links[link] = len(links)
        entries = [(names[e.article.path], pages[e.path], links[e.topic] if e.topic else -1,
                    tuple([links[x] for x in e.authors]), tuple([links[x] for x in e.tags])) for e in self.entries]
        at = {id(e): i for i, e in enumerate(self.entries)}
        groups = {field: [(links[link], [at[id(e)] for e in members]) for link, members in grouped.items()]
                  for field, grouped in (("topics", self.by_topic), ("authors", self.group("authors")),
                                         ("tags", self.group("tags")))}
        return (self.titles, [(x.name, x.path, x.count) for x in links], entries, groups,
                [(e.path, e.message, e.line) for e in self.errors])

    @classmethod
    def restore(cls, data: tuple, paths: list[str], sources: Mapping[str, Any]) -> "Layout":
        """Return the layout `plain` gave, its entries' articles taken from `sources` (by name) when shown;
        `paths` are the pages' paths `plain` was given the indexes of."""
        titles, links, entries, groups, errors = data
        made = [Link(*x) for x in links]
        named: dict[tuple[int, ...], tuple[Link, ...]] = {}  # articles share their authors and tags

        def names(indexes: tuple[int, ...]) -> tuple[Link, ...]:
            found = named.get(indexes)
            if found is None:
                found = named[indexes] = tuple([made[i] for i in indexes])
            return found

        layout = object.__new__(cls)
        layout.errors = [SiteError(*e) for e in errors]
        layout.entries = made_entries = [
            Entry(None, paths[page], made[topic] if topic >= 0 else None, names(authors), names(tags), sources[name])
            for name, page, topic, authors, tags in entries]
        grouped = {field: {made[link]: [made_entries[i] for i in members] for link, members in pairs}
                   for field, pairs in groups.items()}
        layout.by_topic = grouped.pop("topics")
        layout.titles = titles
        layout._groups = grouped
        return layout


def layout_fields(a: Article, titles: bool) -> tuple:
    """Return what of an article decides the site's layout: which pages there are, in what order, and which
    articles each page shows (its title too when some article names related headlines, which are matched by
    title). An edit that keeps these changes what pages show, never where or which."""
    when = a.date
    return (a.slug, when and when.isoformat(), a.topic, a.authors, a.tags, a.related, titles and a.title)


def _entry(a: Article, topic: Link | None, authors: tuple[Link, ...], tags: tuple[Link, ...]) -> Entry:
    return Entry(a, f"articles/{a.slug}/index.html", topic, authors, tags)


def _cards(entries: Iterable[Entry | None]) -> tuple:
    return tuple([e.card if e is not None else None for e in entries])


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Return the articles newest first, undated last, ties in a stable order."""
    return sorted(articles, key=lambda a: (a.date is None, -a.date.timestamp() if a.date else 0, a.slug, a.path))


@lru_cache(maxsize=1024)
def direction(lang: str) -> str:
    """Return "rtl" for languages written right to left, else "ltr" (asked for on every entry shown)."""
    parts = lang.lower().split("-")
    rtl = parts[0] in _RTL or "-".join(parts[:2]) in _RTL or any(p in _RTL_SCRIPTS for p in parts[1:])
    return "rtl" if rtl else "ltr"


def absolute_url(config: SiteConfig, path: str) -> str:
    """Return the public URL of an output path (`index.html` left off), or "" when the site has no base_url."""
    if not config.base_url:
        return ""
    path = path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path
    return config.base_url + quote(path)


def _key(name: str, _known: dict[str, str] = {}) -> str:  # noqa: B006 - a memo: names repeat across articles
    """Names that differ only in case or spacing are one name."""
    key = _known.get(name)
    if key is None:
        if len(_known) > 1_000_000:
            _known.clear()
        key = _known[name] = " ".join(name.split()).casefold()
    return key


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


def _by_key(counts: Counter[str]) -> dict[str, Counter[str]]:
    """Group the spellings of names (with how often each is used) by the name they spell."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for spelling, n in counts.items():
        spellings[_key(spelling)][spelling] = n
    return spellings


def _topics(ordered: list[Article], errors: list[SiteError]) -> tuple[dict[str, Link], list[Article]]:
    """Return topic links by spelling and the articles kept: topics that would share a URL are an error."""
    spellings = _by_key(Counter([a.topic for a in ordered if a.topic]))
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key, names in spellings.items():
        by_slug[slugify(_spelling(names), fallback="topic")].append(key)
    links: dict[str, Link] = {}
    dropped: set[str] = set()
    for slug, keys in by_slug.items():
        keys.sort(key=lambda k: (-sum(spellings[k].values()), k))
        winner = _spelling(spellings[keys[0]])
        link = Link(winner, f"topics/{slug}/index.html", sum(spellings[keys[0]].values()))
        links.update(dict.fromkeys(spellings[keys[0]], link))
        for loser in keys[1:]:
            name, count = _spelling(spellings[loser]), sum(spellings[loser].values())
            first = next(a for a in ordered if a.topic and _key(a.topic) == loser)
            errors.append(SiteError(first.path, (
                f"topic {name!r} would share the page topics/{slug}/ with topic {winner!r}; "
                f"rename one of them ({count} article{'s' * (count != 1)} skipped)")))
            dropped.update(spellings[loser])
    return links, [a for a in ordered if a.topic not in dropped] if dropped else ordered


def _names(names: list[str], folder: str) -> dict[str, Link]:
    """Return a link for each author (or tag) by spelling; names that share a slug get `-2`, `-3`..."""
    spellings = _by_key(Counter(names))
    links, taken = {}, set()
    for key in sorted(spellings):
        name = _spelling(spellings[key])
        slug = free_slug(slugify(name, fallback="name"), taken)
        taken.add(slug.lower())
        links.update(dict.fromkeys(spellings[key], Link(name, f"{folder}/{slug}/index.html",
                                                        sum(spellings[key].values()))))
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
    """Collects pages; each method adds one kind of page, with its key and how to make its variables."""

    def __init__(self, config: SiteConfig, only: Collection[str] | None = None,
                 reads: Mapping[str, frozenset[str] | None] = {}):  # noqa: B006 - read only
        self.config = config
        self.only = only
        self.reads = reads
        self.pages: list[Page] = []

    def skips(self, path: str) -> bool:
        """Return True when the page at `path` is not to be made (see `plan`'s `only`)."""
        return self.only is not None and path not in self.only

    def wants_under(self, folder: str) -> bool:
        """Return True when a page in `folder` is to be made."""
        return self.only is None or any(path.startswith(folder) for path in self.only)

    def add(self, path: str, template: str, title: str, description: str, in_sitemap: bool = True,
            modified: datetime | None = None, lang: str = "", label: str = "", **context: Any) -> None:
        """Add a page with the variables given (made now: for pages of one of a kind, and for tests)."""
        variables = self.variables(path, title, description, lang, label, context)
        self.pages.append(Page(path, template, variables, in_sitemap, modified))

    def lazy(self, path: str, template: str, key: tuple, make: Callable[..., dict], *args: Any,
             in_sitemap: bool = True, modified: Entry | None = None, refs: Iterable[Entry | None] = ()) -> None:
        """Add a page whose variables `make(*args)` gives when asked for; `key` is the data they depend on.

        `modified` is the entry whose date says when the page last changed; `refs` the entries whose tokens
        are in `key`.
        """
        if self.skips(path):
            return
        self.pages.append(Page(path, template, None, in_sitemap, modified and modified.article.date, key,
                               partial(make, path, *args), tuple(refs)))

    def variables(self, path: str, title: str, description: str, lang: str, label: str,
                  context: dict[str, Any]) -> dict[str, Any]:
        """Return a page's variables: `context` and what every page has; <title> is `label` (else `title`)."""
        lang = lang or self.config.language
        head_title = self.config.title if path == "index.html" else f"{label or title} | {self.config.title}"
        context.setdefault("canonical", absolute_url(self.config, path))
        context.update(site=self.config, title=title, head_title=head_title, description=description, lang=lang,
                       dir=direction(lang))
        return context

    # -- articles -----------------------------------------------------------------------------------------

    def article_pages(self, entries: list[Entry], by_topic: dict[Link, list[Entry]], titled: bool) -> None:
        titles = _related(entries) if titled else {}
        wanted = entries if self.only is None else [e for e in entries if e.path in self.only]
        spots: dict[str, tuple[list[Entry], int]] = {}  # by entry path: its topic's entries, and where it is
        if self.only is None:
            for members in by_topic.values():
                for i, e in enumerate(members):
                    spots[e.path] = (members, i)
        else:
            for e in wanted:
                if e.topic is not None:
                    members = by_topic[e.topic]
                    spots[e.path] = (members, members.index(e))
        shared: dict[int, tuple[list[Entry], tuple]] = {}  # by topic: the box all but its newest articles show
        for e in wanted:
            members, i = spots.get(e.path, (None, 0))
            if members is None:
                newer = older = None
                also, cards = [], ()
            else:
                newer = members[i - 1] if i else None
                older = members[i + 1] if i < len(members) - 1 else None
                if i > ALSO_IN:  # the box shows the topic's newest, less the article itself: once per topic
                    also, cards = shared.get(id(members)) or shared.setdefault(
                        id(members), (members[:ALSO_IN], _cards(members[:ALSO_IN])))
                else:
                    also = [m for m in members[: ALSO_IN + 1] if m is not e][:ALSO_IN]
                    cards = _cards(also)
            related = [(h, titles.get(_key(h))) for h in e.article.related]
            key = ("article", e.full, newer and newer.card, older and older.card, cards,
                   [(h, r and r.card) for h, r in related])
            self.lazy(e.path, "article.html", key, self.article, e, newer, older, also, related, modified=e,
                      refs=(e, newer, older, *also, *[r for _, r in related]))

    def article(self, path: str, e: Entry, newer: Entry | None, older: Entry | None, also: list[Entry],
                related: list[tuple[str, Entry | None]]) -> dict[str, Any]:
        a = e.article
        return self.variables(path, a.title, a.summary, "", "", dict(
            entry=e, article=a, newer=newer, older=older, also=also, related=related, ld=self.json_ld(e)))

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

    # -- lists --------------------------------------------------------------------------------------------

    def lists(self, entries: list[Entry], folder: str, template: str, name: str, description: str,
              feed: str = "", label: str = "", link: tuple[str, Link] | None = None) -> None:
        """Add paginated lists of `entries` at `folder`index.html, `folder`page/2/index.html..."""
        per = self.config.per_page
        count = max(1, -(-len(entries) // per))
        paths = [f"{folder}index.html"] + [f"{folder}page/{n}/index.html" for n in range(2, count + 1)]
        reads = self.reads.get(template)
        total = len(entries) if reads is None or "total" in reads else None  # the home page does not show it
        fixed = (template, name, description, feed, label, count, total, link[1].token if link else None)
        for n, path in enumerate(paths, start=1):
            if self.skips(path):
                continue
            chunk = entries[(n - 1) * per:n * per]
            self.lazy(path, template, ("list", fixed, n, _cards(chunk)), self.list_page, entries, n, paths, name,
                      description, feed, label, link, modified=chunk[0] if chunk else None, refs=chunk)

    def list_page(self, path: str, entries: list[Entry], n: int, paths: list[str], name: str, description: str,
                  feed: str, label: str, link: tuple[str, Link] | None) -> dict[str, Any]:
        per, count = self.config.per_page, len(paths)
        title = name if n == 1 else f"{name}, page {n} of {count}"
        page_label = (label if n == 1 else f"{label}, page {n} of {count}") if label else ""
        context = dict(name=name, entries=entries[(n - 1) * per:n * per], number=n, count=count,
                       total=len(entries), feed=feed, newer=paths[n - 2] if n > 1 else "",
                       older=paths[n] if n < count else "")
        if link:
            context[link[0]] = link[1]
        return self.variables(path, title, description, "", page_label, context)

    def topic_pages(self, by_topic: dict[Link, list[Entry]]) -> None:
        topics = sorted(by_topic, key=lambda link: (_key(link.name), link.path))
        self.lazy("topics/index.html", "topics.html", ("topics", tuple(t.token for t in topics)), self.topics,
                  topics)
        for link, members in by_topic.items():
            folder = _folder(link.path)
            self.lists(members, folder, "topic.html", link.name, f"The latest articles about {link.name}",
                       feed=f"{folder}feed.xml", link=("topic", link))
            self.feed(f"{folder}feed.xml", f"{link.name} | {self.config.title}", link.path, members)

    def topics(self, path: str, topics: list[Link]) -> dict[str, Any]:
        return self.variables(path, "Topics", f"All topics of {self.config.title}", "", "", dict(topics=topics))

    def feed(self, path: str, title: str, alternate: str, entries: list[Entry]) -> None:
        if self.skips(path):
            return
        dated = list(islice((e for e in entries if e.article.date), FEED_SIZE))
        self.lazy(path, "atom.xml", ("feed", title, alternate, tuple(e.full for e in dated)), self.feed_page,
                  title, alternate, dated, in_sitemap=False, refs=dated)

    def feed_page(self, path: str, title: str, alternate: str, dated: list[Entry]) -> dict[str, Any]:
        updated = dated[0].article.date if dated else None
        return self.variables(path, title, self.config.description, "", "",
                              dict(entries=dated, updated=updated, alternate=alternate))

    # -- the rest -----------------------------------------------------------------------------------------

    def extras(self, search: bool) -> None:
        self.lazy("search/index.html", "search.html", ("search", search), self.fixed, "Search",
                  f"Search {self.config.title}", dict(search_enabled=search), in_sitemap=False)
        # A server shows 404.html at any missing address, at any depth: relative links would miss, so with a
        # base_url its links start from the root path it names (without one they work at the top level only).
        self.lazy("404.html", "404.html", ("404",), self.fixed, "Page not found", "There is no page at this address.",
                  dict(absolute_links=True, canonical=""), in_sitemap=False)
        if self.config.base_url and self.only is None:
            self.sitemaps()
        self.lazy("robots.txt", "robots.txt", ("robots",), self.fixed, "robots.txt", "",
                  dict(sitemap=absolute_url(self.config, "sitemap.xml")), in_sitemap=False)

    def fixed(self, path: str, title: str, description: str, context: dict[str, Any]) -> dict[str, Any]:
        return self.variables(path, title, description, "", "", dict(context))

    def sitemaps(self) -> None:
        """Add sitemap.xml: one list of URLs, or an index of several when there are too many for one file."""
        pages = [p for p in self.pages if p.in_sitemap]
        chunks = [pages[i:i + SITEMAP_LIMIT] for i in range(0, len(pages), SITEMAP_LIMIT)]
        if len(chunks) <= 1:
            self.sitemap("sitemap.xml", pages, [])
            return
        parts = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
        for part, chunk in zip(parts, chunks):
            self.sitemap(part, chunk, [])
        self.sitemap("sitemap.xml", [], parts, "Sitemap index")

    def sitemap(self, path: str, pages: list[Page], index: list[str], title: str = "Sitemap") -> None:
        known: dict[int, str] = {}  # pages share their articles' dates: spell each once
        urls = [(p.path, p.modified and (known.get(id(p.modified)) or known.setdefault(id(p.modified),
                                                                                      p.modified.isoformat())))
                for p in pages]
        self.lazy(path, "sitemap.xml", ("sitemap", title, urls, tuple(index)), self.fixed, title, "",
                  dict(pages=pages, index=index), in_sitemap=False)

    def checked(self) -> tuple[Page, ...]:
        """Return the pages; two pages with one path would overwrite each other, so that stops the build."""
        seen: dict[str, Page] = {}
        for page in self.pages:
            path = page.path
            if not path or path[0] == "/" or "\\" in path or "\x00" in path or "/../" in f"/{path}/":
                raise SiteGenError(None, f"internal error: unsafe output path {page.path!r}")
            folded = page.path.casefold()
            if folded in seen:
                raise SiteGenError(None, f"two pages would be written to {page.path} "
                                         f"({seen[folded].template} and {page.template})")
            seen[folded] = page
        return tuple(self.pages)

