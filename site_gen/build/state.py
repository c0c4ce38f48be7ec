"""The build's only incremental state: one folder, `.cache/site-gen/` under the site root, safe to delete.

Deleting it costs only time. Inside, one sub-folder per (content folder, output folder) pair holds:

- `state.bin`: the parsed articles by file (stat, content hash, the `Article` without its body), and the
  fingerprint, size and mtime of every output file the last build left, keyed by everything that could make
  them stale (site_gen's code and version, the Markdown/HTML/template engines, the settings);
- `state.log`: what builds changed since `state.bin` was written, appended as one record per build, so a
  small edit writes a small record instead of the whole state; the state is written whole again when the
  log grows past a quarter of it (and 64 KiB), or when the set of articles' files changed;
- `bodies-N.pack`: the articles' sanitised body HTML, appended as they are parsed, read back only for the
  pages being rendered;
- `jinja/`: compiled templates.

A file is trusted when its stat is unchanged (mtime_ns and size) and was not taken too close to the last scan
to tell (like git's racily-clean entries); else it is hashed (stat first, hash when in doubt, like Black's
cache). The state is written atomically (temporary file + `os.replace`) with a checksum, so a truncated or
damaged file is noticed and ignored, never trusted. Each log record has its own checksum and names the
`state.bin` it follows: a record cut short by a crash, and what follows it, are left out (the state is then
the one of an earlier build, which is consistent in itself: the outputs and files that changed since are
found changed by their stat). A `lock` file makes a second build of the same site wait.
"""

from __future__ import annotations

import hashlib
import os
import marshal
import sys
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from site_gen import __version__
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from site_gen.content import Article, Body, Image
from site_gen.build.write import replace_file

FOLDER = Path(".cache") / "site-gen"
STATE = "state.bin"
LOG = "state.log"
LOG_MIN = 1 << 16  # a log may always grow this long before the state is written whole
_RECORD = b"sglr"
FORMAT = 5
_MAGIC = b"sitegen5"
_ENGINES = ("markdown", "nh3", "jinja2", "markupsafe", "yaml", "frontmatter", "slugify")
RACY_NS = 2_000_000_000  # files changed this close before a scan are hashed next time, whatever their stat


_UNREAD = object()


class Source:
    """One Markdown file as the last build saw it: its stat, the hash of its bytes, and what it gave.

    An article read from the state file is decoded when first asked for: a rebuild after a small edit needs
    the few that its pages show, not all of them.
    """

    __slots__ = ("mtime_ns", "size", "digest", "_article", "plain", "stored")

    def __init__(self, mtime_ns: int, size: int, digest: bytes, article: Any, plain: bytes | None = None,
                 stored: int = 0):
        self.mtime_ns = mtime_ns
        self.size = size
        self.digest = digest
        self._article = article
        self.plain = plain
        """The article as the state file holds it (encoded), when read from there: written back as it is."""
        self.stored = stored
        """The length of its body in the pack, when read from the state file."""

    @property
    def article(self) -> Any:
        """The `Article` (its body stored in the pack), or None for a draft."""
        article = self._article
        if article is _UNREAD:
            article = self._article = _article(marshal.loads(self.plain))
        return article

    @property
    def draft(self) -> bool:
        return self._article is None

    def same_article(self, other: "Source") -> bool:
        """Return True when both give the same article object, or the same article bytes still unread."""
        return self._article is other._article and (self._article is not _UNREAD or self.plain is other.plain)

    def restat(self, mtime_ns: int, size: int) -> "Source":
        """Return this source with a new stat (the same bytes, touched), its article still unread if it was."""
        return Source(mtime_ns, size, self.digest, self._article, self.plain, self.stored)


@dataclass
class State:
    """What the cache holds between builds (written whole, as plain data: see `_encode`)."""

    articles_key: tuple = ()
    pages_key: tuple = ()
    scanned_ns: int = 0
    """When the last build began to look at the content: files changed near it are not trusted by stat."""
    sources: dict[str, Source] = field(default_factory=dict)
    """By path relative to the content folder."""
    outputs: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)
    """By output path: (fingerprint, size, mtime_ns) of the file as the last build left it."""
    files: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    """Templates and static files by absolute path: (mtime_ns, size, content hash)."""
    search: tuple[str, ...] | None = None
    """The search index's output files, when the last build made one."""
    search_stale: bool = False
    """True when pages changed since that index was made (watch and serve index after showing the pages)."""
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
    """The last plan of the whole site, encoded (a build that does not plan again need not decode it): see
    `build._layout`."""
    pack: int = 0
    pack_size: int = 0


def cache_folder(root: Path, content_dir: Path, out_dir: Path) -> Path:
    """Return the folder of the state of building `content_dir` into `out_dir` for the site at `root`."""
    pair = f"{content_dir.resolve()}\0{out_dir.resolve()}".encode("utf-8", "surrogateescape")
    return root / FOLDER / hashlib.blake2b(pair, digest_size=8).hexdigest()


def code_key() -> tuple:
    """Return what the build's output depends on besides its inputs: our code and the engines we call."""
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent.parent  # site_gen/: the build's modules and those it uses
    ours = [(p.relative_to(package).as_posix(), *_stat(p))
            for p in sorted([*package.glob("*.py"), *package.glob("build/*.py")])]
    engines = []
    for name in _ENGINES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        engines.append((name, *(_stat(Path(origin)) if origin else (0, 0))))
    return (FORMAT, __version__, sys.version, tuple(ours), tuple(engines))


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


class Cache:
    """The state of one (content, output) pair: read when opened, written back by `save()`."""

    def __init__(self, folder: Path, state: State, damaged: bool = False):
        self.folder = folder
        self.state = state
        self.damaged = damaged
        """True when a state file was there but could not be trusted."""
        self.dirty = False
        self.started_ns = time.time_ns()
        self._pack = None
        self.unwritable: OSError | None = None
        """Why the cache could not be written (a read-only site, a full disk): the build goes on without it."""
        self._base: tuple[bytes, int, int] | None = None
        """(token, size) of the `state.bin` the state on disk starts from, and the size of the log after it;
        None when the next save must write the whole state."""
        self._saved: tuple | None = None
        """The state as last read or saved (see `_snapshot`): a save logs what differs from it."""

    # -- reading ------------------------------------------------------------------------------------------

    @classmethod
    def read(cls, folder: Path) -> "Cache":
        """Return the cache in `folder`: empty when there is none, or when it is damaged (`damaged` then says so).

        A long-running process (watch, serve) gets back the state its last build saved without reading it
        again, as long as the file is still the one that build wrote.
        """
        kept = _KEPT.pop(folder, None)
        if kept is not None and kept[0] == _identities(folder):
            cache = cls(folder, kept[1])
            cache._base, cache._saved = kept[2], kept[3]
            return cache
        try:
            data = (folder / STATE).read_bytes()
        except FileNotFoundError:
            return cls(folder, State())
        except OSError:
            return cls(folder, State(), damaged=True)
        decoded = _decode(data)
        if decoded is None:
            return cls(folder, State(), damaged=True)
        state, token = decoded
        try:
            log = (folder / LOG).read_bytes()
        except FileNotFoundError:
            log = b""
        except OSError:
            return cls(folder, State(), damaged=True)
        try:
            whole = _replay(state, token, log)
        except Exception:  # noqa: BLE001 - a record whose checksum holds but does not apply: damaged
            return cls(folder, State(), damaged=True)
        if state.sources and _stat(folder / _pack_name(state.pack))[1] < state.pack_size:
            return cls(folder, State(), damaged=True)  # the pack lost bytes the state points at
        cache = cls(folder, state)
        if whole:  # else the log has a cut-short or stale tail: the next save writes the state whole
            cache._base = (token, len(data), len(log))
        cache._saved = _snapshot(state)
        return cache

    def keyed(self, articles_key: tuple, pages_key: tuple) -> None:
        """Forget what was made under other keys: other code, engines or settings."""
        if self.state.articles_key != articles_key:
            for old in self.folder.glob("bodies-*.pack"):
                old.unlink(missing_ok=True)
            self.state = State(articles_key=articles_key)
            self.dirty = True
            self._base = None  # written whole
        if self.state.pages_key != pages_key:
            self.state.pages_key = pages_key
            self.state.outputs = {}
            self.state.search = None
            self.state.layout = b""
            self.dirty = True
            self._base = None

    # -- bodies -------------------------------------------------------------------------------------------

    def store(self, body: Body) -> None:
        """Append a fresh body to the pack and let it go from memory: it is read back when a page needs it."""
        if body.where is not None or self.unwritable is not None:
            return
        data = body.html.encode("utf-8")
        try:
            if self._pack is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._pack_path = str(self.folder / _pack_name(self.state.pack))  # one string shared by all bodies
                self._pack = open(self._pack_path, "ab")
            offset = self._pack.tell()
            self._pack.write(data)
        except OSError as exc:
            self.unwritable = exc
            return
        body.where = (self._pack_path, offset, len(data))
        body._html = None
        self.dirty = True

    def flush(self) -> None:
        """Make the stored bodies readable (before pages are rendered from them)."""
        if self._pack is not None:
            try:
                self._pack.flush()
            except OSError as exc:
                self.unwritable = exc

    # -- writing ------------------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the state atomically (after compacting the pack when it is mostly dead bodies).

        Raises OSError when it cannot; the state on disk is then the previous one. Bodies that could not go
        to the pack are kept in the state itself.
        """
        if self._pack is not None:
            pack, self._pack = self._pack, None
            try:
                pack.close()
            except OSError as exc:
                self.unwritable = self.unwritable or exc
        if not self.dirty:
            self._keep()
            return
        live = sum(_stored(s) for s in self.state.sources.values())
        pack = self.folder / _pack_name(self.state.pack)
        size = _stat(pack)[1]
        old = None
        if size > 2 * live + (1 << 20):
            old, pack = pack, self._compact([s.article.body for s in self.state.sources.values() if not s.draft])
            size = _stat(pack)[1]
            for source in self.state.sources.values():
                source.plain = None  # its body moved
        self.state.pack_size = size
        self.folder.mkdir(parents=True, exist_ok=True)
        record = None if old is not None else self._record()
        if record is not None:
            with open(self.folder / LOG, "ab") as fh:
                fh.write(record)
            token, base, logged = self._base
            self._base = (token, base, logged + len(record))
        else:
            token = os.urandom(8)
            payload = _encode(self.state, token)
            data = _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload
            replace_file(self.folder / STATE, data)
            (self.folder / LOG).unlink(missing_ok=True)
            self._base = (token, len(data), 0)
        self._saved = _snapshot(self.state)
        if old is not None:
            old.unlink(missing_ok=True)
        self.dirty = False
        self._keep()

    def _record(self) -> bytes | None:
        """Return the log record of what changed since the state was read or saved; None when the state is to
        be written whole (none on disk to follow, other files, or a log grown large)."""
        if self._base is None or self._saved is None:
            return None
        state = self.state
        sources, outputs, fields = self._saved
        if state.sources.keys() != sources.keys():
            return None  # files came or went: written whole, in path order
        changed = [(rel, s) for rel, s in state.sources.items() if sources[rel] is not s]
        delta = {
            "base": self._base[0],
            "sources": _plain_sources(changed),
            "outputs": {p: v for p, v in state.outputs.items() if outputs.get(p) is not v},
            "gone": [p for p in outputs if p not in state.outputs],
            "fields": {f: getattr(state, f) for f in _SCALARS if getattr(state, f) != fields[f]},
        }
        payload = marshal.dumps(delta, 2)
        token, base, logged = self._base
        if logged + len(payload) > max(base // 4, LOG_MIN):
            return None
        return _RECORD + len(payload).to_bytes(4, "big") + zlib.crc32(payload).to_bytes(4, "big") + payload

    def _keep(self) -> None:
        """Keep the state as saved for the next build of this process (see `read`)."""
        _KEPT.clear()  # one site's: a process builds one site at a time
        identities = _identities(self.folder)
        if identities[0] is not None:
            _KEPT[self.folder] = (identities, self.state, self._base, self._saved)

    def _compact(self, bodies: list[Body]) -> Path:
        self.state.pack += 1
        new = self.folder / _pack_name(self.state.pack)
        name = str(new)
        with open(new, "wb") as out:
            for body in bodies:
                if body.where is None:
                    continue
                data = body.html.encode("utf-8")
                body.where = (name, out.tell(), len(data))
                body._html = None
                out.write(data)
        return new

    @staticmethod
    def wipe(folder: Path) -> None:
        """Remove a cache folder's files (it is only ever a copy of what builds can make again)."""
        _KEPT.pop(folder, None)
        if folder.is_dir():
            for f in folder.iterdir():
                if f.is_file() and f.name != "lock":
                    f.unlink(missing_ok=True)
                elif f.is_dir():
                    import shutil

                    shutil.rmtree(f, ignore_errors=True)


_KEPT: dict[Path, tuple] = {}
"""The state the last build of this process saved, by cache folder: (its files' identities, State, and the
cache's `_base` and `_saved`)."""


def _identities(folder: Path) -> tuple:
    return (_identity(folder / STATE), _identity(folder / LOG))


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size)


def _pack_name(n: int) -> str:
    return f"bodies-{n}.pack"


def _decode(data: bytes) -> tuple[State, bytes] | None:
    """Return the state in `data` (see `_encode`) and its token, or None when it cannot be trusted."""
    head = len(_MAGIC) + 4
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = memoryview(data)[head:]
    if zlib.crc32(payload).to_bytes(4, "big") != data[len(_MAGIC):head]:
        return None
    try:
        fields = marshal.loads(payload)
        token = fields.pop("token")
        sources = dict(_read_sources(*fields.pop("sources")))
        return State(sources=sources, **fields), token
    except Exception:  # noqa: BLE001 - a state that does not read back is a damaged one
        return None


def _replay(state: State, token: bytes, log: bytes) -> bool:
    """Apply the records of `log` that follow the state of `token` to `state`; return False when the log ends
    in bytes that are not such a record (cut short, damaged, or following another state): those are left out."""
    at, end = 0, len(log)
    while at < end:
        head = log[at:at + 12]
        size = int.from_bytes(head[4:8], "big")
        payload = log[at + 12:at + 12 + size]
        if len(head) < 12 or head[:4] != _RECORD or len(payload) < size or \
                zlib.crc32(payload).to_bytes(4, "big") != head[8:12]:
            return False
        delta = marshal.loads(payload)
        if delta["base"] != token:
            return False
        state.sources.update(_read_sources(*delta["sources"]))
        state.outputs.update(delta["outputs"])
        for path in delta["gone"]:
            state.outputs.pop(path, None)
        for name, value in delta["fields"].items():
            setattr(state, name, value)
        at += 12 + size
    return True


# The state is plain data for `marshal`, several times faster than pickling objects. Each article is encoded
# on its own (`Source.plain`): a build decodes only the articles it shows, and writes back the others' bytes as
# they were read. An article is the tuple of its fields, its date (naive ISO text, fold, zone) and body (digest,
# where) spelled out.
_FIELDS = tuple(f for f in Article.__dataclass_fields__)
_DATE, _IMAGES, _BODY = _FIELDS.index("date"), _FIELDS.index("images"), _FIELDS.index("body")
_SCALARS = tuple(f for f in State.__dataclass_fields__ if f not in ("sources", "outputs"))


def _encode(state: State, token: bytes) -> bytes:
    """Return the state as bytes, with the token its log records name."""
    fields = {f: getattr(state, f) for f in _SCALARS}
    fields["token"] = token
    fields["sources"] = _plain_sources(state.sources.items())
    fields["outputs"] = state.outputs
    return marshal.dumps(fields, 2)  # version 2: no table of shared objects, quicker both ways


def _plain_sources(items) -> tuple:
    keys, stats, plains = [], [], []
    for rel, s in items:
        keys.append(rel)
        stats.append((s.mtime_ns, s.size, s.digest, _stored(s)))
        plains.append(_encoded(s))
    return keys, stats, plains


def _read_sources(keys: list, stats: list, plains: list) -> Iterator[tuple[str, Source]]:
    """Yield (name, Source) from what `_plain_sources` gave, each article left unread."""
    for rel, (m, n, d, stored), plain in zip(keys, stats, plains, strict=True):
        yield rel, Source(m, n, d, None if plain is None else _UNREAD, plain, stored)


def _snapshot(state: State) -> tuple:
    """The state's parts as they are now: its sources and outputs (their entries are replaced, never changed
    in place), and its other fields (copied: `files` is changed in place)."""
    return (dict(state.sources), dict(state.outputs),
            {f: dict(v) if isinstance(v, dict) else v for f in _SCALARS for v in [getattr(state, f)]})


def _stored(s: Source) -> int:
    """The length of a source's body in the pack (0 when not there)."""
    if s._article is _UNREAD:
        return s.stored
    where = s._article.body.where if s._article is not None else None
    return where[2] if where else 0


def _encoded(s: Source) -> bytes | None:
    """A source's article as the state file holds it (None for a draft)."""
    if s._article is _UNREAD:
        return s.plain
    if s._article is None:
        return None
    if s.plain is None or s._article.body.where is None:
        s.plain = marshal.dumps(_plain(s._article), 2)
    return s.plain


def _plain(a: Article) -> tuple:
    values = [getattr(a, f) for f in _FIELDS]
    when = a.date
    if when is not None:
        zone = when.tzinfo
        values[_DATE] = (when.replace(tzinfo=None).isoformat(), when.fold,
                         zone.key if isinstance(zone, ZoneInfo) else zone.utcoffset(when).total_seconds())
    values[_IMAGES] = tuple((i.caption, i.credit) for i in a.images)
    body = a.body
    values[_BODY] = (body.digest, body.where, None if body.where else body.html)
    return tuple(values)


def _article(values: tuple) -> Article:
    article = object.__new__(Article)
    fields = article.__dict__
    fields.update(zip(_FIELDS, values))
    if values[_DATE] is not None:
        naive, fold, zone = values[_DATE]
        tz = ZoneInfo(zone) if zone.__class__ is str else timezone(timedelta(seconds=zone))
        fields["date"] = datetime.fromisoformat(naive).replace(tzinfo=tz, fold=fold)
    if values[_IMAGES]:
        fields["images"] = tuple(Image(c, r) for c, r in values[_IMAGES])
    digest, where, html = values[_BODY]
    fields["body"] = Body(html, digest, where) if html is not None else _stored_body(digest, where)
    return article


def _stored_body(digest: bytes, where: list | tuple) -> Body:
    body = object.__new__(Body)
    body.digest, body.where, body._html = digest, tuple(where), None
    return body


@contextmanager
def locked(root: Path, note) -> Iterator[None]:
    """Hold the site's build lock; when another build holds it, say so through `note` and wait for it."""
    folder = root / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / "lock", "a+")
    except OSError:
        yield  # a read-only site: no cache, no lock to take
        return
    try:
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock
            yield
            return
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            note(f"another build of this site is running (lock {folder / 'lock'}); waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    finally:
        fh.close()
