"""Reuse: which article pages a new plan of the whole site need not key again.

When articles come, go or change where they stand, the whole site is planned again (`plan.plan`), and each
page's key is compared with the last build's. An article's page shows the article, its neighbours in its topic
(newer, older and the "Also in" box, all within `plan.ALSO_IN` + 1 places of it), its related headlines and the
other copies of its story. So, between two layouts, the page of an article is the same when the article did not
change, has no related headlines and no copies, and no article that changed (or whose topic, author or tag is
now named otherwise, or found at another page) stands within `WINDOW` places of it in its topic's list, before
or now: the articles around it are then the same ones, in the same order, shown the same way. Those pages are
planned without a key (`Page.kept`): on a large site, most of the work of planning it for one new article.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from site_gen.build.layout import KeptLayout, Layout, layout_fields
from site_gen.build.plan import ALSO_IN, _folder
from site_gen.content import slugify

WINDOW = 2 * ALSO_IN + 2  # places around a changed article whose pages may change (`plan.nearest` reaches ALSO_IN + 1)


def same_article_pages(layout: Layout, kept: KeptLayout, sources: Mapping, moved: set[str]) -> set[str]:
    """Return the article pages (by path) of `layout` whose key is the same as in the `kept` layout's build.

    `sources` are this build's (by name), `moved` the names of the articles that came, went or changed since
    (`moved_articles`). An empty set when the layouts differ in what this does not follow: stories, left-out
    articles, related headlines on or off."""
    titles, links, entries, groups, errors, stories = kept.plain
    if titles != layout.titles or [tuple(e) for e in errors] != [(e.path, e.message, e.line) for e in layout.errors] \
            or {frozenset(kept.paths[entries[i][1]] for i in members) for members in stories} != \
            {frozenset(layout.entries[i].path for i in members) for members in layout.stories}:
        return set()
    if not moved:
        return set()  # nothing moved: the layout is the same, and the build plans only what changed
    paths = kept.paths
    old = {paths[entry[1]] for entry in entries if entry[0] in moved}  # where they were
    old.update(_pages(sources, moved))  # and where they are
    named = {(name, path) for name, path, _ in links}
    renamed = {link for group in (layout.by_topic, layout.group("authors"), layout.group("tags")) for link in group
               if (link.name, link.path) not in named}
    if renamed:  # an article whose topic, author or tag is named anew shows otherwise in its neighbours' pages
        old.update(e.path for e in layout.entries if _named_anew(e, renamed))
    near = set(old)
    for _, members in groups["topics"]:
        _around([paths[entries[i][1]] for i in members], old, near)
    for members in layout.by_topic.values():
        _around([e.path for e in members], old, near)
    return {e.path for e in layout.entries if e.path not in near and not e.copies and not e.article.related}


def changed_keeping_layout(sources: Mapping, previous: Mapping, kept: KeptLayout) -> list[str] | None:
    """Return the names of the articles that changed since `previous` (the same names), or None when one
    changed the layout (`layout.layout_fields`): then the whole site is planned again."""
    titles = kept.plain[0]
    changed = []
    for rel, source in sources.items():
        old = previous[rel]
        if source is old or source.same_article(old):
            continue
        new, was = source.article, old.article
        if new is None or was is None or layout_fields(new, titles) != layout_fields(was, titles):
            return None
        changed.append(rel)
    return changed


def kept_pages_showing(kept: KeptLayout, names: Iterable[str]) -> set[str]:
    """Return the pages of the `kept` layout that show the articles of `names` (an article left out has
    none)."""
    where = {entry[0]: n for n, entry in enumerate(kept.plain[2])}
    return {kept.paths[i] for rel in names if rel in where for i in kept.shown[where[rel]]}


def moved_articles(sources: Mapping, previous: Mapping) -> set[str]:
    """Return the names of the articles that came, went or changed."""
    moved = {rel for rel in sources.keys() ^ previous.keys()}
    for rel, source in sources.items():
        was = previous.get(rel)
        if was is not None and source is not was and not source.same_article(was):
            moved.add(rel)
    return moved


def _around(order: Sequence[str], moved: set[str], near: set[str], reach: int = WINDOW) -> None:
    """Add to `near` the pages within `reach` places of a moved one in a topic's list."""
    for i, path in enumerate(order):
        if path in moved:
            near.update(order[max(0, i - reach):i + reach + 1])


def _named_anew(e, renamed: set) -> bool:
    """Return True when the entry's topic, authors or tags are named (or found) otherwise than last time."""
    return e.topic in renamed or any(x in renamed for x in e.authors) or any(x in renamed for x in e.tags)


def _pages(sources: Mapping, names: Iterable[str]) -> set[str]:
    """Return the pages of the articles of `names` (those still there)."""
    return {f"articles/{a.slug}/index.html" for a in (sources[rel].article for rel in names if rel in sources)
            if a is not None}


def showing(layout: Layout, sources: Mapping, names: Iterable[str]) -> set[str]:
    """Return the pages that show the articles of `names` in `layout` (those that came or moved): their own,
    their neighbours' in their topics, the front page, the first page of each list they are in (latest,
    topic, author, tag, source), their day, month and year, and the feeds."""
    paths = _pages(sources, names)
    found = set(paths) | {"index.html", "latest/index.html", "feed.xml"}
    shown = [e for e in layout.entries if e.path in paths]
    for topic in {e.topic for e in shown if e.topic is not None}:
        _around([e.path for e in layout.by_topic.get(topic, ())], paths, found, ALSO_IN + 1)
    for e in shown:
        for link in (e.topic, *e.authors, *e.tags):
            if link is not None:
                found.add(link.path)
        if e.topic is not None:
            found.add(f"{_folder(e.topic.path)}feed.xml")
        if e.origin:
            found.add(f"sources/{slugify(e.origin, fallback='source')}/index.html")
        if e.day is not None:
            year, month, day = e.day
            found.update((f"{year}/index.html", f"{year}/{month:02d}/index.html",
                          f"{year}/{month:02d}/{day:02d}/index.html"))
    return found
