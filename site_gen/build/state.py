"""The build's one store of incremental state: `.cache/site-gen/` under the site root, safe to delete.

Deleting it costs only time. Inside, one sub-folder per (content folder, output folder) pair holds:

- `state.bin`: the parsed articles by file (stat, content hash, the `Article` without its body), and the
  fingerprint, size and mtime of every output file the last build left, keyed by everything that could make
  them stale (site_gen's code and version, the Markdown/HTML/template engines, the settings);
- `state.log`: what builds changed since `state.bin` was written, appended as one record per build, so a
  small edit writes a small record instead of the whole state; the state is written whole again when the
  log grows past a sixteenth of it (and 64 KiB), or when the set of articles' files changed. Every build
  reads the whole log after the state: a record of every page (a template changed) cost each later build
  at 100,000 articles ~0.2 s more than its ~1.6 s with nothing to do, when the log could grow to a quarter;
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

`StateStore` is the only way in: `StateStore.open` takes the lock and reads, `state` is read, `change` is how a
build says what it changed, `pack` keeps a body, and `commit` writes what changed since the last commit.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from site_gen import __version__
from site_gen.build import codec
from site_gen.build.codec import Formats, State  # noqa: F401 - Formats: what builds give `change`
from site_gen.build.session import BuildSession
from site_gen.content import Body, BodyUnavailable
from site_gen.files import write_atomic

FOLDER = Path(".cache") / "site-gen"
STATE = "state.bin"
LOG = "state.log"
LOG_MIN = 1 << 16  # a log may always grow this long before the state is written whole
LOG_SHARE = 16  # else as long as the state over this: ~260 one-article edits at 100,000 articles (35 KB each)
_ENGINES = ("markdown", "nh3", "jinja2", "markupsafe", "yaml", "frontmatter", "slugify", "babel", "PIL")
RACY_NS = 2_000_000_000  # files changed this close before a scan are hashed next time, whatever their stat


def cache_folder(root: Path, content_dir: Path, out_dir: Path) -> Path:
    """Return the folder of the state of building `content_dir` into `out_dir` for the site at `root`."""
    pair = f"{content_dir.resolve()}\0{out_dir.resolve()}".encode("utf-8", "surrogateescape")
    return root / FOLDER / hashlib.blake2b(pair, digest_size=8).hexdigest()


def code_key() -> tuple:
    """Return what the build's output depends on besides its inputs: our code and the engines we call."""
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent.parent  # site_gen/: the build's modules and those it uses
    ours = [(p.relative_to(package).as_posix(), *_stat(p))
            for p in sorted([*package.glob("*.py"), *package.glob("build/*.py"),
                                   *package.glob("locale/*/LC_MESSAGES/*.po")])]
    engines = []
    for name in _ENGINES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        engines.append((name, *(_stat(Path(origin)) if origin else (0, 0))))
    return (codec.FORMAT, __version__, sys.version, tuple(ours), tuple(engines))


def read_body(where: tuple, digest: bytes) -> str:
    """Return a body's HTML from the pack; raise `BodyUnavailable` when it is not there whole."""
    file, offset, length = where
    try:
        with open(file, "rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
    except OSError as exc:
        raise BodyUnavailable(f"{file}: {exc}") from None
    if len(data) != length or hashlib.blake2b(data, digest_size=16).digest() != digest:
        raise BodyUnavailable(f"{file}: damaged body at {offset}")
    return data.decode("utf-8")


class StateStore:
    """The state of building one (content, output) pair, read when opened and written by `commit`."""

    def __init__(self, folder: Path, state: State, damaged: bool = False, session: BuildSession | None = None):
        self.folder = folder
        self._state = state
        self.damaged = damaged
        """True when a state file was there but could not be trusted (the build then starts afresh)."""
        self.started_ns = time.time_ns()
        self.unwritable: OSError | None = None
        """Why bodies could not be packed (a read-only site, a full disk): the build goes on without it."""
        self._session = session
        self._pack = None
        self._pack_path = ""
        self._base: tuple[bytes, int, int] | None = None
        """(token, size) of the `state.bin` the state on disk starts from, and the size of the log after it;
        None when the next commit must write the whole state."""
        self._saved: tuple | None = None
        """The state as last read or committed (see `codec.snapshot`): a commit logs what differs from it."""
        self._touched = False
        """Whether anything was changed or packed since then: a commit with nothing to write looks no further."""

    @classmethod
    @contextmanager
    def open(cls, root: Path, folder: Path, note: Callable[[str], None], session: BuildSession | None = None,
             meanwhile: Callable[[], None] | None = None) -> Iterator["StateStore"]:
        """Hold the site's build lock and yield its state for `folder` (see `read`); let go of the lock after.
        `meanwhile` is called once the lock is held, before the state is read: to start work beside it."""
        with locked(root, note):
            if meanwhile is not None:
                meanwhile()
            yield cls.read(folder, session)

    @classmethod
    def read(cls, folder: Path, session: BuildSession | None = None) -> "StateStore":
        """Return the state in `folder`: empty when there is none, or when it is damaged (`damaged` says so).

        A long-running process (watch, serve) gets back from its `session` the state its last build committed,
        without reading it again, as long as the files are still the ones that build wrote.
        """
        kept = session.take_state(folder, _identities(folder)) if session is not None else None
        if kept is not None:
            store = cls(folder, kept[0], session=session)
            store._base, store._saved = kept[1], kept[2]
            return store
        try:
            with _contents(folder / STATE) as data:
                log = (folder / LOG).read_bytes() if (folder / LOG).exists() else b""
                size, magic = len(data), data[:len(codec.MAGIC)]
                decoded = codec.decode(data, read_body)
        except FileNotFoundError:
            return cls(folder, State(), session=session)
        except OSError:
            return cls(folder, State(), damaged=True, session=session)
        if magic.startswith(codec.FAMILY) and magic != codec.MAGIC:
            return cls(folder, State(), session=session)  # written by another version: not damaged, only old
        if decoded is None:
            return cls(folder, State(), damaged=True, session=session)
        state, token = decoded
        try:
            whole = codec.replay(state, token, log, read_body)
        except Exception:  # noqa: BLE001 - a record whose checksum holds but does not apply: damaged
            return cls(folder, State(), damaged=True, session=session)
        if state.sources and _stat(folder / _pack_name(state.pack))[1] < state.pack_size:
            return cls(folder, State(), damaged=True, session=session)  # the pack lost bytes the state points at
        store = cls(folder, state, session=session)
        if whole:  # else the log has a cut-short or stale tail: the next commit writes the state whole
            store._base = (token, size, len(log))
        store._saved = codec.snapshot(state)
        return store

    @property
    def state(self) -> State:
        """The state as it is now (read it; say what changes through `change`)."""
        return self._state

    def change(self, **fields) -> None:
        """Set fields of the state (dicts are given whole, never changed in place: commits compare them)."""
        for name, value in fields.items():
            if name not in State.__dataclass_fields__:
                raise AttributeError(f"State has no field {name!r}")
            if getattr(self._state, name) is not value:
                setattr(self._state, name, value)
                self._touched = True

    def keyed(self, articles_key: tuple, pages_key: tuple) -> None:
        """Forget what was made under other keys: other code, engines or settings."""
        if self._state.articles_key != articles_key:
            for old in self.folder.glob("bodies-*.pack"):
                old.unlink(missing_ok=True)
            self._state = State(articles_key=articles_key)
            self._base = None  # written whole
            self._touched = True
        if self._state.pages_key != pages_key:
            self.change(pages_key=pages_key, outputs={}, search=None, layout=b"")
            self._base = None

    # -- bodies -------------------------------------------------------------------------------------------

    def pack(self, body: Body) -> None:
        """Append a fresh body to the pack and let it go from memory: it is read back when a page needs it."""
        if body.where is not None or self.unwritable is not None:
            return
        data = body.html.encode("utf-8")
        try:
            if self._pack is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._pack_path = str(self.folder / _pack_name(self._state.pack))  # one string for all bodies
                self._pack = open(self._pack_path, "ab")
            offset = self._pack.tell()
            self._pack.write(data)
        except OSError as exc:
            self.unwritable = exc
            return
        body.stored((self._pack_path, offset, len(data)), read_body)
        self._touched = True

    def flush(self) -> None:
        """Make the packed bodies readable (before pages are rendered from them)."""
        if self._pack is not None:
            try:
                self._pack.flush()
            except OSError as exc:
                self.unwritable = exc

    # -- writing ------------------------------------------------------------------------------------------

    def commit(self) -> None:
        """Write what changed since the state was read or last committed: a log record, or the whole state
        (after compacting the pack when it is mostly dead bodies).

        Raises OSError when it cannot; the state on disk is then the previous one. Bodies that could not go
        to the pack are kept in the state itself.
        """
        if self._pack is not None:
            pack, self._pack = self._pack, None
            try:
                pack.close()
            except OSError as exc:
                self.unwritable = self.unwritable or exc
        if not self._touched and self._base is not None:
            self._keep()
            return
        old = self._compact_if_mostly_dead()
        record = self._record() if old is None else b""
        if record is None:  # nothing changed
            self._touched = False
            self._keep()
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if record:
            with open(self.folder / LOG, "ab") as fh:
                fh.write(record)
            token, base, logged = self._base
            self._base = (token, base, logged + len(record))
        else:
            token = os.urandom(8)
            data = codec.encode(self._state, token)
            write_atomic(self.folder / STATE, data, sync=False)
            (self.folder / LOG).unlink(missing_ok=True)
            self._base = (token, len(data), 0)
        self._saved = codec.snapshot(self._state)
        self._touched = False
        if old is not None:
            old.unlink(missing_ok=True)
        self._keep()

    def _record(self) -> bytes | None:
        """Return the log record of what changed (None: nothing did); b"" when the state is to be written
        whole (none on disk to follow, other files, or a log grown large)."""
        if self._base is None or self._saved is None:
            return b""
        try:
            record = codec.record(self._base[0], self._state, self._saved)
        except codec.WholeState:
            return b""
        token, base, logged = self._base
        if record is not None and logged + len(record) > max(base // LOG_SHARE, LOG_MIN):
            return b""
        return record

    def _compact_if_mostly_dead(self) -> Path | None:
        """Copy the live bodies to a new pack when the old one is mostly dead bodies; return the old one."""
        sources = self._state.sources
        live = sum(s.stored_length() for s in sources.values())
        size = _stat(self.folder / _pack_name(self._state.pack))[1]
        old = None
        if size > 2 * live + (1 << 20):
            old = self.folder / _pack_name(self._state.pack)
            self._state.pack += 1
            new = self.folder / _pack_name(self._state.pack)
            with open(new, "wb") as out:
                for source in sources.values():
                    body = source.article.body if not source.draft else None
                    if body is not None and body.where is not None:
                        data = body.html.encode("utf-8")
                        body.stored((str(new), out.tell(), len(data)), read_body)
                        out.write(data)
                    source.moved()
            size = _stat(new)[1]
        if size != self._state.pack_size:
            self.change(pack_size=size)
        return old

    def _keep(self) -> None:
        """Leave the state as committed with the session, for the next build of this process (see `read`)."""
        if self._session is not None:
            identities = _identities(self.folder)
            if identities[0] is not None:
                self._session.keep_state(self.folder, identities, (self._state, self._base, self._saved))

    def wipe(self) -> None:
        """Remove the folder's files (only ever a copy of what builds can make again) and start afresh."""
        if self._session is not None:
            self._session.take_state(self.folder, None)
        if self.folder.is_dir():
            for f in self.folder.iterdir():
                if f.is_file() and f.name != "lock":
                    f.unlink(missing_ok=True)
                elif f.is_dir():
                    shutil.rmtree(f, ignore_errors=True)
        if self._pack is not None:
            self._pack.close()
        self._state, self._base, self._saved, self._pack = State(), None, None, None


@contextmanager
def _contents(path: Path) -> Iterator[bytes | mmap.mmap]:
    """Yield a file's bytes: the file mapped into memory, closed after the block, or read when it cannot be.

    At 100,000 articles the state file is ~150 MB: read, its copy cost a build ~40,000 page faults, about a
    tenth of a second. Mapped, what is in it is copied once, as it is decoded. Such a file is only ever
    replaced whole (`write_atomic`), never cut short where it lies, which a mapping would not survive.
    """
    with open(path, "rb") as fh:
        try:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # an empty file, a file system that cannot map files
            mapped = None
        if mapped is None:
            yield fh.read()
        else:
            with mapped:
                yield mapped


def _identities(folder: Path) -> tuple:
    return (_identity(folder / STATE), _identity(folder / LOG))


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size)


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def _pack_name(n: int) -> str:
    return f"bodies-{n}.pack"


@contextmanager
def locked(root: Path, note: Callable[[str], None]) -> Iterator[None]:
    """Hold the site's build lock; when another build holds it, say so through `note` and wait for it."""
    folder = root / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / "lock", "a+")
    except OSError:
        yield  # a read-only site: no state, no lock to take
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
