"""A saved page's visible text as blocks, the way a text dump holds it (one block per paragraph, cell,
list item, heading): what `--explain` shows for an HTML page."""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

_SKIP = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "video", "audio",
    "select", "datalist", "textarea", "map", "head",
}
_BLOCK = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
    "figure", "figcaption", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote",
    "pre", "form", "fieldset", "address", "hr", "body", "caption", "summary", "details",
}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")


MAX_DEPTH = 200
"""Levels of elements kept: libxml2, which every reader of a page here parses it with, stops reading at 256."""
_INLINE = {"a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span", "strike",
           "strong", "sub", "sup", "tt", "u"}
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "figcaption", "td", "th",
               "caption", "address"}


def within_depth(page: str) -> str:
    """Return the page, or when its elements nest deeper than libxml2 reads (a page of unclosed `<b>` or
    `<font>` tags: each one opens inside the last), the page with its deepest levels unwrapped, their text
    kept: below MAX_DEPTH levels inline elements first, then those that are no paragraph, then any (below
    MAX_DEPTH + 40 levels).

    Otherwise every reader would see the page end where the nesting passed 256 levels, and the article
    below it would be lost without a word.
    """
    parser = lxml_html.HTMLParser()
    try:
        lxml_html.document_fromstring(page, parser=parser)
        if not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
            return page
        root = lxml_html.document_fromstring(page, parser=lxml_html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return page
    for deep, most in ((lambda el: el.tag in _INLINE, MAX_DEPTH), (lambda el: el.tag not in _PARAGRAPHS, MAX_DEPTH),
                       (lambda el: True, MAX_DEPTH + 40)):  # (a paragraph below MAX_DEPTH stays one)
        depth = {root: 0}
        doomed = []
        for el in root.iterdescendants():  # parents before children
            depth[el] = depth[el.getparent()] + 1
            if depth[el] > most and isinstance(el.tag, str) and deep(el):
                doomed.append(el)
        for el in doomed:
            el.drop_tag()  # its text and children go to its parent, in place
    return lxml_html.tostring(root, encoding="unicode")


def page_blocks(page: str) -> list[str]:
    """Return the page's visible text blocks, in page order, white space collapsed, none empty."""
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    parts: list[str] = []
    _walk(root, parts)
    blocks = (_SPACE.sub(" ", b).strip() for b in "".join(parts).split("\n\n"))
    return [b for b in blocks if b]


def _walk(el, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or not tag or el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
        if el.tail:
            parts.append(el.tail)
        return
    block = tag in _BLOCK or tag == "br"
    if block:
        parts.append("\n\n")
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts)
    if block:
        parts.append("\n\n")
    if el.tail:
        parts.append(el.tail)
