"""Related headlines a dump carried -> the articles of this site they name, by fuzzy title match (rapidfuzz).

A site's copy of a headline is often not letter for letter the one another page listed: quotes, dashes,
a word added or dropped ("... from January" / "... in January"). A headline names an article when, case and
spacing aside, their titles are equal or score at least `SCORE` on rapidfuzz's `token_sort_ratio` (a
Levenshtein ratio of the words in sorted order, 0-100). At 90 a changed small word or punctuation matches;
and every word of five letters or more (or with a digit) of one must be in the other, or nearly (`NEAR`), so
a different name, place, month or number ("Turkish" / "Iranian", "January" / "June") is no match however
alike the rest (tests/test_related.py has near misses both ways).

Only titles sharing a rare word with the headline are scored, so matching costs the same on a site of any size.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from site_gen.build.layout import Entry, name_key

SCORE = 90
NEAR = 85  # two words are one spelled two ways (`ratio`, 0-100): "minister"/"ministers", not "January"/"June"
# (or they share a stem of 4 letters or more and 3/4 of the shorter: "luxury"/"luxuries", not "Turkey"/"Turkish")
_WORD = re.compile(r"\w{3,}")
_TOKEN = re.compile(r"\w+")
_CANDIDATES = 200  # titles scored a headline at most (those sharing its rarest words)


def _normal(title: str) -> str:
    return name_key(re.sub(r"[\u2018\u2019\u201c\u201d'\"`´]", "", title))


def _content(key: str) -> set[str]:
    return {w for w in _TOKEN.findall(key) if len(w) >= 5 or any(c.isdigit() for c in w)}


def same_content(a: str, b: str) -> bool:
    """Return True when two titles differ at most in small words and spelling: every word of 5 letters or
    more (or with a digit) in one is in the other, or nearly (a plural, a possessive)."""
    mine, theirs = _content(a), _content(b)
    for word in mine ^ theirs:
        other = theirs if word in mine else mine
        if not any(_near(word, x) for x in other):
            return False
    return True


def _near(a: str, b: str) -> bool:
    """Return True for one word spelled two ways: alike (`NEAR`), or one stem ("luxury", "luxuries")."""
    from rapidfuzz import fuzz

    if fuzz.ratio(a, b) >= NEAR:
        return True
    stem = len(os.path.commonprefix([a, b]))
    return stem >= 4 and stem >= 0.75 * min(len(a), len(b))


@lru_cache(maxsize=1 << 17)  # every plan of the whole site reads every title again: most are the last plan's
def _title_words(title: str) -> tuple[str, tuple[str, ...]]:
    """Return a title's key (`_normal`) and its words of three letters or more, each once."""
    key = _normal(title)
    return key, tuple(dict.fromkeys(_WORD.findall(key)))


class Titles:
    """The titles of a site's articles, to match headlines against."""

    def __init__(self, entries: Iterable[Entry]):
        self.exact: dict[str, Entry] = {}
        self.keys: list[str] = []
        self.entries: list[Entry] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)
        by_word = self.by_word
        for e in entries:
            key, words = _title_words(e.article.title)
            if key in self.exact:
                continue
            self.exact[key] = e
            n = len(self.keys)
            for word in words:
                by_word[word].append(n)
            self.keys.append(key)
            self.entries.append(e)

    def match(self, headline: str) -> Entry | None:
        """Return the article a headline names, or None."""
        key = _normal(headline)
        found = self.exact.get(key)
        if found is not None:
            return found
        words = sorted({w for w in _WORD.findall(key) if w in self.by_word}, key=lambda w: len(self.by_word[w]))
        if not words:
            return None
        candidates: set[int] = set()
        for word in words[:3]:
            candidates.update(self.by_word[word][:_CANDIDATES])
        from rapidfuzz import fuzz  # here: a build that matches no headline needs no rapidfuzz (~7 ms)

        best, score = None, SCORE
        for i in sorted(candidates):
            s = fuzz.token_sort_ratio(key, self.keys[i], score_cutoff=score)
            if (s > score or (s == score and best is None)) and same_content(key, self.keys[i]):
                best, score = i, s
        return self.entries[best] if best is not None else None

    def related(self, e: Entry, shown: set) -> list[tuple[str, Entry | None]]:
        """Return each related headline of `e` with the article it names (None: none, or one already on the
        page, in `shown`: then the headline is left out, as no article is listed twice on a page)."""
        out: list[tuple[str, Entry | None]] = []
        seen = set(shown)
        for headline in e.article.related:
            found = self.match(headline)
            if found is None:
                out.append((headline, None))
            elif found not in seen:
                seen.add(found)
                out.append((headline, found))
        return out
