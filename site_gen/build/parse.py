"""Parse: one front-matter Markdown file's bytes -> a checked `Article` with sanitised body HTML.

Reads our own ingest output and the conventions of Hugo and Jekyll (YAML `---` or TOML `+++` front matter),
so an existing site's Markdown builds as it is. A file that is not an article raises `Unreadable`, naming the
line; `parse_file` turns every failure into a `SiteError` naming the file.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import signal
import threading
import tomllib
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from site_gen.build import markdown_fast
from site_gen.config import SiteConfig
from site_gen.content import Article, Body, Image, slugify, with_digest
from site_gen.errors import SiteError

# Markdown, nh3, PyYAML and python-frontmatter are imported when a file must be parsed: a build with nothing
# changed never needs them.

EXCERPT_CHARS = 200

# What article bodies may contain: text structure and links; no script, styles, frames, forms or media.
_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr",
}
_ATTRIBUTES = {
    "*": {"lang", "dir", "title", "id"},
    "a": {"href", "hreflang"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_FOOTNOTE_ID = re.compile(r"fn(ref)?:[\w-]+")  # the only ids content may set: Markdown footnotes' own
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
_TAG = re.compile(r"<[^>]*>")
_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACED_OFFSET = re.compile(r"\s+([+-])(\d{2}):?(\d{2})$")  # Jekyll: `2024-01-05 10:20:00 +0100`
_JEKYLL_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")


@cache
def _handlers() -> tuple:
    """Return the front-matter readers: YAML between `---` lines, TOML between `+++` lines (Hugo)."""
    from frontmatter.default_handlers import BaseHandler, YAMLHandler

    class TOMLHandler(BaseHandler):
        """TOML front matter between `+++` lines, read with the standard library's `tomllib`."""

        FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
        START_DELIMITER = END_DELIMITER = "+++"

        def load(self, fm: str) -> dict[str, Any]:
            return tomllib.loads(fm)

    return (YAMLHandler(), TOMLHandler())


@cache
def _yaml_loader():
    """Return PyYAML's safe loader: libyaml's when there (the same data, faster)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Unreadable(Exception):
    """Why one file cannot be an article, and the line it is about."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


CONVERT_SECONDS = 10


class ConvertTimeout(Exception):
    """One file's conversion ran past its time: a pathological input, not a reason to hang the build."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ConvertTimeout in the block after `seconds` (where a timer signal can be had: the main thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise ConvertTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_file(loader: "Loader", path: str) -> tuple[bytes, Article | SiteError | None]:
    """Return (hash of the file's bytes, what they give: an Article, None for a draft, or the error)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return b"", SiteError(path, f"cannot read: {exc.strerror or exc}")
    digest = hashlib.blake2b(data, digest_size=16).digest()
    try:
        with time_limit(CONVERT_SECONDS):
            return digest, loader.load(data, path)
    except ConvertTimeout:
        return digest, SiteError(path, f"took over {CONVERT_SECONDS} s to convert (pathological Markdown); skipped")
    except Unreadable as bad:
        return digest, SiteError(path, bad.message, bad.line)
    except RecursionError:
        return digest, SiteError(path, "nested too deeply to convert (quotes, lists or brackets inside each other)")
    except Exception as exc:  # noqa: BLE001 - a converter crashing on one file must not stop the build
        return digest, SiteError(path, f"cannot convert: {type(exc).__name__}: {exc}")


class Loader:
    """Turns one file's bytes into an `Article`; holds the Markdown converter, which is costly to make."""

    def __init__(self, config: SiteConfig):
        self.zone = ZoneInfo(config.timezone)
        self.language = config.language
        self._variants: dict[tuple[bool, ...], Any] = {}

    def load(self, data: bytes, path: str) -> Article | None:
        """Return the article in `data`, or None for a draft; raise `Unreadable` saying why it is not one."""
        text = _decode(data)
        meta, fm, first_line, body = _front_matter(text)
        if meta.get("draft") in (True, "true") or meta.get("published") in (False, "false"):
            return None
        fields = _Fields(meta, fm, first_line)
        title = fields.text("title")
        if not title:
            raise Unreadable("no title: front matter needs a `title` field", fields.line("title") or first_line)
        stem = Path(path).stem
        day_from_name = None
        if m := _JEKYLL_NAME.fullmatch(stem):  # Jekyll posts: 2024-01-05-my-post.md
            day_from_name, stem = m.group(1), m.group(2)
        when, has_time = fields.when(("date", "publishDate"), day_from_name, self.zone)
        lang = fields.text("lang") or fields.text("language") or self.language
        if not _LANG_TAG.fullmatch(lang):
            raise Unreadable(f"lang {lang!r} is not a language tag like `en` or `pt-BR`", fields.line("lang"))
        body_html = self.body_html(body)
        plain = html.unescape(_TAG.sub(" ", body_html))
        return with_digest(Article(
            path=path,
            slug=slugify(fields.text("slug") or stem),
            title=title,
            date=when,
            date_has_time=has_time,
            topic=fields.text("topic") or fields.first("categories") or fields.text("category"),
            source=fields.text("source"),
            source_url=fields.url("source_url"),
            dateline=fields.text("dateline"),
            authors=fields.names("authors") or fields.names("author"),
            images=fields.images("images"),
            related=fields.names("related"),
            tags=fields.names("tags"),
            summary=fields.text("summary") or fields.text("description") or _excerpt(body_html),
            lang=lang,
            body=Body(body_html),
            words=len(plain.split()),
            updated=fields.when(("updated", "lastmod"), None, self.zone)[0],
            story=fields.text("story"),
        ))

    def body_html(self, body: str) -> str:
        """Return the Markdown body as sanitised HTML, its headings moved down a level below the page's h1."""
        import nh3

        raw = markdown_fast.convert(body)  # plain prose, exactly as Python-Markdown would give it
        if raw is None:
            md = self.markdown_for(body)
            md.reset()
            raw = md.convert(body)
        clean = nh3.clean(
            raw, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, strip_comments=True,
            attribute_filter=_attribute_filter,
        )
        return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", clean)


    def markdown_for(self, body: str):
        """Return a converter for `body` without the inline patterns that cannot match anywhere in it.

        Python-Markdown tries every inline pattern on every piece of text; most need a character that most
        bodies lack (`<`, `&`, a backtick...). Leaving those out gives the same HTML in less time.
        """
        needs = tuple(any(c in body for c in chars) for chars in _INLINE_NEEDS.values())
        md = self._variants.get(needs)
        if md is None:
            import markdown

            md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
            for name, needed in zip(_INLINE_NEEDS, needs):
                if not needed and name in md.inlinePatterns:
                    md.inlinePatterns.deregister(name)
            _skip_hopeless_tries(md)
            self._variants[needs] = md
        return md


MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
# The inline patterns of those extensions, and the characters their expressions cannot match without. Inline
# processing only sees the body's own text (with tabs expanded and line ends normalised first, hence the tab
# and carriage return for the line break) and placeholders made of \x02, \x03, letters and digits.
_INLINE_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",), "footnote": ("[^",), "reference": ("[",), "link": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_reference": ("[",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "linebreak": ("  \n", "\t", "\r"), "entity": ("&",),
    "em_strong": ("*", "_"), "em_strong2": ("_",), "not_strong": ("*", "_"), "strong_em": ("*", "_"),
}


def _skip_hopeless_tries(md) -> None:
    """Make the inline processor pass over a pattern at once for a piece of text lacking what it needs.

    Python-Markdown tries each pattern on each piece of text (`__applyPattern`), which returns the text as it
    was when the pattern finds nothing; a pattern that needs a character the piece lacks finds nothing.
    """
    inline = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
    apply = getattr(inline, "_InlineProcessor__applyPattern", None)
    if apply is None:  # another Python-Markdown: keep it as it is
        return
    needs = {id(md.inlinePatterns[name]): chars for name, chars in _INLINE_NEEDS.items() if name in md.inlinePatterns}

    def try_pattern(pattern, data: str, index: int, start: int = 0):
        chars = needs.get(id(pattern))
        if chars is not None and not any(c in data for c in chars):
            return data, False, 0
        return apply(pattern, data, index, start)

    inline._InlineProcessor__applyPattern = try_pattern


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id" and not _FOOTNOTE_ID.fullmatch(value):
        return None  # page ids belong to the templates (#main, #search...)
    return value


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unreadable(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


_DAY_FIELD = re.compile(r"\s*[^#:\s][^:]*:\s*(\d{4})-(\d\d?)-(\d\d?)(?![\d-])")


def _impossible_day(line: str) -> bool:
    """Return True for a `name: YYYY-MM-DD` line whose date is no day (the 45th of the 13th month)."""
    m = _DAY_FIELD.match(line)
    if m is None:
        return False
    try:
        date(*map(int, m.groups()))
    except ValueError:
        return True
    return False


def _front_matter(text: str) -> tuple[dict[str, Any], str, int, str]:
    """Return (fields, front-matter text, line of its first field, body) of a front-matter file."""
    import yaml

    handler = next((h for h in _handlers() if h.detect(text)), None)
    if handler is None:
        raise Unreadable("no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line", 1)
    marks = list(itertools.islice(handler.FM_BOUNDARY.finditer(text), 2))  # not every `---` of the body
    if len(marks) < 2:
        raise Unreadable(f"front matter is not closed: no second `{handler.START_DELIMITER}` line", 1)
    start, end = marks[0], marks[1]
    fm, body = text[start.end():end.start()], text[end.end():]
    base = text.count("\n", 0, start.end())  # lines before the one the front matter's text starts on
    try:
        meta = handler.load(fm, Loader=_yaml_loader()) if handler.START_DELIMITER == "---" else handler.load(fm)
    except yaml.YAMLError as exc:  # where an unclosed bracket or quote opened says more than where it was noticed
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        reason = " ".join(filter(None, (getattr(exc, "context", None), getattr(exc, "problem", None)))) or str(exc)
        raise Unreadable(f"front matter is not valid YAML: {reason}", base + mark.line + 1 if mark else None) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        raise Unreadable(f"front matter is not valid TOML: {exc}", base + int(m.group(1)) if m else None) from None
    except ValueError as exc:  # YAML reads 2025-13-45 as a day, which cannot be made
        line = next((i for i, text in enumerate(fm.splitlines()) if _impossible_day(text)), None)
        raise Unreadable(f"front matter has a date that is no day of the calendar ({exc})",
                         base + line + 1 if line is not None else None) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable("front matter must be a set of `name: value` fields", base + 2)
    return meta, fm, base + 1, body


def _excerpt(body_html: str) -> str:
    m = _FIRST_P.search(body_html)
    text = " ".join(html.unescape(_TAG.sub("", m.group(1))).split()) if m else ""
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Fields:
    """Typed access to front-matter fields; a field of the wrong kind is `Unreadable` at its line."""

    def __init__(self, meta: dict[str, Any], fm: str, first_line: int):
        self.meta = meta
        self.lines = fm.split("\n")
        self.first_line = first_line

    def line(self, key: str) -> int | None:
        """Return the line of the field `key`: the last one at the top level (of a key given twice, YAML keeps
        the last), else the last nested one (a TOML table's)."""
        pattern = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*[:=]""")
        found = [i for i, text in enumerate(self.lines) if pattern.match(text)]
        top = [i for i in found if not self.lines[i][:1].isspace()]
        return self.first_line + (top or found)[-1] if found else None

    def bad(self, key: str, what: str) -> Unreadable:
        return Unreadable(f"`{key}` must be {what}", self.line(key))

    def text(self, key: str) -> str:
        value = self.meta.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.bad(key, "text")
        return " ".join(str(value).split())

    def url(self, key: str) -> str:
        value = self.text(key)
        if value and not value.startswith(("http://", "https://")):
            raise self.bad(key, "an http:// or https:// address")
        return value

    def names(self, key: str) -> tuple[str, ...]:
        """A list of names; one string is one name, or several when it has commas."""
        value = self.meta.get(key)
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, dict) and "name" in value:  # Hugo: author: {name: ...}
            value = [value["name"]]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise self.bad(key, "a list of names")
        names = (" ".join(str(v).split()) for v in value)
        return tuple(dict.fromkeys(n for n in names if n))

    def first(self, key: str) -> str:
        names = self.names(key)
        return names[0] if names else ""

    def images(self, key: str) -> tuple[Image, ...]:
        value = self.meta.get(key) or []
        if not isinstance(value, list):
            raise self.bad(key, "a list of {caption, credit, src, alt, width, height}")
        images = []
        for item in value:
            if isinstance(item, str):
                item = {"caption": item}
            if not isinstance(item, dict) or not all(isinstance(v, (str, int)) for v in item.values()):
                raise self.bad(key, "a list of {caption, credit, src, alt, width, height}")
            text = {k: " ".join(str(item.get(k, "")).split()) for k in ("caption", "credit", "src", "alt")}
            size = [item.get(k, 0) for k in ("width", "height")]
            size = [n if isinstance(n, int) and not isinstance(n, bool) and 0 < n < 100_000 else 0 for n in size]
            if text["caption"] or text["credit"] or text["src"]:
                images.append(Image(text["caption"], text["credit"], item.get("file_photo") is True, text["src"],
                                    text["alt"], *size))
        return tuple(images)

    def when(self, keys: tuple[str, ...], fallback: str | None, zone: ZoneInfo) -> tuple[datetime | None, bool]:
        """Return (aware datetime or None, whether it has a time of day) from the first of `keys` present."""
        key = next((k for k in keys if self.meta.get(k) not in (None, "")), None)
        value: Any = self.meta[key] if key else fallback
        if value is None:
            return None, False
        if isinstance(value, str):
            text = value.strip()
            try:
                value = date.fromisoformat(text) if _DAY.fullmatch(text) else datetime.fromisoformat(
                    _SPACED_OFFSET.sub(r"\1\2:\3", text))
            except ValueError:
                raise self.bad(key or "date", "an ISO 8601 date like 2025-03-17 or 2025-03-17T09:30:00+01:00")
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=zone)), True
        if isinstance(value, date):
            return datetime.combine(value, time(), tzinfo=zone), False
        raise self.bad(key or "date", "a date")
