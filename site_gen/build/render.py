"""Render: a planned `Page` -> the bytes of its file, through the Jinja2 templates.

Templates come from the site's own `templates/` folder first, then the defaults shipped with site_gen, so a
site may override one template (or one static file) and keep the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from site_gen.config import SiteConfig
from site_gen.build.plan import Page, absolute_url, direction

_PACKAGE = Path(__file__).resolve().parent.parent  # site_gen/
# Installed from a wheel, the default templates are the package site_gen.default_templates; in a checkout of
# the repository (and an editable install) they are its top-level templates/ folder.
DEFAULT_TEMPLATES = next((d for d in (_PACKAGE / "default_templates", _PACKAGE.parent / "templates")
                          if (d / "base.html").is_file()), _PACKAGE.parent / "templates")
STATIC = "static"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def template_dirs(config: SiteConfig) -> list[Path]:
    """Return the folders templates are looked up in, the site's own first."""
    own = config.root / "templates"
    dirs = [own] if own.is_dir() else []
    return dirs + [DEFAULT_TEMPLATES] if DEFAULT_TEMPLATES not in dirs else dirs


_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(["'])([^"'\n]+)\1""")
_ANY_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s""")


def _templates(dirs: list[Path]) -> dict[str, bytes]:
    """Return every template's bytes by name (the first folder holding a name wins; static files left out)."""
    found: dict[str, bytes] = {}
    for root in dirs:
        for file in sorted(root.rglob("*")) if root.is_dir() else []:
            name = file.relative_to(root).as_posix()
            if name.split("/")[0] != STATIC and name not in found and file.is_file():
                found[name] = file.read_bytes()
    return found


def _uses(found: dict[str, bytes]) -> dict[str, set[str] | None]:
    """Return, by template name, the names of the templates it and those it uses extend, include or import:
    itself among them; None when one of them names a template through a variable (it may use any)."""
    refs: dict[str, set[str] | None] = {}
    for name, data in found.items():
        text = data.decode("utf-8", "replace")
        named = {m.group(2) for m in _REFERENCE.finditer(text)}
        refs[name] = named if len(named) == len(_ANY_REFERENCE.findall(text)) else None
    uses: dict[str, set[str] | None] = {}
    for name in found:
        seen: set[str] | None = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            named = refs.get(current, set())
            if named is None:
                seen = None
                break
            todo.extend(named)
        uses[name] = seen
    return uses


def template_sets(dirs: list[Path]) -> dict[str, bytes]:
    """Return, by template name, a hash of that template and every template it extends, includes or imports.

    A template naming another through a variable may use any of them: its hash covers them all.
    """
    found = _templates(dirs)
    digests = {name: hashlib.blake2b(data, digest_size=16).digest() for name, data in found.items()}
    everything = hashlib.blake2b(repr(sorted(digests.items())).encode(), digest_size=16).digest()
    return {name: everything if seen is None else hashlib.blake2b(
                repr(sorted((n, digests.get(n)) for n in seen)).encode(), digest_size=16).digest()
            for name, seen in _uses(found).items()}


class _About(NamedTuple):
    """What templates see as `page`."""

    path: str
    template: str


def template_reads(dirs: list[Path]) -> dict[str, frozenset[str] | None]:
    """Return, by template name, the variables it and the templates it uses read (None: it may read any).

    Pages' keys leave out what their template never reads (the home page does not show how many articles
    there are, so a new article at the end of the list leaves its first pages as they were).
    """
    import jinja2
    from jinja2 import meta

    env = jinja2.Environment()
    found = _templates(dirs)
    own: dict[str, frozenset[str] | None] = {}
    for name, data in found.items():
        try:
            own[name] = frozenset(meta.find_undeclared_variables(env.parse(data.decode("utf-8", "replace"))))
        except jinja2.TemplateSyntaxError:
            own[name] = None  # reported when it is rendered
    reads: dict[str, frozenset[str] | None] = {}
    for name, seen in _uses(found).items():
        parts = [own.get(n, frozenset()) for n in seen] if seen is not None else [None]
        reads[name] = None if None in parts else frozenset().union(*parts)
    return reads


class Renderer:
    """A Jinja2 environment (autoescaping, strict about undefined names) bound to one site's settings."""

    def __init__(self, config: SiteConfig, dirs: list[Path], compiled: Path | None = None):
        import jinja2

        self.config = config
        self.dirs = dirs
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
            autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True, default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(day=day, iso=iso, script_json=script_json, with_dateline=with_dateline)
        self.env.globals.update(abs_url=self.abs_url, atom_id=self.atom_id, ui=self.ui, published=self.published)

    def render(self, page: Page) -> bytes:
        """Return the page's file content."""
        up = "../" * page.path.count("/")
        base = urlsplit(self.config.base_url).path if page.context.get("absolute_links") else ""

        def url(path: str) -> str:  # relative to this page, so the site works at any path and from disk
            return (base or up) + _quoted(path)

        template = self.env.get_template(page.template)
        # `page` gives templates where the page goes and its template, not its variables again: a page's key
        # covers the variables its templates read (see `template_reads`), and only through their names.
        about = _About(page.path, page.template)
        return template.render({**page.context, "page": about, "url": url}).encode("utf-8")

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
        return Markup('<time datetime="{}"{}>{}</time>').format(iso(a.date, a.date_has_time), self.ui(a.lang),
                                                                 day(a.date))

    def abs_url(self, path: str) -> str:
        return absolute_url(self.config, path)

    def atom_id(self, path: str) -> str:
        """Return a permanent id for a feed or entry: its URL when the site has one, else a name-based UUID."""
        return self.abs_url(path) or uuid.uuid5(uuid.NAMESPACE_URL, f"site-gen:{self.config.title}:{path}").urn

    def static_files(self) -> Iterator[tuple[str, Path]]:
        return static_files(self.dirs)


@lru_cache(maxsize=65536)
def _quoted(path: str) -> str:
    return quote(path)  # pages link to the same few paths (the home page, topics, static files) again and again


def static_files(dirs: list[Path]) -> Iterator[tuple[str, Path]]:
    """Yield (output path, source file) of each static asset; the site's own win over the defaults."""
    seen: set[str] = set()
    for root in dirs:
        base = root / STATIC
        for file in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = f"{STATIC}/{file.relative_to(base).as_posix()}"
            if file.is_file() and not file.name.startswith(".") and rel not in seen:
                seen.add(rel)
                yield rel, file


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

