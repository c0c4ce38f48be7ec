"""An exact fast path for bodies of plain prose: Python-Markdown's HTML for them, without Python-Markdown.

Most article bodies are paragraphs of sentences with now and then **bold**, *italics* or a [link](https://...),
a simple list or a quote, yet Python-Markdown takes about a millisecond for each (preprocessors, block parser,
tree, a dozen inline patterns, serializer), half of a cold build. `convert` reads that common subset directly and
returns, byte for byte, the HTML Python-Markdown gives with load.py's extensions ("extra", "sane_lists",
output_format "html"). For anything else it returns None and the caller converts with Python-Markdown: whatever
it cannot be sure of is left out, because a fallback costs only time while a difference would change pages.

The subset:

- Blocks separated by blank lines: paragraphs (lines joined by soft line breaks, or by hard ones: exactly two
  trailing spaces) and one-line ATX headings (`## Text`, no closing hashes).
- Tight lists: blocks whose every line is an item, `- text` (or `* `, `+ `: sane_lists keeps them in one list)
  or `12. text` (sane_lists: `start` when the first number is not 1), each item's text a line of the subset
  (no trailing whitespace). A list right after a list of its kind (only blank lines between) is not in the
  subset: Python-Markdown merges them into one loose list with `<p>` in every item.
- Blockquotes: blocks whose every line is `> text`, the text after the markers being one paragraph or heading of
  the subset. A blockquote right after a blockquote is not in the subset (Python-Markdown merges them).
- No line (nor an item's or a quote's text) starts with whitespace or with anything a block processor might take
  as its own: `#` outside a heading, `>` outside a quote's marker, `-`, `+`, `*` outside a list's marker, `_`,
  `=`, `:`, `|`, `~`, `<`, `!`, `{`, or digits followed by `.` or `)` (outside an ordered list's marker). No line
  ends in whitespace other than a hard break in a paragraph.
- Inline: `**strong**` and `*em*` opening after a space and closing before a space, the line's end or closing
  punctuation, neither nested nor across lines nor touching other markup; `[plain text](http(s)://address)`;
  backslash escapes; `&` as text or in a complete entity (`&amp;`, `&#61;`); `>`; `<` before a space; `_` inside
  a word. No backticks, `|`, unescaped braces or brackets outside links, control characters, `![` or `[^`.

tests/test_markdown_fast.py checks it against Python-Markdown on generated and real bodies.
"""

from __future__ import annotations

import re

# Characters that can make a body leave the subset wherever they stand, and `<` unless before a space (`![` too):
# apart, as one expression with alternatives is tried at every character (~2.5 times as long).
_NEVER = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029`|]")
_TAG_OPEN = re.compile(r"<(?! )")
# `&` that Python's HTMLParser (which Python-Markdown's HTML preprocessor runs) or the entity pattern could read
# as a reference other than a complete one: `&#61` without its semicolon, `&a.b;`, `&1x;`.
_ODD_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)(?:#|[-.a-zA-Z0-9]*;)")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_BAD_START = re.compile(r"[\s#>\-+*_=:|~<!{]|\d+[.)]")
_HEADING = re.compile(r"(#{1,6}) (.*[^#\s])")
# List items as sane_lists reads them (`[*+-]` all one list; `\d+.` another), with exactly one space after the
# marker; what follows must be a line of the subset (checked apart). Group 2 is the item's text.
_UL_ITEM = re.compile(r"([-*+]) (.+)")
_OL_ITEM = re.compile(r"([0-9]+)\. (.+)")
_SPECIAL = re.compile(r"[\\*\[\]_&<>{}]")
_LINK = re.compile(
    r"\[([^\s\[\]()\\*_&<>!^{}~](?:[^\[\]()\\*_&<>!^{}~]*[^\s\[\]()\\*_&<>!^{}~])?)\]"
    r"\((https?://[A-Za-z0-9\-._~:/?#@$&+,;=%]+)\)"
)
_WORD = re.compile(r"[^\W_]")  # what Python-Markdown's `\w` sees around `_`, less `_` itself
# Python-Markdown's escapable characters (ESCAPED_CHARS, with `|` from the tables extension).
_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
# Python-Markdown's serializer escapes an `&` unless what follows looks like an entity (serializers.RE_AMP).
_RE_AMP = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.I)
# Next to emphasis markers only these (and, after a closer, a space or the line's end) are certain to behave alike
# in Python-Markdown's old regex emphasis (3.5-3.10) and its delimiter-run emphasis (3.11 on).
_OPEN_NEXT = re.compile(r"[^\W_]|[\"'“‘(¿¡]")
_CLOSE_PREV = re.compile(r"[^\W_]|[\"'”’).,;:!?%]")
_CLOSE_NEXT = frozenset(" .,;:!?)\"'”’")
_TAGS = {1: ("<em>", "</em>"), 2: ("<strong>", "</strong>")}


def convert(body: str) -> str | None:
    """Return Python-Markdown's HTML for `body` when it is inside the subset, else None."""
    if _NEVER.search(body) or ("<" in body and _TAG_OPEN.search(body)) or "![" in body or \
            ("&" in body and _ODD_AMP.search(body)):
        return None
    out: list[str] = []
    block: list[str] = []
    last_kind = ""  # what the previous block was: "ul", "ol", "blockquote" or "" (a paragraph or heading)
    for line in body.split("\n") + [""]:
        if line:
            block.append(line)
            continue
        if block:
            first = block[0][0]
            if first in "-*+":
                kind, html = "ul", None if last_kind == "ul" else _list(block, _UL_ITEM, "<ul>")
            elif first == ">":
                kind, html = "blockquote", None if last_kind == "blockquote" else _quote(block)
            elif "0" <= first <= "9" and _OL_ITEM.match(block[0]):
                start = _OL_ITEM.match(block[0]).group(1)  # sane_lists: the first item's number, as written
                tag = "<ol>" if start == "1" else f'<ol start="{start}">'
                kind, html = "ol", None if last_kind == "ol" else _list(block, _OL_ITEM, tag)
            else:
                kind, html = "", _block(block)
            if html is None:
                return None
            out.append(html)
            last_kind = kind
            block = []
    return "\n".join(out)


def _list(lines: list[str], item_re: re.Pattern[str], tag: str) -> str | None:
    """Return a block of one-line list items as Python-Markdown's tight list, or None.

    Each item's text is parsed as blocks inside its `<li>` (and with a tight list's state: text, no `<p>`), so it
    must not start with anything a block processor takes, as a paragraph's lines must not. (The caller turns down
    a list right after a list of its kind, which Python-Markdown would add to that one, made loose.)
    """
    parts: list[str] = []
    for line in lines:
        m = item_re.match(line)
        if m is None or line[-1].isspace():
            return None
        text = m.group(2)
        if _BAD_START.match(text):
            return None
        html = _inline(text)
        if html is None:
            return None
        parts.append(f"<li>{html}</li>")
    return tag + "\n" + "\n".join(parts) + "\n</" + tag[1:3] + ">"


def _quote(lines: list[str]) -> str | None:
    """Return a block of `> text` lines as Python-Markdown's blockquote holding one paragraph or heading, or None."""
    inner: list[str] = []
    for line in lines:
        if len(line) < 3 or line[1] != " " or line[0] != ">":
            return None
        inner.append(line[2:])  # _block turns down text starting with whitespace or another `>`
    html = _block(inner)
    if html is None:
        return None
    return "<blockquote>\n" + html + "\n</blockquote>"


def _block(lines: list[str]) -> str | None:
    """Return one block (lines between blank lines) as a heading or a paragraph, or None."""
    first = lines[0]
    if len(lines) == 1 and first[0] == "#":
        m = _HEADING.fullmatch(first)
        if m is None or _BAD_START.match(m.group(2)):
            return None
        text = _inline(m.group(2))
        if text is None:
            return None
        level = len(m.group(1))
        return f"<h{level}>{text}</h{level}>"
    parts: list[str] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if _BAD_START.match(line):
            return None
        brk = "\n"
        if line[-1].isspace():  # only a hard break: two spaces after a visible character, not on the last line
            if i == last or len(line) < 3 or line[-2] != " " or line[-3].isspace():
                return None
            line, brk = line[:-2], "<br>\n"
        text = _inline(line)
        if text is None:
            return None
        parts.append(text)
        if i != last:
            parts.append(brk)
    return "<p>" + "".join(parts) + "</p>"


def _text(run: str) -> str:
    """Escape one text node as Python-Markdown's serializer does."""
    if "&" in run:
        run = _RE_AMP.sub("&amp;", run)
    return run.replace("<", "&lt;").replace(">", "&gt;")


def _inline(line: str) -> str | None:
    """Return one line's inline markup as HTML, or None when it holds anything outside the subset."""
    if _SPECIAL.search(line) is None:  # plain text, with nothing to escape: most lines
        return line
    return _Inline(line).html()


class _Inline:
    """One line read from left to right, marker by marker (each read by the method `_MARKERS` names).

    Text between tags and entities is gathered as Python-Markdown's tree holds it (escapes already undone) and
    escaped as one piece, since whether an `&` is escaped depends on what follows it in the same piece.
    """

    __slots__ = ("line", "out", "run", "pos", "token_end", "open_size")

    def __init__(self, line: str):
        self.line = line
        self.out: list[str] = []
        self.run: list[str] = []
        self.pos = 0  # where the plain text not yet gathered starts
        self.token_end = -1  # where the last markup ended: the characters next to emphasis must be plain text
        self.open_size = 0  # the emphasis marker (1 or 2 stars) that is open, if any

    def html(self) -> str | None:
        line = self.line
        for m in _SPECIAL.finditer(line):
            i = m.start()
            if i < self.pos:  # inside a link or escape already taken
                continue
            self.run.append(line[self.pos:i])
            read = _MARKERS.get(line[i])
            if read is None or not read(self, i):  # `]`, `{` or `}` outside an escape or a link
                return None
        if self.open_size:
            return None
        self.run.append(line[self.pos:])
        self.flush()
        return "".join(self.out)

    def flush(self, markup: str = "") -> None:
        """Close the text gathered so far and add `markup` after it."""
        self.out.append(_text("".join(self.run)))
        self.run = []
        if markup:
            self.out.append(markup)

    def star(self, i: int) -> bool:
        line, n = self.line, len(self.line)
        j = i
        while j < n and line[j] == "*":
            j += 1
        size = j - i
        if size > 2:
            return False
        before = line[i - 1] if i > 0 else ""
        after = line[j] if j < n else ""
        if not self.open_size:
            if before != " " or not after or not _OPEN_NEXT.match(after):
                return False
        elif size != self.open_size or i == self.token_end or not _CLOSE_PREV.match(before) or (
                after and after not in _CLOSE_NEXT):
            return False
        self.flush(_TAGS[size][1 if self.open_size else 0])
        self.open_size = 0 if self.open_size else size
        self.pos = self.token_end = j
        return True

    def backslash(self, i: int) -> bool:
        line = self.line
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if nxt in _ESCAPABLE and nxt:
            self.run.append(nxt)
            self.pos = self.token_end = i + 2
        elif nxt == " " or _WORD.match(nxt):
            self.run.append("\\")  # not an escape: the backslash stays
            self.pos = self.token_end = i + 1
        else:
            return False
        return True

    def ampersand(self, i: int) -> bool:
        e = _ENTITY.match(self.line, i)
        if e:  # kept as it is, outside the text around it
            self.flush(e.group())
            self.pos = self.token_end = e.end()
        else:
            self.run.append("&")
            self.pos = self.token_end = i + 1
        return True

    def underscore(self, i: int) -> bool:
        line = self.line
        if i == 0 or i + 1 >= len(line) or not _WORD.match(line[i - 1]) or not _WORD.match(line[i + 1]):
            return False
        self.run.append("_")
        self.pos = i + 1
        return True

    def angle(self, i: int) -> bool:
        self.run.append(self.line[i])
        self.pos = self.token_end = i + 1
        return True

    def link(self, i: int) -> bool:
        link = _LINK.match(self.line, i)
        if link is None:
            return False
        self.flush(f'<a href="{_RE_AMP.sub("&amp;", link.group(2))}">{link.group(1)}</a>')
        self.pos = self.token_end = link.end()
        return True


_MARKERS = {"*": _Inline.star, "\\": _Inline.backslash, "&": _Inline.ampersand, "_": _Inline.underscore,
            "<": _Inline.angle, ">": _Inline.angle, "[": _Inline.link}
