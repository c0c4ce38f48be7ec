"""The content model shared by ingest and build: slugs, text direction, and the `Article` the build works with."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from typing import Callable


MAX_SLUG = 80
# Names Windows refuses as files, and names the site uses for its own pages.
RESERVED = {
    "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)),
    "index", "topics", "authors", "tags", "search", "page", "feeds", "static", "assets", "404",
}


def slugify(text: str, fallback: str = "article") -> str:
    """Return a lowercase ASCII slug of `text`, safe as a file and URL name."""
    from slugify import slugify as _slugify  # here: a build that makes no new slug needs no slugify (~4 ms)

    text = unicodedata.normalize("NFKC", text or "")
    slug = _slugify(text, max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not slug:
        # Scripts with no ASCII transliteration still get a stable, readable-enough slug.
        slug = _slugify(text, max_length=MAX_SLUG, word_boundary=True, allow_unicode=True)
    if not slug:
        slug = fallback
    if slug in RESERVED:
        slug = f"{slug}-1"
    return slug


def free_slug(base: str, taken_lower: set[str]) -> str:
    """Return `base`, or `base-2`, `base-3`, ... whichever is not in `taken_lower` (the taken slugs, lowercased)."""
    if base.lower() not in taken_lower:
        return base
    n = 2
    while f"{base}-{n}".lower() in taken_lower:
        n += 1
    return f"{base}-{n}"


_RTL = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"}
_RTL_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"}


@lru_cache(maxsize=1024)  # a pure function asked for on every entry shown; its cache is bounded
def direction(lang: str) -> str:
    """Return "rtl" for a BCP 47 tag of a language or script written right to left, else "ltr"."""
    parts = lang.lower().split("-")
    rtl = parts[0] in _RTL or "-".join(parts[:2]) in _RTL or any(p in _RTL_SCRIPTS for p in parts[1:])
    return "rtl" if rtl else "ltr"


def is_remote(src: str) -> bool:
    """Return True when an image's `src` is a picture on another site (an http(s) URL)."""
    return src.startswith(("https://", "http://"))


def outside_site(src: str) -> bool:
    """Return True when a local image's `src` (from the site folder) cannot name a file inside the site folder:
    the build never looks there."""
    return "\x00" in src or "\\" in src or ":" in src or src.startswith("/") or ".." in src.split("/")


@dataclass(frozen=True)
class Image:
    """A picture the article had: its words, and where its pixels are when the dump kept them."""

    caption: str
    credit: str = ""
    file_photo: bool = False
    """The credit was given as a file photo's ("File Photo: AFP"): an older picture, not of this event."""
    src: str = ""
    """The picture: a file relative to the site folder (saved beside an HTML page), or an http(s) URL."""
    alt: str = ""
    """Its text alternative, when the page gave one (else the caption stands for it)."""
    width: int = 0
    height: int = 0
    """Its size in pixels, when known (0: unknown)."""

    def as_dict(self) -> dict[str, str | int | bool]:
        """Return it as front matter writes it: the fields that are set."""
        return {k: v for k, v in (("caption", self.caption), ("credit", self.credit), ("file_photo", self.file_photo),
                                  ("src", self.src), ("alt", self.alt), ("width", self.width),
                                  ("height", self.height)) if v}

    def fields(self) -> tuple:
        """Return every field, in order (how the build state keeps it)."""
        return (self.caption, self.credit, self.file_photo, self.src, self.alt, self.width, self.height)


class BodyUnavailable(Exception):
    """A stored body could not be read back whole: the build state is damaged and must not be trusted."""


class Body:
    """An article's body as sanitised HTML; a stored body stays on disk until a page shows it.

    `digest` names the HTML's bytes, so pages can tell that a body changed without reading it.
    """

    __slots__ = ("digest", "_html", "where", "_reader")

    def __init__(self, html: str | None = None, digest: bytes = b"", where: tuple[str, int, int] | None = None,
                 reader: "Callable[[tuple, bytes], str] | None" = None):
        self._html = html
        self.digest = digest or hashlib.blake2b(html.encode("utf-8"), digest_size=16).digest()
        self.where = where
        """(file, offset, length) of the bytes in the build state's body pack, once stored there."""
        self._reader = reader
        """Reads the stored bytes back (given `where` and `digest`): the build state's own reader."""

    @property
    def html(self) -> str:
        """The HTML; a stored body is read each time (a page shows it once), so bodies do not pile up."""
        return self._html if self._html is not None else self._reader(self.where, self.digest)

    def stored(self, where: tuple[str, int, int], reader: "Callable[[tuple, bytes], str]") -> None:
        """Note that the HTML is now in the pack at `where` and let it go from memory."""
        self.where, self._reader, self._html = where, reader, None

    def __getstate__(self):  # a stored body travels as its address, a fresh one as its text
        return (None, {"digest": self.digest, "where": self.where, "_reader": self._reader,
                       "_html": None if self.where else self._html})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Body) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"Body({self.digest.hex()[:12]})"


@dataclass(frozen=True)
class Article:
    """One article, complete and checked: everything a page about it needs."""

    path: str
    """The `.md` file it came from, relative to the content folder (for error messages)."""
    slug: str
    """Its URL name: the `slug` field, else the file name, always through `slugify`."""
    title: str
    date: datetime | None
    """When it was published, time-zone aware (the site's zone when the file gave none); None if unknown."""
    date_has_time: bool
    """False when the file gave a day only, so pages show no made-up midnight."""
    topic: str
    """The section it belongs to as written (`topic`, else the first of `categories`); "" for none."""
    source: str
    """The name of the site it was taken from; "" when unknown."""
    source_url: str
    """Where the original is; "" when unknown."""
    dateline: str
    """Where it was reported from (`ISTANBUL, Turkey`), shown before the first paragraph."""
    authors: tuple[str, ...]
    images: tuple[Image, ...]
    related: tuple[str, ...]
    """Headlines the original page listed as related; linked when the site has an article by that title."""
    tags: tuple[str, ...]
    summary: str
    """A sentence or two about it: `summary`, else `description`, else the opening of the body."""
    lang: str
    """BCP 47 language of its text."""
    body: Body
    """The body rendered from Markdown and sanitised: safe to put in a page as it is (`body_html`)."""
    words: int
    """How many words the body has, for the reading time."""
    digest: bytes = b""
    """A hash of every field above but the body, set by the loader: pages that show the article but not its
    body (lists, boxes) change exactly when it does. Empty: computed when needed."""
    updated: datetime | None = None
    """When a re-scraped dump last changed it (`updated`, else `lastmod`); None when it never was."""
    story: str = ""
    """The story it is a copy of (`story`: ingest names the first copy of a wire story); "" for its own."""

    @property
    def body_html(self) -> str:
        return self.body.html


def with_digest(article: Article) -> Article:
    """Return the article with its `digest` set: a hash of all its fields but the body and what follows from
    it (`words`). What lists and boxes show of an article is keyed by this digest: a page whose templates read
    its word count records that it read the body (`build.render`), so an edit that leaves everything else as
    it was renders again only its page, the feeds and the pages that show the count."""
    fields = {f: getattr(article, f) for f in article.__dataclass_fields__ if f not in ("body", "digest", "words")}
    digest = hashlib.blake2b(repr(sorted(fields.items())).encode("utf-8"), digest_size=16).digest()
    object.__setattr__(article, "digest", digest)
    return article
