"""Stories across sources: a wire story (AFP, Reuters, AP) copied, lightly edited, by several sites is one story.

Each article's body is cut into word 5-grams ("shingles") and summarised by a MinHash (datasketch). For a new
article, the candidates are the articles within `DAYS` of its day (and any of no known day): found by day, in
time that does not grow with the archive, so a new dump costs a lookup, not a pass. A candidate is the same
story when its estimated Jaccard similarity is at least `THRESHOLD` and it comes from another source (a second
copy on one site is a re-scrape, which `identity` handles).

THRESHOLD = 0.3 (estimated Jaccard similarity of the 5-gram sets): copies of one wire text with different
boilerplate and up to a fifth of the sentences rewritten keep about half or more of their 5-grams in common
(a changed sentence costs only its own shingles), while a follow-up a day later quoting a sentence or two, or
another story on the same topic and day, shares a few phrases and stays well below 0.2. Every candidate's
estimate is computed (numpy, all at once). bench/stories.py measures it on a generated archive with known
groups: pairwise precision 1.000, recall 0.969 (seed 1; 0.978 with seed 2); a threshold of 0.5 gave recall
0.75, and 0.4 gave 0.88, with the same precision. Before candidates were found by day, a MinHash LSH
(datasketch's, proposing candidates from 0.2) found them: recall 0.968 and 0.970, but the index of a
10,000-article site was 21 MB that took 1.4 s to read, for every dump dropped in under serve; by day it is
5 MB, read in 20 ms.

The index is kept under the site's `.cache/site-gen/`; deleted, it starts again empty, so articles already on
the site keep their stories, but new copies of them are no longer found until they are ingested again. The
story an article belongs to is written into its front matter (`story:`, the slug of the first copy), so the
build groups copies without comparing texts.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from datetime import date
from pathlib import Path

import numpy as np
from datasketch import MinHash

THRESHOLD = 0.3
DAYS = 3
PERMUTATIONS = 128
SHINGLE = 5
SCHEME = "affine64"  # datasketch 2's hashing scheme, named: values kept in the index are made the same way
FORMAT = 3  # 3: rows of MinHash values by day (2: an LSH, 5-grams hashed from words' hashes; 1: SHA-1s)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: the polynomial of a 5-gram's word hashes
_WORD_HASH: dict[str, int] = {}
_WORD_HASHES_KEPT = 200_000
_WORD = re.compile(r"\w+")
_BATCH = 8192  # 5-grams given to datasketch at once: a 10 MB dump's 1.6 million at once took 4 GB


def shingles(paragraphs: tuple[str, ...] | list[str]) -> np.ndarray:
    """Return a 64-bit hash of each word 5-gram of a text, lowercased (a text shorter than that: of its words).

    A 5-gram's hash is made from its words' hashes (blake2b, kept per word: a language has few words and
    they repeat) as a polynomial with wrap-around, for all 5-grams at once in numpy, instead of one SHA-1 of
    each 5-gram's text; datasketch mixes each value (MurmurHash3's finaliser) before permuting it, as it does
    for any hash it is given. Repeated 5-grams give the same value, which leaves a MinHash as it is.
    """
    words = _WORD.findall(" ".join(paragraphs).casefold())
    if len(_WORD_HASH) > _WORD_HASHES_KEPT:
        _WORD_HASH.clear()
    hashes = np.fromiter((_WORD_HASH.get(w) or _word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(words) < SHINGLE:
        return hashes
    n = len(words) - SHINGLE + 1
    grams = hashes[:n].copy()
    for k in range(1, SHINGLE):
        grams *= _MULTIPLIER
        grams += hashes[k:k + n]
    return grams


def _word_hash(word: str) -> int:
    h = _WORD_HASH[word] = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    return h


@functools.cache
def _permutations():
    """The permutations every MinHash here uses (those of seed 1), made once: datasketch makes them again for
    each MinHash it is not given them, a quarter of the time ingest spent on a dump's signature."""
    return MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME).permutations


def minhash(paragraphs: tuple[str, ...] | list[str]) -> MinHash:
    # `int` as the hash function: the values are hashes already (`shingles`).
    m = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME, hashfunc=int, permutations=_permutations())
    grams = shingles(paragraphs)
    for at in range(0, len(grams), _BATCH):  # a batch takes 128 x 8 bytes a value, and a few such at once
        m.update_batch(grams[at:at + _BATCH].tolist())
    return m


def signature(paragraphs: tuple[str, ...] | list[str]):
    """Return a text's MinHash values (a numpy array, which crosses process boundaries as it is)."""
    return minhash(paragraphs).hashvalues


class Stories:
    """The index of one articles folder: each article's story, source, day and MinHash values.

    The candidates for a new article are the articles within `DAYS` of its day (and those with no day), found
    by day, not by a pass over the archive; their MinHash values, kept as one array, are compared with the
    new one's all at once (the estimated Jaccard similarity: the share of equal values, as
    `datasketch.MinHash.jaccard` computes it). Only the low 32 bits of each value are kept: two different
    values agree there once in four billion times, which moves no estimate, and the index of a 10,000-article
    site is 5 MB, read in milliseconds whenever a dump arrives.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.slugs: list[str] = []
        """By row: the article's slug ("" once it left the index)."""
        self.about: list[tuple[str, str, int | None]] = []
        """By row: (its story, its source's host, its day as a proleptic ordinal, None when unknown)."""
        self.values = np.zeros((64, PERMUTATIONS), dtype=np.uint32)
        """By row: its MinHash values (low 32 bits); rows past len(slugs) are room to grow."""
        self.rows: dict[str, int] = {}
        self.by_day: dict[int | None, list[int]] = {}
        self.changed = False

    @classmethod
    def open(cls, root: Path, out: Path) -> "Stories":
        """Return the index kept for `out` (an empty one when there is none, or it cannot be read)."""
        where = str(out.resolve()).encode("utf-8", "surrogateescape")
        path = root / ".cache" / "site-gen" / f"stories-{hashlib.blake2b(where, digest_size=8).hexdigest()}.pkl"
        made = cls(path)
        try:
            data = pickle.loads(path.read_bytes())
            if isinstance(data, tuple) and data[0] == FORMAT:
                slugs, about, values = data[1], data[2], data[3]
                if len(slugs) == len(about) == len(values) and values.shape[1:] == (PERMUTATIONS,):
                    made.slugs, made.about, made.values = list(slugs), list(about), values.astype(np.uint32)
                    made.rows = {slug: row for row, slug in enumerate(made.slugs)}
                    for row, (_, _, day) in enumerate(made.about):
                        made.by_day.setdefault(day, []).append(row)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, IndexError, TypeError,
                KeyError):
            pass
        return made

    def find(self, host: str, day: str | None, hashes, alive: set[str]) -> str:
        """Return the story a new article from `host` whose MinHash values are `hashes` (`signature`) is a copy
        of ("" for none); `alive`: the slugs still in the folder, lowercased (others leave the index)."""
        rows = [row for row in self._near(_ordinal(day)) if self.about[row][1] != host]
        gone = [row for row in rows if self.slugs[row].lower() not in alive]
        for row in gone:
            self._drop(self.slugs[row])
        rows = [row for row in rows if self.slugs[row]]
        if not rows:
            return ""
        mine = _low32(hashes)
        similarity = (self.values[rows] == mine).mean(axis=1)
        best = int(np.argmax(similarity))  # the most alike; of equals, the one indexed first
        return self.about[rows[best]][0] if similarity[best] >= THRESHOLD else ""

    def add(self, slug: str, story: str, host: str, day: str | None, hashes) -> None:
        """Index the article `slug` (MinHash values `hashes`) as a copy of `story` (its own slug for the first)."""
        about = (story, host, _ordinal(day))
        mine = _low32(hashes)
        row = self.rows.get(slug)
        if row is not None and self.about[row] == about and (self.values[row] == mine).all():
            return
        if row is not None:
            self._drop(slug)
        row = len(self.slugs)
        if row == len(self.values):
            self.values = np.concatenate([self.values, np.zeros_like(self.values)])
        self.slugs.append(slug)
        self.about.append(about)
        self.values[row] = mine
        self.rows[slug] = row
        self.by_day.setdefault(about[2], []).append(row)
        self.changed = True

    def _near(self, day: int | None) -> list[int]:
        """Return the rows of the articles at most `DAYS` from `day`, and those of no known day (every row when
        `day` is unknown)."""
        if day is None:
            return [row for rows in self.by_day.values() for row in rows]
        return [row for d in range(day - DAYS, day + DAYS + 1) for row in self.by_day.get(d, ())] \
            + self.by_day.get(None, [])

    def _drop(self, slug: str) -> None:
        row = self.rows.pop(slug, None)
        if row is None:
            return
        self.slugs[row] = ""
        self.by_day[self.about[row][2]].remove(row)
        self.changed = True

    def save(self) -> None:
        """Write the index back when it changed (without the articles that left it); a folder we cannot write
        to just goes without."""
        if self.path is None or not self.changed:
            return
        from site_gen.files import write_atomic

        kept = [row for row, slug in enumerate(self.slugs) if slug]
        data = (FORMAT, [self.slugs[r] for r in kept], [self.about[r] for r in kept], self.values[kept])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, pickle.dumps(data, protocol=5), sync=False)
        except OSError:
            pass


def _low32(hashes) -> np.ndarray:
    """Return MinHash values (`signature`) as the index keeps them: their low 32 bits."""
    return np.asarray(hashes, dtype=np.uint64).astype(np.uint32)


def _ordinal(day: str | None) -> int | None:
    """Return an ISO date's (or date and time's) day as a proleptic ordinal, None when unknown or unreadable."""
    if not day:
        return None
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None
