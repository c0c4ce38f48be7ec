"""How the build state is kept on disk: the `State` fields, each article as plain data, the log records.

The state is plain data for `marshal`, several times quicker than pickling objects. Each article is encoded
on its own (`Source.plain`): a build decodes only the articles it shows, and writes back the others' bytes as
they were read. An article is the tuple of its fields, its date (naive ISO text, fold, zone) and body (digest,
where in the pack) spelled out. Only `site_gen.build.state` uses this module.
"""

from __future__ import annotations

import marshal
import zlib
from mmap import mmap
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

from site_gen.content import Article, Body, Image

FORMAT = 11
FAMILY = b"sitegen"  # every version's state file starts so
MAGIC = FAMILY + str(FORMAT).encode()
RECORD = b"sglr"
_UNREAD = object()

BodyReader = Callable[[tuple, bytes], str]
"""Reads a stored body back: (where, digest) -> its HTML (see `state.read_body`)."""


class Source:
    """One Markdown file as the last build saw it: its stat, the hash of its bytes, and what it gave.

    An article read from the state file is decoded when first asked for: a rebuild after a small edit needs
    the few that its pages show, not all of them.
    """

    __slots__ = ("mtime_ns", "size", "digest", "_article", "plain", "stored", "_reader")

    def __init__(self, mtime_ns: int, size: int, digest: bytes, article: Any, plain: bytes | None = None,
                 stored: int = 0, reader: BodyReader | None = None):
        self.mtime_ns = mtime_ns
        self.size = size
        self.digest = digest
        self._article = article
        self.plain = plain
        """The article as the state file holds it (encoded), when read from there: written back as it is."""
        self.stored = stored
        """The length of its body in the pack, when read from the state file."""
        self._reader = reader

    @property
    def article(self) -> Article | None:
        """The `Article` (its body stored in the pack), or None for a draft."""
        article = self._article
        if article is _UNREAD:
            article = self._article = decode_article(marshal.loads(self.plain), self._reader)
        return article

    @property
    def draft(self) -> bool:
        return self._article is None

    def same_article(self, other: "Source") -> bool:
        """Return True when both give the same article object, or the same article bytes still unread."""
        return self._article is other._article and (self._article is not _UNREAD or self.plain is other.plain)

    def restat(self, mtime_ns: int, size: int) -> "Source":
        """Return this source with a new stat (the same bytes, touched), its article still unread if it was."""
        return Source(mtime_ns, size, self.digest, self._article, self.plain, self.stored, self._reader)

    def stored_length(self) -> int:
        """The length of its body in the pack (0 when not there)."""
        if self._article is _UNREAD:
            return self.stored
        where = self._article.body.where if self._article is not None else None
        return where[2] if where else 0

    def encoded(self) -> bytes | None:
        """Its article as the state file holds it (None for a draft)."""
        if self._article is _UNREAD:
            return self.plain
        if self._article is None:
            return None
        if self.plain is None or self._article.body.where is None:
            self.plain = marshal.dumps(encode_article(self._article), 2)
        return self.plain

    def moved(self) -> None:
        """Forget the encoded article: its body moved to another pack (see `state.StateStore._compact`)."""
        self.plain = None


@dataclass
class State:
    """What is kept between builds (written whole, as plain data: see `encode`)."""

    articles_key: tuple = ()
    """What parsed articles depend on besides their files: our code, the engines, the settings that matter."""
    pages_key: tuple = ()
    """What pages depend on besides their data: code, engines and every setting."""
    scanned_ns: int = 0
    """When the last build began to look at the content: files changed near it are not trusted by stat."""
    sources: dict[str, Source] = field(default_factory=dict)
    """By path relative to the content folder, in path order."""
    outputs: dict[str, tuple] = field(default_factory=dict)
    """By output path: (fingerprint, size, mtime_ns, what its render read) of the file as the last build left
    it; the last is a tuple of (article path, body digest) pairs (see `render.Renderer.render`)."""
    files: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    """Templates and static files by absolute path: (mtime_ns, size, content hash)."""
    search: dict[str, tuple] | None = None
    """The search index, when the last build made one: by shard, (digest of what it holds, its output files,
    its articles' names, its filters' counts, and its folders' times once noted: see `search.stamp_index`).
    A shard's files are not among `outputs`: its folders' times stand for them."""
    search_stale: bool = False
    """True when pages changed since that index was made (watch and serve index after showing the pages)."""
    search_pending: tuple[str, ...] | None = None
    """While the index is behind: the articles (by name) changed since it was made, when only those changed
    (their shards are all that must be indexed again); None: every shard is to be checked."""
    failing: tuple[str, ...] = ()
    """The files that failed to load in the last build (looked at again by a build given hints)."""
    inputs: bytes = b""
    """A hash of everything the last whole build was made from; the same inputs make the same pages."""
    planned: tuple = ()
    """What planning those inputs said: (number of articles, errors as (path, message, line))."""
    frame: bytes = b""
    """A hash of what the last whole build's pages were made with besides the articles (templates, static)."""
    reads: tuple = ()
    """(hash of the template sets, {template: the variables it reads, sorted, or None}): see `template_reads`."""
    layout: bytes = b""
    """The last plan of the whole site, encoded (see `layout.encode_layout`)."""
    formats: "Formats" = field(default_factory=lambda: Formats())
    """The dates, numbers and other CLDR formats pages used, by what was asked (see `i18n.Chrome.formats`)."""
    pack: int = 0
    pack_size: int = 0


class Formats:
    """The formats pages used (see `i18n.Chrome.formats`): decoded from the state file when a build first asks
    for them (a build that renders nothing never does), with what the log added since applied then."""

    __slots__ = ("_plain", "_added", "_items")

    def __init__(self, plain: bytes = b"", items: dict | None = None):
        self._plain = plain
        self._added: list[dict] = []
        self._items = items

    def items(self) -> dict:
        """Return the formats by what was asked (read them; a change is a new `Formats`)."""
        if self._items is None:
            self._items = marshal.loads(self._plain) if self._plain else {}
            for added in self._added:
                self._items.update(added)
            self._added = []
        return self._items

    def add(self, added: dict) -> None:
        """Add what a log record says was added (see `replay`)."""
        if self._items is None:
            self._added.append(added)
        else:
            self._items.update(added)

    def plain(self) -> bytes:
        """Return the formats as the state file holds them (a marshal blob in it)."""
        if self._items is None and not self._added:
            return self._plain
        return marshal.dumps(self.items(), 2)

    def added_since(self, old: "Formats") -> dict:
        """Return the formats this has and `old` has not; raise `WholeState` when `old` has some this has not
        (a memo emptied at its bound)."""
        if self is old:
            return {}
        mine, theirs = self.items(), old.items()
        if len(mine) < len(theirs) or any(k not in mine for k in theirs):
            raise WholeState()
        return {k: v for k, v in mine.items() if k not in theirs} if len(mine) != len(theirs) else {}


SCALARS = tuple(f for f in State.__dataclass_fields__ if f not in ("sources", "outputs", "formats"))


def encode(state: State, token: bytes) -> bytes:
    """Return the whole state as a file's bytes (magic, checksum, payload), with the token its records name."""
    fields = {f: getattr(state, f) for f in SCALARS}
    fields["token"] = token
    fields["sources"] = plain_sources(state.sources.items())
    fields["outputs"] = state.outputs
    fields["formats"] = state.formats.plain()
    payload = marshal.dumps(fields, 2)  # version 2: no table of shared objects, quicker both ways
    return MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


def decode(data: bytes | mmap, reader: BodyReader) -> tuple[State, bytes] | None:
    """Return the state in `data` (see `encode`; the file's bytes, or the file mapped) and its token, or None
    when it cannot be trusted. Nothing decoded refers to `data`, which may be closed afterwards."""
    head = len(MAGIC) + 4
    if len(data) < head or data[:len(MAGIC)] != MAGIC:
        return None
    with memoryview(data) as view, view[head:] as payload:
        if zlib.crc32(payload).to_bytes(4, "big") != data[len(MAGIC):head]:
            return None
        try:
            fields = marshal.loads(payload)
            token = fields.pop("token")
            sources = dict(read_sources(*fields.pop("sources"), reader=reader))
            formats = Formats(fields.pop("formats"))
            return State(sources=sources, formats=formats, **fields), token
        except Exception:  # noqa: BLE001 - a state that does not read back is a damaged one
            return None


def record(base: bytes, state: State, saved: tuple) -> bytes | None:
    """Return the log record of what changed in `state` since `saved` (see `snapshot`), following the state
    file of token `base`; None when nothing changed; raise `WholeState` when the files themselves changed."""
    sources, outputs, fields, formats = saved
    if state.sources.keys() != sources.keys():
        raise WholeState()  # files came or went: written whole, in path order
    changed = [(rel, s) for rel, s in state.sources.items() if sources[rel] is not s]
    delta = {
        "base": base,
        "sources": plain_sources(changed),
        "outputs": {p: v for p, v in state.outputs.items() if outputs.get(p) is not v},
        "gone": [p for p in outputs if p not in state.outputs],
        "fields": {},
        "entries": {},
        "formats": state.formats.added_since(formats),
    }
    for f in SCALARS:
        now, was = getattr(state, f), fields[f]
        if now == was:
            continue
        if isinstance(now, dict) and isinstance(was, dict) and list(now) == list(was):
            # the same keys in the same order (the search index's shards after an edit): only the entries
            # that changed, not the whole field (at 100,000 articles the shards' lists are ~12 MB)
            delta["entries"][f] = {k: v for k, v in now.items() if v is not was[k] and v != was[k]}
        else:
            delta["fields"][f] = now
    if not changed and not delta["outputs"] and not delta["gone"] and not delta["fields"] and not delta["entries"] \
            and not delta["formats"]:
        return None
    payload = marshal.dumps(delta, 2)
    return RECORD + len(payload).to_bytes(4, "big") + zlib.crc32(payload).to_bytes(4, "big") + payload


class WholeState(Exception):
    """The change cannot be a log record: the state is to be written whole."""


def replay(state: State, token: bytes, log: bytes, reader: BodyReader) -> bool:
    """Apply the records of `log` that follow the state of `token` to `state`; return False when the log ends
    in bytes that are not such a record (cut short, damaged, or following another state): those are left out."""
    at, end = 0, len(log)
    while at < end:
        head = log[at:at + 12]
        size = int.from_bytes(head[4:8], "big")
        payload = log[at + 12:at + 12 + size]
        if len(head) < 12 or head[:4] != RECORD or len(payload) < size or \
                zlib.crc32(payload).to_bytes(4, "big") != head[8:12]:
            return False
        delta = marshal.loads(payload)
        if delta["base"] != token:
            return False
        state.sources.update(read_sources(*delta["sources"], reader=reader))
        state.outputs.update(delta["outputs"])
        for path in delta["gone"]:
            state.outputs.pop(path, None)
        for name, value in delta["fields"].items():
            setattr(state, name, value)
        for name, entries in delta.get("entries", {}).items():
            setattr(state, name, {**getattr(state, name), **entries})  # the same keys: their order is kept
        if delta["formats"]:
            state.formats.add(delta["formats"])
        at += 12 + size
    return True


def snapshot(state: State) -> tuple:
    """The state's parts as they are now: its sources and outputs (their entries are replaced, never changed
    in place), and its other fields."""
    return (dict(state.sources), dict(state.outputs), {f: getattr(state, f) for f in SCALARS}, state.formats)


def plain_sources(items) -> tuple:
    keys, stats, plains = [], [], []
    for rel, s in items:
        keys.append(rel)
        stats.append((s.mtime_ns, s.size, s.digest, s.stored_length()))
        plains.append(s.encoded())
    return keys, stats, plains


def read_sources(keys: list, stats: list, plains: list, reader: BodyReader) -> Iterator[tuple[str, Source]]:
    """Yield (name, Source) from what `plain_sources` gave, each article left unread."""
    for rel, (m, n, d, stored), plain in zip(keys, stats, plains, strict=True):
        yield rel, Source(m, n, d, None if plain is None else _UNREAD, plain, stored, reader)


_FIELDS = tuple(f for f in Article.__dataclass_fields__)
_DATES = (_FIELDS.index("date"), _FIELDS.index("updated"))
_IMAGES, _BODY = _FIELDS.index("images"), _FIELDS.index("body")


def encode_article(a: Article) -> tuple:
    """Return an article as plain data (its body as its address in the pack, or its HTML when not stored)."""
    values = [getattr(a, f) for f in _FIELDS]
    for at in _DATES:
        when = values[at]
        if when is not None:
            zone = when.tzinfo
            values[at] = (when.replace(tzinfo=None).isoformat(), when.fold,
                          zone.key if isinstance(zone, ZoneInfo) else zone.utcoffset(when).total_seconds())
    values[_IMAGES] = tuple(i.fields() for i in a.images)
    body = a.body
    values[_BODY] = (body.digest, body.where, None if body.where else body.html)
    return tuple(values)


def decode_article(values: tuple, reader: BodyReader | None) -> Article:
    """Return the article `encode_article` gave; a stored body is read back through `reader` when shown."""
    fields = dict(zip(_FIELDS, values))
    for at in _DATES:
        if values[at] is not None:
            naive, fold, zone = values[at]
            tz = ZoneInfo(zone) if zone.__class__ is str else timezone(timedelta(seconds=zone))
            fields[_FIELDS[at]] = datetime.fromisoformat(naive).replace(tzinfo=tz, fold=fold)
    fields["images"] = tuple(Image(*i) for i in values[_IMAGES])
    digest, where, html = values[_BODY]
    fields["body"] = Body(html, digest) if html is not None else Body(None, digest, tuple(where), reader)
    return Article(**fields)
