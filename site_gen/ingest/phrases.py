"""Known clutter phrases, read from the data files in `phrases/`."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def _patterns(name: str) -> list[str]:
    text = resources.files("site_gen.ingest").joinpath("phrases", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def word_list(name: str) -> list[str]:
    """Return the words of a data file in `phrases/`, one a line."""
    return _patterns(name)


@lru_cache(maxsize=None)
def clutter_re() -> re.Pattern[str]:
    """Return a regex matching a whole block that is page furniture (menus, widgets, ads, footers)."""
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in _patterns("clutter.txt")) + r")[\s.:：!|»›>·-]*", re.I)


@lru_cache(maxsize=None)
def related_re() -> list[re.Pattern[str]]:
    """Return regexes matching a heading that opens a related-headlines block."""
    return [re.compile(f"(?:{p})[\\s:.»›>-]*", re.I) for p in _patterns("related.txt")]


@lru_cache(maxsize=None)
def wall_re() -> re.Pattern[str]:
    """Return a regex matching a block after which the article does not go on (comments, author box)."""
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in _patterns("walls.txt")) + r")[\s.:：!|»›>·-]*", re.I | re.S)


def is_wall(text: str) -> bool:
    t = text.strip()
    return len(t) <= 700 and _is_wall(t)


def is_clutter(text: str, extra: re.Pattern[str] | None = None) -> bool:
    """Return True when the whole block is a known clutter phrase."""
    t = text.strip()
    if len(t) > 300:
        return False
    return _is_clutter(t) or (extra is not None and bool(extra.fullmatch(t)))


# Each dump asks about most of its blocks more than once (captions, related, body passes), and menus,
# widgets and footers recur from dump to dump: remember the answers for the blocks seen last.
@lru_cache(maxsize=8192)
def _is_clutter(t: str) -> bool:
    return bool(clutter_re().fullmatch(t))


@lru_cache(maxsize=8192)
def _is_wall(t: str) -> bool:
    return bool(wall_re().fullmatch(t))
