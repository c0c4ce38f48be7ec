"""Plan: the articles -> every page of the site (where it goes, which template, what it shows). Pure.

Output paths are relative POSIX paths inside the output folder (`articles/<slug>/index.html`); templates turn
them into relative links, so the site works at any path of any server and straight from disk.
Everything here is linear in the number of articles: lists are grouped once and sliced, never searched.

A page's template variables are made only when asked for (`Page.context`): a rebuild compares each page's
`key`, the data its variables are made from, with the last build's and renders only the pages whose key
changed. Keys name articles by tokens: an entry's `card` covers every field of it but its body (what lists,
boxes and neighbours show), its `full` token the body too (its own page, feeds: `Page.bodies`). Any other
body a page's templates read is recorded while it renders (`render.Renderer.render`), and the page is made
again when one of those changes: a template of one's own may show anything.

Titles and descriptions made here are in the site's language, from the same catalogues as the templates' words
(`_Pages._`); `babel.cfg` has pybabel look for them in this module and in `archive`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache, partial
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterable, Mapping
from urllib.parse import quote

from site_gen.build import media
from site_gen.build.layout import Entry, Layout, Link, name_key
from site_gen.build.archive import date_pages, front_page, source_pages
from site_gen.build.i18n import N_
from site_gen.build.related import Titles
from site_gen.config import SiteConfig
from site_gen.content import Article, direction
from site_gen.errors import SiteError, SiteGenError

if TYPE_CHECKING:
    from site_gen.build.i18n import Chrome

ALSO_IN = 5  # articles in an "Also in <Topic>" box
FEED_SIZE = 20  # newest articles in each Atom feed
SITEMAP_LIMIT = 50_000  # URLs one sitemap file may hold (sitemaps.org)


class Page:
    """One file of the site: where it goes, the template that makes it and what that template is given."""

    __slots__ = ("path", "template", "in_sitemap", "modified", "key", "refs", "bodies", "kept", "_context", "_make")

    def __init__(self, path: str, template: str, context: Mapping[str, Any] | None = None, in_sitemap: bool = False,
                 modified: datetime | None = None, key: tuple | None = None,
                 make: Callable[[], Mapping[str, Any]] | None = None, refs: tuple = (), bodies: tuple = (),
                 kept: bool = False):
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
        self.bodies = bodies
        """The entries whose `full` token (the body too) is in `key`: reading their bodies need not be recorded."""
        self.kept = kept
        """True when its key is known to be the last build's (see `plan`'s `same`): it is not made again (None)."""
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

    def release(self) -> None:
        """Let go of how the variables are made (once the build is over): that is the plan's own methods, so
        the plan and its pages would otherwise hold each other, freed only by a full collection."""
        self._make = None
        self._context = None

    def __repr__(self) -> str:
        return f"Page({self.path!r}, {self.template!r})"


@dataclass(frozen=True)
class SitePlan:
    """Every page (or those asked for), and the articles left out with the reason why."""

    pages: tuple[Page, ...]
    errors: tuple[SiteError, ...]
    entries: int
    layout: "Layout | None" = None

    def release(self) -> None:
        """Let go of what every page holds of the plan (`Page.release`), once the build is over."""
        for page in self.pages:
            page.release()


def plan(articles: Iterable[Article] | None, config: SiteConfig, search: bool = True,
         only: Collection[str] | None = None, reads: Mapping[str, frozenset[str] | None] | None = None,
         layout: "Layout | None" = None, cutoff: tuple[int, int] = (0, 0),
         formats: dict | None = None, same: Collection[str] = ()) -> SitePlan:
    """Return every page of the site built from `articles`; refuse two pages with one path.

    With `only`, the site is laid out the same way but only the pages at those paths are made (a rebuild
    after edits that leave the layout as it was needs no others; see `layout_fields`), from the `layout` of
    the articles when given (`Layout.restore`) instead of the articles. The sitemap lists every page: it is
    never made then. `reads` says, by template, the variables it reads (when known): keys leave out the
    others. `cutoff`: (year, month) of the build's date a year ago: an article of an earlier month says it is old
    news ("From January 2022"). `formats`: the dates and numbers already formatted (see `i18n.Chrome.formats`),
    added to as pages need more. `same`: the article pages (by path) whose key is known to be the last build's
    (`reuse.same_article_pages`): they are planned with the articles they show but not keyed (`Page.kept`).
    """
    if layout is None:
        layout = Layout.of(tuple(articles))
    entries, listed, by_topic = layout.entries, layout.listed, layout.by_topic
    site = _Pages(config, only, reads or {}, cutoff, formats)
    site.article_pages(entries, by_topic, layout.matcher() if layout.titles else None, same)
    front_page(site, layout)
    site.lists(listed, "latest/", "home.html", site._("Latest news"), site.description, feed="feed.xml")
    site.topic_pages(by_topic)
    authors = layout.group("authors") if site.wants_under("authors/") else {}
    for link, members in authors.items():
        by = site._("Articles by %(name)s", name=link.name)
        site.lists(members, _folder(link.path), "author.html", link.name, by, label=by, link=("author", link))
    if authors:  # a site whose articles name no author has no page saying so
        site.index("authors/index.html", "authors.html", authors, N_("Authors"), N_("All authors of %(site)s"))
    tags = layout.group("tags") if site.wants_under("tags/") else {}
    for link, members in tags.items():
        site.lists(members, _folder(link.path), "tag.html", link.name,
                   site._("Articles tagged %(name)s", name=link.name),
                   label=site._("Tagged %(name)s", name=link.name), link=("tag", link))
    if tags:
        site.index("tags/index.html", "tags.html", tags, N_("Tags"), N_("All tags of %(site)s"))
    date_pages(site, listed)
    source_pages(site, entries)  # every article a source gave, wire copies too
    site.feed("feed.xml", config.title, "index.html", listed)
    site.extras(search)
    return SitePlan(site.checked(), tuple(layout.errors), len(entries), layout)


DESCRIPTION = N_("Clean news articles, easy to read.")
"""What a site whose settings give no description says about itself."""


def absolute_url(config: SiteConfig, path: str) -> str:
    """Return the public URL of an output path (`index.html` left off), or "" when the site has no base_url."""
    if not config.base_url:
        return ""
    path = path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path
    return config.base_url + _quote(path)


_quote = lru_cache(maxsize=65536)(quote)  # pages name the same few paths again and again


def _folder(index_path: str) -> str:
    return index_path[: -len("index.html")]


def nearest(members: list[Entry], i: int) -> list[Entry]:
    """Return the stories nearest in time to `members[i]` in its topic (`ALSO_IN` at most), newest first, less
    the article and its neighbours (shown beside it): a new article changes only its few neighbours' boxes."""
    picked: list[int] = []
    far = 2
    while len(picked) < ALSO_IN and (i - far >= 0 or i + far < len(members)):
        picked += [j for j in (i - far, i + far) if 0 <= j < len(members)][:ALSO_IN - len(picked)]
        far += 1
    return [members[j] for j in sorted(picked)]


class _Pages:
    """Collects pages; each method adds one kind of page, with its key and how to make its variables."""

    def __init__(self, config: SiteConfig, only: Collection[str] | None = None,
                 reads: Mapping[str, frozenset[str] | None] = {},  # noqa: B006 - read only
                 cutoff: tuple[int, int] = (0, 0), formats: dict | None = None):
        self.config = config
        self.formats = formats
        self.only = only
        self.reads = reads
        self.cutoff = cutoff
        self.pages: list[Page] = []
        self._cards: dict[int, bytes | None] = {id(None): None}
        """Entries' tokens by id(entry) (`cards`): the entries live as long as the plan."""

    @cached_property
    def chrome(self) -> "Chrome":
        """The site's own words and formats (loaded when a page first needs them)."""
        from site_gen.build.i18n import Chrome

        return Chrome(self.config.language, self.formats)

    @cached_property
    def description(self) -> str:
        """The site's line about itself (`site.toml`), else ours in the site's language: every page has it as
        `site_description` (the footer says it)."""
        return self.config.description or self._(DESCRIPTION)

    def _(self, message: str, **values: str) -> str:
        """Return `message` in the site's language, with its `%(name)s` values filled in."""
        return self.chrome.gettext(self.config.language, message, **values)

    def number(self, n: int) -> str:
        """Return `n` as the site's language writes it."""
        return self.chrome.number(n, self.config.language)

    def skips(self, path: str) -> bool:
        """Return True when the page at `path` is not to be made (see `plan`'s `only`)."""
        return self.only is not None and path not in self.only

    def aged(self, e: Entry) -> bool:
        """Return True when the article is old news: from a month before the build's month a year ago."""
        when = e.article.date
        return when is not None and (when.year, when.month) < self.cutoff

    def cards(self, entries: Iterable[Entry | None]) -> tuple:
        """Return the tokens of entries as lists and boxes show them (with whether each is old news)."""
        memo = self._cards  # an article is in a dozen lists and boxes: its token is made once a plan
        try:
            return tuple([memo[id(e)] for e in entries])
        except KeyError:
            for e in entries:
                if id(e) not in memo:
                    memo[id(e)] = e.card + b"~" if self.aged(e) else e.card
            return tuple([memo[id(e)] for e in entries])

    def wants_under(self, folder: str) -> bool:
        """Return True when a page in `folder` is to be made."""
        return self.only is None or any(path.startswith(folder) for path in self.only)

    def wants(self, test: Callable[[str], Any]) -> bool:
        """Return True when a page whose path passes `test` is to be made."""
        return self.only is None or any(test(path) for path in self.only)

    def add(self, path: str, template: str, title: str, description: str, in_sitemap: bool = True,
            modified: datetime | None = None, lang: str = "", label: str = "", **context: Any) -> None:
        """Add a page with the variables given (made now: for pages of one of a kind, and for tests)."""
        variables = self.variables(path, title, description, lang, label, context)
        self.pages.append(Page(path, template, variables, in_sitemap, modified))

    def lazy(self, path: str, template: str, key: tuple, make: Callable[..., dict], *args: Any,
             in_sitemap: bool = True, modified: Entry | None = None, refs: Iterable[Entry | None] = (),
             bodies: tuple[Entry, ...] = (), kept: bool = False) -> None:
        """Add a page whose variables `make(*args)` gives when asked for; `key` is the data they depend on.

        `modified` is the entry whose date says when the page last changed; `refs` the entries whose tokens
        are in `key`; `bodies` those whose body is in it too; `kept`: see `Page.kept`.
        """
        if self.skips(path):
            return
        when = modified and (modified.article.updated or modified.article.date)
        self.pages.append(Page(path, template, None, in_sitemap, when, key, partial(make, path, *args), tuple(refs),
                               bodies, kept))

    def variables(self, path: str, title: str, description: str, lang: str, label: str,
                  context: dict[str, Any]) -> dict[str, Any]:
        """Return a page's variables: `context` and what every page has; <title> is `label` (else `title`)."""
        lang = lang or self.config.language
        head_title = self.config.title if path == "index.html" else f"{label or title} | {self.config.title}"
        context.setdefault("canonical", absolute_url(self.config, path))
        context.update(site=self.config, site_description=self.description, title=title, head_title=head_title,
                       description=description, lang=lang, dir=direction(lang))
        return context

    # -- articles -----------------------------------------------------------------------------------------

    def article_pages(self, entries: list[Entry], by_topic: dict[Link, list[Entry]], titles: "Titles | None",
                      same: Collection[str] = ()) -> None:
        wanted = entries if self.only is None else [e for e in entries if e.path in self.only]
        spots: dict[str, tuple[list[Entry], int]] = {}  # by entry path: its topic's entries, and where it is
        if self.only is None:
            for members in by_topic.values():
                for i, e in enumerate(members):
                    spots[e.path] = (members, i)
        else:
            for e in wanted:
                members = by_topic.get(e.topic) if e.topic is not None else None
                if members is not None and (e.copies == () or e in members):  # later copies are not listed
                    spots[e.path] = (members, members.index(e))
        for e in wanted:
            members, i = spots.get(e.path, (None, 0))
            if members is None:
                newer = older = None
                also = []
            else:
                newer = members[i - 1] if i else None
                older = members[i + 1] if i < len(members) - 1 else None
                also = nearest(members, i)
            if e.path in same:  # no related headlines, no copies: what it shows is where it is, as last time
                self.lazy(e.path, "article.html", None, self.article, e, newer, older, also, [], modified=e,
                          refs=(e, newer, older, *also), bodies=(e,), kept=True)
                continue
            cards = self.cards(also) if also else ()
            related = titles.related(e, {e, newer, older, *also, *e.copies}) if titles else []
            key = ("article", e.full, newer and newer.card, older and older.card, cards,
                   [(h, r and r.card) for h, r in related], self.cards(e.copies), self.aged(e),
                   media.shown(self.config, e.article) if e.article.images else ())
            self.lazy(e.path, "article.html", key, self.article, e, newer, older, also, related, modified=e,
                      refs=(e, newer, older, *also, *[r for _, r in related], *e.copies), bodies=(e,))

    def article(self, path: str, e: Entry, newer: Entry | None, older: Entry | None, also: list[Entry],
                related: list[tuple[str, Entry | None]]) -> dict[str, Any]:
        a = e.article
        return self.variables(path, a.title, a.summary, "", "", dict(
            entry=e, article=a, newer=newer, older=older, also=also, related=related))

    # -- lists --------------------------------------------------------------------------------------------

    def lists(self, entries: list[Entry], folder: str, template: str, name: str, description: str,
              feed: str = "", label: str = "", link: tuple[str, Link] | None = None) -> None:
        """Add lists of `entries` (newest first) that do not move: whole pages counted from the oldest at
        `folder`page/1/index.html, page/2/..., which keep their number and bytes when newer articles come, and
        `folder`index.html with the newest (those on no whole page yet, and the newest whole page)."""
        per, total = self.config.per_page, len(entries)
        whole = total // per if total > per else 0
        numbered = [f"{folder}page/{k}/index.html" for k in range(1, whole + 1)]
        fixed = (template, name, description, feed, label, link[1].token if link else None)
        first = entries[:total - (whole - 1) * per] if whole else entries
        pages = [(f"{folder}index.html", 0, first, "", numbered[-2] if whole > 1 else "")]
        for k in range(1, whole + 1):
            chunk = entries[total - k * per:total - (k - 1) * per]
            pages.append((numbered[k - 1], k, chunk, numbered[k] if k < whole else f"{folder}index.html",
                          numbered[k - 2] if k > 1 else ""))
        for path, k, chunk, newer, older in pages:
            if self.skips(path):
                continue
            self.lazy(path, template, ("list", fixed, k, self.cards(chunk), newer, older), self.list_page, chunk, k,
                      newer, older, name, description, feed, label, link, modified=chunk[0] if chunk else None,
                      refs=chunk)

    def list_page(self, path: str, chunk: list[Entry], n: int, newer: str, older: str, name: str,
                  description: str, feed: str, label: str, link: tuple[str, Link] | None) -> dict[str, Any]:
        title = self._("%(name)s, page %(number)s", name=name, number=self.number(n)) if n else name
        page_label = (self._("%(name)s, page %(number)s", name=label, number=self.number(n)) if n else label) \
            if label else ""
        context = dict(name=name, entries=chunk, number=n, feed=feed, newer=newer, older=older)
        if link:
            context[link[0]] = link[1]
        return self.variables(path, title, description, "", page_label, context)

    def topic_pages(self, by_topic: dict[Link, list[Entry]]) -> None:
        self.index("topics/index.html", "topics.html", by_topic, N_("Topics"), N_("All topics of %(site)s"))
        for link, members in by_topic.items():
            folder = _folder(link.path)
            self.lists(members, folder, "topic.html", link.name,
                       self._("The latest articles about %(name)s", name=link.name),
                       feed=f"{folder}feed.xml", link=("topic", link))
            self.feed(f"{folder}feed.xml", f"{link.name} | {self.config.title}", link.path, members)

    def index(self, path: str, template: str, links: Iterable[Link], title: str, description: str) -> None:
        """Add the page naming every topic, author, tag or source (`path`'s folder: the template's variable)
        with how many articles each has, by name; `title` and `description` are messages (`N_`)."""
        kind = path.split("/", 1)[0]
        ordered = sorted(links, key=lambda link: (name_key(link.name), link.path))
        self.lazy(path, template, (kind, tuple((x.token, x.count) for x in ordered)), self.fixed, title,
                  description, {kind: ordered})

    def feed(self, path: str, title: str, alternate: str, entries: list[Entry]) -> None:
        if self.skips(path):
            return
        dated = list(islice((e for e in entries if e.article.date), FEED_SIZE))
        self.lazy(path, "atom.xml", ("feed", title, alternate, tuple(e.full for e in dated)), self.feed_page,
                  title, alternate, dated, in_sitemap=False, refs=dated, bodies=tuple(dated))

    def feed_page(self, path: str, title: str, alternate: str, dated: list[Entry]) -> dict[str, Any]:
        updated = max((e.article.updated or e.article.date for e in dated), default=None)
        return self.variables(path, title, self.description, "", "",
                              dict(entries=dated, updated=updated, alternate=alternate))

    # -- the rest -----------------------------------------------------------------------------------------

    def extras(self, search: bool) -> None:
        self.lazy("search/index.html", "search.html", ("search", search), self.fixed, N_("Search"),
                  N_("Search %(site)s"), dict(search_enabled=search), in_sitemap=False)
        # A server shows 404.html at any missing address, at any depth: relative links would miss, so with a
        # base_url its links start from the root path it names (without one they work at the top level only).
        self.lazy("404.html", "404.html", ("404",), self.fixed, N_("Page not found"),
                  N_("There is no page at this address."), dict(absolute_links=True, canonical=""), in_sitemap=False)
        if self.config.base_url and self.only is None:
            self.sitemaps()
        self.lazy("robots.txt", "robots.txt", ("robots",), self.fixed, "robots.txt", "",
                  dict(sitemap=absolute_url(self.config, "sitemap.xml")), in_sitemap=False)

    def fixed(self, path: str, title: str, description: str, context: dict[str, Any]) -> dict[str, Any]:
        """Return the variables of a page of one of a kind; its title and description are messages (`N_`), in
        the site's language here (a description may name the site: `%(site)s`)."""
        words = self._
        return self.variables(path, words(title) if title else "",
                              words(description, site=self.config.title) if description else "", "", "",
                              dict(context))

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

