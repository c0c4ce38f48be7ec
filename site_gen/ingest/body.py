"""The body pass: keep the article's own paragraphs, drop the page around them.

Each block gets a class from generic features (length, terminal punctuation, stop-word density,
known clutter phrases); the body is the densest run of prose, found as the maximum-sum run of
block weights, and short blocks inside it are kept when they read like sentences.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from site_gen.ingest import dates, lang as langmod, meta, tails
from site_gen.ingest.phrases import is_clutter, is_wall

_WORD = re.compile(rf"{langmod.WORD_CHAR}+")  # a word, with the marks its letters combine with
# A comma: a sentence broken over lines. "؟" and "۔": the question mark and full stop of Arabic script.
_END = re.compile(r"[.!?。！？…:;\"'”’»)\]、，,،؟۔।॥။።։~〜～]")
_SEPARATOR = re.compile(r"[\s_*=~#·•—–.-]+")  # "___", "* * *", "———": a break, no words
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Emoji (and their skin tones and joiners) closing a line: "... the beauty of Korea 🙂" ends a sentence.
_EMOJI_TAIL = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f\u200d]+$")

GOOD, NEAR, SHORT, TINY, BAD = "good", "near", "short", "tiny", "bad"


@dataclass(frozen=True)
class BlockInfo:
    words: int
    chars: int
    stop_density: float
    ends_sentence: bool
    clutter: bool
    cls: str
    cjk: bool = False
    """Written in a script without spaces, where stop-word density says nothing."""


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def word_count(text: str) -> int:
    """Return the number of words; for scripts without spaces, about one word per two characters."""
    cjk = len(_CJK_CHAR.findall(text))
    return len(_WORD.findall(_CJK_CHAR.sub(" ", text))) + cjk // 2


def describe(text: str, stop: frozenset[str], extra_clutter=None, toks: list[str] | None = None) -> BlockInfo:
    """Return the features and class of one block (`toks`: its `words_of`, when the caller has them)."""
    if toks is None:
        toks = words_of(text)
    has_cjk = _CJK_CHAR.search(text) is not None
    n = word_count(text) if has_cjk else len(toks)
    density = (sum(map(stop.__contains__, toks)) / len(toks)) if toks else 0.0
    cjk = has_cjk and langmod.is_cjk(text)
    spaceless = 0 if cjk else langmod.spaceless_words(text)  # Thai: no stop words to count, no full stops
    n = max(n, spaceless)
    line = text.rstrip()
    ends = bool(_END.match(line[-1:]))
    if not ends and _EMOJI_TAIL.match(line[-1:]):  # the search only for a line that ends in one
        bare = line[:_EMOJI_TAIL.search(line).start()].rstrip()
        ends = bool(_END.match(bare[-1:])) or bare[-1:].isalnum()
    clutter = is_clutter(text, extra_clutter)
    if clutter:
        cls = BAD
    elif n >= 25 and (density >= 0.22 or cjk or spaceless):
        cls = GOOD
    elif n >= 12 and (ends and (density >= 0.15 or cjk) or spaceless):
        cls = NEAR
    elif n < 5 and not ends:
        cls = TINY
    else:
        cls = SHORT
    return BlockInfo(n, len(text), density, ends, clutter, cls, cjk)


REMOVED = BlockInfo(0, 0, 0.0, False, True, "removed")
PICTURE_WEIGHT = -2.0
_WEIGHT = {"removed": -10.0, BAD: -60.0, SHORT: -15.0, TINY: -25.0}
WALL = float("-inf")
MIN_PROSE = 300
DECAY = 40.0
MAX_GAP = 2  # short lines between two kept paragraphs that are taken as part of the story


CJK_CHAR_WEIGHT = 3.0  # a Chinese or Japanese character says about as much as three letters of a Latin script


def _weight(info: BlockInfo, prose: bool, text: str) -> float:
    chars = info.chars * CJK_CHAR_WEIGHT if info.cjk else info.chars
    if info.cls == GOOD:
        return float(chars)
    if info.cls == NEAR:
        return chars * 0.6
    if _reads(info, text):
        return chars * 0.3
    if info.cls == SHORT and not prose:
        # A page with no prose at all (results tables, calendars): its short lines are the article.
        return info.chars * 0.5
    return _WEIGHT[info.cls]


MAX_FURNITURE = 12  # blocks of furniture in a row after which prose is another part of the page


def densest_run(weights: list[float]) -> tuple[int, int]:
    """Return [start, end) of the run of blocks with the greatest total weight."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if w == WALL:
            total, start = 0.0, i + 1
            continue
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _norm(text: str) -> str:
    return " ".join(words_of(text))


def title_anchor(texts: list[str], infos: list[BlockInfo], title: str, norms: list[str] | None = None) -> int | None:
    """Return the index of the page's own headline block (its h1) when prose follows it.

    `norms`, when given, are the blocks' `_norm`s.
    """
    want = _norm(title)
    if not want:
        return None
    for i, t in enumerate(texts):
        got = norms[i] if norms is not None else _norm(t)
        # (a Chinese or Japanese character counts three letters: "商品の改造が商標法違反に" is a headline's length)
        if got and (got == want or ((got in want or want in got) and len(t) < 300
                                    and len(got) + 2 * len(_CJK_CHAR.findall(got)) > 20)):
            if any(x.cls == GOOD for x in infos[i + 1:]) and _prose_chars(infos[i + 1:]) >= _prose_chars(infos[:i]):
                return i
    return None


def _prose_chars(infos: list[BlockInfo]) -> int:
    """Return the length of the prose among `infos`: the headline stands above more story than it follows
    (a copy of it in a "Recent posts" list below the article does not)."""
    return sum(x.chars for x in infos if x.cls in (GOOD, NEAR))


_ITEM_MARK = re.compile(r"\d|\w\s*[:：]\s*\w")  # a tiny list item holds a figure or a label: "Wednesday: Sunny, high 64"


def _extend_list(texts: list[str], infos: list[BlockInfo], weights: list[float], end: int) -> int:
    """Return `end` moved past a list the body introduces with a colon ("Tour dates:" then one line each)."""
    j = end
    if j < len(texts) and infos[j].cls in (SHORT, NEAR) and texts[j].endswith(":") and weights[j] != WALL:
        j += 1  # the list's own heading, just after the prose
    elif not texts[end - 1].endswith(":"):
        return end
    k = j
    while k < len(texts) and weights[k] != WALL and (infos[k].cls in (SHORT, NEAR, GOOD) or infos[k].cls == TINY
                                                     and _ITEM_MARK.search(texts[k])):
        k += 1
    return k if k - j >= 2 else end


@dataclass(frozen=True)
class Body:
    """Which blocks are the article body, and why the body pass kept or dropped each block it judged."""

    keep: list[int]
    why: dict[int, str]
    """Block index -> the reason, in the words `site-gen ingest --explain` prints."""


def select_body(
    texts: list[str], lang: str, title: str = "", extra_clutter=None, removed: frozenset[int] = frozenset()
) -> list[int]:
    """Return the indexes of the blocks that are the article body, in order."""
    return choose_body(texts, lang, title, extra_clutter, removed).keep


def choose_body(
    texts: list[str], lang: str, title: str = "", extra_clutter=None, removed: frozenset[int] = frozenset(),
    authors: tuple[str, ...] = (), cells: frozenset[int] | None = None, unseen: frozenset[int] = frozenset(),
    pictures: frozenset[int] = frozenset(),
) -> Body:
    """Return the article body's blocks and the reason for every block the body pass judged (`authors`: the
    byline's, whose bio below the story is not the story; `cells`: `table_cells(texts)`, when the caller has
    them; `unseen`: removed blocks that do not part a subheading from the story, a table of contents)."""
    if not texts:
        return Body([], {})
    stop = langmod.stopwords(lang)
    toks = [words_of(t) for t in texts]
    norms = [" ".join(tk) for tk in toks]  # each block's _norm
    infos = [describe(t, stop, None, tk) for t, tk in zip(texts, toks)]
    why: dict[int, str] = {}
    for i, t in enumerate(texts):
        if infos[i].cls != BAD and extra_clutter is not None and is_clutter(t, extra_clutter):
            infos[i] = describe(t, stop, extra_clutter, toks[i])
            why[i] = "site rule: a drop pattern matches it"
        elif infos[i].cls == BAD:
            why[i] = "clutter phrase (phrases/clutter.txt)"
    for i in removed:
        infos[i] = REMOVED
    anchor = title_anchor(texts, infos, title, norms)
    weights = _weights(texts, infos, anchor, why, authors, cells)
    prose = has_prose(infos)
    start, end = densest_run(weights)
    # Inside the story, pictures (a gallery) and a box of furniture between its paragraphs hardly part them;
    # above it, where a bio or a teaser may stand, they still do.
    inside = [(i, PICTURE_WEIGHT) for i in pictures if i > start] + [
        (i, BOX_WEIGHT) for i in _lone_furniture(infos, texts) if i > start]
    if any(weights[i] < w and weights[i] != WALL for i, w in inside):
        for i, w in inside:
            if weights[i] != WALL:
                weights[i] = max(weights[i], w)
        start, end = densest_run(weights)
    headline = _norm(title)
    leads = set()
    while len(leads) < LEAD_BLOCKS and (lead := _lead_above(texts, infos, weights, start)) is not None:
        if norms[lead] == headline:
            break  # the headline again: what stands above it is no lead
        leads.add(lead)
        start = lead
    listed, end = end, _extend_list(texts, infos, weights, end)
    while end < len(texts) and why.get(end) == "a numbered list's item" and weights[end] != WALL:
        end += 1  # steps that close the story
    cells = {i for i in range(start, end) if why.get(i, "").startswith(("a data table", "a numbered list"))}
    keep = []
    marks = frozenset(i for i in range(start, end) if _SEPARATOR.fullmatch(texts[i]))
    for i in range(start, end):
        info = infos[i]
        if i == anchor or norms[i] == headline:
            why[i] = "the headline again"
        elif i in marks:
            why[i] = "a separator: marks, no word"
        elif i in leads:
            keep.append(i)
            why[i] = "the lead: a sentence of 12+ words just above the story, whatever its stop words"
        elif i in cells:
            keep.append(i)
            why[i] = why[i].replace(": neither prose nor furniture", "") + " inside the body"
        elif info.cls in (GOOD, NEAR):
            keep.append(i)
            why[i] = "prose" if info.cls == GOOD else "near-prose (a sentence of 12+ words)"
        elif info.cls == SHORT and (info.ends_sentence or not prose or i >= listed) or info.cls == TINY and i >= listed:
            keep.append(i)
            why[i] = ("a list the body introduces with a colon" if i >= listed else
                      "short sentence inside the body" if info.ends_sentence else "short line on a page without prose")
        elif info.cls != "removed":
            why.setdefault(i, "short line inside the body, not a sentence")
    for i in range(len(texts)):
        if not start <= i < end and i not in removed:
            why.setdefault(i, "outside the densest run of prose")
    quotes = _pull_quotes(keep, texts, norms, why)
    keep = _fill_gaps([i for i in keep if i not in quotes], texts, infos, why, quotes, unseen | marks)
    return Body(_note_above(_entry_line_above(keep, texts, infos, why), texts, infos, why), why)


# An editor's note or a correction set above the story, over the byline and the date: the story's own words.
_NOTE = re.compile(
    r"(?:editor['’]?s['’]? note|editorial note|note to readers|correction|clarification|"
    r"anmerkung der redaktion|hinweis der redaktion|nota del editor|nota de la redacción|fe de errores|"
    r"nota da redação|nota do editor|note de la rédaction|rectificatif|nota della redazione|"
    r"от редакции|примечание редакции|uwaga redakcji|sprostowanie)\s*[:：]\s*\S", re.I)
NOTE_REACH = 8  # furniture blocks (byline, date line, share buttons) at most between such a note and the story


def is_note(text: str) -> bool:
    """Return True for an editor's note or a correction ("Editor's note: This story has been updated ...")."""
    return _NOTE.match(text) is not None and len(text.split()) >= 8


def _note_above(keep: list[int], texts: list[str], infos: list[BlockInfo], why: dict[int, str]) -> list[int]:
    """Return `keep` with an editor's note or correction standing above the story added, when only furniture
    (removed or clutter blocks) stands between them."""
    if not keep:
        return keep
    j = keep[0] - 1
    while j >= 0 and keep[0] - j <= NOTE_REACH and infos[j].cls in ("removed", BAD):
        j -= 1
    if j < 0 or not is_note(texts[j]) or not infos[j].ends_sentence:
        return keep
    why[j] = "an editor's note or correction above the story"
    return [j, *keep]


_SHAPE_DIGITS = re.compile(r"\d")


def _entry_line_above(keep: list[int], texts: list[str], infos: list[BlockInfo], why: dict[int, str]) -> list[int]:
    """Return `keep` with the line right above the story added when a line of its shape, digits aside, stands
    between the story's paragraphs: a live blog's entries each open with their time ("Posted at 09:42"), and
    the first one's stands outside the run of prose, with its heading under it when the others have one."""
    if len(keep) < 3 or keep[0] == 0:
        return keep
    above = [keep[0] - 1]
    if keep[0] > 1 and any(why.get(i) == _LIVE_ENTRY for i in keep):
        above.insert(0, keep[0] - 2)  # the first entry's time over its heading
    text = texts[above[0]]
    if any(infos[i].cls not in (SHORT, TINY) for i in above) or len(text) > 60 or not _SHAPE_DIGITS.search(text):
        return keep
    shape = _SHAPE_DIGITS.sub("0", text.casefold())
    if not any(len(texts[i]) <= 60 and _SHAPE_DIGITS.sub("0", texts[i].casefold()) == shape for i in keep[1:]):
        return keep
    why[above[0]] = "a line of the same shape as those between the story's parts (a live blog's entry time)"
    if len(above) > 1:
        why[above[1]] = "the first entry's heading, under its time"
    return [*above, *keep]


PULL_QUOTE_WORDS = 12  # words at least in a pull quote: a heading or a short sentence may well be said twice
PULL_QUOTE_REACH = 40  # blocks kept either side of a pull quote, among which stands the paragraph it repeats


def _pull_quotes(keep: list[int], texts: list[str], norms: list[str], why: dict[int, str]) -> set[int]:
    """Return the pull quotes among the blocks kept: a sentence whose words all stand, in order, inside a
    longer paragraph of the story near it (set large between the paragraphs, quote marks and all).

    Only the PULL_QUOTE_REACH blocks either side are looked in: a page sets a pull quote by the passage it
    repeats, and a dump of a hundred thousand paragraphs is not searched whole for each of them."""
    if len(keep) < 2:
        return set()
    starts = list(itertools.accumulate((len(norms[i]) + 1 for i in keep), initial=0))
    story = "\n".join(norms[i] for i in keep)  # a block's words never run on into the next one's
    quotes = set()
    for at, i in enumerate(keep):
        n = norms[i]
        if word_count(texts[i]) < PULL_QUOTE_WORDS:
            continue
        first, last = max(0, at - PULL_QUOTE_REACH), min(len(keep), at + PULL_QUOTE_REACH + 1)
        if story.count(n, starts[first], starts[last]) >= 2:  # itself, and inside another (a quick sieve)
            if any(len(norms[j]) > len(n) and n in norms[j] for j in keep[first:last]):
                quotes.add(i)
                why[i] = "a pull quote: its words stand in a longer paragraph of the story"
    return quotes


_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"(?<!\w)[-+$€£]?\d[\d.,:%]*(?!\w)")
MIN_TABLE = 6  # cells in a row before short blocks are taken for a table


def table_cells(texts: list[str], skip: frozenset[int] = frozenset()) -> set[int]:
    """Return the blocks that are cells of a data table written one cell a block ("Phoenix", "$83", "28.7%").

    A table is a row of at least MIN_TABLE short blocks, none a sentence nor page furniture (nor in `skip`),
    a quarter or more holding digits. Header cells repeat from table to table, so the caption pass must not
    take them.
    """
    cells: set[int] = set()
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and j not in skip and _is_cell(texts[j]):
            j += 1
        run = range(i, j)
        if len(run) >= MIN_TABLE and sum(1 for k in run if _figures(texts[k])) * 4 >= len(run):
            cells.update(run)
        i = j + 1
    return cells


# What a post's buttons count under it ("1.2K", "2.3K Followers", "12K views"): no table's figures.
_SOCIAL_COUNT = re.compile(r"\d+(?:[.,]\d+)?\s?[KkMm](?:\s+\w+)?")


def _figures(text: str) -> bool:
    return _DIGIT.search(text) is not None and _SOCIAL_COUNT.fullmatch(text) is None


def _is_cell(text: str) -> bool:
    """Return True for a table cell: a short label or value, or a short line of figures ("1 tackle, 2 QH.")."""
    if len(text) > 200 or is_clutter(text):
        return False
    n = word_count(text)
    if n <= 6 and len(text) <= 60 and not _END.match(text[-1:]):
        return True
    return len(_FIGURE.findall(text)) * 3 >= n  # a row of figures: a third of its words are numbers


def has_prose(infos: list[BlockInfo]) -> bool:
    """Return True when the page has prose: a long paragraph, or two sentences of 12+ words (a brief)."""
    return any(i.cls == GOOD for i in infos) or sum(i.cls == NEAR for i in infos) >= 2


LEAD_GAP = 3  # blocks of furniture that may stand between the lead and the story (a caption, a date line, an ad)
LEAD_BLOCKS = 3  # paragraphs of a lead short on stop words, one above the other


def _lead_above(texts: list[str], infos: list[BlockInfo], weights: list[float], start: int) -> int | None:
    """Return the index of the story's lead standing above the run that begins at `start`, or None.

    A lead packs names, places and titles into one sentence, so it is short on stop words: in a language
    whose function words are suffixes and clitics (Sorani writes "the village's mayor" as one word and
    "of the" as none) it falls below what makes a paragraph prose, and so may the paragraph after it. Such
    a block weighs against the run and is only taken here: a whole sentence of 12+ words, or one that opens
    with a dateline, right above the run or with at most LEAD_GAP blocks of furniture between (a caption, a
    date line, an ad label). The caller asks again above the lead, for up to LEAD_BLOCKS of them.
    """
    j = start - 1
    while j >= 0 and start - 1 - j < LEAD_GAP and infos[j].cls in ("removed", BAD) and weights[j] != WALL:
        j -= 1
    if j < 0 or weights[j] == WALL or infos[j].cls != SHORT or infos[j].words < 12:
        return None
    if infos[j].ends_sentence or meta.split_dateline(texts[j])[0] is not None:
        return j
    return None


# "1. Tap", "2) Choose", "Step 3: Save"; ordinals too, with a word before the colon: "1st place: Ana", "2a etapa: Lima".
_NUMBERED = re.compile(r"^\s*(?:step\s+)?(\d{1,2})(?:(?:st|nd|rd|th|[aoªº°])(?:\s+\w+)?)?\s*[.)、．:：]\s*\S", re.I)


def numbered_items(texts: list[str]) -> set[int]:
    """Return the blocks that are items of a numbered list ("1. Tap on ...", "2. Choose ..."): two or more
    blocks in a row whose numbers count up by one."""
    items: set[int] = set()
    run: list[int] = []
    last = None
    for i, t in enumerate(texts + [""]):
        m = _NUMBERED.match(t[:24])
        n = int(m.group(1)) if m else None
        if n is not None and last is not None and n == last + 1 and run and run[-1] == i - 1:
            run.append(i)
        else:
            if len(run) >= 2:
                items.update(run)
            run = [i] if n is not None else []
        last = n
    return items


def _walls(texts: list[str], infos: list[BlockInfo], weights: list[float], first: int, why: dict[int, str],
           authors: tuple[str, ...] = ()) -> None:
    """Cut `weights` where the story ends.

    At a wall (comments, author box, copyright) nothing after is the story, once the story has been told
    (MIN_PROSE of sentences). Before that, a wall phrase only discounts what follows to a quarter: after a
    post of one short paragraph, one reader's comment or a bio is longer than the post, while a story whose
    own text follows the wall (a stray sentence above it) is far longer still. A comment thread, known by
    its shape (a header, the reply link), is a wall as soon as any story stands above it. A block shaped
    like a bio or a publisher's blurb counts against the story once a sentence of it stands above (prose, or
    a sentence of 12+ words short on stop words, as a lead of names and places is): it is kept only when
    more story follows. After a stretch of MAX_FURNITURE blocks of furniture, what follows is another part of the page
    (disclaimers, teasers, a sidebar bio): it counts a quarter, so the story before wins unless the
    later part is far longer.
    """
    told, furniture, since_soft = 0, 0, 1
    said = False  # a sentence of the story stands above (told counts prose only)
    comments: set[int] | None = None  # where comments begin below the first sentence of the story
    for i in range(first, len(texts)):
        if told > 0 and comments is None:
            comments = set(tails.comment_starts(texts, i))
        thread = told > 0 and i in comments
        wall = thread or (told > 0 and is_wall(texts[i]))  # nothing is a wall before the story
        if wall and (told >= MIN_PROSE or thread):
            weights[i:] = [WALL] * (len(texts) - i)
            why[i] = ("wall: a reader comment thread begins (a header, a reply link)" if thread else
                      "wall: the story ends here (phrases/walls.txt: comments, author box, copyright)")
            for j in range(i + 1, len(texts)):
                why.setdefault(j, "after the wall")
            return
        if wall and told > 0 and since_soft > 0:
            weights[i] = min(weights[i], -abs(weights[i]))
            weights[i + 1:] = [w * 0.25 if w > 0 else w for w in weights[i + 1:]]
            why[i] = "wall after a short story: what follows counts a quarter (phrases/walls.txt)"
            since_soft = 0
        elif said and weights[i] > 0 and infos[i].cls in (GOOD, NEAR) and tails.is_bio(texts[i], authors):
            weights[i] = -weights[i]
            why[i] = "shaped like a bio or a publisher's blurb (phrases/bios.txt): kept only inside the story"
        furniture = furniture + 1 if weights[i] < 0 and infos[i].cls in (BAD, TINY, "removed") else 0  # not a list
        if furniture == MAX_FURNITURE and told >= MIN_PROSE:
            weights[i] = WALL
            weights[i + 1:] = [w * 0.25 if w > 0 else w for w in weights[i + 1:]]
            told, said = 0, False
        if infos[i].cls in (GOOD, NEAR) or (infos[i].cls == SHORT and infos[i].ends_sentence and infos[i].words >= 12):
            said = True
        if infos[i].cls in (GOOD, NEAR):
            told += infos[i].chars * (2 if infos[i].cjk else 1)  # a CJK character says about two letters' worth
            since_soft += 1


def _weights(texts: list[str], infos: list[BlockInfo], anchor: int | None, why: dict[int, str],
             authors: tuple[str, ...] = (), cells: frozenset[int] | None = None) -> list[float]:
    """Return each block's weight for the densest run: walls, the headline and what stands above it."""
    prose = has_prose(infos)
    weights = [_weight(i, prose, t) for i, t in zip(infos, texts)]
    if prose and cells is None:
        cells = frozenset(table_cells(texts))
    for i in cells if prose else ():  # on a page without prose, the table is the article
        if infos[i].cls == "removed":
            continue
        # A table inside the story neither ends it nor is prose: the run goes on through it.
        weights[i] = 0.0
        why[i] = "a data table's cell (one cell a block): neither prose nor furniture"
    for i in numbered_items(texts):
        if infos[i].cls in (SHORT, TINY):
            weights[i] = 0.0  # a step of instructions inside the story: neither prose nor furniture
            why[i] = "a numbered list's item"
    for i in _lone_furniture(infos, texts, MAX_BOX_ANYWHERE):
        # An ad label or a link to another story set between two paragraphs: dropped, but the story goes on.
        if infos[i].cls == BAD:
            weights[i] = _WEIGHT[SHORT]
    first = anchor + 1 if anchor is not None else 0
    if anchor is not None:
        # What stands before the page's own headline is navigation and teasers, not the story.
        for i in range(anchor + 1):
            weights[i] = WALL if i == anchor else min(weights[i], weights[i] * 0.2)
            why.setdefault(i, "the headline (the page's h1)" if i == anchor else "above the page's headline")
    _walls(texts, infos, weights, first, why, authors)
    if anchor is not None:
        # Distance from the headline: far below it, long blocks are footers and teasers.
        for i in range(anchor + 1, len(texts)):
            if weights[i] > 0:
                weights[i] /= 1 + (i - anchor) / DECAY
    return weights


SENTENCE_STOPS = 0.3  # a short sentence's share of stop words from which it reads as the story's
LOW_STOPS = 0.15
"""A short sentence's share of stop words that still reads as the story's, when its words are in lower case: a
language without articles (Slavic, Finnish, Turkish) writes "The bridge opens on Thursday." with fewer."""
_CAPITALISED = re.compile(r"(?<!\S)[^\W\d_][\w'’-]*")


def _plain(text: str) -> bool:
    """Return True when at most a third of a sentence's words after its first are capitalised (a story's
    sentence, not a label's "Our Standards: The Trust Principles.")."""
    words = _CAPITALISED.findall(text)[1:]
    return bool(words) and sum(w[0].isupper() for w in words) * 3 <= len(words)


MAX_BOX_ANYWHERE = 6  # blocks of a box set between two paragraphs (a newsletter sign-up, an ad and its label)
MAX_BOX = 10  # the same inside the story (ads, a related link, share buttons), where such a box costs BOX_WEIGHT
BOX_WEIGHT = -5.0


def _lone_furniture(infos: list[BlockInfo], texts: list[str], most: int = MAX_BOX) -> list[int]:
    """Return the blocks of a box set between two paragraphs of prose, right after one: a block
    alone (an ad label, a link to another story) before the next paragraph, or a box of up to `most`
    blocks of furniture and short lines (a newsletter sign-up) before two paragraphs in a row. (Below the
    story one paragraph follows such a box: a teaser's summary, the author's bio.) Removed blocks (a
    caption) may stand among them."""
    found = []
    i = 1
    while i < len(infos) - 1:
        if infos[i].cls != BAD or infos[i - 1].cls not in (GOOD, NEAR):
            i += 1
            continue
        j = i
        while j < len(infos) and j - i < most and infos[j].cls in (BAD, SHORT, TINY, "removed") and (
                j == i or not _reads(infos[j], texts[j])):
            j += 1
        box = [k for k in range(i, j) if infos[k].cls != "removed"]
        if j < len(infos) and (infos[j].cls in (GOOD, NEAR) or len(box) == 1 and _reads(infos[j], texts[j])) and (
                len(box) == 1 or _prose_follows(infos, j + 1)):
            found += box
        i = j if j > i else i + 1
    return found


def _reads(info: BlockInfo, text: str) -> bool:
    """Return True for a short sentence that reads as the story's: with enough stop words, or with fewer in
    lower case after its first word ("Рух розпочнеться в четвер.")."""
    return _sentence(info) or info.cls == SHORT and info.ends_sentence and info.stop_density >= LOW_STOPS \
        and _plain(text)


def _sentence(info: BlockInfo) -> bool:
    """Return True for a short sentence that reads as the story's (its weight is above nothing: `_weight`)."""
    return info.cls == SHORT and info.ends_sentence and (info.stop_density >= SENTENCE_STOPS or info.cjk)


def _prose_follows(infos: list[BlockInfo], i: int) -> bool:
    """Return True when the first block from `i` on that was not removed, nor a short sentence (an
    interview's question), is a paragraph of prose."""
    while i < len(infos) and (infos[i].cls == "removed" or infos[i].cls == SHORT and infos[i].ends_sentence):
        i += 1
    return i < len(infos) and infos[i].cls in (GOOD, NEAR)


def _fill_gaps(keep: list[int], texts: list[str], infos: list[BlockInfo], why: dict[int, str], quotes: set[int],
               unseen: frozenset[int] = frozenset()) -> list[int]:
    """Return `keep` with the short lines standing between kept paragraphs (subheadings, list items) added
    (not a pull quote, dropped; the `unseen` blocks, a table of contents, not counted between them)."""
    if len(keep) < 2:
        return keep
    kept = set(keep)
    entries = []
    for a, b in zip(keep, keep[1:]):
        gap = [i for i in range(a + 1, b) if i not in unseen]
        if 0 < len(gap) <= MAX_GAP and all(infos[i].cls in (SHORT, TINY) and i not in quotes for i in gap):
            kept.update(gap)
            why.update((i, "short line between two kept paragraphs (a subheading, a list item)") for i in gap)
        elif entry := _entry_head(gap, texts, infos):
            entries.append(entry)
    if len(entries) >= 2:  # a live report: its entries' times and headings, under the last one's buttons
        for entry in entries:
            kept.update(entry)
            why.update((i, _LIVE_ENTRY) for i in entry)
    return sorted(kept)


_LIVE_ENTRY = "a live report's entry: its time and heading"


def _entry_head(gap: list[int], texts: list[str], infos: list[BlockInfo]) -> list[int]:
    """Return the end of `gap` that opens an entry of a live report, after the last one's furniture ("Share"):
    a line giving its time and at most one short line more (its heading); else nothing."""
    at = 0
    while at < len(gap) and infos[gap[at]].cls in (BAD, "removed"):
        at += 1
    head = gap[at:]
    if not 0 < len(head) <= MAX_GAP or not all(infos[i].cls in (SHORT, TINY) for i in head):
        return []
    return head if dates.is_clock_line(texts[head[0]]) or tails.is_ago(texts[head[0]]) else []
