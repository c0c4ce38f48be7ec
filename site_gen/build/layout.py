"""Layout: the articles in order, as entries grouped by topic, author and tag: what the plan is made from.

The layout depends only on a few fields of each article (`layout_fields`). It is kept with the build state
(`encode_layout`): a rebuild whose edits keep those fields takes it back (`restore_layout`) instead of sorting
and grouping every article again, and knows which pages show each article.
"""

from __future__ import annotations

import hashlib
import marshal
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from site_gen.content import Article, direction, free_slug, slugify, with_digest
from site_gen.errors import SiteError

WORDS_PER_MINUTE = 230


@dataclass(frozen=True, eq=False)  # one object per name: compared and hashed by identity, which is fast
class Link:
    """A page named after something: a topic, an author or a tag, and how many articles it lists.

    Its token leaves the count out: pages that link to a topic do not change with every article it gains
    (the topics index, which shows counts, has them in its key)."""

    name: str
    path: str
    count: int = 0

    def __post_init__(self):
        token = (self.name, self.path)
        object.__setattr__(self, "token", token)
        object.__setattr__(self, "digest", hashlib.blake2b(marshal.dumps(token, 2), digest_size=8).digest())


class Entry:
    """An article with where its page is and the pages it belongs to: what lists and pages show of it.

    One is made per article on every plan: a plain class with slots, which is quicker to make than a frozen
    dataclass. Entries are compared by identity. An entry of a restored layout reads its article from its
    source (`codec.Source`) when first shown.
    """

    __slots__ = ("_article", "path", "topic", "authors", "tags", "_card", "_source", "copies", "day", "origin")

    def __init__(self, article: Article | None, path: str, topic: Link | None, authors: tuple[Link, ...],
                 tags: tuple[Link, ...], source: Any = None, day: tuple[int, int, int] | None = None,
                 origin: str = ""):
        self._article = article
        self.path = path
        self.topic = topic
        self.authors = authors
        self.tags = tags
        self._card = b""
        self._source = source
        """For an entry of a restored layout: where its article is, decoded when first shown."""
        self.day = day
        """(year, month, day) of its date, as written (its own time zone), or None: the archive's pages are
        planned from it without reading the article."""
        self.origin = origin
        """The name of the site it came from (`Article.source`), for the source pages."""
        self.copies: tuple[Entry, ...] = ()
        """The other copies of its story (a wire story on other sources), newest first; the newest copy of a
        story is the one lists show."""

    @property
    def article(self) -> Article:
        article = self._article
        if article is None:
            article = self._article = self._source.article
        return article

    def refresh(self, source: Any) -> None:
        """Take the article from `source` from now on (it changed since the layout was restored)."""
        if self._source is not source:
            self._source, self._article, self._card = source, None, b""

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


class Layout:
    """The articles in order, as entries grouped by topic (and by author and tag when asked): the part of a
    plan that depends only on `layout_fields`. It is kept (`plain`) with the build's state: a rebuild whose
    edits keep the layout takes it back (`restore`) instead of sorting and grouping every article again.
    """

    def __init__(self, entries: list[Entry], by_topic: dict[Link, list[Entry]], titles: bool,
                 errors: list[SiteError], groups: dict[str, dict[Link, list[Entry]]] | None = None,
                 stories: list[list[int]] = ()):
        self.entries = entries
        """The articles newest first (undated last), one entry each."""
        self.stories = stories
        """The stories told by several articles (wire copies), as the indexes of their entries, newest first."""
        for members in stories:
            copies = [entries[i] for i in members]
            for e in copies:
                e.copies = tuple([c for c in copies if c is not e])
        later = {i for members in stories for i in members[1:]}
        self.listed = [e for i, e in enumerate(entries) if i not in later] if later else entries
        """The entries lists show: one a story (its newest copy)."""
        self.by_topic = by_topic or {link: _once_a_story(members) if later else members for link, members in
                                     _group(entries, lambda e: (e.topic,) if e.topic else ()).items()}
        """The entries by topic, newest first, a story once in each (a copy is in its topic when the story's
        newest copy is in another)."""
        self.titles = titles
        """True when some article names related headlines: they are matched by title."""
        self.errors = errors
        """The articles left out, and why (two with one slug, topics that would share a page)."""
        self._groups = groups or {}
        """By author and by tag, made when first asked for (`group`)."""
        self._matcher = None

    @classmethod
    def of(cls, articles: tuple[Article, ...]) -> "Layout":
        """Return the layout of `articles`."""
        errors: list[SiteError] = []
        ordered = _unique_slugs(newest_first(articles), errors)
        topics, ordered = _topics(ordered, errors)
        authors = _names([n for a in ordered for n in a.authors], "authors")
        tags = _names([n for a in ordered for n in a.tags], "tags")
        entries = [_entry(a, topics.get(a.topic), tuple([authors[n] for n in a.authors]) if a.authors else (),
                          tuple([tags[n] for n in a.tags]) if a.tags else ()) for a in ordered]
        stories: dict[str, list[int]] = defaultdict(list)
        for i, a in enumerate(ordered):
            stories[a.story or a.slug].append(i)
        layout = cls(entries, {}, any(a.related for a in articles), errors,
                     stories=[members for members in stories.values() if len(members) > 1])
        return layout

    def matcher(self):
        """Return the articles' titles to match related headlines against (`related.Titles`), made once."""
        if self._matcher is None:
            from site_gen.build.related import Titles  # (related imports this module)

            self._matcher = Titles(self.entries)
        return self._matcher

    def refresh(self, data: tuple, sources: Mapping[str, Any]) -> None:
        """Put in the articles of `sources` that changed since this layout was restored from `data`."""
        for e, kept in zip(self.entries, data[2]):
            e.refresh(sources[kept[0]])

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
                    tuple([links[x] for x in e.authors]), tuple([links[x] for x in e.tags]), e.day, e.origin)
                   for e in self.entries]
        at = {id(e): i for i, e in enumerate(self.entries)}
        groups = {field: [(links[link], [at[id(e)] for e in members]) for link, members in grouped.items()]
                  for field, grouped in (("topics", self.by_topic), ("authors", self.group("authors")),
                                         ("tags", self.group("tags")))}
        return (self.titles, [(x.name, x.path, x.count) for x in links], entries, groups,
                [(e.path, e.message, e.line) for e in self.errors], [tuple(m) for m in self.stories])

    @classmethod
    def restore(cls, data: tuple, paths: list[str], sources: Mapping[str, Any]) -> "Layout":
        """Return the layout `plain` gave, its entries' articles taken from `sources` (by name) when shown;
        `paths` are the pages' paths `plain` was given the indexes of."""
        titles, links, entries, groups, errors, stories = data
        made = [Link(*x) for x in links]
        named: dict[tuple[int, ...], tuple[Link, ...]] = {}  # articles share their authors and tags

        def names(indexes: tuple[int, ...]) -> tuple[Link, ...]:
            found = named.get(indexes)
            if found is None:
                found = named[indexes] = tuple([made[i] for i in indexes])
            return found

        entries = [Entry(None, paths[page], made[topic] if topic >= 0 else None, names(authors), names(tags),
                         sources[name], day and tuple(day), origin)
                   for name, page, topic, authors, tags, day, origin in entries]
        grouped = {field: {made[link]: [entries[i] for i in members] for link, members in pairs}
                   for field, pairs in groups.items()}
        by_topic = grouped.pop("topics")
        return cls(entries, by_topic, titles, [SiteError(*e) for e in errors], grouped, [list(m) for m in stories])


def layout_fields(a: Article, titles: bool) -> tuple:
    """Return what of an article decides the site's layout: which pages there are, in what order, and which
    articles each page shows (its title too when some article names related headlines, which are matched by
    title). An edit that keeps these changes what pages show, never where or which."""
    when = a.date
    return (a.slug, when and when.isoformat(), a.topic, a.authors, a.tags, a.related, titles and a.title, a.story,
            a.source)


def _entry(a: Article, topic: Link | None, authors: tuple[Link, ...], tags: tuple[Link, ...]) -> Entry:
    when = a.date
    return Entry(a, f"articles/{a.slug}/index.html", topic, authors, tags,
                 day=(when.year, when.month, when.day) if when else None, origin=a.source)


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Return the articles newest first, undated last, ties in a stable order."""
    return sorted(articles, key=lambda a: (a.date is None, -a.date.timestamp() if a.date else 0, a.slug, a.path))


def name_key(name: str) -> str:
    """Names that differ only in case or spacing are one name."""
    return " ".join(name.split()).casefold()


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
        spellings[name_key(spelling)][spelling] = n
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
            first = next(a for a in ordered if a.topic and name_key(a.topic) == loser)
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


def _once_a_story(members: list[Entry]) -> list[Entry]:
    """Return the entries less later copies of a story already among them."""
    seen: set[int] = set()
    kept = []
    for e in members:
        if not any(id(c) in seen for c in e.copies):
            kept.append(e)
        seen.add(id(e))
    return kept


def encode_layout(pages, layout: Layout, sources: Mapping[str, Any]) -> bytes:
    """Return the plan's layout for the build state, encoded: (page paths in order, the articles' order and
    groups as `Layout.plain` gives them, and for each of those articles the indexes of the pages showing it)."""
    paths = [page.path for page in pages]
    index = {id(e): i for i, e in enumerate(layout.entries)}
    shown: list[list[int]] = [[] for _ in layout.entries]
    for i, page in enumerate(pages):
        for ref in {id(e) for e in page.refs if e is not None}:
            shown[index[ref]].append(i)
    names = {s.article.path: rel for rel, s in sources.items() if not s.draft}
    plain = layout.plain(names, {path: i for i, path in enumerate(paths)})
    return marshal.dumps((paths, plain, [tuple(found) for found in shown]), 2)


class KeptLayout:
    """The last plan's layout as the state holds it (`encoded`), decoded, and restored with articles."""

    def __init__(self, encoded: bytes):
        self.encoded = encoded
        self.paths, self.plain, self.shown = marshal.loads(encoded)
        self._restored: Layout | None = None

    def restored(self, sources: Mapping[str, Any]) -> Layout:
        """Return the layout with the articles of `sources`: the one restored for an earlier build of this
        process when the layout is still the same, its changed articles put in."""
        if self._restored is None:
            self._restored = Layout.restore(self.plain, self.paths, sources)
        else:
            self._restored.refresh(self.plain, sources)
        return self._restored
