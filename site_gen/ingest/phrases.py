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


SHORT = 60
"""Most phrases match a block of at most this many characters (a menu item, a button); the few that match
longer blocks (a cookie notice, a copyright line) are also kept apart, so that a longer block is tried
against those few only: a regex of hundreds of alternatives tries every one at each block."""
_CLUTTER_TAIL = r"[\s.:：!|»›>·-]*"


def _alternatives(pattern: str) -> list[str]:
    """Return the top-level alternatives of a regular expression ("a|b(c|d)" -> "a", "b(c|d)")."""
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1  # "[]...]": the first ] is a member
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _longest(pattern: str, flags: int) -> int:
    """Return the most characters the pattern can match (a large number when it has no bound)."""
    try:
        from re import _parser  # the standard library's own parser: widths exactly as re sees them

        return _parser.parse(pattern, flags).getwidth()[1]
    except Exception:  # another Python's internals: treat it as unbounded, which is always right
        return 1 << 30


_META = re.compile(r"[\\^$.|?*+()\[\]{}]")
_TRAILING = ".:：!|»›>·-"
# Letters whose lower case re.IGNORECASE and str.lower() do not agree on (İ ı ſ ẞ ...): a phrase or a
# block holding one is asked of the regex, not of the set. (The final sigma ς is read as σ, as re reads it.)
_IRREGULAR = re.compile(
    "[µßİıŉſǰΐΰϐϑϕϖϰϱϵևᲀ-ᲈẖ-ẛẞὐὒὔὖᾀ-ᾯᾲ-ᾴᾶᾷᾼι-ῄῆῇῌῒΐῖῗῢ-ῤῦῧῲ-ῴῶῷῼﬀ-ﬆﬓ-ﬗ\u0345\u1fbe\u1fd3]"
)
_SIGMA = str.maketrans("ς", "σ")


class _Phrases:
    """A data file's phrases, quick to ask: the plain words and phrases (most of them) in a set, the other
    alternatives in a regex, and those of them that can match more than SHORT characters in another."""

    def __init__(self, name: str, flags: int, tail: str) -> None:
        alts = [a for p in _patterns(name) for a in _alternatives(p)]
        # A plain phrase is looked up as the block's lowercased text without its trailing marks.
        plain = {a for a in alts if not _META.search(a) and a == a.strip() and not a.endswith(tuple(_TRAILING))
                 and not _IRREGULAR.search(a.lower())}
        rest = [a for a in alts if a not in plain] or ["(?!)"]
        long = [a for a in rest if _longest(a, flags) > SHORT] or ["(?!)"]
        join = lambda xs: "(?:" + "|".join(f"(?:{x})" for x in xs) + ")" + tail  # noqa: E731
        self.plain = frozenset(a.lower().translate(_SIGMA) for a in plain)
        self.all = re.compile(join(alts), flags)
        self.rest = re.compile(join(rest), flags)
        self.long = re.compile(join(long), flags)

    def fullmatch(self, t: str) -> bool:
        core = t
        while (cut := core.rstrip().rstrip(_TRAILING)) != core:
            core = cut
        if len(core) > SHORT:
            return bool(self.long.fullmatch(t))
        if _IRREGULAR.search(core):
            return bool(self.all.fullmatch(t))
        return core.lower().translate(_SIGMA) in self.plain or bool(self.rest.fullmatch(t))


@lru_cache(maxsize=None)
def _clutter() -> _Phrases:
    return _Phrases("clutter.txt", re.I, _CLUTTER_TAIL)


@lru_cache(maxsize=None)
def _walls() -> _Phrases:
    return _Phrases("walls.txt", re.I | re.S, _CLUTTER_TAIL)


def clutter_re() -> re.Pattern[str]:
    """Return a regex matching a whole block that is page furniture (menus, widgets, ads, footers)."""
    return _clutter().all


@lru_cache(maxsize=None)
def related_re() -> list[re.Pattern[str]]:
    """Return regexes matching a heading that opens a related-headlines block."""
    return [re.compile(f"(?:{p})[\\s:.»›>-]*", re.I) for p in _patterns("related.txt")]


def wall_re() -> re.Pattern[str]:
    """Return a regex matching a block after which the article does not go on (comments, author box)."""
    return _walls().all


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
    return _clutter().fullmatch(t)


@lru_cache(maxsize=8192)
def _is_wall(t: str) -> bool:
    return _walls().fullmatch(t)
