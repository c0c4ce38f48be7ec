"""The headline pass: line 1 of a dump is the headline, unless it is the site's name and a block below
reads as the headline the body and the URL's slug agree with."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html.entities import name2codepoint
from urllib.parse import unquote, urlsplit

from slugify import slugify

from site_gen.ingest.meta import split_credit
from site_gen.ingest.phrases import is_clutter

_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
_WORD = re.compile(r"\w+")
LOOK = 40  # blocks searched for the real headline


# python-slugify's steps (its default, "legacy" output) with two changes: it transliterates the whole text to
# ASCII one character at a time in pure Python, the costliest step of a dump's ingest (a body of 4,000
# characters), where here only the runs of non-ASCII characters are, by the same module (the same text,
# as each character is transliterated alone); and the words are found, not joined by dashes. A test holds
# "-".join(slug_words(text)) to slugify(text).
_QUOTES = re.compile(r"[']+")
_ENTITY = re.compile(r"&(%s);" % "|".join(name2codepoint))
_DECIMAL = re.compile(r"&#(\d+);")
_HEX = re.compile(r"&#x([\da-fA-F]+);")
_NUMBER_COMMA = re.compile(r"(?<=\d),(?=\d)")
_ALNUM = re.compile(r"[a-zA-Z0-9]+")  # what slugify keeps between its dashes
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=1)
def _to_ascii():
    try:  # python-slugify's choice: Unidecode when it is installed, else text-unidecode
        from unidecode import unidecode
    except ModuleNotFoundError:
        from text_unidecode import unidecode
    return unidecode


def slug_words(text: str) -> list[str]:
    """Return the words of slugify(text), as python-slugify writes it ("-".join of them), sooner."""
    if "'" in text:
        text = _QUOTES.sub("-", text)
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: _to_ascii()(m.group()), text)
    if "&" in text:  # HTML entities, as slugify decodes them
        text = _ENTITY.sub(lambda m: chr(name2codepoint[m.group(1)]), text)
        try:
            text = _DECIMAL.sub(lambda m: chr(int(m.group(1))), text)
        except (ValueError, OverflowError):
            pass
        try:
            text = _HEX.sub(lambda m: chr(int(m.group(1), 16)), text)
        except (ValueError, OverflowError):
            pass
        text = unicodedata.normalize("NFKD", text)
    text = text.lower()
    if "'" in text:
        text = _QUOTES.sub("", text)
    if "," in text:
        text = _NUMBER_COMMA.sub("", text)
    return _ALNUM.findall(text)


def _terms(text: str) -> set[str]:
    """Return a text's longer words (4+ letters: few function words), folded to ASCII, and CJK as bigrams."""
    terms = {w for w in slug_words(_CJK.sub(" ", text)) if len(w) > 3}
    for run in _CJK.findall(text):
        terms.update(run[i:i + 2] for i in range(max(1, len(run) - 1)))
    return terms


def _slug_terms(url: str | None) -> set[str]:
    if not url:
        return set()
    try:
        parts = urlsplit(url)
    except ValueError:
        return set()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    slug = max(segments, key=lambda s: s.count("-") + s.count("_"), default="")
    slug = re.sub(r"\.\w{2,5}$", "", slug)
    return _terms(slug) if re.search(r"[-_]", slug) else set()


def _hits(candidate: str, known: set[str]) -> tuple[int, float]:
    """Return how many of a candidate's terms the body or slug holds, and what share of its terms that is."""
    terms = _terms(candidate)
    hits = len(terms & known)
    return hits, (hits / len(terms) if terms else 0.0)


def _is_site_name(line: str, url: str | None) -> bool:
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return False
    label = slugify(host.removeprefix("www.").split(".")[0]) if host else ""
    return bool(label) and slugify(line) == label


def _is_prose(block: str) -> bool:
    return len(block.split()) >= 12 or (len(block) > 40 and len(_CJK.sub("", block)) < len(block) / 2)


_TITLE_PARTS = re.compile(r"\s+(?:\||-|–|—|·|•|::|»)\s+")


def choose(title: str, blocks: list[str], url: str | None) -> tuple[str, int | None]:
    """Return the headline and, when it is not line 1, the index of the block it was taken from.

    Line 1 is given up only when it is the site's name (the host's) or stands nowhere in the page, and a
    part of it stands there on its own (the page's title with the site's name after it), or a headline-like
    block above the first paragraph shares at least twice as many words with the body and the URL's slug,
    most of its own words among them.
    """
    if not _is_site_name(title, url) and title in blocks:
        return title, None
    # The page's title, the site's name set after it ("Quake shakes Northvale | The Harbour Ledger"): the
    # headline is the part standing in the page on its own.
    for part in sorted(_TITLE_PARTS.split(title), key=len, reverse=True):
        if part != title and len(part.split()) >= 3 and part in blocks:
            return part, blocks.index(part)
    first = next((i for i, b in enumerate(blocks) if _is_prose(b)), len(blocks))
    known = _terms(" ".join(b for b in blocks if _is_prose(b))[:4000]) | _slug_terms(url)
    own = 0 if _is_site_name(title, url) else _hits(title, known)[0]
    best, best_at = 2 * own, None
    for i, b in enumerate(blocks[: min(first, LOOK)]):
        if len(b) > 200 or b.endswith(".") or is_clutter(b) or not (2 <= len(b.split()) <= 30 or _CJK.search(b)) \
                or split_credit(b)[1] is not None:  # a picture's caption: "... hosszú. Fotó: Nagy Péter / MTI"
            continue
        hits, share = _hits(b, known)
        if share >= 0.5 and hits > best:
            best, best_at = hits, i
    return (blocks[best_at], best_at) if best_at is not None else (title, None)
