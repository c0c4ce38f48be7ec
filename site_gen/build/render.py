"""Render: planned `Page`s -> the bytes of their files, through the Jinja2 templates (see `templates`).

While a page renders, the bodies of articles its templates read are recorded: with its key, they decide when
the page must be made again (see `plan`). Many pages are rendered by forked worker processes that share the
plan; what they make is the same as one process would.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import traceback
import uuid
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Iterator, NamedTuple
from urllib.parse import quote, urlsplit

from jinja2 import pass_context
from markupsafe import Markup, escape

from site_gen.build.fragments import FragmentCache
from site_gen.build.i18n import Chrome
from site_gen.build import media
from site_gen.build.layout import Entry
from site_gen.build.plan import Page, absolute_url
from site_gen.build.sharing import Sharing
from site_gen.build.write import OutputFolder
from site_gen.config import SiteConfig
from site_gen.content import Article, direction
from site_gen.errors import SiteGenError

POOL_MIN = 400  # pages worth forking worker processes for
_BODY = frozenset(("body", "body_html", "words"))
"""An article's attributes that are, or follow from, its body: a template reading one is noted (`_recording`)."""
_ENTRY_BODY = frozenset(("minutes",))
"""The same, of an entry (`layout.Entry`)."""


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
            extensions=["jinja2.ext.i18n", FragmentCache],
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
            autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True, default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a template edited makes a new Renderer (see `phases.SiteBuild._renderer`): no stat a page
        )
        self.chrome = Chrome(config.language)
        self.env.install_gettext_translations(self.chrome.site, newstyle=True)  # `_()`: the site's language
        words = _site_words(self.chrome.site)
        self.env.globals.update(gettext=words, _=words)
        self.env.filters.update(day=self.day, iso=iso, script_json=script_json, with_dateline=with_dateline,
                                num=self.number)
        self.env.globals.update(abs_url=self.abs_url, atom_id=self.atom_id, ui=self.ui, published=self.published,
                                tr=self.chrome.gettext, trn=self.chrome.ngettext, chrome_lang=self.chrome.lang,
                                og_locale=self.chrome.og_locale, text_attrs=self.text_attrs, site_attrs=self.site_attrs,
                                picture=self.picture, article_ld=self.article_ld, list_ld=self.list_ld,
                                _link=link, feed_times=feed_times, old_news=self.old_news,
                                plural_forms=self.plural_forms)
        self.sharing = Sharing(config, self.abs_url)
        self._cutoff: tuple[int, int] = (0, 0)
        self._published: dict[tuple, Markup] = {}
        # Pages link to the same few paths (the home page, topics, static files) again and again.
        self._quoted = lru_cache(maxsize=65536)(quote)
        self._ui: dict[str, Markup] = {}
        self._months: dict[tuple, Markup] = {}

    def render(self, page: Page) -> tuple[bytes, tuple]:
        """Return the page's file content, and the bodies its templates read besides those in its key, as
        (article path, body digest) pairs."""
        up = "../" * page.path.count("/")
        base = urlsplit(self.config.base_url).path if page.context.get("absolute_links") else ""

        folders = self.config.directory_links

        def url(path: str) -> str:  # relative to this page, so the site works at any path and from disk
            if folders and (path == "index.html" or path.endswith("/index.html")):
                return (base or up) + self._quoted(path[:-10]) or "./"  # the canonical folder address
            return (base or up) + self._quoted(path)

        template = self.env.get_template(page.template)
        # `page` gives templates where the page goes and its template, not its variables again: a page's key
        # covers the variables its templates read (see `template_reads`), and only through their names.
        about = _About(page.path, page.template)
        self.read.clear()
        try:
            data = template.render({**page.context, "page": about, "url": url}).encode("utf-8")
        except Exception as exc:  # a template's mistake (an undefined name, a bad filter...): said as such
            raise self.template_problem(exc, page.path) or exc
        if not self.read:
            return data, ()
        covered = {e.article.path for e in page.bodies}
        read = {a.path: a.body.digest for a in self.read if a.path not in covered}
        return data, tuple(sorted(read.items()))

    def template_problem(self, exc: Exception, page: str | None = None) -> SiteGenError | None:
        """Return the error to stop the build with when `exc` came from a template (its file and line, what is
        wrong, and the page being made), else None."""
        import jinja2

        filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)  # a syntax error's
        if not isinstance(exc, jinja2.TemplateSyntaxError):
            filename = line = None
            dirs = [d.resolve() for d in self.dirs]
            frames = traceback.extract_tb(exc.__traceback__)
            for depth, frame in enumerate(reversed(frames)):  # Jinja names the template's lines
                if any(Path(frame.filename).resolve().is_relative_to(d) for d in dirs):
                    filename, line = frame.filename, frame.lineno
                    break
            # Raised by the template's own code (1 / 0), or Jinja's (an undefined name): the template's
            # mistake. Raised further in, by what it called (a damaged build cache), it is not.
            if filename is None or (depth > 0 and not isinstance(exc, jinja2.TemplateError)):
                return None
        what = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        if isinstance(exc, jinja2.TemplateNotFound):
            what = f"no template named {exc.name!r}"
        elif not isinstance(exc, jinja2.TemplateSyntaxError):
            what = f"{type(exc).__name__}: {what}"
        where = f"{filename}:{line}" if filename and line else filename or "templates"
        return SiteGenError(where, f"{what}" + (f" (making {page})" if page else "") + "; nothing more was built")

    @property
    def cutoff(self) -> tuple[int, int]:
        """The build's (year, month) a year ago (`old_news`): set by each build."""
        return self._cutoff

    @cutoff.setter
    def cutoff(self, value: tuple[int, int]) -> None:
        if value != self._cutoff:
            self._published.clear()  # they say which articles are old news
        self._cutoff = value

    def ui(self, lang: str) -> Markup:
        """Return `lang`/`dir` attributes for the site's own words (labels, dates) inside text in `lang`: none
        when they are in `lang` too (it has a catalogue), else those of the site's language."""
        found = self._ui.get(lang)
        if found is None:  # asked for every date a list shows
            words = self.chrome.lang(lang)
            found = self._ui[lang] = Markup("") if words == lang else \
                Markup(' lang="{}" dir="{}"').format(words, direction(words))
        return found

    def text_attrs(self, lang: str, inside: str = "") -> Markup:
        """Return `lang`/`dir` attributes for text in `lang` inside an element in `inside` (default: the site's
        language); none when they are the same."""
        if lang == (inside or self.config.language):
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(lang, direction(lang))

    def site_attrs(self, page_lang: str) -> Markup:
        """Return `lang`/`dir` attributes for the site's chrome (masthead, footer) on a page in `page_lang`."""
        return self.text_attrs(self.chrome.lang(self.config.language), page_lang)

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """Return a message with a number in the site's language for each of its CLDR plural categories
        (`{"one": "%(num)s article", "other": "%(num)s articles"}`), values left to fill in: for a script,
        which picks one with `Intl.PluralRules`."""
        return self.chrome.plural_forms(self.config.language, singular, plural)

    def day(self, when: datetime | None, with_time: bool = False, lang: str = "") -> str:
        """Return a date for people reading `lang` (default: the site's language), from CLDR's data."""
        return self.chrome.day(when, lang or self.config.language, with_time)

    def number(self, n: int, lang: str = "") -> str:
        return self.chrome.number(n, lang or self.config.language)

    @pass_context
    def picture(self, context, article: Article, index: int = 0) -> media.Shown:
        """Return how this page shows an article's image `index` (see `media.picture`)."""
        return media.picture(self.config, article, index, context["url"], self.abs_url)

    def article_ld(self, entry, lead: media.Shown | None = None) -> dict:
        """Return an article page's schema.org data (see `sharing.Sharing.article`)."""
        return self.sharing.article(entry, lead.share if lead is not None else "")

    @pass_context
    def list_ld(self, context, title: str, description: str, entries, trail=()) -> dict:
        """Return a list page's schema.org data: its articles in order, and breadcrumbs of (name, path)."""
        return self.sharing.listing(context["page"].path, title, description, entries, trail)

    def published(self, a) -> Markup:
        """Return an article's <time> element (its day), or nothing when it has no date.

        The same as the `when` macro of _macros.html, which stays for templates of one's own; a function is
        several times quicker to call than a macro, and lists call it for every entry they show.
        """
        if not a.date:
            return Markup("")
        key = (a.date, a.date_has_time, a.lang)  # all it shows, with the build's cutoff (see `cutoff`)
        found = self._published.get(key)
        if found is None:  # lists show each article on several pages: made once
            found = Markup(f'<time datetime="{escape(iso(a.date, a.date_has_time))}"{self.ui(a.lang)}>'
                           f'{escape(self.chrome.day(a.date, a.lang))}</time>{self.old_news(a)}')
            if len(self._published) >= 16_384:
                self._published.clear()
            self._published[key] = found
        return found

    def old_news(self, a) -> Markup:
        """Return " From January 2022" (in the article's chrome language) for an article over a year older than
        the build's date, else nothing."""
        when = a.date
        if when is None or (when.year, when.month) >= self.cutoff:
            return Markup("")
        key = (when.year, when.month, a.lang)
        found = self._months.get(key)
        if found is None:  # lists show many articles of one month: made once per month and language
            month = self.chrome.pattern(date(when.year, when.month, 1), "LLLL y", a.lang)
            tr = self.chrome.gettext  # as templates call it: pybabel finds the message by that name (babel.cfg)
            found = Markup(' <span class="old-news"{}>{}</span>').format(self.ui(a.lang),
                                                                        tr(a.lang, "From %(month)s", month=month))
            if len(self._months) >= 10_000:
                self._months.clear()
            self._months[key] = found
        return found

    def abs_url(self, path: str) -> str:
        return absolute_url(self.config, path)

    def atom_id(self, path: str) -> str:
        """Return a permanent id for a feed or entry: its URL when the site has one, else a name-based UUID."""
        return self.abs_url(path) or uuid.uuid5(uuid.NAMESPACE_URL, f"site-gen:{self.config.title}:{path}").urn


def _site_words(catalogue) -> object:
    """Return the templates' `_()` and `gettext()`: newstyle gettext as Jinja2's i18n extension makes it (the
    message translated, escaped when autoescaping, `%(name)s` values filled in), with each message without
    values looked up once. Every page says "Skip to content", "Latest", "Search" ...: through the extension's
    two layers of calls and a `%` on every use, the chrome's words were a tenth of rendering a page."""
    from jinja2 import pass_eval_context

    memo: dict[tuple[str, bool], str] = {}

    @pass_eval_context
    def gettext(eval_ctx, message: str, **values) -> str:
        if values:
            text = catalogue.gettext(message)
            return (Markup(text) if eval_ctx.autoescape else text) % values
        key = (message, eval_ctx.autoescape)
        found = memo.get(key)
        if found is None:
            text = catalogue.gettext(message)
            found = memo[key] = (Markup(text) if eval_ctx.autoescape else text) % {}
        return found

    return gettext


def _recording(base: type) -> type:
    """Return a Jinja2 environment class that notes each article whose body a template reads in `read`.

    Its `getattr` and `getitem` are Jinja2's own (3.1) written out rather than called through `super()`:
    templates look up attributes millions of times in a large build."""

    class Recording(base):
        def __init__(self, read: list, **options):
            super().__init__(**options)
            self.read = read

        def getattr(self, obj, attribute):
            if attribute in _BODY and obj.__class__ is Article:
                self.read.append(obj)
            elif attribute in _ENTRY_BODY and obj.__class__ is Entry:
                self.read.append(obj.article)
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)

        def getitem(self, obj, argument):
            if argument in _BODY and obj.__class__ is Article:
                self.read.append(obj)
            elif argument in _ENTRY_BODY and obj.__class__ is Entry:
                self.read.append(obj.article)
            return super().getitem(obj, argument)

    Recording.context_class = _quick_calls(Recording.context_class)
    return Recording


_PLAIN = (FunctionType, MethodType, BuiltinFunctionType)


def _quick_calls(base: type) -> type:
    """Return a Jinja2 context class whose `call` (every call a template makes: `url()`, `tr()`, `ui()` ...)
    goes straight to a function or method that takes no context, environment or eval context.

    Jinja2's own (3.1), which it falls back on for everything else, asks the callable and its `__call__` what
    it takes in two more calls each time: a call from a template took 2.1 us with it, 1.35 us without (an
    article page makes some 60)."""

    class QuickCalls(base):
        def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own names, which its callers pass
            if type(__obj) not in _PLAIN or getattr(__obj, "jinja_pass_arg", None) is not None:
                return base.call(__self, __obj, *args, **kwargs)
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")

    return QuickCalls


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
        try:
            renderer.env.get_template(name)  # template errors show here, once, before any worker starts
        except Exception as exc:
            raise renderer.template_problem(exc) or exc
    workers = min(jobs or os.cpu_count() or 1, len(pages) // (POOL_MIN // 2) or 1)
    if workers > 1 and len(pages) >= POOL_MIN and threading.active_count() == 1 and hasattr(os, "fork"):
        yield from _render_forked(renderer, pages, out, workers)
        return
    for page in pages:
        yield _render_one(renderer, out, page)


def _render_forked(renderer: Renderer, pages: list[Page], out: OutputFolder, workers: int) -> Iterator[Rendered]:
    from site_gen.build.pool import forked_map

    global _SHARED
    _SHARED = (renderer, pages, out)
    try:
        formats = renderer.chrome.formats
        for done, formatted in forked_map(_render_chunk, len(pages), workers, what="render worker"):
            formats.update(formatted)  # kept with the state: the next small build needs no Babel
            yield from done
    finally:
        _SHARED = ()


def _render_chunk(indexes: range) -> tuple[list[Rendered], list]:
    """In a render worker (see `pool.forked_map`): render some pages; return what each gave, and the formats
    made meanwhile (dates, numbers: see `i18n.Chrome.formats`; a dict keeps its order, so they are the ones
    past its old length)."""
    renderer, pages, out = _SHARED
    formats = renderer.chrome.formats
    known = len(formats)
    done = [_render_one(renderer, out, pages[i]) for i in indexes]
    made = list(itertools.islice(formats.items(), known, None)) if len(formats) >= known else list(formats.items())
    return done, made


def _render_one(renderer: Renderer, out: OutputFolder, page: Page) -> Rendered:
    data, read = renderer.render(page)
    wrote, size, mtime = out.put(page.path, data)
    page.forget()
    return wrote, size, mtime, read


def iso(when: datetime | None, with_time: bool = True) -> str:
    """Return a machine-readable date: a day (`2022-01-02`) or a full time with its offset."""
    if when is None:
        return ""
    return when.isoformat(timespec="seconds") if with_time else when.date().isoformat()


def feed_times(entries) -> list[tuple[str, str]]:
    """Return (published, updated) for each feed entry, newest first, as Atom wants them (date-times).

    An entry whose source gave a day only has no `published` (a time would be made up), and its `updated` is
    the start of that day in its zone plus a second for each day-only entry of that day below it: readers sort
    by it, so the order stays the site's, and no two entries share one.
    """
    times: list[tuple[str, str]] = []
    below: dict[object, int] = {}
    for e in reversed(entries):
        a = e.article
        if a.updated is not None:  # updated from a later dump: when it changed, and published when known
            times.append((iso(a.date) if a.date_has_time else "", iso(a.updated)))
            continue
        if a.date_has_time:
            text = iso(a.date)
            times.append((text, text))
            continue
        n = below.get(a.date.date(), 0)
        below[a.date.date()] = n + 1
        times.append(("", iso(a.date.replace(hour=0, minute=0, second=0) + timedelta(seconds=n))))
    return times[::-1]


def link(href: str, text: str) -> Markup:
    """Return a link, to put into a translated sentence (newstyle gettext escapes the sentence, not this)."""
    return Markup('<a href="{}">{}</a>').format(href, text)


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

