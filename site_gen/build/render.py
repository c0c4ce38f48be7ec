"""Render: planned `Page`s -> the bytes of their files, through the Jinja2 templates (see `templates`).

While a page renders, the bodies of articles its templates read are recorded: with its key, they decide when
the page must be made again (see `plan`). Many pages are rendered by forked worker processes that share the
plan; what they make is the same as one process would.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from site_gen.build.plan import Page, absolute_url
from site_gen.build.write import OutputFolder
from site_gen.config import SiteConfig
from site_gen.content import Article, direction

POOL_MIN = 400  # pages worth forking worker processes for
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_BODY = frozenset(("body", "body_html"))


class _About(NamedTuple):
    """What templates see as `page`."""

    path: str
    template: str


Rendered = tuple[bool, int, int, tuple]
"""What rendering a page gave: (written, size, mtime_ns of the file now there, bodies read: see `render`)."""


class Renderer:
    """A Jinja2 environment (autoescaping, strict about undefined names) bound to one site's settings."""

    def __init__(self, config: SiteConfig, dirs: list[Path], compiled: Path | None = None):
        import jinja2

        self.config = config
        self.dirs = dirs
        self.read: list[Article] = []
        """The articles whose bodies the page being rendered read."""
        self.env = _recording(jinja2.Environment)(
            self.read,
            loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
            autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True, default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(day=day, iso=iso, script_json=script_json, with_dateline=with_dateline)
        self.env.globals.update(abs_url=self.abs_url, atom_id=self.atom_id, ui=self.ui, published=self.published,
                                old_news=self.old_news)
        self.cutoff: tuple[int, int] = (0, 0)
        """The build's (year, month) a year ago (`old_news`): set by each build."""
        # Pages link to the same few paths (the home page, topics, static files) again and again.
        self._quoted = lru_cache(maxsize=65536)(quote)

    def render(self, page: Page) -> tuple[bytes, tuple]:
        """Return the page's file content, and the bodies its templates read besides those in its key, as
        (article path, body digest) pairs."""
        up = "../" * page.path.count("/")
        base = urlsplit(self.config.base_url).path if page.context.get("absolute_links") else ""

        def url(path: str) -> str:  # relative to this page, so the site works at any path and from disk
            return (base or up) + self._quoted(path)

        template = self.env.get_template(page.template)
        # `page` gives templates where the page goes and its template, not its variables again: a page's key
        # covers the variables its templates read (see `template_reads`), and only through their names.
        about = _About(page.path, page.template)
        self.read.clear()
        data = template.render({**page.context, "page": about, "url": url}).encode("utf-8")
        if not self.read:
            return data, ()
        covered = {e.article.path for e in page.bodies}
        read = {a.path: a.body.digest for a in self.read if a.path not in covered}
        return data, tuple(sorted(read.items()))

    def ui(self, lang: str) -> Markup:
        """Return `lang`/`dir` attributes for the site's own words (labels, dates) inside text in `lang`."""
        if lang == self.config.language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(self.config.language, direction(self.config.language))

    def published(self, a) -> Markup:
        """Return an article's <time> element (its day), or nothing when it has no date.

        The same as the `when` macro of _macros.html, which stays for templates of one's own; a function is
        several times quicker to call than a macro, and lists call it for every entry they show.
        """
        if not a.date:
            return Markup("")
        # Every part is made here of digits, month names and attributes already escaped: no escaping to do.
        return Markup(f'<time datetime="{iso(a.date, a.date_has_time)}"{self.ui(a.lang)}>{day(a.date)}</time>'
                      f'{self.old_news(a)}')

    def old_news(self, a) -> Markup:
        """Return " · From January 2022" for an article over a year older than the build's date, else nothing."""
        when = a.date
        if when is None or (when.year, when.month) >= self.cutoff:
            return Markup("")
        return Markup(f' <span class="old-news"{self.ui(a.lang)}>From {_MONTHS[when.month - 1]} {when.year}</span>')

    def abs_url(self, path: str) -> str:
        return absolute_url(self.config, path)

    def atom_id(self, path: str) -> str:
        """Return a permanent id for a feed or entry: its URL when the site has one, else a name-based UUID."""
        return self.abs_url(path) or uuid.uuid5(uuid.NAMESPACE_URL, f"site-gen:{self.config.title}:{path}").urn


def _recording(base: type) -> type:
    """Return a Jinja2 environment class that notes each article whose body a template reads in `read`."""

    class Recording(base):
        def __init__(self, read: list, **options):
            super().__init__(**options)
            self.read = read

        def getattr(self, obj, attribute):
            if attribute in _BODY and obj.__class__ is Article:
                self.read.append(obj)
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            if argument in _BODY and obj.__class__ is Article:
                self.read.append(obj)
            return super().getitem(obj, argument)

    return Recording


# -- rendering many pages: in this process, or in forked workers that share the plan ---------------------------

_SHARED: tuple = ()
"""What forked workers inherit for one `render_all` (renderer, pages, output folder): set and cleared there."""


def render_all(renderer: Renderer, pages: list[Page], out: OutputFolder, jobs: int | None) -> Iterator[Rendered]:
    """Render and write `pages`; yield what each gave (see `Rendered`), in order.

    Expects the collector's objects frozen (`gc.freeze`) by the build, so forked workers share the plan's
    pages instead of copying them as the collector walks them.
    """
    if not pages:
        return
    for name in sorted({page.template for page in pages}):
        renderer.env.get_template(name)  # template errors show here, once, before any worker starts
    workers = min(jobs or os.cpu_count() or 1, len(pages) // (POOL_MIN // 2) or 1)
    if workers > 1 and len(pages) >= POOL_MIN and threading.active_count() == 1 and hasattr(os, "fork"):
        yield from _render_forked(renderer, pages, out, workers)
        return
    for page in pages:
        yield _render_one(renderer, out, page)


def _render_forked(renderer: Renderer, pages: list[Page], out: OutputFolder, workers: int) -> Iterator[Rendered]:
    import multiprocessing

    global _SHARED
    _SHARED = (renderer, pages, out)
    try:
        size = 64
        chunks = [range(i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
        # A worker's copy of the plan grows as it touches objects (reference counts are writes): workers are
        # replaced now and then, so none ends up with a whole copy of a large site.
        with multiprocessing.get_context("fork").Pool(workers, _exit_on_terminate, maxtasksperchild=64) as pool:
            for done in pool.imap(_render_chunk, chunks):
                yield from done
    finally:
        _SHARED = ()


def _exit_on_terminate() -> None:
    """In a render worker: make the pool's SIGTERM (sent when another worker failed, say on a full disk) an
    exit that unwinds, so a page being written removes its temporary file instead of leaving it behind."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))


def _render_chunk(indexes: range) -> list[Rendered]:
    renderer, pages, out = _SHARED
    return [_render_one(renderer, out, pages[i]) for i in indexes]


def _render_one(renderer: Renderer, out: OutputFolder, page: Page) -> Rendered:
    data, read = renderer.render(page)
    wrote, size, mtime = out.put(page.path, data)
    page.forget()
    return wrote, size, mtime, read


def day(when: datetime | None, with_time: bool = False) -> str:
    """Return a date for people: `2 January 2022`, with `, 14:30` when asked and known."""
    if when is None:
        return ""
    text = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    return f"{text}, {when:%H:%M}" if with_time else text


def iso(when: datetime | None, with_time: bool = True) -> str:
    """Return a machine-readable date: a day (`2022-01-02`) or a full time with its offset."""
    if when is None:
        return ""
    return when.isoformat(timespec="seconds") if with_time else when.date().isoformat()


def script_json(data: object) -> Markup:
    """Return JSON that is safe inside a <script> element: no `<`, `>` or `&` can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


def with_dateline(body_html: str, dateline: str) -> Markup:
    """Return the body with the dateline opening its first paragraph (or on its own before the body)."""
    if not dateline:
        return Markup(body_html)
    mark = Markup('<span class="dateline">{} —</span> ').format(dateline)
    if body_html.startswith("<p>"):
        return Markup("<p>") + mark + Markup(body_html[3:])
    return Markup('<p class="dateline">{} —</p>\n').format(dateline) + Markup(body_html)

