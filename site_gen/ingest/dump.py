"""A dump's text split into its parts: headline, blocks, source URL and trailer."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RETRIEVED = re.compile(r"^[ \t]*Content retrieved from:[ \t]*(?P<url>\S+?)\.?[ \t]*$", re.I | re.M)
_BLANK = re.compile(r"\n[ \t\u00a0]*\n+")
MAX_TITLE = 300
_INVISIBLE = " \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff"


class NoArticle(ValueError):
    """The dump holds no article (empty, whitespace only, headline only)."""


@dataclass(frozen=True)
class Dump:
    """The parts of a text dump, in page order."""

    title: str
    """Line 1: the headline, as the page gave it."""
    blocks: tuple[str, ...]
    """The page's text blocks between the headline and the trailer, trimmed, none empty."""
    source_url: str | None
    """The URL on the `Content retrieved from:` line, if there is one."""


def split_dump(text: str) -> Dump:
    """Return the dump's headline, blocks and source URL; raise NoArticle when there is no article."""
    if not text.strip():
        raise NoArticle("empty file (nothing but white space)")
    head, _, rest = text.lstrip("\n \t").partition("\n")
    title = " ".join(head.split())
    if len(title) > MAX_TITLE:
        # A first line this long is a paragraph, not a headline: keep it in the body.
        rest, title = head + "\n\n" + rest, _shorten(title)
    url = None
    last = None
    for last in _RETRIEVED.finditer(rest):
        pass
    if last is not None:
        url = last.group("url")
        rest = rest[: last.start()]  # the trailer after it ("About The Author", ...) goes too
    # A block of nothing but zero-width characters is as empty as a blank line to a reader.
    blocks = [b.strip() for b in _BLANK.split(rest)]
    blocks = [b if b.strip(_INVISIBLE) else "" for b in blocks]
    blocks = [b for b in blocks if b]
    if not blocks:
        raise NoArticle("headline only: no article text after line 1")
    return Dump(title=title, blocks=tuple(blocks), source_url=url)


def _shorten(text: str, limit: int = 120) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut or text[:limit]).rstrip(",;: ") + "…"
