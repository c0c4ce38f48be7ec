"""What follows a story on its page: a reader comment thread, the author's bio, the publisher's blurb.

These are found by their shape, not by their length, so that they are told from the story after a short
post too (a post of one paragraph is shorter than one reader's comment):

- a comment thread: each comment has a header (a name line ending "says:", or a name then a time line)
  and a reply link closing it, a few blocks apart ("Harriet Voss says:", "March 3, 2019 at 4:12 pm",
  the comment, "Reply");
- a bio or a blurb: a block opening with a name and what the person or the house is ("Ruth Ambermoor is
  a freelance journalist who ...", "The Wendle Courier is an independent publisher of ..."), or with the
  name the byline gave.

The phrases are data (phrases/comment-*.txt, phrases/bios.txt).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from site_gen.ingest.phrases import is_clutter, word_list

# Capital letters of the Latin, Greek and Cyrillic alphabets (Turkish İ and Ğ, Latvian Ā and Ē, ... included):
# a name starts with one.
_UP = "".join(c for c in map(chr, range(0x41, 0x530)) if unicodedata.category(c) == "Lu")
_LINK = r"(?:of|the|and|for|de|del|la|le|des|du|von|van|der|της|του|των|και|и|i|w|z|na)"  # inside a name
_NAME = (rf"(?:[{_UP}][\w'’.&-]*(?: (?:{_LINK} )?[{_UP}][\w'’.&-]*){{0,3}}"
         r"|[«\"„“][^«»\"„“”\n]{1,60}[»\"“”])")  # a name, or a title in quotes (in Russian, «Заречные вести»)
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.：]\d{2}(?!\d)")
_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}月\d{1,2}日")
_NAME_LINE = re.compile(r"^[\w@][\w'’. @-]{0,38}$")
MAX_HEADER = 80  # a comment header (name, time) is a short line
REPLY_WITHIN = 6  # blocks from a comment's header to its reply link


@lru_cache(maxsize=1)
def _says() -> re.Pattern[str]:
    verbs = "|".join(f"(?:{p})" for p in word_list("comment-says.txt"))
    return re.compile(rf"^\S.{{0,60}}?\s*(?:{verbs})\s*[:：]$", re.I)


@lru_cache(maxsize=1)
def _reply() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in word_list("comment-reply.txt")) + r")[\s.:!↓↑→(\d)]*", re.I)


@lru_cache(maxsize=1)
def _ago() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in word_list("comment-ago.txt")) + r")[\s.]*", re.I)


@lru_cache(maxsize=1)
def _bio() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.replace('{NAME}', _NAME)})" for p in word_list("bios.txt")))


def is_time_line(text: str) -> bool:
    """Return True for a short line giving when a comment was written ("March 3, 2019 at 4:12 pm", "2 hours ago")."""
    if len(text) > MAX_HEADER:
        return False
    return bool(_TIME.search(text) and _DATE.search(text)) or is_ago(text)


def is_ago(text: str) -> bool:
    """Return True for a line saying how long ago something was written ("2 hours ago")."""
    return _ago().fullmatch(text) is not None


def is_reply_link(text: str) -> bool:
    return len(text) <= 60 and _is_reply(text)


@lru_cache(maxsize=4096)  # the short blocks recur from page to page (menus, buttons)
def _is_reply(text: str) -> bool:
    return bool(_reply().fullmatch(text))


def _is_says(text: str) -> bool:
    return (text.endswith((":", "：")) and len(text) <= MAX_HEADER and "\n" not in text
            and bool(_says().match(text)))


def comment_starts(texts: list[str], first: int = 0) -> list[int]:
    """Return, in order, the blocks from `first` on where a reader comment begins: a header (a "says:"
    line, or a time line and the name line above it) with the comment's reply link or time line a few
    blocks below."""
    # The cheap tests first: a reply link is short, a "says:" header ends in a colon.
    replies = [i for i in range(first, len(texts)) if len(texts[i]) <= 60 and _is_reply(texts[i])]
    says = {i for i in range(first, len(texts)) if texts[i][-1:] in (":", "：") and _is_says(texts[i])}
    if not replies and not says:
        return []  # most pages: no comment thread, nothing more to look at
    # A header stands a few blocks above a reply link, or is a "says:" line.
    near = {j for r in replies for j in range(max(first, r - REPLY_WITHIN), r - 1)}
    starts: list[int] = []
    for i in sorted(near | says):
        t = texts[i]
        # The comment's own words stand between its header and its reply link.
        closed = any(i + 1 < r <= i + REPLY_WITHIN for r in replies)
        if i in says and (closed or any(is_time_line(x) for x in texts[i + 1:i + 3])):
            starts.append(i)
        elif closed and is_time_line(t):
            above = texts[i - 1] if i > 0 else ""
            named = bool(above) and (i - 1 in says or (_NAME_LINE.match(above) and not is_clutter(above)))
            start = i - 1 if named else i
            if not starts or starts[-1] < start:
                starts.append(start)
    return starts


def is_bio(text: str, authors: tuple[str, ...] = ()) -> bool:
    """Return True for a block shaped like an author's bio or a publisher's blurb: it opens with a name
    and what the person or the house is, or with the full name of an author the byline gave."""
    if len(text) > 1000:
        return False
    if any(len(a.split()) >= 2 and text.startswith(a) and len(text) > len(a) + 20 for a in authors):
        return True
    return bool(_bio().match(text))
