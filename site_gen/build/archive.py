"""The pages of a news site beyond lists: the front page, archives by date, and a page per source.

Each is a kind of page of its own, added to a plan (`plan._Pages`) with a key covering what it shows. Lists
show a story once (`Layout.listed`); none shows a count that changes with every new article. Their titles are
in the site's language (`_Pages._`), dates too (CLDR's, through Babel).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from site_gen.build.i18n import N_
from site_gen.build.layout import Entry, Layout, Link, name_key
from site_gen.content import free_slug, slugify

if TYPE_CHECKING:
    from site_gen.build.plan import _Pages

FRONT_TOPICS = 12  # topic blocks on the front page at most
FRONT_HEADLINES = 4  # headlines a topic block shows
LEAD_FROM = 10  # the lead story is the most reported of the newest stories
_DATED = re.compile(r"^(\d{4}/|archive/)")


def front_page(site: "_Pages", layout: Layout) -> None:
    """Add the front page: a lead story, then a block per topic (newest topics first) with its newest headlines."""
    if site.skips("index.html"):
        return
    listed = layout.listed
    newest = [e for e in listed[:LEAD_FROM] if e.article.date] or listed[:1]
    lead = max(newest, key=lambda e: (len(e.copies), -newest.index(e))) if newest else None
    blocks = []
    shown = {id(lead), *(id(c) for c in lead.copies)} if lead else set()
    for link, members in layout.by_topic.items():
        top = []
        for e in members:
            if len(top) == FRONT_HEADLINES:
                break
            if id(e) not in shown:  # a story once on the page: not the lead again, nor a copy shown elsewhere
                top.append(e)
                shown.update([id(e), *(id(c) for c in e.copies)])
        if top:
            blocks.append((link, top))
    blocks.sort(key=lambda b: (b[1][0].article.date is None, -(b[1][0].article.date.timestamp()
                                                                 if b[1][0].article.date else 0), b[0].path))
    blocks = blocks[:FRONT_TOPICS]
    key = ("front", site.cards([lead]), len(lead.copies) if lead else 0,
           tuple((link.token, site.cards(top)) for link, top in blocks))
    refs = [lead, *(e for _, top in blocks for e in top)]
    site.lazy("index.html", "front.html", key, _front, site, lead, blocks, modified=lead, refs=refs)


def _front(path: str, site: "_Pages", lead: Entry | None, blocks: list) -> dict[str, Any]:
    config = site.config
    shown = [e for e in [lead, *(e for _, top in blocks for e in top)] if e is not None]  # for its structured data
    return site.variables(path, config.title, site.description, "", "",
                          dict(lead=lead, blocks=blocks, entries=shown))


def date_pages(site: "_Pages", listed: list[Entry]) -> None:
    """Add the archive by date: a page a day (`2022/01/02/`) with its stories, a month's (`2022/01/`) with its
    days' headlines, a year's (`2022/`) with its months, and `archive/` with the years."""
    if not site.wants(_DATED.match):
        return
    days: dict[tuple[int, int, int], list[Entry]] = defaultdict(list)
    for e in listed:
        if e.day is not None:
            days[e.day].append(e)
    order = sorted(days)
    for n, ymd in enumerate(order):
        prev, after = order[n - 1] if n else None, order[n + 1] if n + 1 < len(order) else None
        members = days[ymd]
        path = _day_path(ymd)
        if site.skips(path):  # an edit that kept the layout: only the day showing it (its cards read articles)
            continue
        key = ("day", ymd, site.cards(members), prev, after)
        site.lazy(path, "day.html", key, _day, site, ymd, members, prev, after, modified=members[0], refs=members)
    months: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for ymd in order:
        months[ymd[:2]].append(ymd)
    month_order = sorted(months)
    for n, ym in enumerate(month_order):
        prev = month_order[n - 1] if n else None
        after = month_order[n + 1] if n + 1 < len(month_order) else None
        if site.skips(f"{ym[0]}/{ym[1]:02d}/index.html"):
            continue
        shown = [(ymd, days[ymd]) for ymd in reversed(months[ym])]
        key = ("month", ym, tuple((ymd, site.cards(m)) for ymd, m in shown), prev, after)
        refs = [e for _, m in shown for e in m]
        site.lazy(f"{ym[0]}/{ym[1]:02d}/index.html", "month.html", key, _month, site, ym, shown, prev, after,
                  modified=refs[0], refs=refs)
    years: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for ym in month_order:
        years[ym[0]].append(ym)
    year_order = sorted(years)
    for n, year in enumerate(year_order):
        prev = year_order[n - 1] if n else None
        after = year_order[n + 1] if n + 1 < len(year_order) else None
        site.lazy(f"{year}/index.html", "year.html", ("year", year, tuple(years[year]), prev, after), _year,
                  site, year, years[year], prev, after)
    site.lazy("archive/index.html", "archive.html", ("archive", tuple(year_order)), _archive, site, year_order)
    # articles/ holds a folder per article: a reader who goes up to it finds them all by date there too (not a
    # 404, nor a server's listing of the folders), the page naming the archive's address as its own
    site.lazy("articles/index.html", "archive.html", ("archive", tuple(year_order), "archive/index.html"), _archive,
              site, year_order, "archive/index.html", in_sitemap=False)


def _day_path(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]}/{ymd[1]:02d}/{ymd[2]:02d}/index.html"


_PATTERNS = {1: "y", 2: "LLLL y", 3: "long"}  # CLDR patterns of a year, a month ("January 2022") and a day


def day_name(site: "_Pages", ymd: tuple[int, ...]) -> str:
    """Return `2 January 2022`, `January 2022` or `2022` for a day, month or year, as the site's language writes
    it (`2 Ocak 2022`); a title, so it starts with a capital where the language has them (`Rêbendan 2022`)."""
    text = site.chrome.pattern(date(*ymd, *(1,) * (3 - len(ymd))), _PATTERNS[len(ymd)], site.config.language)
    return text[:1].upper() + text[1:]


def _near(site: "_Pages", prev, after, path_of) -> dict[str, Any]:
    return dict(prev=prev and (day_name(site, prev), path_of(prev)),
                next=after and (day_name(site, after), path_of(after)))


def _day(path: str, site: "_Pages", ymd, members, prev, after) -> dict[str, Any]:
    name = day_name(site, ymd)
    return site.variables(path, name, site._("The news of %(date)s", date=name), "",
                          site._("News of %(date)s", date=name), dict(
        entries=members, month=(day_name(site, ymd[:2]), f"{ymd[0]}/{ymd[1]:02d}/index.html"),
        **_near(site, prev, after, _day_path)))


def _month(path: str, site: "_Pages", ym, shown, prev, after) -> dict[str, Any]:
    name = day_name(site, ym)
    days = [(day_name(site, ymd), _day_path(ymd), members) for ymd, members in shown]
    return site.variables(path, name, site._("The news of %(date)s, day by day", date=name), "",
                          site._("News of %(date)s", date=name), dict(
        days=days, year=(day_name(site, ym[:1]), f"{ym[0]}/index.html"),
        **_near(site, prev, after, lambda m: f"{m[0]}/{m[1]:02d}/index.html")))


def _year(path: str, site: "_Pages", year, months, prev, after) -> dict[str, Any]:
    name = day_name(site, (year,))
    shown = [(day_name(site, (y, m)), f"{y}/{m:02d}/index.html") for y, m in reversed(months)]
    return site.variables(path, name, site._("The news of %(date)s, month by month", date=name), "",
                          site._("News of %(date)s", date=name), dict(
        months=shown, **_near(site, prev and (prev,), after and (after,), lambda y: f"{y[0]}/index.html")))


def _archive(path: str, site: "_Pages", years, canonical: str = "") -> dict[str, Any]:
    # `canonical`: the page is the archive's at another address (the page's variables name its canonical path)
    return site.variables(canonical or path, site._("Archive"),
                          site._("Every day of %(site)s", site=site.config.title), "", "",
                          dict(years=[(day_name(site, (y,)), f"{y}/index.html") for y in reversed(years)]))


def source_pages(site: "_Pages", entries: list[Entry]) -> None:
    """Add a page per source (every article from it, copies of wire stories too, in lists that do not move)
    and `sources/` naming them."""
    if not site.wants(lambda path: path.startswith("sources/")):
        return
    spellings: dict[str, str] = {}
    members: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        name = e.origin
        if name:
            key = name_key(name)
            spellings.setdefault(key, name)
            members[key].append(e)
    taken: set[str] = set()
    links = []
    for key in sorted(members):
        slug = free_slug(slugify(spellings[key], fallback="source"), taken)
        taken.add(slug.lower())
        link = Link(spellings[key], f"sources/{slug}/index.html", len(members[key]))
        links.append(link)
        site.lists(members[key], f"sources/{slug}/", "source.html", link.name,
                   site._("Articles from %(name)s", name=link.name), label=site._("From %(name)s", name=link.name),
                   link=("source", link))
    site.index("sources/index.html", "sources.html", links, N_("Sources"), N_("The sites %(site)s carries"))
