"""Which legacy encoding a dump that is not UTF-8 was written in: the candidate whose text reads best.

charset-normalizer proposes candidates; on short files it is often unsure, and several code pages decode
the same bytes without error ("Café" in Windows-1252 reads "Cafķ" in Windows-1257). Each candidate's text
is scored for what a reader would notice: control or unassigned characters, stray symbols (box drawing,
"³", "¯"), words mixing two scripts, and letters no single language uses together, judged against
charset-normalizer's letter-frequency tables of ~40 languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from charset_normalizer import from_bytes
from charset_normalizer.constant import FREQUENCIES

# The code pages scrapers meet most, tried whatever the detector says; the order breaks ties.
COMMON = (
    "cp1252", "cp1250", "cp1251", "iso-8859-7", "cp1253", "cp1254", "cp1256", "iso-8859-2", "koi8-r", "koi8-u",
    "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr", "cp1255", "cp1257", "iso-8859-15",
)
SAMPLE = 20_000
# Symbols and marks prose uses; any other symbol in a candidate's text is a sign of a wrong code page.
_PROSE_SYMBOLS = set("€£¥¢₽₴₺₹©®™°±×÷§¶µ¹²½¼¾$%&*+<=>@#^|~`'\"")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _alphabets() -> tuple[frozenset[str], ...]:
    """Return the letters beyond ASCII each language uses often: those of its most frequent letters
    (charset-normalizer) and those its common words hold (jusText's stop lists, ~100 languages)."""
    import justext

    found = [{c.lower() for c in letters if ord(c) > 127} for letters in FREQUENCIES.values()]
    for name in justext.get_stoplists():
        found.append({c for word in justext.get_stoplist(name) for c in word if ord(c) > 127 and c.isalpha()})
    return tuple(frozenset(a) for a in found if a)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from site_gen.ingest.lang import stopwords

    return stopwords("")  # every language's list together


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_LEVEL_ONE = (("gb2312", b"\xb0\xa1", b"\xd7\xfe"), ("big5", b"\xa4\x40", b"\xc6\x7e"), ("shift_jis", b"\x88\x9f", b"\x98\x72"))


@lru_cache(maxsize=8192)
def _common_han(ch: str) -> bool:
    """Return True for an ideograph of the first (common) level of GB 2312, Big5 or JIS X 0208."""
    for codec, low, high in _LEVEL_ONE:
        try:
            if low <= ch.encode(codec) <= high:
                return True
        except UnicodeEncodeError:
            pass
    return False


def _script(ch: str) -> str:
    if ch < "\u0080":
        return "LATIN"
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    return "CJK" if head in ("CJK", "HIRAGANA", "KATAKANA") else head


def _capital_inside(word: str) -> bool:
    """Return True for "лЩП": a capital right after a small letter, which mis-decoded text is full of."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def score(text: str) -> float:
    """Return how plausible `text` is as prose (higher is better; 1.0 is faultless)."""
    sample = text[:SAMPLE]
    others = [c for c in sample if c > "\x7f"]
    if not others:
        return 1.0
    bad = odd = 0
    letters = []
    for c in others:
        cat = unicodedata.category(c)
        if cat in ("Cc", "Cn", "Co", "Cs") or c == "\ufffd":
            bad += 1
        elif cat == "Cf" and c not in "\u00ad\u200c\u200d":  # direction marks in Turkish text
            bad += 1
        elif cat[0] in "SN" and cat != "Nd" and c not in _PROSE_SYMBOLS:
            odd += 1
        elif cat[0] == "L":
            letters.append(c.lower())
    n = len(others)
    coverage = 1.0
    if letters:
        han = [c for c in letters if _HAN.match(c)]
        rest = [c for c in letters if not _HAN.match(c)]
        hits = sum(map(_common_han, han))
        if rest:
            hits += max(sum(map(alphabet.__contains__, rest)) for alphabet in _alphabets())
        coverage = hits / len(letters)
    words = _WORD.findall(sample)
    mixed = sum(1 for w in words if len({_script(c) for c in w}) > 1 or _capital_inside(w))
    foreign = [w.lower() for w in words if not w.isascii()]
    known = sum(map(_stopwords().__contains__, foreign)) / len(foreign) if foreign else 0.0
    return coverage + 0.5 * known - 3.0 * bad / n - 1.5 * odd / n - 2.0 * mixed / max(1, len(words))


def candidates(data: bytes) -> list[tuple[str, float]]:
    """Return the encodings to try for `data`, each with the detector's measure of mess in its text
    (0 is clean): the detector's guesses first, then the common code pages it did not propose."""
    found: dict[str, float] = {}
    try:
        matches = list(from_bytes(data[:200_000]))
    except (LookupError, ValueError):  # the detector fails on a few odd inputs: fall back to the list
        matches = []
    for m in matches[:8]:
        for codec in [m.encoding, *m.could_be_from_charset]:
            found.setdefault(codec, m.chaos)
    unproposed = min(found.values(), default=0.0) + 0.05
    for codec in COMMON:
        found.setdefault(codec, unproposed)
    return list(found.items())


def best_decoding(data: bytes) -> str:
    """Return `data` decoded with the candidate encoding whose text reads best."""
    from site_gen.ingest.lang import confidence

    best, best_score = "cp1252", float("-inf")
    for rank, (codec, chaos) in enumerate(candidates(data)):
        text = _decode_head(data, codec)
        if text is None:
            continue
        s = score(text) + 0.3 * confidence(text) - 2.0 * chaos - rank * 0.001
        if s > best_score:
            best, best_score = codec, s
    return data.decode(best, errors="replace")


def _decode_head(data: bytes, codec: str) -> str | None:
    """Return the first ~200 kB of `data` in `codec` (bytes it cannot read as U+FFFD), or None when
    there is no such codec."""
    try:
        return data[:200_000].decode(codec, errors="replace")
    except LookupError:
        return None
