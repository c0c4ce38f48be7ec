"""Where trafilatura and readability-lxml agree on a saved page's article.

Two extractors built on different ideas rarely keep the same furniture. When readability's article and
trafilatura's share most of their text, what trafilatura keeps before the first and after the last
paragraph readability also holds is furniture one of them saw through (reprint notices, author boxes,
"Write to ..." lines). When they disagree (readability found another block, or little), trafilatura's
article stands as it is.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from lxml import etree

AGREE = 0.7  # share of trafilatura's text readability must also hold before it trims anything
_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _shingles(text: str) -> Counter:
    words = _WORD.findall(text.lower())
    return Counter(tuple(words[i:i + 4]) for i in range(max(0, len(words) - 3)))


def readability_text(html: str) -> str:
    """Return the text of the article readability-lxml finds in a page ("" when it finds none)."""
    from readability import Document
    from readability.readability import Unparseable

    from site_gen.ingest.visible import page_blocks

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        summary = Document(html).summary(html_partial=True)
    except (Unparseable, etree.LxmlError, ValueError, TypeError):  # a page readability cannot parse
        return ""
    return "\n".join(page_blocks(f"<html><body>{summary}</body></html>")) if summary.strip() else ""


def outside_agreement(paragraphs: list[str], html: str) -> list[str]:
    """Return trafilatura's paragraphs before and after the span readability-lxml agrees with."""
    if len(paragraphs) < 2:
        return []
    theirs = readability_text(html)
    if not theirs:
        return []
    ours = _shingles("\n".join(paragraphs))
    shared = sum((ours & _shingles(theirs)).values())
    if not ours or shared / sum(ours.values()) < AGREE:
        return []
    held = _norm(theirs)

    def inside(p: str) -> bool:
        n = _norm(p)
        return bool(n) and n in held

    # The first and the last paragraph readability holds, looked for from each end: each look reads all
    # of its text, and a page may hold 100,000 paragraphs.
    first = next((i for i, p in enumerate(paragraphs) if inside(p)), None)
    if first is None:
        return []
    last = next(i for i in range(len(paragraphs) - 1, first - 1, -1) if inside(paragraphs[i])) + 1
    return paragraphs[:first] + paragraphs[last:]
