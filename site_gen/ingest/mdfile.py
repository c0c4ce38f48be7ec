"""An `Extracted` article -> front-matter Markdown whose rendering shows exactly the dump's text."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

import yaml

from site_gen.content import Image, is_remote
from site_gen.ingest.clean import Extracted

CHECKSUM_KEY = "checksum"
_CHECKSUM_LINE = re.compile(rf"^{CHECKSUM_KEY}: [^\n]*\n", re.M)

# libyaml writes the same YAML as PyYAML's pure-Python emitter, several times faster, for text made only of
# these characters. Outside them the two part ways (libyaml escapes characters beyond the BMP and reads U+0085
# as unprintable, and then folds the quoted text differently), so such front matter takes the Python emitter.
_LIBYAML_SAFE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)

# Characters Python-Markdown gives a meaning to anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]{}])")
# Line openings Markdown reads as a heading, quote, list, rule or setext underline.
_LINE_START = re.compile(r"^(#|>|[+*-](?=\s|$)|=+\s*$|-+\s*$|(\d+)([.)])(?=\s|$))")


def escape_line(line: str) -> str:
    """Return one line of plain text as Markdown that renders back to the same text."""
    line = line.replace("&", "&amp;").replace("<", "&lt;")
    line = _INLINE.sub(r"\\\1", line)
    m = _LINE_START.match(line)
    if m:
        if m.group(2):  # "1. FC Köln" is a paragraph, not a list
            line = f"{m.group(2)}\\{m.group(3)}{line[m.end():]}"
        elif line.startswith("="):  # "=" has no backslash escape in Markdown; an entity keeps it text
            line = "&#61;" + line[1:]
        else:
            line = "\\" + line
    return line


def escape_paragraph(text: str) -> str:
    """Return a paragraph (its lines kept as line breaks) as escaped Markdown."""
    lines = [" ".join(ln.split()) if ln.strip() else "" for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    # Two trailing spaces make a hard line break; leading spaces would make a code block.
    return "  \n".join(escape_line(ln) for ln in lines)


def front_matter(article: Extracted, slug: str, dump: str, updated: str | None = None,
                 story: str = "") -> dict[str, Any]:
    """Return the article's front-matter fields, in contract order, without empty ones; `updated`: when a
    re-scraped dump last changed it; `story`: the first copy of the wire story it is a copy of."""
    fields: dict[str, Any] = {
        "title": article.title,
        "slug": slug,
        "date": article.date,
        "updated": updated,
        "topic": article.topic,
        "source_url": article.source_url,
        "source": article.source,
        "dateline": article.dateline,
        "authors": list(article.authors),
        "images": [beside_dump(img, dump).as_dict() for img in article.images],
        "related": list(article.related),
        "summary": article.summary,
        "lang": article.lang,
        "dump": dump,
        "story": story,
    }
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}


def beside_dump(image: Image, dump: str) -> Image:
    """Return the image with a picture saved beside its dump named from the site folder, as the build finds it."""
    if not image.src or is_remote(image.src):
        return image
    return replace(image, src=posixpath.join(posixpath.dirname(dump), image.src))


def _texts(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(k)
            yield from _texts(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)
    else:
        yield None  # not text: leave it to yaml.safe_dump


def dump_yaml(fields: dict[str, Any]) -> str:
    """Return `yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)`, with libyaml when that
    gives the very same text."""
    if _FAST_DUMPER is not None and all(t is not None and _LIBYAML_SAFE.fullmatch(t) for t in _texts(fields)):
        return yaml.dump(fields, Dumper=_FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)


def to_markdown(article: Extracted, slug: str, dump: str, updated: str | None = None, story: str = "") -> str:
    """Return the article as a front-matter Markdown file, sealed with a checksum of its text."""
    head = dump_yaml(front_matter(article, slug, dump, updated, story))
    text = f"---\n{head}---\n\n{body_markdown(article)}\n"
    return seal(text)


def body_markdown(article: Extracted) -> str:
    """Return the article's body as its file holds it (each paragraph escaped, so it reads as text)."""
    return _body(tuple(article.paragraphs))


# A list item as a page's text shows it: a bullet, a space and the item ("• Staff hours will not be cut"). (Not a
# dash: "– Chcemy ..." opens a quote in Polish, Russian and French.)
_BULLET = re.compile(r"[-•·*▪◦]\s+(?=\S)")


@lru_cache(maxsize=8)  # ingest asks for one article's body up to four times in a row
def _body(paragraphs: tuple[str, ...]) -> str:
    """Two or more bulleted paragraphs in a row are written as a Markdown list; the rest as escaped text."""
    out, i = [], 0
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and "\n" not in paragraphs[j] and _BULLET.match(paragraphs[j]):
            j += 1
        if j - i >= 2:
            out.append("\n".join("- " + escape_line(" ".join(_BULLET.sub("", p, count=1).split()))
                                 for p in paragraphs[i:j]))
            i = j
        else:
            out.append(escape_paragraph(paragraphs[i]))
            i += 1
    return "\n\n".join(out)


def checksum(text: str) -> str:
    """Return the checksum of a generated file's text (its checksum line left out)."""
    return "sha256:" + hashlib.sha256(_CHECKSUM_LINE.sub("", text, count=1).encode("utf-8")).hexdigest()


def seal(text: str) -> str:
    """Return the file text with a `checksum:` line as the last front-matter field."""
    end = text.index("\n---\n", 3)
    return text[: end + 1] + f"{CHECKSUM_KEY}: {checksum(text)}\n" + text[end + 1:]


def is_hand_edited(text: str) -> bool:
    """Return True when a file is not exactly what ingest wrote (someone edited it, or it never was ours)."""
    m = _CHECKSUM_LINE.search(text)
    if not m:
        return True
    return m.group(0).split(":", 1)[1].strip() != checksum(text)


def baseline(text: str) -> str | None:
    """Return the checksum a file's `checksum:` line records: that of the text ingest last wrote or accepted
    for it, whatever was edited since (None when it has none)."""
    m = _CHECKSUM_LINE.search(text)
    return m.group(0).split(":", 1)[1].strip() if m else None


def rebase(text: str, generated: str) -> str:
    """Return an edited file's text with the checksum of `generated` (what its dump gives now) as its
    baseline: the edit is kept, and reported again only once the dump gives something else."""
    line = f"{CHECKSUM_KEY}: {baseline(generated)}\n"
    if _CHECKSUM_LINE.search(text):
        return _CHECKSUM_LINE.sub(lambda m: line, text, count=1)
    end = text.index("\n---\n", 3)  # front matter without a checksum line: the line goes last in it
    return text[: end + 1] + line + text[end + 1:]


def differences(edited: str, generated: str) -> list[str]:
    """Return what differs between an edited article and what its dump gives: front-matter fields by name,
    and "body"."""
    mine, theirs = _split(edited), _split(generated)
    if mine is None or theirs is None:
        return []
    fields = [k for k in dict.fromkeys([*theirs[0], *mine[0]]) if k != CHECKSUM_KEY
              and mine[0].get(k) != theirs[0].get(k)]
    return fields + (["body"] if mine[1].strip() != theirs[1].strip() else [])


def _split(text: str) -> tuple[dict, str] | None:
    """Return (front-matter fields, body) of an article file, or None when its front matter is not readable."""
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return None
    end = text.index("\n---\n", 3)
    try:
        fields = yaml.safe_load(text[4:end + 1])
    except (yaml.YAMLError, ValueError, TypeError):  # (ValueError: a date no calendar has, typed by hand)
        return None
    return (fields, text[end + 5:]) if isinstance(fields, dict) else None
