"""One dump's text -> an `Extracted` article: the passes, in order, on one screen."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Mapping

from site_gen.content import Image
from site_gen.ingest import dates, headline, lang as langmod, meta, source
from site_gen.ingest.body import choose_body, is_note, table_cells, word_count
from site_gen.ingest.dump import NoArticle, ends_sentence, lift_header, split_dump, unescape_entities
from site_gen.ingest.mdtext import as_text_dump

MIN_WORDS = 10
"""Words at least in a body none of whose lines is a sentence: fewer are what is left of page furniture
("Comments (0)", a menu's last item), not an article."""


@dataclass(frozen=True)
class Extracted:
    """What ingest found in one dump: the front-matter fields and the body paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    """The article's own paragraphs, in order, as plain text."""
    lang: str
    date: str | None = None
    topic: str | None = None
    source_url: str | None = None
    source: str | None = None
    dateline: str | None = None
    authors: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    related: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True)
class Explanation:
    """Why each block of a dump was kept or dropped, as the passes decided it."""

    title: str
    blocks: tuple[str, ...]
    kept: frozenset[int]
    why: Mapping[int, str]
    rules: source.SiteRules
    article: Extracted | None
    """The article, or None when the dump has none."""


_BARE_LINK = re.compile(r"(?:https?://|www\.)\S+")


def clean_text(text: str, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Extracted:
    """Return the article in a text dump; raise NoArticle when it has none."""
    found = explain_text(text, overrides)
    if found.article is None:
        raise NoArticle("no article text found (only page furniture)")
    return found.article


def explain_text(text: str, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                 markdown: bool = True) -> Explanation:
    """Return the article in a text dump with the reason each block was kept or dropped (`markdown`: read a
    dump written in Markdown as its visible text, with labelled fields first, or with HTML character
    references left in it; False for a saved page's visible text, which has none of these)."""
    dump = split_dump(as_text_dump(lift_header(unescape_entities(text))) if markdown else text)
    blocks = list(dump.blocks)
    title, taken = headline.choose(dump.title, blocks, dump.source_url)
    if taken is not None:
        dump = replace(dump, title=title)
    rules = source.rules_for(dump.source_url, overrides)
    lang = langmod.detect("\n".join(sorted(blocks, key=len, reverse=True)[:12]))
    why: dict[int, str] = {}
    contents = meta.table_of_contents(blocks)
    why.update((i, "a table of contents (its entries stand again below, as the story's subheadings)") for i in contents)
    cells = frozenset(table_cells(blocks, skip=contents))
    # The metadata passes read the page without its table of contents: its entries are not captions, copies
    # or headlines, and the subheadings it repeats stay the story's.
    passes = [("" if i in contents else b) for i, b in enumerate(blocks)] if contents else blocks
    captions = meta.find_captions(passes)
    captions = replace(captions, used=captions.used - cells - contents)  # a table's header cells repeat, as captions do
    why.update((i, "a credit line (a label and a name, no caption)" if i in captions.credit_lines
                else "image caption or credit (repeated, or ends in a credit)") for i in captions.used)
    related = meta.find_related(passes, skip=captions.used | contents, title=dump.title)
    why.update((i, "related-headlines block (phrases/related.txt)") for i in related.used)
    byline = meta.find_byline(passes, skip=captions.used | related.used | contents)
    why.update((i, "byline: " + ", ".join(byline.authors)) for i in byline.used)
    used = captions.used | related.used | byline.used | contents
    copies = meta.later_copies(passes, skip=contents) - cells
    why.update((i, "the page holds this block twice; the other copy is kept") for i in copies - used)
    used |= copies
    dated = dates.date_lines(blocks, skip=used)
    why.update((i, "date line") for i in dated)
    used |= dated
    body = choose_body(blocks, lang, dump.title, extra_clutter=rules.clutter, removed=used, authors=byline.authors,
                       cells=cells, unseen=contents, pictures=captions.used - captions.credit_lines)
    for i, reason in body.why.items():
        why.setdefault(i, reason)
    if taken is not None:
        why[taken] = "the headline (line 1 is not: it holds more, or the body and the URL agree with this block)"
    kept = [blocks[i] for i in body.keep]
    if kept and sum(map(word_count, kept)) < MIN_WORDS and not any(map(ends_sentence, kept)):
        why.update((i, f"too little to be an article (under {MIN_WORDS} words, no sentence)") for i in body.keep)
        body = replace(body, keep=[])
    elif 2 * sum(1 for b in kept if all(map(_BARE_LINK.fullmatch, b.split()))) > len(kept):
        why.update((i, "a list of web addresses, no article text") for i in body.keep)
        body = replace(body, keep=[])
    if byline.used and body.keep and min(byline.used) > body.keep[-1]:
        # A byline below the article belongs to a story in a list there ("Recent posts"), not to this one,
        # unless the name stands alone above the story too: then it is the author's box ("Written by ...").
        above = [i for i in range(body.keep[0]) if blocks[i] in byline.authors]
        if above:
            why.update((i, f"byline: {blocks[i]} (named again below the story)") for i in above)
            byline = meta.Byline(byline.authors, byline.used | frozenset(above))
        elif meta.signs_story(blocks, body.keep[-1], min(byline.used)):
            why.update((i, "byline: " + ", ".join(byline.authors) + " (labelled, right below the story)")
                       for i in byline.used)
        else:
            why.update((i, "byline of another story (below the article)") for i in byline.used)
            byline = meta.Byline((), byline.used)
    if not byline.authors and body.keep and (signed := _signing_name(blocks, body.keep, dated)):
        at, reason = signed
        byline = meta.Byline((blocks[at],), frozenset({at}))
        why[at] = f"byline: {blocks[at]} ({reason})"
    if len(body.keep) > 1 and meta.is_bio(blocks[body.keep[0]], byline.authors):
        why[body.keep[0]] = "the author's bio, above the story"  # "Margaret Osei is a retired teacher and ..."
        body = replace(body, keep=body.keep[1:])
    article = _article(dump, blocks, body.keep, lang, rules, captions, related, byline, dated) if body.keep else None
    return Explanation(dump.title, dump.blocks, frozenset(body.keep), why, rules, article)


def _signing_name(blocks: list[str], keep: list[int], dated: frozenset[int]) -> tuple[int, str] | None:
    """Return the index of a name standing alone that signs the story (`keep`: its blocks) when no byline
    does, and why it is taken for the author's; None when none does."""
    if (at := meta.signed_name(blocks, keep[0])) is not None:
        return at, "a name above the story whose bio stands below it"
    if (at := meta.dated_name(blocks, keep[0], dated)) is not None:
        return at, "a name alone above the date line"
    if (at := meta.name_below(blocks, keep[-1])) is not None:
        return at, "a name alone right below the story, furniture after it"
    return None


OPENING = 6  # the story's first blocks, among which a box (a standfirst, its key points) may stand above the date line


def _article(dump, blocks, body, lang, rules, captions, related, byline, dated) -> Extracted:
    """Return the article made of the body blocks and what the metadata passes found."""
    paragraphs = [blocks[i] for i in body]
    # An editor's note set above the story opens the body; the story's first paragraph comes after it, and the
    # date lines above that. (A dateline is shown opening the body's first paragraph: after a note, it stays
    # in its own paragraph's text.)
    first = next((k for k, p in enumerate(paragraphs) if not is_note(p)), 0)
    opening = paragraphs[0]
    dateline, paragraphs[0] = (meta.split_dateline(opening, paragraphs[1:40]) if first == 0
                               else (None, opening))
    body_text = "\n".join(paragraphs)
    # The text's date line first; then the day the dateline gives ("MILLFORD, Ore., March 4, 2025 /PRNewswire/
    # -- "); the URL's date settles a date line that reads two ways ("01.12.2026" under /2026/12/01/), and
    # stands in when the text has none.
    in_url = dates.date_in_url(dump.source_url, body_text[:3000], lang)
    when, _ = dates.date_in_blocks(blocks[: body[first] + 1], lang, url_day=in_url,
                                   skip=captions.used | related.used | set(body[:first]))
    opening_end = body[min(OPENING, len(body) - 1)]
    if when is None and (inside := [blocks[i] for i in sorted(dated) if body[0] < i < opening_end]):
        # the date line under a box the story opens with ("Key points" and its items, then the byline and date)
        when, _ = dates.date_in_blocks(inside, lang, url_day=in_url)
    if when is None and dateline:
        head = opening[:len(opening) - len(paragraphs[0])]  # the dateline as the story wrote it
        when = dates.parse_date(head, lang, in_url) if dates.has_year(head, len(head)) else None
    if when is None:
        when = in_url
    marked = frozenset(captions.used | byline.used)
    topic = (
        (source.topic_from_kicker(captions.kicker) if captions.kicker else None)
        or next((t for t in related.topics if t not in byline.authors), None)  # "More from Jill Disis": hers
        or source.topic_from_breadcrumb(blocks[: body[0]], dump.title)
        or rules.topic or source.topic_from_capitals(blocks[: body[0]], dump.title, marked)
        or source.topic_from_list(blocks[body[-1] + 1:]) or source.topic_from_list(blocks[: body[0]], headings=False)
        or source.topic_from_url(dump.source_url, rules)
    )
    return Extracted(
        title=dump.title, paragraphs=tuple(paragraphs), lang=lang,
        date=dates.iso(when) if when else None, topic=topic, source_url=dump.source_url,
        source=(rules.name or source.name_from_footer(blocks) or source.name_from_origin(blocks)
                or source.host_of(dump.source_url)),
        dateline=dateline, authors=meta.authors(_not_place(byline.authors, dateline), paragraphs,
                                                after=blocks[body[-1] + 1:body[-1] + 1 + meta.CREDIT_BLOCKS]),
        images=meta.mark_file_photos(captions, blocks),
        related=related.headlines,
        summary=summarise(paragraphs[first:]),
    )


def _not_place(names: tuple[str, ...], dateline: str | None) -> tuple[str, ...]:
    """Return a byline's names but the place it names, which the dateline names too ("By Rohan Mehta, New Delhi")."""
    place = dateline.split(",")[0].strip().lower() if dateline else None
    return tuple(n for n in names if n.lower() != place) if place else names


_SENTENCE_END = re.compile(r"(?<=[.!?。！？।])[\"”’»]?\s+(?=[\"“‘«A-ZÀ-ÖØ-Þ\u0600-\u06ff\u0900-\u097f])")


def summarise(paragraphs: list[str], limit: int = 300) -> str | None:
    """Return the first one or two sentences of the body, at most about `limit` characters."""
    for para in paragraphs:
        if len(para.split()) < 6:
            continue
        text = " ".join(para.split())
        sentences = _SENTENCE_END.split(text[:2000])
        out = sentences[0]
        if len(sentences) > 1 and len(out) + len(sentences[1]) < limit * 0.8:
            out = out + " " + sentences[1]
        if len(out) > limit:
            out = out[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return out
    return None
