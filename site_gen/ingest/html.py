"""A saved HTML page -> an `Extracted` article: trafilatura's extraction, checked by the text cleaner.

trafilatura finds the article's paragraphs well but keeps some page furniture (reprint notices, "Write
to ..." lines, copyright footers, text above the headline). Two other readers check it:

- the text cleaner reads the page's visible blocks as it reads a dump; a paragraph trafilatura took that
  the cleaner drops for a decisive reason (a clutter phrase, a wall and what follows it, above the
  page's headline, a byline or date line, a credit line, a bio or blurb below the story) goes. Its weaker verdicts (outside its densest run, a
  caption) do not overrule trafilatura;
- readability-lxml: when it agrees with trafilatura on most of the text, trafilatura's paragraphs
  before the first and after the last one readability also holds go (`agree.py`).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from site_gen.ingest import agree, dates, lang as langmod, meta, source
from site_gen.ingest.clean import Explanation, Extracted, summarise
from site_gen.ingest.dump import NoArticle
from site_gen.ingest.images import lead_image
from site_gen.ingest.phrases import is_clutter
from site_gen.ingest.visible import within_depth

_CANONICAL = re.compile(
    r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"']([^\"']+)|<meta[^>]+property=[\"']og:url[\"'][^>]*content=[\"']([^\"']+)",
    re.I,
)


# A page's source, whatever the file is called: a doctype, or the <html>, <head> or <body> tag first (after an
# XML declaration, comments and a byte order mark).
_PAGE_SOURCE = re.compile(r"\ufeff?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*"
                          r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Return True when a dump is a page's HTML source (a scraper that saved it under a text file's name)."""
    return _PAGE_SOURCE.match(text[:4096]) is not None


def clean_html(html: str, overrides: Mapping[str, Mapping[str, Any]] | None = None,
               folder: Path | None = None) -> Extracted:
    """Return the article in a saved page; raise NoArticle when trafilatura finds none.

    `folder` is where the page was saved: pictures saved beside it are found there.
    """
    return _read_page(html, overrides, folder)[0]


HUGE_PAGE_PARAGRAPHS = 5_000
"""Paragraphs in a page past which trafilatura does not compare its text with readability's (as in its fast
mode): a news article has hundreds at most, and the comparison takes time growing faster than their number
(a page of 200,000 spent most of its 78 s there)."""


def _read_page(html: str, overrides: Mapping[str, Mapping[str, Any]] | None,
               folder: Path | None = None) -> tuple[Extracted, dict[str, str]]:
    """Return the article in a saved page, and {paragraph: why} for those trafilatura took that were left out."""
    import trafilatura

    html = within_depth(html)
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        deduplicate=False, fast=html.count("<p") > HUGE_PAGE_PARAGRAPHS,
    )
    doc = found.as_dict() if found is not None and hasattr(found, "as_dict") else found
    if not doc or not (doc.get("text") or "").strip():
        raise NoArticle("no article text found in the page")
    url = source.web_address(doc.get("url")) or source.web_address(_canonical(html))
    rules = source.rules_for(url, overrides)
    paragraphs = [" ".join(p.split()) for p in doc["text"].split("\n") if p.strip()]
    title = " ".join((doc.get("title") or "").split()) or paragraphs[0][:120]
    verdicts, blocks, read = _cleaner_verdicts(html, title, url, overrides)
    paragraphs = split_joined(paragraphs, blocks)
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    dropped = {p: f"the text cleaner drops it: {why}" for p in paragraphs if (why := _furniture(p, verdicts))}
    paragraphs = [p for p in paragraphs if p not in dropped]
    for p in agree.outside_agreement(paragraphs, html):
        dropped[p] = "readability-lxml, which agrees on the rest of the article, leaves it out"
    paragraphs = [p for p in paragraphs if p not in dropped]
    if not paragraphs:
        raise NoArticle("no article text found in the page")
    dateline, paragraphs[0] = meta.split_dateline(paragraphs[0], paragraphs[1:40])
    body_text = "\n".join(paragraphs)
    lang = langmod.detect(body_text)
    when = dates.parse_date(doc["date"], "en") if doc.get("date") else None
    read_date = read.date if read else None
    date = _with_time(dates.iso(when), _published_time(html), read_date) if when else read_date
    if date is None and (in_url := dates.date_in_url(url, body_text[:3000], lang)):
        date = dates.iso(in_url)
    authors = meta.authors(meta.clean_names(doc.get("author") or ""), paragraphs) or (read.authors if read else ())
    categories = doc.get("categories") or []
    if isinstance(categories, str):
        categories = categories.split(",")
    # "Innovation"; not a list of keywords in one, nor "News" or "Uncategorized"; "A, B": A
    categories = [c.split(",")[0].strip() for c in categories if len(c.strip()) <= 40]
    categories = [c for c in categories if c and not source.names_no_section(c)]
    section = categories[0] if categories else None
    if section and section.islower():
        section = section[0].upper() + section[1:]  # "fact check": as a section's name is written, "Fact check"
    topic = rules.topic or section or source.topic_from_url(url, rules)
    lead = lead_image(html, url, folder)
    article = Extracted(
        title=title, paragraphs=tuple(paragraphs), lang=lang, date=date,
        topic=topic, source_url=url, source=rules.name or doc.get("sitename") or source.host_of(url),
        dateline=dateline, authors=authors, summary=summarise(paragraphs), images=(lead,) if lead else (),
    )
    return article, dropped


def _with_time(day: str, *readings: str | None) -> str:
    """Return the page's date (the day its metadata gives), or the first of `readings` of the same day that has
    the time (the metadata's own date-time, then the text's)."""
    return next((r for r in readings if r and len(r) > len(day) and r.startswith(day)), day)


def _published_time(html: str) -> str | None:
    """Return the date and time of publication the page's metadata gives (`article:published_time`, schema.org's
    `datePublished`) in ISO 8601, or None (trafilatura gives the day only)."""
    m = _PUBLISHED_TIME.search(html[:300_000])
    try:
        when = datetime.fromisoformat(next(filter(None, m.groups())).replace("Z", "+00:00")) if m else None
    except ValueError:
        return None
    return dates.iso(when) if isinstance(when, datetime) and (when.hour or when.minute) else None


_PUBLISHED_TIME = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished)[\"'][^>]*content=[\"']"
    r"(\d{4}-\d\d-\d\dT[^\"']+)|<meta[^>]+content=[\"'](\d{4}-\d\d-\d\dT[^\"']+)[\"'][^>]*"
    r"(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished)[\"']"
    r"|\"datePublished\"\s*:\s*\"(\d{4}-\d\d-\d\dT[^\"]+)\"",
    re.I,
)


# The text cleaner's reasons that overrule trafilatura (see the module docstring).
DECISIVE = ("clutter phrase", "wall:", "after the wall", "above the page's headline", "byline", "date line",
            "the headline", "site rule", "a credit line", "shaped like a bio", "related-headlines block")


def _cleaner_verdicts(html: str, title: str, url: str | None,
                      overrides) -> tuple[dict[str, str], list[str], Extracted | None]:
    """Return {block text: the text cleaner's reason for dropping it} for the page's visible blocks, the
    blocks, and the article the cleaner read in them (its date's time and its author stand in for those the
    page's metadata lacks), or None."""
    from site_gen.ingest.clean import explain_text
    from site_gen.ingest.visible import page_blocks

    blocks = page_blocks(html)
    dump = "\n\n".join([title or "-", *blocks, f"Content retrieved from: {url}." if url else ""]) + "\n"
    try:
        found = explain_text(dump, overrides, markdown=False)
    except NoArticle:
        return {}, blocks, None
    verdicts = {" ".join(b.split()): found.why.get(i, "") for i, b in enumerate(found.blocks) if i not in found.kept}
    return verdicts, blocks, found.article


def split_joined(paragraphs: list[str], blocks: list[str]) -> list[str]:
    """Return trafilatura's paragraphs, each that runs several of the page's visible blocks together (the
    headline, the date, the byline and the first paragraph on one line) split back into those blocks, so
    that the text cleaner's verdict on each can be heard."""
    known = {" ".join(b.split()) for b in blocks}
    by_start: dict[str, list[str]] = {}
    for b in known:
        by_start.setdefault(b[:8], []).append(b)
    short = sorted({len(b) for b in known if len(b) < 8}, reverse=True)
    out: list[str] = []
    for p in paragraphs:
        parts = None if p in known or len(p) < 16 else _segment(p, known, by_start, short)
        out.extend(parts if parts and len(parts) > 1 else [p])
    return out


def _segment(p: str, known: set[str], by_start: dict[str, list[str]], short: list[int]) -> list[str] | None:
    """Return `p` as a run of known blocks joined by single spaces (the longest block first), or None."""
    parts: list[str] = []
    k = 0
    while k < len(p):
        ends = lambda b: k + len(b) == len(p) or p[k + len(b)] == " "  # noqa: E731
        fits = [b for b in by_start.get(p[k:k + 8], ()) if p.startswith(b, k) and ends(b)]
        fits += [p[k:k + n] for n in short if p[k:k + n] in known and ends(p[k:k + n])]
        if not fits:
            return None
        best = max(fits, key=len)
        parts.append(best)
        k += len(best) + 1
    return parts


def _furniture(paragraph: str, verdicts: dict[str, str]) -> str | None:
    """Return the text cleaner's decisive reason for dropping a paragraph, or None.

    A paragraph that is wholly a clutter phrase is furniture whatever the verdict on its block says (the
    page may hold it twice, and the copy's verdict speaks of the copy)."""
    why = verdicts.get(paragraph)
    if why and why.startswith(DECISIVE):
        return why
    return "clutter phrase (phrases/clutter.txt)" if is_clutter(paragraph) else None


def explain_html(html: str, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Explanation:
    """Return the page's visible text blocks, each marked kept when it is in the article ingest writes."""
    from site_gen.ingest.visible import page_blocks

    try:
        article, dropped = _read_page(html, overrides)
    except NoArticle:
        article, dropped = None, {}
    blocks = tuple(page_blocks(html))
    paragraphs = {" ".join(p.split()) for p in article.paragraphs} if article else set()
    body = "\n".join(paragraphs)
    kept, why = set(), {}
    for i, b in enumerate(blocks):
        if article is not None and b == article.title:
            why[i] = "the headline (page metadata)"
        elif b in paragraphs or (len(b) >= 25 and b in body):  # trafilatura may join a block's lines
            kept.add(i)
            why[i] = "trafilatura: article text"
        elif b in dropped:
            why[i] = f"trafilatura took it; {dropped[b]}"
        else:
            why[i] = "trafilatura: page furniture, not the article"
    rules = source.rules_for(article.source_url if article else _canonical(html), overrides)
    return Explanation(article.title if article else "", blocks, frozenset(kept), why, rules, article)


def _canonical(html: str) -> str | None:
    m = _CANONICAL.search(html[:200_000])
    return (m.group(1) or m.group(2)) if m else None
