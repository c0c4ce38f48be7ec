"""Stories across sources: a wire story (AFP, Reuters, AP) copied, lightly edited, by several sites is one story.

Each article's body is cut into word 5-grams ("shingles") and summarised by a MinHash (datasketch); an LSH
index of those finds, for a new article, the articles whose shingle sets probably overlap a lot, in time
that does not grow with the archive: a new dump costs a lookup, not a pass. A candidate is the same story
when its estimated Jaccard similarity is at least `THRESHOLD`, it comes from another source (a second copy on
one site is a re-scrape, which `identity` handles) and its date is within `DAYS` of the new one.

THRESHOLD = 0.3 (estimated Jaccard similarity of the 5-gram sets): copies of one wire text with different
boilerplate and up to a fifth of the sentences rewritten keep about half or more of their 5-grams in common
(a changed sentence costs only its own shingles), while a follow-up a day later quoting a sentence or two, or
another story on the same topic and day, shares a few phrases and stays well below 0.2. The LSH proposes
candidates from 0.2 (`LSH_THRESHOLD`), so that few true copies are missed, and their estimate decides.
bench/stories.py measures it on a generated archive with known groups: pairwise precision 1.000, recall 0.968
(seed 1; 0.970 with seed 2); a threshold of 0.5 gave recall 0.75, and 0.4 gave 0.88, with the same precision.

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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.3
DAYS = 3
PERMUTATIONS = 128
LSH_THRESHOLD = 0.2  # below THRESHOLD: the LSH only proposes candidates, their estimated Jaccard decides
SHINGLE = 5
SCHEME = "affine64"  # datasketch 2's hashing scheme, named: values kept in the index are made the same way
FORMAT = 2  # 2: 5-grams hashed from their words' hashes (1: SHA-1 of their text)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: the polynomial of a 5-gram's word hashes
_WORD_HASH: dict[str, int] = {}
_WORD_HASHES_KEPT = 200_000
_WORD = re.compile(r"\w+")


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
    m.update_batch(shingles(paragraphs).tolist())
    return m


def signature(paragraphs: tuple[str, ...] | list[str]):
    """Return a text's MinHash values (a numpy array, which crosses process boundaries as it is)."""
    return minhash(paragraphs).hashvalues


def _of(hashes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=1, hashvalues=hashes, scheme=SCHEME, permutations=_permutations())


@dataclass(frozen=True)
class Copy:
    """What the index keeps of an article: its story, where it came from and when."""

    story: str
    host: str
    day: str | None
    signature: MinHash


class Stories:
    """The index of one articles folder: articles by slug, and the LSH over their MinHashes."""

    def __init__(self, path: Path | None):
        self.path = path
        self.copies: dict[str, Copy] = {}
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self.changed = False

    @classmethod
    def open(cls, root: Path, out: Path) -> "Stories":
        """Return the index kept for `out` (an empty one when there is none, or it cannot be read)."""
        where = str(out.resolve()).encode("utf-8", "surrogateescape")
        path = root / ".cache" / "site-gen" / f"stories-{hashlib.blake2b(where, digest_size=8).hexdigest()}.pkl"
        try:
            data = pickle.loads(path.read_bytes())
            if isinstance(data, tuple) and data[0] == FORMAT:
                made = cls(path)
                made.copies, made.lsh = data[1], data[2]
                return made
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, IndexError, TypeError):
            pass
        return cls(path)

    def find(self, host: str, day: str | None, hashes, alive: set[str]) -> str:
        """Return the story a new article from `host` whose MinHash values are `hashes` (`signature`) is a copy
        of ("" for none); `alive`: the slugs still in the folder, lowercased (others leave the index)."""
        signature = _of(hashes)
        best, score = "", THRESHOLD
        for other in self.lsh.query(signature):
            if other.lower() not in alive:
                self._drop(other)
                continue
            copy = self.copies[other]
            if copy.host == host or not _near(copy.day, day):
                continue
            similarity = signature.jaccard(copy.signature)
            if similarity >= score:
                best, score = copy.story, similarity
        return best

    def add(self, slug: str, story: str, host: str, day: str | None, hashes) -> None:
        """Index the article `slug` (MinHash values `hashes`) as a copy of `story` (its own slug for the first)."""
        known = self.copies.get(slug)
        if known is not None and known.story == story and known.host == host and known.day == day:
            return
        if known is not None:
            self._drop(slug)
        signature = _of(hashes)
        self.copies[slug] = Copy(story, host, day, signature)
        self.lsh.insert(slug, signature)
        self.changed = True

    def _drop(self, slug: str) -> None:
        self.copies.pop(slug, None)
        self.lsh.remove(slug)
        self.changed = True

    def save(self) -> None:
        """Write the index back when it changed; a folder we cannot write to just goes without."""
        if self.path is None or not self.changed:
            return
        from site_gen.files import write_atomic

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, pickle.dumps((FORMAT, self.copies, self.lsh), protocol=5), sync=False)
        except OSError:
            pass


def _near(a: str | None, b: str | None) -> bool:
    """Return True when two dates (ISO, day first) are at most `DAYS` apart, or either is unknown."""
    if not a or not b:
        return True
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= DAYS
    except ValueError:
        return True
