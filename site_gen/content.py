"""Slug helpers shared by ingest and build."""

from __future__ import annotations

import unicodedata

from slugify import slugify as _slugify

MAX_SLUG = 80
# Names Windows refuses as files, and names the site uses for its own pages.
RESERVED = {
    "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)),
    "index", "topics", "authors", "tags", "search", "page", "feeds", "static", "assets", "404",
}


def slugify(text: str, fallback: str = "article") -> str:
    """Return a lowercase ASCII slug of `text`, safe as a file and URL name."""
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


def unique_slug(base: str, taken: set[str]) -> str:
    """Return `base`, or `base-2`, `base-3`, ... whichever is not in `taken` (case-insensitively)."""
    lowered = {t.lower() for t in taken}
    if base.lower() not in lowered:
        return base
    n = 2
    while f"{base}-{n}".lower() in lowered:
        n += 1
    return f"{base}-{n}"
