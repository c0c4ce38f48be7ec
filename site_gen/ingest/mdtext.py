"""A dump a scraper wrote as Markdown (html2text, markdownify, the readers that give pages to language models):
its visible text, laid out as the text dumps are.

Such a dump writes each link as `[text](url)`, each picture as `![alt](src)`, emphasis as `**...**`, the
headline as `# ...`; read as plain text, all of that would reach the article as it stands, and the cleaner
would not know a caption in `*...*` or a dateline in `**...**`. It is rendered by markdown-it-py (CommonMark
and its tables, as those tools write; raw HTML in it stays text) and its visible blocks taken as a saved
page's are (`visible.page_blocks`): a link becomes its text, a picture nothing, a list item or table cell a
block of its own.
"""

from __future__ import annotations

import re

# A link or picture to a web address, a path or an anchor: `[text](https://...)`, `![alt](/img/a.jpg "title")`.
_LINK = re.compile(r"!?\[[^\]\n]{0,300}\]\((?:https?://|/|#|\./)[^)\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
_HEADLINE = re.compile(r"#{1,6}[ \t]+\S")
_STRONG = re.compile(r"\*\*[^*\n]{1,300}\*\*|__[^_\n]{1,300}__")
MIN_LINKS = 2  # links or pictures written as Markdown, in a dump that is Markdown
SCAN = 200_000  # characters looked at to decide


def is_markdown(text: str) -> bool:
    """Return True when the dump is written in Markdown: two or more links or pictures written as Markdown
    (a page's visible text never shows one), or a `# headline` and one link or `**strong**` text."""
    head = text[:SCAN]
    links = len(_LINK.findall(head))
    if links >= MIN_LINKS:
        return True
    first = head.lstrip("\n \t\ufeff").partition("\n")[0]
    return _HEADLINE.match(first) is not None and (links > 0 or _STRONG.search(head) is not None)


# What is left of a link whose text the parser could not take as one (a card: `[`, a blank line, a heading,
# `](url)`): its address, and its brackets standing alone.
_LINK_TAIL = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")  # (an address may hold "(...)")
_BRACKETS = re.compile(r"^[\[\]\s]*$")


def as_text_dump(text: str) -> str:
    """Return a Markdown dump as a text dump (headline, a blank line, one block a paragraph, list item or
    cell); any other text as it is."""
    if not is_markdown(text):
        return text
    from markdown_it import MarkdownIt

    from site_gen.ingest.visible import page_blocks

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # only the text is taken: a `data:` picture is a picture, not text
    head, _, rest = text.lstrip("\n \t\ufeff").partition("\n")
    title = " ".join(page_blocks(md.render(head.lstrip("# \t"))))
    blocks = [_LINK_TAIL.sub("", b).strip() for b in page_blocks(md.render(rest))]
    return "\n\n".join([title or head, *(b for b in blocks if not _BRACKETS.match(b))]) + "\n"
