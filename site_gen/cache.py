"""The build's only incremental state: one folder, `.cache/site-gen/` under the site root, safe to delete.

Deleting it costs only time. Inside, one sub-folder per (content folder, output folder) pair holds:

- `state.bin`: the parsed articles by file (stat, content hash, the `Article` without its body), and the
  fingerprint, size and mtime of every output file the last build left, keyed by everything that could make
  them stale (site_gen's code and version, the Markdown/HTML/template engines, the settings);
- `bodies-N.pack`: the articles' sanitised body HTML, appended as they are parsed, read back only for the
  pages being rendered;
- `jinja/`: compiled templates.

A file is trusted when its stat is unchanged (mtime_ns and size) and was not taken too close to the last scan
to tell (like git's racily-clean entries); else it is hashed (stat first, hash when in doubt, like Black's
cache). The state is written atomically (temporary file + `os.replace`) with a checksum, so a truncated or
damaged file is noticed and ignored, never trusted. A `lock` file makes a second build of the same site wait.
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
from site_gen.write import replace_file

FOLDER = Path(".cache") / "site-gen"
STATE = "state.bin"
FORMAT = 3
_MAGIC = b"sitegen2"
_ENGINES = ("markdown", "nh3", "jinja2", "markupsafe", "yaml", "frontmatter", "slugify")
RACY_NS = 2_000_000_000  # files changed this close before a scan are hashed next time, whatever their stat


@dataclass(slots=True)
class Source:
    """One Markdown file as the last build saw it: its stat, the hash of its bytes, and what it gave."""

    mtime_ns: int
    size: int
    digest: bytes
    article: Any
    """The `Article` (its body stored in the pack), or None for a draft."""
    plain: tuple | None = None
    """The article as the state file holds it, when read from there: written back as it is."""


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
    inputs: bytes = b""
    """A hash of everything the last whole build was made from; the same inputs make the same pages."""
    planned: tuple = ()
    """What planning those inputs said: (number of articles, errors as (path, message, line))."""
    frame: bytes = b""
    """A hash of what the last whole build's pages were made with besides the articles (templates, static)."""
    reads: tuple = ()
    """(hash of the template sets, {template: the variables it reads, sorted, or None}): see `template_reads`."""
    layout: tuple = ()
    """The last plan of the whole site: (page paths in order, {article path: indexes of the pages showing it})."""
    pack: int = 0
    pack_size: int = 0


def cache_folder(root: Path, content_dir: Path, out_dir: Path) -> Path:
    """Return the folder of the state of building `content_dir` into `out_dir` for the site at `root`."""
    pair = f"{content_dir.resolve()}\0{out_dir.resolve()}".encode("utf-8", "surrogateescape")
    return root / FOLDER / hashlib.blake2b(pair, digest_size=8).hexdigest()


def code_key() -> tuple:
    """Return what the build's output depends on besides its inputs: our code and the engines we call."""
    from importlib.util import find_spec

    here = Path(__file__).resolve().parent
    ours = [(p.name, *_stat(p)) for p in sorted(here.glob("*.py"))]
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
        self._chunks: dict[str, list] = {}
        self.unwritable: OSError | None = None
        """Why the cache could not be written (a read-only site, a full disk): the build goes on without it."""

    # -- reading ------------------------------------------------------------------------------------------

    @classmethod
    def read(cls, folder: Path) -> "Cache":
        """Return the cache in `folder`: empty when there is none, or when it is damaged (`damaged` then says so).

        A long-running process (watch, serve) gets back the state its last build saved without reading it
        again, as long as the file is still the one that build wrote.
        """
        kept = _KEPT.pop(folder, None)
        if kept is not None and kept[0] == _identity(folder / STATE):
            cache = cls(folder, kept[1])
            cache._chunks = kept[2]
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
        state, chunks = decoded
        if state.sources and _stat(folder / _pack_name(state.pack))[1] < state.pack_size:
            return cls(folder, State(), damaged=True)  # the pack lost bytes the state points at
        cache = cls(folder, state)
        cache._chunks = chunks
        return cache

    def keyed(self, articles_key: tuple, pages_key: tuple) -> None:
        """Forget what was made under other keys: other code, engines or settings."""
        if self.state.articles_key != articles_key:
            for old in self.folder.glob("bodies-*.pack"):
                old.unlink(missing_ok=True)
            self.state = State(articles_key=articles_key)
            self.dirty = True
        if self.state.pages_key != pages_key:
            self.state.pages_key = pages_key
            self.state.outputs = {}
            self.state.search = None
            self.state.layout = ()
            self.dirty = True

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
        bodies = [s.article.body for s in self.state.sources.values() if s.article is not None]
        live = sum(b.where[2] for b in bodies if b.where)
        pack = self.folder / _pack_name(self.state.pack)
        size = _stat(pack)[1]
        old = None
        if size > 2 * live + (1 << 20):
            old, pack = pack, self._compact(bodies)
            size = _stat(pack)[1]
            for source in self.state.sources.values():
                source.plain = None  # its body moved
            self._chunks.pop("sources", None)
        self.state.pack_size = size
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = _encode(self.state, self._chunks)
        replace_file(self.folder / STATE, _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        if old is not None:
            old.unlink(missing_ok=True)
        self.dirty = False
        self._keep()

    def _keep(self) -> None:
        """Keep the state as saved for the next build of this process (see `read`)."""
        _KEPT.clear()  # one site's: a process builds one site at a time
        identity = _identity(self.folder / STATE)
        if identity is not None:
            _KEPT[self.folder] = (identity, self.state, self._chunks)

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
"""The state the last build of this process saved, by cache folder: (its file's identity, State, chunks)."""


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size)


def _pack_name(n: int) -> str:
    return f"bodies-{n}.pack"


def _decode(data: bytes) -> tuple[State, dict[str, list]] | None:
    """Return the state in `data` and its encoded chunks (see `_encode`), or None when it cannot be trusted."""
    head = len(_MAGIC) + 4
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = memoryview(data)[head:]
    if zlib.crc32(payload).to_bytes(4, "big") != data[len(_MAGIC):head]:
        return None
    try:
        fields = marshal.loads(payload)
        chunks: dict[str, list] = {"sources": [], "outputs": []}
        sources: dict[str, Source] = {}
        for blob in fields.pop("sources"):
            part = {rel: Source(m, n, d, a and _article(a), a) for rel, (m, n, d, a) in marshal.loads(blob).items()}
            sources.update(part)
            chunks["sources"].append((list(part.items()), blob))
        outputs: dict[str, tuple[bytes, int, int]] = {}
        for blob in fields.pop("outputs"):
            part = marshal.loads(blob)
            outputs.update(part)
            chunks["outputs"].append((list(part.items()), blob))
        return State(sources=sources, outputs=outputs, **fields), chunks
    except Exception:  # noqa: BLE001 - a state that does not read back is a damaged one
        return None


# The state is plain data for `marshal`, several times faster than pickling objects: an article is the tuple of
# its fields, its date (naive ISO text, fold, zone) and body (digest, where) spelled out. The sources and the
# outputs, the bulk of it, are encoded in chunks of consecutive entries: a build that changed a few entries
# encodes only their chunks again and reuses the others' bytes as they were read or last written.
_FIELDS = tuple(f for f in Article.__dataclass_fields__)
_DATE, _IMAGES, _BODY = _FIELDS.index("date"), _FIELDS.index("images"), _FIELDS.index("body")
CHUNK = 256


def _encode(state: State, known: dict[str, list]) -> bytes:
    """Return the state as bytes; `known` holds each chunk's entries and bytes, and is brought up to date."""
    fields = {f: getattr(state, f) for f in State.__dataclass_fields__ if f not in ("sources", "outputs")}
    fields["sources"] = _chunks(list(state.sources.items()), known.setdefault("sources", []), _plain_source)
    fields["outputs"] = _chunks(sorted(state.outputs.items()), known.setdefault("outputs", []), None)
    return marshal.dumps(fields)


def _chunks(items: list[tuple[str, Any]], known: list, plain) -> list[bytes]:
    """Return the bytes of each chunk of `items`, encoding again only the chunks whose entries changed."""
    blobs = []
    for n, start in enumerate(range(0, len(items), CHUNK)):
        chunk = items[start:start + CHUNK]
        old = known[n] if n < len(known) else None
        if old is None or len(old[0]) != len(chunk) or any(
                k != ok or v is not ov for (k, v), (ok, ov) in zip(chunk, old[0])):
            old = (chunk, marshal.dumps({k: plain(v) for k, v in chunk} if plain else dict(chunk)))
            if n < len(known):
                known[n] = old
            else:
                known.append(old)
        blobs.append(old[1])
    del known[len(blobs):]
    return blobs


def _plain_source(s: Source) -> tuple:
    keep = s.plain is not None and s.article is not None and s.article.body.where is not None
    return (s.mtime_ns, s.size, s.digest, s.plain if keep else s.article and _plain(s.article))


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
    fields["body"] = Body(html, digest, where) if html is not None else _stored(digest, where)
    return article


def _stored(digest: bytes, where: list | tuple) -> Body:
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
