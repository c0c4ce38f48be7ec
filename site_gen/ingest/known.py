"""The articles already in an articles folder: by the dump each was made from, by identity, and their slugs.

An article is one page of one source: the same canonical URL (or, without one, the same text) is the same
article, whichever dump file it came in. What an article file records of its versions (the dump it was last
made from, its first publication date, when it was last updated) is read from its front matter as written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from site_gen.ingest.identity import identity

_FIELD = {name: re.compile(rf"^{name}: (.+)$", re.M) for name in ("dump", "source_url", "date", "updated", "story")}
# A value YAML reads as the very same string (a path or URL of plain characters), so it need not be parsed.
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./:?&=%~+-]*")


@dataclass(frozen=True)
class Recorded:
    """What an article file says of where it came from, as its front matter spells it."""

    dump: str | None = None
    """The dump it was last made from (its label)."""
    date: str | None = None
    """Its first publication date, as written."""
    updated: str | None = None
    """When a re-scraped dump last changed it, as written."""
    source_url: str | None = None
    story: str | None = None
    """The first copy of the wire story it is a copy of."""
    identity: str = ""
    """Its canonical source URL, else a digest of its text (`identity.identity`)."""


@dataclass
class Known:
    """The articles in a folder."""

    by_dump: dict[str, str] = field(default_factory=dict)
    """Slug by the dump (label) each article was last made from."""
    by_identity: dict[str, str] = field(default_factory=dict)
    """Slug by identity: the first file in name order holds an identity."""
    taken: set[str] = field(default_factory=set)
    """Every slug in the folder."""


def recorded(text: str) -> Recorded:
    """Return what an article file's text records of its versions (fields it lacks are None)."""
    if not text.startswith("---"):
        return Recorded(identity=identity(None, text))
    parts = text.split("\n---\n", 1)
    head, body = (parts[0], parts[1]) if len(parts) == 2 else (text, "")
    values = {name: _value(rx.search(head)) for name, rx in _FIELD.items()}
    return Recorded(values["dump"], values["date"], values["updated"], values["source_url"], values["story"],
                    identity(values["source_url"], body))


def _value(m: re.Match | None) -> str | None:
    if not m:
        return None
    raw = m.group(1)
    if _PLAIN.fullmatch(raw):
        return raw
    try:
        value = yaml.load(raw, Loader=yaml.BaseLoader)  # strings stay strings: dates as written
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


class ArticleFiles:
    """The article files of a folder and what each records, kept between ingests by watch and serve.

    The first `known` reads every file. Later ones read only the files a file-system event named since
    (`named`), as builds under watch and serve go by events; after `forget` (a quiet moment, when builds look
    at every file too) the next looks at every file's stat again, reading only those that changed.
    """

    def __init__(self, out: Path):
        self.out = out
        self._real = os.path.realpath(out)
        self._files: dict[str, tuple[tuple[int, int, int], Recorded | None]] = {}
        self._looked = False
        self._named: set[str] = set()

    def named(self, paths: Iterable[Path]) -> None:
        """Note files that events named (or that ingest wrote): looked at again by the next `known`."""
        for path in paths:
            if path.name.endswith(".md") and (path.parent == self.out or os.path.realpath(path.parent) == self._real):
                self._named.add(path.name)

    def forget(self) -> None:
        """Look at every file's stat again next time."""
        self._looked = False

    def known(self) -> Known:
        """Return the articles in the folder."""
        if self._looked:
            for name in self._named:
                self._look(name, None)
        else:
            try:
                entries = list(os.scandir(self.out))
            except (FileNotFoundError, NotADirectoryError):
                entries = []
            files = {entry.name for entry in entries if entry.name.endswith(".md")}
            for name in self._files.keys() - files:
                del self._files[name]
            for entry in entries:
                if entry.name in files:
                    self._look(entry.name, entry)
            self._looked = True
        self._named.clear()
        return self._gather()

    def _look(self, name: str, entry: os.DirEntry | None) -> None:
        try:
            st = entry.stat() if entry is not None else os.stat(self.out / name)
        except OSError:
            self._files.pop(name, None)
            return
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        seen = self._files.get(name)
        if seen is None or seen[0] != stamp:
            self._files[name] = (stamp, read_recorded(self.out / name))

    def _gather(self) -> Known:
        known = Known()
        for name in sorted(self._files):  # the first file in name order holds an identity
            stem = name[:-3]
            known.taken.add(stem)
            rec = self._files[name][1]
            if rec is None:
                continue
            if rec.dump is not None:
                known.by_dump.setdefault(rec.dump, stem)
            known.by_identity.setdefault(rec.identity, stem)
        return known


def read_recorded(md: Path) -> Recorded | None:
    """Return what an article file records of its versions, or None when it cannot be read."""
    try:
        return recorded(md.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def dump_field(md: Path) -> str | None:
    """Return the `dump:` field of an article file (the dump it was made from), or None."""
    rec = read_recorded(md)
    return rec.dump if rec else None
