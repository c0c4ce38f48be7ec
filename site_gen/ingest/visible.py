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
