"""A dump's text split into its parts: headline, blocks, source URL and trailer; the layouts other scrapers
write (labelled fields first, a block a line, paragraphs wrapped at a fixed width) read as the same parts."""

from __future__ import annotations

import html
import html.entities
import json
import re
from dataclasses import dataclass

from site_gen.ingest.body import word_count
from site_gen.ingest.decode import BIDI_OVERRIDES
from site_gen.ingest.lang import spaceless_words
from site_gen.ingest.phrases import is_clutter
from site_gen.ingest.source import web_address

# (The URL may stand on the next line, where a dump wrapped at a fixed width put it.)
_RETRIEVED = re.compile(r"^[ \t]*Content retrieved from:[ \t]*\n?[ \t]*(?P<url>\S+?)\.?[ \t]*$", re.I | re.M)
# The page's address as other scrapers and read-later tools label it, in the dump's last blocks. ("Source:"
# is not one: under an article it as often names where a figure came from.)
_OTHER_TRAILER = re.compile(
    r"(?:(?:content |page )?(?:retrieved|saved|fetched|scraped|archived|clipped|captured) from|originally published "
    r"(?:at|on|in)|read the (?:original|full) (?:article|story|post) (?:at|on)|(?:source |article |page |original )?url"
    r"|permalink|canonical(?: url)?)\s*:?\s*<?(?P<url>https?://\S+?)>?\.?",
    re.I,
)
_BLANK = re.compile(r"\n[ \t\u00a0]*\n+")
MAX_TITLE = 300
_INVISIBLE = " \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff"
# A line that ends a sentence: its last mark, before closing quotes and brackets.
_SENTENCE = re.compile(r"[.!?…。！？؟۔।॥။።։][\"”’»)\]」』]*$")
_INDENT = re.compile(r"^[ \t\u00a0]*")
_HYPHEN_END = re.compile(r"\w-$")
SENTENCE_WORDS = 8  # words in a line that is a sentence of its own (a paragraph, in a dump of one line each)
SHORT_WORDS = 6  # words at most in a line beside a paragraph that is not part of it (a byline, a date)
WRAP_MIN, WRAP_MAX = 40, 100  # the widths text is wrapped at by tools that wrap it (lynx, html2text, mail)


class NoArticle(ValueError):
    """The dump holds no article (empty, whitespace only, headline only)."""


@dataclass(frozen=True)
class Dump:
    """The parts of a text dump, in page order."""

    title: str
    """Line 1: the headline, as the page gave it."""
    blocks: tuple[str, ...]
    """The page's text blocks between the headline and the trailer, trimmed, none empty."""
    source_url: str | None
    """The URL on the `Content retrieved from:` line, if there is one."""


# A dump that opens with labelled fields, as the readers that give pages to language models write it:
# "Title: ...", "URL Source: ...", "Published Time: ...", then "Markdown Content:" and the page.
_FIELD = re.compile(r"[ \t]*(?P<label>[A-Za-z][A-Za-z ]{0,24}?)[ \t]*:[ \t]*(?P<value>\S[^\n]*?)?[ \t]*(?:\n|$)")
_TITLE_LABELS = {"title", "headline"}
_URL_LABELS = {"url", "url source", "source url", "source", "link", "canonical url"}
_DATE_LABELS = {"published", "published time", "published date", "date", "date published"}
_CONTENT_LABELS = {"markdown content", "content", "text", "body"}
_URL = re.compile(r"https?://\S+")


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> str:
    """Return a text dump with the HTML character references a scraper left in it (`&amp;`, `&#8217;`)
    as the characters they stand for: a page's visible text never shows one. Only whole references, ended
    by `;`: "R&D" and "Tom&paragraph" stay as they are."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_character, text)


def _character(ref: re.Match) -> str:
    name = ref.group()[1:]
    if name.startswith("#") or name in html.entities.html5:
        char = html.unescape(ref.group())
        return "" if char in BIDI_OVERRIDES else char  # as decoding drops them
    return ref.group()  # (html.unescape would read "&notanentity;" as "¬anentity;")



# A dump that opens with YAML front matter between "---" lines, as scrapers that write metadata with the
# text (trafilatura's --with-metadata, static-site importers) lay it out.
_FRONT = re.compile(r"---[ \t]*\n(?P<yaml>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|$)")
_FRONT_MOST = 16_000  # characters of front matter at most: more is a page that happens to open with a rule
_FRONT_TITLE = ("title", "headline")
_FRONT_URL = ("url", "source_url", "source", "canonical_url", "link", "permalink")
_FRONT_DATE = ("date", "published", "published_time", "date_published", "pubdate", "published_at")
_FRONT_AUTHOR = ("author", "authors", "byline")


def lift_header(text: str) -> str:
    """Return a dump that opens with labelled fields (`Title: ...` first; the page's address and date may
    follow, then `Markdown Content:`), or with YAML front matter (`lift_front_matter`), as the dumps are
    laid out: the title as line 1, the date as a date line, the address as the `Content retrieved from:`
    trailer; any other text as it is."""
    at = len(text) - len(text.lstrip("\ufeff \t\n"))
    if text.startswith("---", at):
        return lift_front_matter(text, at)
    first = _FIELD.match(text, at)
    if first is None or first.group("label").lower() not in _TITLE_LABELS or not first.group("value"):
        return text
    title, url, when, at = first.group("value"), None, None, first.end()
    while True:
        while at < len(text) and text[at] in " \t\n":
            at += 1
        field = _FIELD.match(text, at)
        label = field.group("label").lower() if field is not None else ""
        value = (field.group("value") or "") if field is not None else ""
        if label in _URL_LABELS and _URL.fullmatch(value):
            url = url or value
        elif label in _DATE_LABELS and value:
            when = when or value
        elif label in _CONTENT_LABELS and not value:
            at = field.end()
            break
        else:
            break
        at = field.end()
    trailer = f"\n\nContent retrieved from: {url}." if url and not _RETRIEVED.search(text) else ""
    return "\n\n".join([title, *([f"Published: {when}"] if when else []), text[at:].rstrip()]) + trailer + "\n"


def lift_front_matter(text: str, at: int = 0) -> str:
    """Return a dump that opens (at `at`) with YAML front matter as the dumps are laid out: its title as
    line 1 (else the first line after it), its authors as a byline, its date as a date line, its address as
    the trailer; its other fields are the scraper's, not the page's, and go. Text whose first lines are no
    YAML mapping is returned as it is."""
    found = _FRONT.match(text[at:at + _FRONT_MOST])
    if found is None:
        return text
    import yaml

    try:
        fields = yaml.load(found.group("yaml"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, TypeError):  # (ValueError: a date no calendar has)
        return text
    if not isinstance(fields, dict) or not fields:
        return text
    fields = {str(k).strip().lower().replace(" ", "_").replace("-", "_"): v for k, v in fields.items()}

    def first(names: tuple[str, ...], ok=lambda v: bool(v.strip())) -> str | None:
        for name in names:
            value = fields.get(name)
            value = value.isoformat() if hasattr(value, "isoformat") else value
            if isinstance(value, (str, int)) and not isinstance(value, bool) and ok(str(value)):
                return " ".join(str(value).split())
        return None

    rest = text[at + found.end():].strip("\n")
    title = first(_FRONT_TITLE)
    if title is None:
        title, _, rest = rest.lstrip().partition("\n")
        rest = rest.strip("\n")
    authors = next((fields[n] for n in _FRONT_AUTHOR if fields.get(n)), None)
    if isinstance(authors, str):
        authors = authors.split(";")  # trafilatura's separator
    names = [" ".join(str(a).split()) for a in authors if isinstance(a, (str, int)) and str(a).strip()] \
        if isinstance(authors, list) else []
    byline = f"By {', '.join(names)}" if names else None
    when = first(_FRONT_DATE)
    url = first(_FRONT_URL, _URL.fullmatch)
    head = [title, *([byline] if byline else []), *([f"Published: {when}"] if when else [])]
    trailer = f"\n\nContent retrieved from: {url}." if url and not _RETRIEVED.search(rest) else ""
    return "\n\n".join([*head, rest.rstrip()]) + trailer + "\n"


def _is_json(text: str) -> bool:
    """Return True for a JSON object or array (a headline may open with a bracket: "[Video] Storm ...")."""
    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


def split_dump(text: str) -> Dump:
    """Return the dump's headline, blocks and source URL; raise NoArticle when there is no article."""
    if not text.strip():
        raise NoArticle("empty file (nothing but white space)")
    if text.lstrip()[:1] in ("{", "[") and _is_json(text):
        raise NoArticle("a JSON document, not the text of a page")
    head, _, rest = text.lstrip("\n \t").partition("\n")
    title = " ".join(head.split())
    if len(title) > MAX_TITLE:
        # A first line this long is a paragraph, not a headline: keep it in the body.
        rest, title = head + "\n\n" + rest, _shorten(title)
    url = None
    last = None
    for last in _RETRIEVED.finditer(rest):
        pass
    if last is not None:
        url = web_address(last.group("url"))
        rest = rest[: last.start()]  # the trailer after it ("About The Author", ...) goes too
    # A block of nothing but zero-width characters is as empty as a blank line to a reader.
    blocks = [part for b in _BLANK.split(rest) for part in unfold(b.strip("\n"))]
    blocks = [b if b.strip(_INVISIBLE) else "" for b in blocks]
    blocks = [b for b in blocks if b]
    if last is None:  # other scrapers' trailers: "Originally published at URL", "Saved from: URL"
        for i in range(len(blocks) - 1, max(len(blocks) - 3, 0), -1):  # the last two blocks, not the first
            found = _OTHER_TRAILER.fullmatch(blocks[i].strip())
            if found is not None and (address := web_address(found.group("url"))):
                url, blocks = address, blocks[:i]
                break
    if not blocks:
        raise NoArticle("headline only: no article text after line 1")
    return Dump(title=title, blocks=tuple(blocks), source_url=url)


def unfold(block: str) -> list[str]:
    """Return a block of several lines as the blocks of the page it holds.

    The dumps we are given put a blank line between blocks, and a block's own line breaks are those of a
    `<pre>`. Other scrapers write the page one block a line, with no blank line between (a page's
    `innerText`, `get_text("\\n")`), and others wrap each paragraph at a fixed width (lynx, html2text). So:
    a paragraph wrapped at a fixed width is one block, its lines joined; a block with two or more lines
    that are sentences of their own, or of three or more lines one of which is and the others short, or
    half of which are menu items or known furniture, is one block a line; anything else (a poem, an address,
    code) stays as it is, its lines kept.
    """
    raw = [line for line in block.split("\n") if line.strip(_INVISIBLE)]
    if len(raw) < 2:
        return [block.strip()]
    lines = [" ".join(line.split()) for line in raw]
    if _wrapped(lines) and _indented_as_prose([len(_INDENT.match(line).group()) for line in raw]):
        return [_join(lines)]
    sentences = [_sentence(line) for line in lines]
    if sum(sentences) >= 2:
        return lines
    if len(lines) >= 3 and any(sentences) and all(
            said or word_count(line) <= SHORT_WORDS for said, line in zip(sentences, lines)):
        return lines  # one paragraph, and the lines about it: a kicker, a byline, a date (two lines may be
        # a caption and its credit, wrapped)
    if len(lines) >= 3 and sum(map(_furniture, lines)) * 2 >= len(lines):
        return lines
    return [block.strip()]


def _join(lines: list[str]) -> str:
    """Return a wrapped paragraph's lines as one: with a space between, none after a hyphen that ends a line
    inside a word ("well-" and "known", as wrapping tools break at hyphens)."""
    parts, tail = [lines[0]], lines[0][-2:]
    for line in lines[1:]:  # the end of what is joined so far looked at, not all of it: a block may hold 10,000s
        part = line if _HYPHEN_END.search(tail) and line[:1].isalpha() else " " + line
        parts.append(part)
        tail = (tail + part)[-2:]
    return "".join(parts)


def ends_sentence(text: str) -> bool:
    """Return True when the text ends as a sentence does (a full stop, question or exclamation mark)."""
    return _SENTENCE.search(text.rstrip()) is not None


def _sentence(line: str) -> bool:
    """Return True for a line that is a whole sentence of SENTENCE_WORDS words or more."""
    if spaceless_words(line) >= SENTENCE_WORDS:
        return True  # Thai and the like end a sentence with no mark
    return word_count(line) >= SENTENCE_WORDS and ends_sentence(line)


def _furniture(line: str) -> bool:
    """Return True for a line that is a menu item or known page furniture (a word or two, "Share")."""
    return word_count(line) <= 2 and not ends_sentence(line) or is_clutter(line)


def _indented_as_prose(indents: list[int]) -> bool:
    """Return True for a paragraph's indents: its lines all as far in, or its first line further (a first-line
    indent). Lines after the first indented unevenly or further than it are code, or verse set out by hand."""
    return len(set(indents[1:])) == 1 and indents[0] >= indents[1]


def _wrapped(lines: list[str]) -> bool:
    """Return True for one paragraph wrapped at a fixed width: every line but the last filled to near the
    width (WRAP_MIN to WRAP_MAX characters), half of them or more ending mid-sentence."""
    width = max(len(line) for line in lines)
    if not WRAP_MIN <= width <= WRAP_MAX:
        return False
    body = lines[:-1]
    if any(len(line) < width * 0.6 for line in body):
        return False
    return sum(map(ends_sentence, body)) * 2 <= len(body)


def _shorten(text: str, limit: int = 120) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut or text[:limit]).rstrip(",;: ") + "…"
