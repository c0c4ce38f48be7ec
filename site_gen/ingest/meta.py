"""Metadata passes: each finds one kind of field among a dump's blocks and says which blocks it used.

Every pass is a pure function of the blocks (and what earlier passes found); none reads files.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

from site_gen.content import Image
from site_gen.ingest import dates
from site_gen.ingest.lang import MARKS, is_cjk, runs_on, spaceless_words
from site_gen.ingest.phrases import is_clutter, is_wall, related_re

# -- captions and credits ------------------------------------------------------------------------

# Labels naming where something came from: beside a caption, a picture's credit; alone below a story, the
# story's own source (see _SOURCE_ONLY).
_SOURCE_NAMES = (
    "source", "المصدر", "источник", "źródło", "πηγη",  # in capitals, Greek drops its accents
    "πηγή", "来源", "來源", "出典", "kaynak", "سەرچاوە", "ที่มา",
)
_CREDIT_NAMES = (
    r"photo(?:graph)?", "image", "picture", "pic", "foto", "fotografia", "illustration", "graphic", "video",
    "credit", "crédito", "تصوير", "صورة", "وێنە", "фото", "фотография", "ფოტო", "ፎቶ", "ဓာတ်ပုံ", "լուսանկարը",
    "fot", "zdjęcie", "zdjęcia", "zdj", "φωτογραφία(?:ς)?", "φωτογραφί(?:ες)?", "φωτο", "φωτ",
    "φωτογραφια(?:ς)?", "φωτογραφι(?:ες)?", "图片来源", "图片", "图源", "摄影", "圖片來源", "圖片", "攝影",
    "写真", "画像", "撮影", "提供", "fotoğraf", "görsel", "ảnh", "ภาพ", "사진",
    "फोटो", "फ़ोटो", "तस्वीर", "चित्र", "צילום", "קרדיט", "kuva", "bild", "billede", "bilde", "fotó", "ছবি", "عکس",
    "تصویر", "படம்", "فوٹو", "picha", "larawan", "снимка", "nuotrauka", "nuotr", *_SOURCE_NAMES,
)
_CREDIT_LABEL = r"(?:file\s+)?(?:" + "|".join(_CREDIT_NAMES) + r")s?(?:\s+(?:by|credit|de|por))?"
# Abbreviated labels end in a dot, not a colon ("fot. PAP", "(φωτ. Eurokinissi)").
_CREDIT_SEP = r"(?:[:：|=＝]|\.{2,}|…|(?:(?<=fot)|(?<=zdj)|(?<=φωτ)|(?<=nuotr))\.[:：]?)"
# Every credit label holds one of these words. A block holding none of them (lowercased), nor one of the
# letters re.IGNORECASE takes for a letter of theirs though str.lower() gives another (İ ı ſ ͅ ϕ ϖ ϱ ϵ ᲂ ᲃ ᲄ ᲅ ι),
# cannot match _CREDIT_TAIL: most blocks are prose, and that regex is slow to fail on them.
_CREDIT_WORDS = tuple(re.sub(r"\(\?:[^)]*\)\?", "", n) for n in _CREDIT_NAMES)
# Only the words no other holds ("fot" is in "foto" and "fotografia"): fewer to look for in each block.
_CREDIT_WORDS = tuple(w for w in _CREDIT_WORDS if not any(o != w and o in w for o in _CREDIT_WORDS))
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u0345\u03d5\u03d6\u03f1\u03f5\u1c82\u1c83\u1c84\u1c85\u1fbe]")
_AFTER = r"(?:(?<=[\s.!?)\]。！？）])|^)"  # a credit label starts the block or follows a space or a sentence
# "… File Photo: AFP", "… Photo by Kirk Irwin/Getty Images", "….Credit...Doug Mills/The New York Times"
_CREDIT_TAIL = re.compile(
    rf"{_AFTER}(?:{_CREDIT_LABEL})\s*{_CREDIT_SEP}\s*(?P<credit>[^:|]{{2,90}}?)\s*\.?$"
    rf"|{_AFTER}(?:(?:photo|image|picture)s?\s+by|foto\s+oleh|ภาพ(?:ถ่าย)?\s*โดย)\s+(?P<credit2>[^:|]{{2,90}}?)\s*\.?$",
    re.I,
)
_AGENCIES = (r"AFP|AP|Reuters|REUTERS|Getty Images|ANP|Belga|APA|PAP|NTB|TT|Lusa|Yonhap|Antara|ANTARA|PTI|"
             r"EPA(?:-EFE)?|EFE|ANSA|Xinhua|Anadolu(?: Agency)?|Bloomberg|Kyodo|Europa Press|Shutterstock|iStock|"
             r"Alamy|dpa|PA Wire|PA Images")
_PAREN_CREDIT = re.compile(
    rf"\s*[(（](?:{_CREDIT_LABEL})\s*{_CREDIT_SEP}\s*(?P<credit>[^()（）]{{2,80}}?)\s*[)）]\s{{0,2}}[.。]?$"
    # Chinese: "（新华社记者 王小河 摄）", the photographer then 摄 ("shot by"); Japanese: "（東京都提供）" ("provided")
    r"|\s*[(（](?P<shot>[^()（）]{1,40}?)\s*(?:[摄攝]|提供)\s*[)）]\s{0,2}[.。]?$"
    # "(Photo by Jane Doe/Getty Images)"
    r"|\s*[(（](?:photo|image|picture)s?\s+by\s+(?P<by>[^()（）]{2,80}?)\s*[)）]\s{0,2}[.。]?$"
    # The label, a space and a name: "(foto Ansa)", "(Photo Getty Images)"
    rf"|\s*[(（](?:{_CREDIT_LABEL})\s+(?P<named>(?-i:(?!(?:Gallery|Galleries|Album|Essay|Story)\b)"
    r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}))\s*[)）]\s{0,2}[.。]?$"
    # A news agency's or paper's own: "(AP Photo/Jane Doe)", "(AP Photo/Jane Doe, File)", "(Daily Herald Photo)"
    r"|\s*\((?P<own>(?-i:(?:[A-Z][\w.&'’-]*\s+){1,4}(?:Photo|Photograph|Image|Pool Photo)s?)"
    r"(?:\s*/\s*[^()/]{2,60}){0,2})\)\s{0,2}\.?$"
    # The outlet and the photographer: "... for three days. (ABC News: Jane Doe)"
    r"|\s*\((?P<outlet>(?-i:[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}:\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}))\)"
    r"\s{0,2}\.?$"
    # After the caption's last sentence, the photographer and the agency: "... en Madrid. Pedro Gómez (EFE)"
    rf"|(?<=[.!?])\s+(?P<agent>(?-i:[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){{1,3}})"
    rf"\s*\((?-i:{_AGENCIES})\))\s*\.?$",
    re.I,
)
_LABEL_ONLY = re.compile(rf"(?:{_CREDIT_LABEL})(?:\s*(?:{_CREDIT_LABEL}))*", re.I)  # "Image Source", "Πηγή"
# Gallery captions open with their position glued to them: "1of4Grass Valley's ...", "2 / 12A shopper ..."
# or before them: "[1/2]Copper cathodes ...", "Item 1 of 2 Copper cathodes ...", "Image 3 of 12: A shopper ..."
_PICTURE_NUMBER = r"\d{1,3}\s?(?:of|/)\s?\d{1,3}"  # "1 of 6", "2/12"
_GALLERY = re.compile(rf"^(?:{_PICTURE_NUMBER}|\[{_PICTURE_NUMBER}\]\s*|"  # not "12/03/2025 ..."
                      r"(?:item|image|photo|picture|slide)\s+\d{1,3}\s+of\s+\d{1,3}[:.]?\s+)"
                      r"(?=[^\W\d_]|[\"“‘'(«])\s*", re.I)
# A sentence that ends naming an agency ("... declined to comment to Reuters.", "... a spokesman told AFP.")
# is the story's own text, not a credit: not after these words.
_NOT_CREDITED = "".join(rf"(?<!\b{w}\s)" for w in (
    "to", "told", "tells", "telling", "said", "says", "with", "for", "from", "of", "in", "at", "on", "by", "and", "or",
    "than", "agency", "the", "a", "an", "like", "as", "news",
    # the same in the languages these agencies write in: "habló con EFE", "a déclaré à l'AFP", "all'ANSA"
    "con", "de", "del", "al", "à", "au", "par", "por", "para", "ao", "da", "do", "di", "la", "el", "le", "der", "dem",
    "die", "von", "mit", "gegenüber",
))
_AGENCY_TAIL = re.compile(  # the first letters first: most positions of a block fail there, quickly
    r"(?<=[\s.])(?=[AEGRXBSPidaKNTLY])" + _NOT_CREDITED
    + rf"(?P<credit>(?:{_AGENCIES})(?:\s(?:FOTO|Foto|PHOTO|Photo)(?=\s{{0,3}}/))?"  # "ANTARA FOTO/Aji Styawan"
    r"(?:\s{0,3}(?:/|via)\s{0,3}[\w .]{2,40}(?:/[\w .]{2,20})?)?)\.?$"
)
_AGENCY_NAME = re.compile(_AGENCIES, re.I)
AGENCY_WINDOW = 70  # an agency credit is at most this long: the search looks at a block's end only
# A kicker begins and ends with a letter or digit: "AS -" before a link is a signature, not a section; and
# it holds a letter: "2018" before a title is its year.
_KICKER = re.compile(r"^(?=[^a-z]*[A-ZÀ-ÖØ-Þ])[A-ZÀ-ÖØ-Þ0-9][A-ZÀ-ÖØ-Þ0-9&' -]{0,38}[A-ZÀ-ÖØ-Þ0-9]$|^[\u0600-\u06ff ]{2,30}$")
MAX_CAPTION = 500
_WORDISH = re.compile(r"\w")
_UPPER_GLUE = re.compile(r"^([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ&' -]{2,30}[A-ZÀ-ÖØ-Þ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")


_CREDIT_WORD = re.compile("|".join(map(re.escape, _CREDIT_WORDS)))


def _may_name_credit(text: str) -> bool:
    return _CREDIT_WORD.search(text.lower()) is not None or _CASE_TWINS.search(text) is not None


# A link's label for screen readers, glued after a caption by the scraper ("... Purchase Licensing Rights, opens
# new tab"): not the caption's.
_LINK_TAIL = re.compile(r"(?:\s+purchase licensing rights)?,?\s*\(?opens (?:in )?(?:a )?new (?:tab|window)\)?\.?$",
                        re.I)


# A gallery's headline ("In pictures: The city's spring flower festival"), whose label is no credit's.
_IN_PICTURES = re.compile(r"(?:in|en|em|im|more) (?:pictures|photos|images|bildern|fotos|foto|imágenes|imagens)\b",
                          re.I)
# A gallery's position before a caption credited at its end ("1 of 6 Visitors walk ... Photo: Emma Lacroix").
_POSITION = re.compile(_PICTURE_NUMBER + r"\s+(?=\S)")


def split_credit(text: str) -> tuple[str, str | None]:
    """Return (caption, credit) for a caption block; credit None when it names none."""
    if _IN_PICTURES.match(text):
        return text, None
    if "new" in text[-16:]:
        text = _LINK_TAIL.sub("", text)
    m = _PAREN_CREDIT.search(text) if ")" in text[-4:] or "）" in text[-4:] else None  # "(Photo: X)." ends it
    if m:
        credit = next(filter(None, m.group("credit", "shot", "by", "named", "own", "outlet", "agent")))
        return _caption(text[: m.start()]), credit.strip()
    m = _CREDIT_TAIL.search(text) if _may_name_credit(text) else None
    if m:
        credit = (m.group("credit") or m.group("credit2")).strip()
        return _caption(text[: m.start()].rstrip(" |–—-")), credit
    m = _AGENCY_TAIL.search(text, max(0, len(text) - AGENCY_WINDOW))
    if m and len(text) - len(m.group("credit")) > 15:
        return text[: m.start()].rstrip(" |–—-/©").strip(), m.group("credit").strip()
    m = _CAPITALS_CREDIT.search(text, max(0, len(text) - AGENCY_WINDOW)) if "/" in text[-AGENCY_WINDOW:] else None
    if m and len(text) - len(m.group("credit")) > 15:
        return text[: m.start()].strip(), m.group("credit").strip()
    m = _SIGN_CREDIT.search(text, max(0, len(text) - AGENCY_WINDOW)) if "©" in text[-AGENCY_WINDOW:] else None
    if m and m.start() > 15:
        return text[: m.start()].strip(), m.group("credit").strip()
    return text, None


# After the caption's last sentence, the copyright sign and the photographer or agency: "... 7 kilomètres.
# © Jean Dupont / Ville de Lyon" (a year after it is a site's footer: "All rights reserved. © 2025 ...").
_SIGN_CREDIT = re.compile(r"(?<=[.!?»”\"])\s*©\s*(?P<credit>[^\d\s©.!?][^©.!?]{1,79}?)\s*\.?$")


# After the caption's last sentence, the photographer and the outlet or agency in capitals, as French papers
# write them: "... à Lyon, le 12 mars 2025. JEAN DUPONT / LE QUOTIDIEN", "... JEAN DUPONT / AFP".
_CAPITALS_CREDIT = re.compile(
    r"(?<=[.!?])\s+(?P<credit>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+(?:\s+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+){1,3}"
    r"\s*/\s*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9 '’.&-]{1,40}"
    # ... or the photographer's name, then the agency: "... on Wednesday. Jane Roe/AP"
    rf"|[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){{1,3}}/(?:{_AGENCIES}))\s*$")


def _caption(text: str) -> str:
    """Return a caption's text, "" when it is only more of the credit's label ("Image" of "Image Source:")."""
    text = text.strip()
    return "" if _LABEL_ONLY.fullmatch(text) else _POSITION.sub("", text, count=1) if text[:1].isdigit() else text


_CONTENTS = re.compile(
    r"in this (?:article|story|guide|explainer)|(?:table of )?contents|jump to(?: section)?|on this page|"
    r"skip to section|inhalt(?:sverzeichnis)?|in diesem artikel|índice|conteúdo|neste artigo|en este artículo|"
    r"sommaire|dans cet article|indice|in questo articolo|spis treści|содержание|в этой статье|περιεχόμενα|"
    r"içindekiler|目次|目录|目錄|المحتويات|daftar isi", re.I)


def table_of_contents(blocks: list[str]) -> frozenset[int]:
    """Return a table of contents' blocks: its heading ("In this article", "Contents") and the two or more
    short lines after it that each stand again further down (the story's own subheadings, which stay)."""
    found: set[int] = set()
    last: dict[str, int] | None = None
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if len(b) > 40 or not _CONTENTS.fullmatch(b.strip(" :")):
            i += 1
            continue
        if last is None:
            last = {x: k for k, x in enumerate(blocks)}  # each block's last place
        j = i + 1
        while j < len(blocks) and len(blocks[j]) <= 100 and last[blocks[j]] > j:
            j += 1
        if j - i > 2:
            found.update(range(i, j))
        i = max(j, i + 1)
    return frozenset(found)


def later_copies(blocks: list[str], skip: frozenset[int] = frozenset()) -> frozenset[int]:
    """Return the indexes of blocks that repeat another block (a page's second copy of its text).

    Usually the later copy goes; but when a run of two or more blocks is repeated (a teaser of the story,
    then the story whole), the copy that goes on into more prose is the one kept.
    """
    seen: dict[str, int] = {}
    copies = set()
    for i, b in enumerate(blocks):
        if b in seen and i not in skip:
            copies.add(i)
        seen.setdefault(b, i)
    for first, later, length in copied_runs(blocks):
        if _prose_after(blocks, later + length) > _prose_after(blocks, first + length):
            copies.difference_update(range(later, later + length))
            copies.update(range(first, first + length))
    return frozenset(copies - skip)


def copied_runs(blocks: list[str]) -> list[tuple[int, int, int]]:
    """Return (first, later, length) for each run of 2+ consecutive blocks the page holds twice: from each
    block met before, the longest run equal to the blocks from that one's first place on (and ending before
    it), when it holds two blocks of text, not only spacers.

    Runs are compared block by block up to _STEPS blocks; longer ones by hashes of runs (a binary search):
    a page of 10,000s of equal short lines would take their number squared. A run taken is checked.
    """
    n = len(blocks)
    where: dict[str, int] = {}
    for j, b in enumerate(blocks):
        where.setdefault(b, j)
    texts = [0] * (n + 1)
    for j, b in enumerate(blocks):
        texts[j + 1] = texts[j] + (len(b) >= 20)
    hashes: list[list[int]] = []  # made for the first run longer than _STEPS
    runs = []
    i = 0
    while i < n:
        first = where[blocks[i]]
        if first < i:
            most = min(i - first, n - i)
            length = 1  # the block itself
            while length < min(most, _STEPS) and blocks[first + length] == blocks[i + length]:
                length += 1
            if length == _STEPS < most:
                hashes = hashes or _run_hashes(blocks, where)
                length = _common_run(hashes, first, i, length, most)
            if texts[i + length] - texts[i] >= 2:  # two blocks of text, not spacers
                if length > _STEPS and blocks[first:first + length] != blocks[i:i + length]:  # one hash, two runs
                    length = next(k for k in range(length) if blocks[first + k] != blocks[i + k])
                if texts[i + length] - texts[i] >= 2:
                    runs.append((first, i, length))
                    i += length
                    continue
        i += 1
    return runs


_STEPS = 64
_MOD, _BASE = (1 << 61) - 1, 1_000_003


def _run_hashes(blocks: list[str], where: dict[str, int]) -> list[list[int]]:
    """Return [prefix, power]: the hash of blocks[:k] (each block standing for the place it is first met)
    and _BASE ** k modulo _MOD, for each k."""
    prefix, power = [0] * (len(blocks) + 1), [1] * (len(blocks) + 1)
    for j, b in enumerate(blocks):
        prefix[j + 1] = (prefix[j] * _BASE + where[b] + 1) % _MOD
        power[j + 1] = power[j] * _BASE % _MOD
    return [prefix, power]


def _common_run(hashes: list[list[int]], a: int, b: int, low: int, high: int) -> int:
    """Return the longest k in [low, high] for which the runs of k blocks from a and from b hash the same
    (the runs of `low` blocks are known to be equal)."""
    prefix, power = hashes
    while low < high:
        mid = (low + high + 1) // 2
        if (prefix[a + mid] - prefix[a] * power[mid] - prefix[b + mid] + prefix[b] * power[mid]) % _MOD == 0:
            low = mid
        else:
            high = mid - 1
    return low


_WIDE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _prose_after(blocks: list[str], i: int) -> int:
    """Return the length of the paragraphs (80+ characters, a CJK character counting two) that follow
    block `i` without a break."""
    total = 0
    while i < len(blocks) and (size := len(blocks[i]) + len(_WIDE.findall(blocks[i]))) >= 80:
        total += size
        i += 1
    return total


@dataclass(frozen=True)
class Captions:
    images: tuple[Image, ...]
    kicker: str | None
    used: frozenset[int]
    credit_lines: frozenset[int] = frozenset()
    """Those of `used` that are a credit alone ("Photo: Reuters"): never a sentence of the story."""
    sources: tuple[int, ...] = ()
    """The block each of `images` was read from."""


def find_captions(blocks: list[str]) -> Captions:
    """Return image captions (repeated blocks, blocks ending in a credit), a glued kicker, and their blocks."""
    counts = Counter(blocks)
    short = {b for b in counts if len(b) <= MAX_CAPTION and not is_clutter(b)}
    glued = {**_glued_menu_items(blocks, short), **_glued_to_captions(blocks, short)}  # a caption glued to words wins over a menu item
    repeated = _repeated(blocks, short, counts) | {cap for _, cap in glued.values()}
    images: list[Image] = []
    seen: set[str] = set()
    used: set[int] = set()
    alone: set[int] = set()
    sources: list[int] = []
    kicker = None
    for i, b in enumerate(blocks):
        sources += [i - 1] * (len(images) - len(sources))  # those the block before gave
        if (labelled := _LABELLED_CAPTION.match(b)) is not None:
            source = _LABELLED_SOURCE.match(blocks[i - 1]) if i > 0 else None
            used.update((i - 1, i) if source else (i,))
            _add(images, seen, labelled.group("caption").strip(), source.group("credit").strip() if source else None)
        elif i in glued:
            kicker = kicker or glued[i][0]
            used.add(i)
            _add(images, seen, *split_credit(glued[i][1]))
        elif len(b) > MAX_CAPTION:
            continue
        elif b in repeated:
            used.add(i)
            caption, credit = split_credit(b)
            if credit and not caption:
                alone.add(i)
            if sum(1 for w in caption.split() if _WORDISH.search(w)) >= 4 or credit:  # a menu's "»" is no word
                _add(images, seen, caption, credit)
        elif gallery := _GALLERY.match(b):
            used.add(i)
            _add(images, seen, *split_credit(b[gallery.end():]))
        else:
            caption, credit = split_credit(b)
            if credit and not caption and _SOURCE_ONLY.match(b):
                used.add(i)  # "Source: AA" below a story: where the story came from, not a picture
                alone.add(i)
                continue
            if credit and not _looks_like_sentence_with_credit_word(b) and not _dated(b, caption):
                used.add(i)
                if not caption:
                    alone.add(i)
                _add(images, seen, caption, credit)
    sources += [len(blocks) - 1] * (len(images) - len(sources))
    return Captions(tuple(images), kicker, frozenset(used), frozenset(alone), tuple(sources))


# A picture's caption and source as labels for screen readers give them, each on a line of its own: "Image
# source, Getty Images" / "Image caption, Cars will be banned ...".
_LABELLED_CAPTION = re.compile(r"(?:image|media|video) caption,\s*(?P<caption>\S.{0,400})", re.I | re.S)
_LABELLED_SOURCE = re.compile(r"image source,\s*(?P<credit>\S.{0,100})", re.I)


# A source's label, which alone before a name credits the story rather than a picture ("Kaynak: AA").
_SOURCE_ONLY = re.compile(r"\s*(?:" + "|".join(_SOURCE_NAMES) + r")s?\s*[:：]", re.I)


def _dated(block: str, caption: str) -> bool:
    """Return True for a date line going on with a source or an author, not a caption: a block opening with a
    date and a time ("2025-03-12 10:15 来源：城市晚报 作者：李明"), or with a date and nothing else before its
    credit ("March 3, 2025 Source: The Harbour Ledger")."""
    opening = dates.leading_date(block) if dates.has_year(block, 40) else 0
    return opening > 0 and (":" in block[:opening] or len(caption) <= opening)


def _glued_to_captions(blocks: list[str], short: set[str]) -> dict[int, tuple[str, str]]:
    """Return the blocks that are a caption standing alone elsewhere with a few words glued in front (a
    kicker: "TURKEY" glued to its photo's caption), as (those words, the caption), by index."""
    glued: dict[int, tuple[str, str]] = {}
    # A glued caption's tail is a short block of 21 characters or more, and words (a name or an address alone,
    # "www.example.com", is no caption): find them by their last 21.
    by_end: dict[str, list[str]] = {}
    for b in short:
        if len(b) > 20 and " " in b:
            by_end.setdefault(b[-21:], []).append(b)
    for i, b in enumerate(blocks):
        if len(b) > MAX_CAPTION + 40 or b[-21:] not in by_end:
            continue
        top = min(41, len(b) - 20)
        cuts = sorted(k for t in by_end[b[-21:]] if 2 <= (k := len(b) - len(t)) < top and b.endswith(t))
        for k in cuts:  # b[k:] is in `short`
            prefix = b[:k].strip()
            if b[k - 1].isspace() and len(b[k:].split()) < 4 and split_credit(b[k:])[1] is None:
                continue  # "SOURCE Northvale Robotics Ltd": a label before a name, not a kicker before a caption
            if _KICKER.match(prefix) or (len(prefix.split()) <= 3 and not b[k - 1].isspace()):
                glued[i] = (b[:k].strip(), b[k:])
                break
    return glued


def _glued_menu_items(blocks: list[str], short: set[str]) -> dict[int, tuple[str, str]]:
    """Return the blocks that are an upper-case kicker or a menu item glued to a credited caption, as (the
    kicker, the caption), by index."""
    nav: dict[int, set[str]] = {}  # menu items by length, lowercased, for prefix look-ups
    for b in short:
        if len(b) <= 30 and len(b.split()) <= 3:
            nav.setdefault(len(b), set()).add(b.lower())
    nav_lengths = sorted(nav)
    glued: dict[int, tuple[str, str]] = {}
    for i, b in enumerate(blocks):
        if len(b) > MAX_CAPTION:
            continue
        m = _UPPER_GLUE.match(b)
        low = b.lower()
        prefix = m.group(1) if m else next((b[:k] for k in nav_lengths if low[:k] in nav[k] and len(b) > k + 20
                                            and b[k].isalpha() and not b[k - 1].isspace()
                                            and not runs_on(b[k - 1], b[k])), None)
        # A kicker from the menu glued to a caption must be followed by a credited caption to count; one in
        # capitals by a caption of four words at least or a credited one ("LIVE TV VIdeos Photos" is a menu).
        rest = b[len(prefix):] if prefix else ""
        if prefix and len(rest) <= 400 and ((m and len(rest.split()) >= 4) or split_credit(rest)[1]):
            glued[i] = (prefix.strip(), rest)
    return glued


def _repeated(blocks: list[str], short: set[str], counts: Counter) -> set[str]:
    """Return the short blocks repeated on the page that are captions (a photo's caption shown twice), not
    a second copy of the story."""
    repeated = {b for b in short if counts[b] > 1}
    prose = {b for b in repeated if len(b.split()) >= 25 and split_credit(b)[1] is None}
    if len(prose) >= 3:
        # Paragraphs repeated in bulk are a second copy of the article (print/AMP view), not captions.
        repeated -= prose
    for first, _, length in copied_runs(blocks):
        # A run of blocks repeated in order is a copy of the story (a teaser, then the whole), not a caption.
        repeated -= {b for b in blocks[first:first + length] if split_credit(b)[1] is None}
    listed = sorted(repeated)  # the date shown above the story and again below it ("Publicerad 12 mars 2025")
    return repeated - {listed[i] for i in dates.date_lines(listed)}


_FILE_PHOTO = re.compile(r"\bfile\s+(?:photo|picture|image|pic)s?\s*(?:[:：|]|by\b)", re.I)
# In the caption itself, in other languages: "..., en una imagen de archivo. EFE/Juan Martín"
_ARCHIVE_PHOTO = re.compile(
    r"\b(?:imagen|foto|fotografía|fotografia) de (?:archivo|arquivo)\b|\bphotos? d'archives?\b|\barchivbild|"
    r"\bfoto d'archivio\b|\barchiefbeeld|\barchiefoto", re.I)


def mark_file_photos(captions: Captions, blocks: list[str]) -> tuple[Image, ...]:
    """Return the images, those whose caption block credited a file photo ("File Photo: AFP") marked so: the
    picture is an older one, not of the event."""
    marked = []
    for image, i in zip(captions.images, captions.sources, strict=True):
        key = image.caption or image.credit
        block = blocks[i] if key else ""
        tail = block[block.find(key) + len(key):] if image.caption else block
        old = _FILE_PHOTO.search(tail) or _ARCHIVE_PHOTO.search(block)
        marked.append(replace(image, file_photo=True) if old else image)
    return tuple(marked)


def _looks_like_sentence_with_credit_word(block: str) -> bool:
    # A long paragraph that merely ends "... said the source: officials." is body text, not a caption.
    return len(block) > 300 and block.count(". ") + block.count("。") >= 3


def _add(images: list[Image], seen: set[str], caption: str, credit: str | None) -> None:
    key = caption.lower()
    if key in seen:
        return
    seen.add(key)
    if caption and len(caption.split()) < 2 and credit is None:
        return
    images.append(Image(caption or "", credit or ""))


# -- related headlines --------------------------------------------------------------------------

MAX_RELATED = 12


@dataclass(frozen=True)
class Related:
    headlines: tuple[str, ...]
    topics: tuple[str, ...]
    """What each "Also in X" heading names, in order (a section, or an author: "More from Jill Disis")."""
    used: frozenset[int]

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


MAX_SPACELESS_HEADLINE = 20  # words (about 80 letters) in a Thai headline; a longer line is a paragraph
# An interview's question or answer ("Q: ...", "P: ...", "F: ..."): one letter and a colon, which no headline opens
# with ("UK: ..." and "EU: ..." do).
_SPEAKER_LABEL = re.compile(r"[^\W\d_]\s?[:：]\s*\S")


def _is_headline(block: str) -> bool:
    words = len(block.split())
    if words == 1 and len(_WIDE.findall(block)) >= 4:
        words = 2  # a CJK headline: no spaces between its words
    if spaceless := spaceless_words(block):  # Thai: a space parts phrases, and no full stop ends a paragraph
        words = max(words, 2) if spaceless <= MAX_SPACELESS_HEADLINE else 31
    return (
        2 <= words <= 30 and len(block) <= 200 and not block.endswith((".", ":", "?\"", "。", "।")) and "\n" not in block
        and not is_clutter(block) and not is_wall(block) and not _SPEAKER_LABEL.match(block)
    )


def _is_related_heading(block: str) -> bool:
    return len(block) <= 60 and _related_heading(block)


@lru_cache(maxsize=4096)  # menus and list headings recur from page to page
def _related_heading(block: str) -> bool:
    return bool(_any_related().fullmatch(block))


@lru_cache(maxsize=1)
def _any_related() -> re.Pattern[str]:
    """All of phrases/related.txt in one regex (its named groups made plain), for the quick yes or no."""
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in related_re()).replace("(?P<topic>", "(?:"), re.I)


_NO_TOPIC = frozenset({
    "this", "that", "these", "those", "our", "your", "my", "his", "her", "their", "its", "us", "you",
})
"""The first word of what "More on ..." names when that is no section: "More on this story", "More from us"."""


def find_related(blocks: list[str], skip: frozenset[int] = frozenset(), title: str = "") -> Related:
    """Return the headlines of the dump's related-articles blocks, and the topic an "Also in X" names. The
    page's own headline (`title`) is none of them: a list ends there when its byline or date line follows
    (a "Trending Now:" strip above the story), else goes on past it (the story among others below it)."""
    headline = " ".join(title.casefold().split())
    headlines: list[str] = []
    used: set[int] = set()
    topics: list[str] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        m = None
        if len(b) <= 60 and i not in skip and _related_heading(b):
            m = next((mm for rx in related_re() if (mm := rx.fullmatch(b))), None)
        if m is None:
            i += 1
            continue
        named = m.groupdict().get("topic")
        j = i + 1
        found = []
        while j < len(blocks) and len(found) < MAX_RELATED and j not in skip:
            if found and dates.only_date(blocks[j]):
                j += 1  # a headline's date ("1 July 2019"), between it and the next
                continue
            if not _is_headline(blocks[j]) or _is_related_heading(blocks[j]):  # the next list's ("Most read")
                break
            if headline and " ".join(blocks[j].casefold().split()) == headline:
                after = blocks[j + 1] if j + 1 < len(blocks) else ""
                if _BYLINE.match(after) or dates.only_date(after):
                    break  # the story's own head: its byline or date line under it
                used.add(j)  # this story in a list of others: not a headline of theirs
                j += 1
                continue
            found.append(blocks[j])
            j += 1
        if found:
            used.update(range(i, j))
            headlines.extend(h for h in found if h not in headlines)
            if named and len(named.split()) <= 3 and named.split()[0].lower() not in _NO_TOPIC:
                topics.append(named.strip(" :.-"))
        i = j
    return Related(tuple(headlines), tuple(dict.fromkeys(topics)), frozenset(used))


# -- bylines ------------------------------------------------------------------------------------

_BYLINE = re.compile(
    r"^(?:(?:written|posted|published|words|reported|story|text)\s+by|by|por|von|par|oleh|penulis|door|przez|av|af|di|від|от|מאת|"
    r"(?-i:de)|"  # Romanian, in lower case only: "de Andreea Ionescu" (not "De Madrid a Barcelona")
    r"(?:na|ni)(?=\s+(?-i:[A-Z][\w'’-]+\s+[A-Z]))|"  # Swahili, Tagalog, before a whole name: "Na Amina Hassan"
    r"بقلم|كتب|نووسینی|autor|autorka|autorzy|autorius|autorė|autors|oprac\.|opracowanie|tekst|автор|авторы|текст|"
    r"του|της|"
    r"συντάκτης|yazan|作者|(?:本报|本報|本台|本网|本網)?(?:记者|記者)|文|撰文|"
    r"(?:reporter|reporters|wartawan|journalist|jornalista|periodista|लेखक|संवाददाता|نویسنده|خبرنگار|লেখক|"
    r"szerző|szerzők|author|authors|auteur|autore|autrice|yazar|tác giả|kirjoittaja|forfatter|författare|"
    r"ผู้เขียน|ผู้สื่อข่าว|筆者)"
    r"(?=\s*[:：]))"  # with a colon only
    r"(?:\s*[:：/・＝]\s*|\s+|(?<=者)(?=[\u4e00-\u9fff]))"  # "文・山田川子", "文＝…", "記者陳小明"
    r"(?:(?:our|onze|unserem|unserer|notre|nuestro|nuestra|il nostro|la nostra)\s+(?:\w+\s+)?"  # "Door onze redacteur"
    r"(?:correspondent|reporter|redacteur|verslaggever|korrespondenten|korrespondentin|redakteur|redakteurin|"
    r"correspondant|correspondante|envoyé spécial|envoyée spéciale|corresponsal|inviato|inviata|corrispondente)"
    r"\s+(?=(?-i:[A-ZÀ-ÖØ-Þ])[\w'’.-]*\s+\S))?(?P<names>.+)$",
    re.I,
)
_NAME_CUT = re.compile(
    r"\s*(?:\||•|·|—|–| - | / |／|@|\s(?:for|FOR)\s+(?=(?-i:[A-Z]))|\s\d+\s+(?:comments?|responses|replies)\b|\bon\s+(?=\w+\s+\d)|\b(?:published|updated|posted|last updated|, (?=\w+ \d{1,2},))\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:updated|published)\b|\d{1,2}:\d\d|"
    r"\s(?:january|february|september|october|november|december)$)",  # its day cut off: "Carrie Arnold November"
    re.I,
)
# Between two names: a comma (and a word for "and" after it, in lower case), or a word for "and", never at
# the start ("Dan Smith"), a one-letter one in lower case only ("Bruce Y Lee" is one name).
_NAME_SPLIT = re.compile(
    r"\s*[,;&،]\s*(?:(?:(?-i:and|und|et|e|y|dan|и|و)|AND)\s+)?|(?<=[\w.])\s+(?:and|und|dan|и|و|(?-i:et|e|y))\s+(?=\w)",
    re.I,
)
_NAME_WORD = re.compile(rf"^[\w{MARKS}.'’-]+$")  # (the marks: "राहुल शर्मा")
_NO_PERSON = re.compile(r"admin|webmaster", re.I)
# A byline's job title after a name ("Marta Okonjo, Regional Correspondent"): its last word is a role.
# (Alone, as in "Reuters Staff" or "The Editors", it is the byline's author.)
_ROLES = frozenset({
    "correspondent", "correspondents", "reporter", "reporters", "editor", "editors", "writer", "writers",
    "columnist", "contributor", "contributors", "producer", "photographer", "journalist", "analyst", "critic",
    "meteorologist", "forecaster", "anchor", "presenter", "commentator", "host", "freelancer", "intern",
    "staff", "desk", "chief", "bureau", "team", "korrespondent", "korrespondentin", "redakteur", "redakteurin",
    "correspondant", "correspondante", "rédacteur", "rédactrice", "journaliste", "corresponsal", "redactor",
    "redactora", "periodista", "corrispondente", "giornalista", "redattore", "redattrice", "inviato", "inviata",
    "repórter", "jornalista", "colunista", "columnista", "reportera", "reporterin", "journalistin", "verslaggever",
    "redacteur", "redaktør", "redaktör", "toimittaja", "dziennikarz", "dziennikarka", "reporterka",
    "корреспондент", "журналист", "журналистка", "обозреватель", "кореспондент", "журналіст", "δημοσιογράφος",
})
_WRITERS = _ROLES - {"photographer"}  # the jobs of those who write a story: a photographer's credit is a picture's
# The last word of a news outlet or agency named after the authors ("Jill Disis, CNN Business", "Jane Doe,
# Associated Press"), not of another author's name.
_OUTLETS = frozenset({
    "news", "business", "press", "newswire", "wire", "media", "online", "times", "journal", "tribune", "gazette",
    "magazine", "radio", "tv", "television", "insider", "reuters", "afp", "ap", "efe", "dpa", "xinhua", "ansa", "kyodo",
    "zeitung", "nachrichten", "presse", "agencia", "agência", "agenzia", "noticias", "notícias",
})
_DEGREES = frozenset({"ms", "ma", "md", "phd", "rd", "rdn", "rn", "mba", "mph", "cpa", "jd", "dds", "dvm", "bsc", "msc",
                      "ba", "bs", "llb", "llm", "mfa", "cfa", "do", "np", "pa", "pharmd", "jr", "sr", "esq"})


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...]
    used: frozenset[int]


# The small words inside a name ("Anna de Vries", "Vincent van der Berg", "Omar bin Rashid"), and a family name's
# article joined to it ("Omar al-Sayed", "Jean d'Ormesson").
_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "di", "del", "della", "der", "den", "du", "la", "le", "van",
                        "von", "ten", "ter", "zu", "af", "av", "bin", "ibn", "bint", "al", "el"})
_JOINED_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|d|l|bin|ibn)[-'’][A-ZÀ-ÖØ-Þ]")


def _particle(word: str, at: int, words: int) -> bool:
    """Return True for a word written in lower case that belongs in a name at place `at` of `words` words."""
    if at == 0:
        return False
    return bool(_JOINED_ARTICLE.match(word)) or (word in _PARTICLES and at < words - 1)


def _lower(letter: str) -> bool:
    """Return True for a letter in lower case where case tells a name from a word: Georgian writes names in
    Mkhedruli, which Unicode counts as lower case (its capitals, Mtavruli, are for headings)."""
    return letter.islower() and not "\u10d0" <= letter <= "\u10ff"


def clean_names(text: str) -> list[str]:
    """Return the person names in a byline's text ("Lia Eustachewich and Yaron Steinbuch" -> two)."""
    m = _NAME_CUT.search(text)
    if m:
        text = text[: m.start()]
    names = []
    for part in _NAME_SPLIT.split(text):
        part = part.strip(" .,:")
        words = part.split()
        if not words or len(words) > 5 or any(not _NAME_WORD.match(w) or w[0].isdigit() or _lower(w[0])
                                              and not _particle(w, k, len(words)) for k, w in enumerate(words)):
            continue
        if _NO_PERSON.search(part):
            continue  # "admin", "Jdadmin": the site's user account
        if part.replace(".", "").lower() in _DEGREES:
            continue  # "Ilana Muhlstein, MS, RDN": letters after a name, not more names
        if names and words[-1].lower() in _ROLES:
            continue  # "Marta Okonjo, Regional Correspondent": her job, not another author
        caps = next((k for k, w in enumerate(words) if not w.isupper()), len(words))
        if words[-1].lower() in _OUTLETS and 2 <= caps < len(words):
            part, words = " ".join(words[:caps]), words[:caps]  # "JILL LAWLESS Associated Press": hers, then theirs
        elif names and (words[-1].lower() in _OUTLETS or words[0] == "The" or len(words) == 1 and part.isupper()):
            continue  # "Jill Disis, CNN Business", "Jane Doe, The Harbour Ledger", "Mike Tran, CNN": where they write
        if part.isupper() and len(part) > 3:
            part = part.title()
        if part not in names:
            names.append(part)
    return names


def find_byline(blocks: list[str], skip: frozenset[int] = frozenset(), limit: int | None = None) -> Byline:
    """Return the authors of the first byline block ("By Jamelle Bouie" -> Jamelle Bouie), also after the
    date on the same line ("March 12, 2019 By Ruth Ambermoor", "2019年03月12日 14:05 记者 陈晓河")."""
    for i, b in enumerate(blocks[:limit]):
        if i in skip or len(b) > 160 or "\n" in b or b.endswith((".", "!", "?")):
            continue
        m = _BYLINE.match(b) or _KOREAN_BYLINE.fullmatch(b)
        if m is None and dates.has_year(b, 60) and (dated := dates.leading_date(b)):
            m = _BYLINE.match(b[dated:]) or _labelled_byline(b[dated:])
        if m:
            names = clean_names(m.group("names"))
            if names:
                return Byline(tuple(names), frozenset({i}))
        elif len(b) <= 20 and _LABEL_ALONE.fullmatch(b) and i + 1 < len(blocks) and i + 1 not in skip:
            names = clean_names(blocks[i + 1]) if len(blocks[i + 1]) <= 120 else []
            if names and all(" " in n for n in names):  # a first and a last name: "Home" is no author
                return Byline(tuple(names), frozenset({i, i + 1}))
        elif len(b) <= 80 and (m := _NAME_AND_ROLE.fullmatch(b)) and _lone_name(m["name"]) \
                and _signs_byline(m["rest"], blocks[i + 1] if i + 1 < len(blocks) else ""):
            return Byline((m["name"],), frozenset({i}))  # "Jane Doe | Staff Writer", "Jane Doe, Associated Press"
        elif i + 1 < len(blocks) and i + 1 not in skip and _HANDLE.fullmatch(blocks[i + 1]) and _lone_name(b):
            return Byline((b,), frozenset({i, i + 1}))  # "Jeff Cox" / "@JeffCoxCNBCcom"
    return Byline((), frozenset())


_HANDLE = re.compile(r"@[A-Za-z0-9_]{2,30}")  # a writer's handle on a social network, under the name
# A name without "By", then the writer's job or outlet: "Jane Doe | Staff Writer", "Jane Doe, Associated Press".
_NAME_AND_ROLE = re.compile(r"(?P<name>[^,|/]{3,40}?)\s*(?:,|\||/| - | — )\s*(?P<rest>[^,|/]{2,40})")


def _signs_byline(rest: str, after: str) -> bool:
    """Return True when what follows a name on its line makes it the byline: a writer's job ("Staff Writer"),
    or an outlet with the date on the next line ("Business Insider" / "13.11.2019, 23:06"; under a picture
    "Al Goldis, Associated Press" credits the photographer)."""
    words = rest.split()
    if not words:
        return False
    if words[-1].lower() in _ROLES:
        return words[-1].lower() in _WRITERS
    return (_is_outlet(rest) or is_agency(rest)) and dates.only_date(after)


def is_agency(name: str) -> bool:
    """Return True for a news agency's name ("REUTERS", "AFP")."""
    return _AGENCY_NAME.fullmatch(name.strip()) is not None


# A Korean byline: the names, then 기자 ("reporter") and perhaps an address ("홍길동 기자", "김철수·이영희 기자").
_KOREAN_BYLINE = re.compile(r"(?P<names>[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s*기자(?:\s+\S+@\S+)?")


def _labelled_byline(text: str) -> re.Match | None:
    """Return the byline labelled with a colon among the pieces after a date ("来源：城市晚报 作者：李明")."""
    for space in _SPACES.finditer(text):
        if _COLON_LABEL.match(text, space.end()) and (m := _BYLINE.match(text[space.end():])):
            return m
    return None


_SPACES = re.compile(r"\s+")
_COLON_LABEL = re.compile(r"[^\s:：]{1,12}\s*[:：]")
_BYLINE_LABEL = re.compile(r"[^\s:：]{1,12}(?: [^\s:：]{1,12})?\s*[:：]")  # a label of one word or two: "Tác giả:"
# A byline's label standing alone, the names in the next block ("Author" / "Hanna Berglund").
_LABEL_ALONE = re.compile(
    r"(?:by|authors?|written by|words by|story by|autor(?:in|es|a)?|auteur(?:e|s)?|autore|autori|por|von|par|"
    r"oleh|door|автор|авторы|作者|著者|記者|기자)\s*[:：]?", re.I)


NAME_REACH = 12  # blocks above the story where a name standing alone may be its author's


def signs_story(blocks: list[str], last: int, at: int) -> bool:
    """Return True for a byline at `at` that signs the story ending at `last`: labelled with a colon ("Author:
    Olga Smirnova", "Автор: ..."), right below it, with at most the source's line or furniture between."""
    return (at - last <= 3 and _BYLINE_LABEL.match(blocks[at]) is not None
            and all(is_clutter(b) or _SOURCE_ONLY.match(b) for b in blocks[last + 1:at]))


def name_below(blocks: list[str], last: int) -> int | None:
    """Return the index of a name standing alone right below the story (`last`: its last block) with only
    furniture, or nothing, after it, as some sites sign their stories ("... 200.000 đồng." / "Minh Anh" /
    "Xem thêm: ..."); None otherwise (a commenter's name has the comment below it)."""
    at = last + 1
    if at >= len(blocks) or not _lone_name(blocks[at]) or any(map(is_clutter, blocks[at].split())):
        return None  # (nor two buttons: "Previous Next")
    return at if at + 1 == len(blocks) or is_clutter(blocks[at + 1]) or is_wall(blocks[at + 1]) else None


def signed_name(blocks: list[str], first: int) -> int | None:
    """Return the index of a name standing alone just above the story (`first`: its first block) whose bio
    stands below it ("Harriet Vance" ... "Harriet Vance is a writer and former transport planner."), or None."""
    for i in range(first - 1, max(-1, first - 1 - NAME_REACH), -1):
        b = blocks[i]
        if not _lone_name(b):
            continue
        if any(is_bio(later, (b,)) for later in blocks[first:]):
            return i
    return None


def is_bio(block: str, names: Sequence[str]) -> bool:
    """Return True for a block that opens by saying who one of `names` is ("Harriet Vance is a writer ...")."""
    return any(re.match(re.escape(name) + _BIO_VERB, block) for name in names)


def dated_name(blocks: list[str], first: int, dated: frozenset[int]) -> int | None:
    """Return the index of a name standing alone right above the date line (`dated`) over the story (`first`:
    its first block), or above the outlet's name over it, as a byline without its "By" ("Laura Martínez Ruiz" /
    "Madrid - 14 mar 2025 - 13:45 CET"); or above a news outlet's name or the writer's job wherever the date
    stands ("Anna Price" / "BBC News, Norfolk"); or None."""
    for i in range(max(0, first - NAME_REACH), first - 1):
        if not _lone_name(blocks[i]) or i > 0 and _lone_name(blocks[i - 1]):  # one of a list of names
            continue
        # "Mary Allen" / "The Daily Star", "Kari Nordmann" / "Journalist": her outlet or job between
        under = blocks[i + 1]
        after = i + 2 if i + 2 < first and (_outlet_line(under) or _role_line(under)) else i + 1
        if after in dated or _PLACE_DATE.match(blocks[after]) and \
                dates.leading_date(_PLACE_DATE.sub("", blocks[after], 1)):
            return i
        if after == i + 2 and (_role_line(under) or _outlet_line(under, named=True)):
            return i
    return None


def _outlet_line(block: str, named: bool = False) -> bool:
    """Return True for the outlet's name, or its desk and place, under a byline: "The Daily Star", "BBC News,
    Bristol", "CNN" (a name opening with an acronym; not when `named`, which asks for a news outlet's name)."""
    words = block.split(",")[0].split()
    return len(block) <= 40 and 1 <= len(words) <= 4 and (
        _is_outlet(" ".join(words))
        or not named and len(words[0]) > 1 and words[0].isupper() and not any(map(str.isdigit, block)))


def _role_line(block: str) -> bool:
    """Return True for a writer's job on a line of its own under the name: "Journalist", "Senior Reporter"."""
    words = block.split()
    return 1 <= len(words) <= 3 and len(block) <= 40 and words[-1].lower() in _WRITERS \
        and all(w[0].isupper() or w.islower() for w in words)


def _lone_name(block: str) -> bool:
    return (len(block) <= 40 and 2 <= len(block.split()) <= 4 and clean_names(block) == [block]
            and not _is_outlet(block) and not is_clutter(block)
            and not any(len(w) > 4 and is_cjk(w) for w in block.split()))  # a name is 2-4 characters a word there


# A place before the date line it opens ("Madrid - 14 mar 2025 - 13:45 CET", "BERLIN, 12. März 2025").
_PLACE_DATE = re.compile(r"[^\W\d_][\w'’. ]{1,30}?\s*(?:[-–—|,])\s*(?=\d)")


# What a bio says of its subject right after the name: "... is a writer", "... covers the city".
_BIO_VERB = r",?\s+(?:is|was|has|writes|covers|reports|est|ist|es|é|è|jest|er|är)\b"


# A news agency's credits closing its story: "(Reporting by Anna de Vries; Additional reporting by Pieter Jansen;
# Editing by Mark Holloway)". Its reporters and writers are the authors; its editors are not.
_CREDITS = re.compile(r"\(?\s*(?:(?:additional )?reporting|writing|written|reported) by\b.{2,300}", re.I)
_CREDIT = re.compile(r"(?:^|[;(]\s*)(?:additional )?(?:reporting|writing|written|reported) by\s+(?P<names>[^;()]+)", re.I)
_IN_PLACE = re.compile(r"\s+in\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*)*")  # "Jane Doe in London"
CREDIT_BLOCKS = 3  # of the story's last ones, where such credits stand


def authors(named: tuple[str, ...] | list[str], paragraphs: list[str], after: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the authors a byline (or a page's head) names; when it names none, or only an outlet or agency
    ("Reuters", "The Associated Press"), the reporters the agency's credits at the story's end name, if any:
    in its last paragraphs, or in the blocks right `after` it (the credits not kept as the story's)."""
    named = tuple(named)
    if named and not all(_is_outlet(n) for n in named):
        return named
    return agency_credits([*reversed(paragraphs[-CREDIT_BLOCKS:]), *after[:CREDIT_BLOCKS]]) or named


def _is_outlet(name: str) -> bool:
    """Return True for an outlet, an agency or its desk named as an author ("Reuters Staff", "The Editors")."""
    words = name.split()
    return words[-1].lower() in _OUTLETS or words[-1].lower() in _DESKS or words[0] == "The"


_DESKS = frozenset({"staff", "desk", "team", "bureau", "editors", "newsroom", "ڈیسک", "ডেস্ক", "डेस्क"})


def agency_credits(blocks: Sequence[str]) -> tuple[str, ...]:
    """Return the reporters the first of `blocks` that is an agency's credits names (a first and a last name at
    least: "Staff" is none), or ()."""
    for p in blocks:
        if len(p) <= 300 and _CREDITS.fullmatch(p.strip()):
            found = (clean_names(_IN_PLACE.sub("", m.group("names")).rstrip(" .)")) for m in _CREDIT.finditer(p))
            return tuple(dict.fromkeys(n for names in found for n in names if " " in n))
    return ()


# -- datelines ----------------------------------------------------------------------------------

_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+"
_PLACE = rf"{_UPPER_WORD}(?:\s+{_UPPER_WORD}){{0,3}}(?:,\s*[A-ZÀ-ÖØ-Þ][\w.'’\-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’\-]*){{0,3}})?"
_ARABIC_WORD = r"[\u0600-\u06ff]+"
_ARABIC_PLACE = rf"{_ARABIC_WORD}(?:\s{_ARABIC_WORD})?(?:[،,]\s*{_ARABIC_WORD}(?:\s{_ARABIC_WORD})?)?"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE}|{_ARABIC_PLACE})\s*(?:\((?P<agency>[^)]{{1,40}})\))?\s*(?:[–—]|--?)\s+(?=\S)"
)


# An agency's dateline with the day in it, the place in any case: "Paris, 14 mars (AFP) - ", "MADRID, 14 Mar.
# (EUROPA PRESS) - ", "Berlin, 3. März (dpa) - ". The day and the agency both, so that no sentence reads as one.
_MONTH_WORD = (r"(?i:jan|feb|f[ée]v|mar|m[äa]r|apr|avr|abr|may|mai|mag|mei|jun|juin|giu|jul|juil|lug|aug|ao[ûu]|ago|"
               r"sep|set|oct|okt|ott|out|nov|d[ée]c|dez|dic)[^\W\d_]{0,7}\.?")
_DAY_MONTH = rf"\d{{1,2}}\.?\s+{_MONTH_WORD}(?:\s+\d{{4}})?|{_MONTH_WORD}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
_DATED_DATELINE = re.compile(
    rf"^(?P<place>[A-ZÀ-ÖØ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.\-]+){{0,2}}),\s*(?:{_DAY_MONTH})\s*"
    rf"\((?P<agency>[^()]{{1,40}})\)\s*(?:[–—]|--?)\s+(?=\S)"
    # a press release's: "DUNDEE, Scotland, March 18, 2025 /PRNewswire/ -- "
    rf"|^(?P<release>{_PLACE}),\s*(?:{_DAY_MONTH})\s*/(?P<wire>[\w .-]{{2,30}})/\s*(?:[–—]|--?)\s+(?=\S)"
)


# A place in upper and lower case, with its region or its agency, so that no sentence reads as one: "Dekalb,
# Ill. — ", "St. Louis, Missouri – ", "Berlin (dpa) – ", "Paris, France (AFP) - "; the story opens after it.
_TITLE_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*"
_TITLE_DATELINE = re.compile(
    rf"^(?P<place>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}(?P<region>,\s*{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}})?)"
    rf"\s*(?:\((?P<agency>[^()]{{1,40}})\)\s*)?(?:[–—]|--?)\s+(?=[A-ZÀ-ÖØ-Þ\"“‘'«„\d])"
)


def split_dateline(paragraph: str, others: Sequence[str] = ()) -> tuple[str | None, str]:
    """Return (dateline, rest) for a first paragraph that opens with one ("ISTANBUL, Turkey – "; "NEW DELHI: "
    when none of the `others`, the paragraphs after it, opens the same way, as a transcript's speakers do)."""
    head = paragraph[:200]
    if (m := _CJK_DATELINE.match(head)) and len(paragraph) - m.end() >= 20:
        return m.group("place"), paragraph[m.end():]
    m = _DATELINE.match(head) or _DATED_DATELINE.match(head)
    if m is None and (m := _COLON_DATELINE.match(head)):
        words = m.group("place").strip().lower()
        if words in _LABELS or words.split()[0] in _SALUTATIONS or any(_COLON_DATELINE.match(p) for p in others):
            m = None  # "BREAKING: ...", "DEAR ABBY: ...", "HOST: ..." is no place
    if not m:
        m = _TITLE_DATELINE.match(head)
        if not m or not (m.group("region") or m.group("agency")):
            return None, paragraph
    rest = paragraph[m.end():]
    if len(rest.split()) < 4:
        return None, paragraph
    return _WEB_NAME.sub("", (m.group("place") or m.group("release")).strip()), rest


# A Chinese agency's or paper's dateline: "新华社北京3月12日电", "本报上海3月12日电（记者 王小明）".
_CJK_DATELINE = re.compile(
    r"^(?:新华社|新華社|中新社|中新网|中新網|本报|本報|人民日报|人民日報)(?P<place>[\u4e00-\u9fff]{2,8}?)"
    r"\d{1,2}月\d{1,2}日[电電]\s*(?:[（(](?:记者|記者)[^）)]{1,30}[）)])?\s*")
# A place in capitals and a colon, as South Asian and West African papers write it: "NEW DELHI: The ...".
_COLON_DATELINE = re.compile(rf"^(?P<place>{_UPPER_WORD}(?:\s+{_UPPER_WORD}){{0,2}})\s*:\s+(?=[A-ZÀ-ÖØ-Þ\"“‘'])")
# The labels a story's lines wear in capitals that name neither its section nor a place ("BREAKING", "LIVE").
BANNERS = frozenset({
    "breaking", "breaking news", "update", "updated", "exclusive", "watch", "listen", "live", "video", "just in",
    "developing", "analysis", "explainer", "flash", "urgent", "alert", "new", "sponsored", "advertorial", "ad",
})
# What a line in capitals before a colon is when it is no place.
_LABELS = BANNERS | {"opinion", "editor's note", "editor’s note", "note", "correction", "clarification", "photos",
                     "read", "also read", "read also", "read more", "warning", "q", "a"}
_SALUTATIONS = frozenset({"dear", "hi", "hello", "hey", "re", "mr", "mrs", "ms", "dr"})
# The outlet's web name after the place: "SEMARANG, KOMPAS.com - ", as Indonesian sites write the dateline.
_WEB_NAME = re.compile(r",\s*[\w-]+(?:\.[A-Za-z]{2,6})+$")
