"""The headline pass: line 1 of a dump is the headline, unless it is the site's name and a block below
reads as the headline the body and the URL's slug agree with."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from slugify import slugify

from site_gen.ingest.phrases import is_clutter

_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
_WORD = re.compile(r"\w+")
LOOK = 40  # blocks searched for the real headline


def _terms(text: str) -> set[str]:
    """Return a text's longer words (4+ letters: few function words), folded to ASCII, and CJK as bigrams."""
    terms = {w for w in slugify(_CJK.sub(" ", text), lowercase=True).split("-") if len(w) > 3}
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


def choose(title: str, blocks: list[str], url: str | None) -> tuple[str, int | None]:
    """Return the headline and, when it is not line 1, the index of the block it was taken from.

    Line 1 is given up only when it is the site's name (the host's) or stands nowhere in the page, and
    a headline-like block above the first paragraph shares at least twice as many words with the body
    and the URL's slug, most of its own words among them.
    """
    if not _is_site_name(title, url) and title in blocks:
        return title, None
    first = next((i for i, b in enumerate(blocks) if _is_prose(b)), len(blocks))
    known = _terms(" ".join(b for b in blocks if _is_prose(b))[:4000]) | _slug_terms(url)
    own = 0 if _is_site_name(title, url) else _hits(title, known)[0]
    best, best_at = 2 * own, None
    for i, b in enumerate(blocks[: min(first, LOOK)]):
        if len(b) > 200 or b.endswith(".") or is_clutter(b) or not (2 <= len(b.split()) <= 30 or _CJK.search(b)):
            continue
        hits, share = _hits(b, known)
        if share >= 0.5 and hits > best:
            best, best_at = hits, i
    return (blocks[best_at], best_at) if best_at is not None else (title, None)
