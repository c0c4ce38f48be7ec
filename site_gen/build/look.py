"""Looking at files' stat in another process while the build does something else.

A build that changed nothing, or one article, spends most of its time on a large site in three waits of
about the same length: decoding the build state (Python, holding the interpreter lock), looking at the stat
of every article file and at that of every file the last build wrote (system calls: ~0.7 s each for 100,000
articles and their 160,000 pages). A thread doing a look would wait for the lock after every system call; a
forked process looks while the parent goes on, and sends back what it found:

- `look_at_articles`, forked once the build holds the site's lock, before the state is read: each article
  file's relative path, modification time and size, in the order `load.scan` gives them;
- `look_at_outputs`, forked once the state is read (the child has the last build's outputs already): which
  of those files are no longer as that build left them.

Processes running threads (watch, serve) do not fork (a forked child of such a process may deadlock): they
look as before, in the process.
"""

from __future__ import annotations

import array
import os
import struct
import threading
import time
from pathlib import Path
from typing import Callable, Iterator, Mapping, NamedTuple

_HEAD = struct.Struct("<qq")
OUTPUTS_MIN = 2_000  # files the last build wrote, at least, for a look at them to be worth a process


class Stat(NamedTuple):
    """What a build uses of a file's stat."""

    st_mtime_ns: int
    st_size: int


class Look:
    """Work running in a child process, whose answer (bytes) the parent takes when it needs it."""

    def __init__(self, kind: str, pid: int, fd: int, started_ns: int):
        self.kind = kind
        """What it looks at: "articles" or "outputs"."""
        self.pid = pid
        self.fd = fd
        self.started_ns = started_ns
        """When the look began: files changed after it are looked at again by the next build."""
        self.done = False

    @classmethod
    def start(cls, kind: str, work: Callable[[], bytes]) -> "Look | None":
        """Run `work` in a forked child; None when this process runs threads, or cannot fork."""
        if threading.active_count() != 1 or not hasattr(os, "fork"):
            return None
        read, write = os.pipe()
        started = time.time_ns()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: work, send, and leave without running anything of the parent's
            code = 1
            try:
                os.close(read)
                data = work()
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(_HEAD.pack(len(data), 0))
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(kind, pid, read, started)

    def take(self) -> bytes | None:
        """Wait for the answer; None when the child failed."""
        self.done = True
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or len(data) < _HEAD.size or _HEAD.unpack_from(data)[0] != len(data) - _HEAD.size:
            return None
        return data[_HEAD.size:]

    def cancel(self) -> None:
        """Stop the child when its answer was not taken, and wait for it."""
        if self.done:
            return
        self.done = True
        try:
            os.close(self.fd)
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def look_at_articles(content_dir: Path) -> Look | None:
    """Begin looking at the article files under `content_dir` (see `articles_found`)."""
    def work() -> bytes:
        from site_gen.build.load import scan

        found = scan(content_dir)
        names = _names(rel for rel, _ in found)
        numbers = array.array("q", [n for _, st in found for n in (st.st_mtime_ns, st.st_size)])
        return _HEAD.pack(len(names), len(found)) + names + numbers.tobytes()

    return Look.start("articles", work)


def articles_found(look: Look) -> list[tuple[str, Stat]] | None:
    """Return what `load.scan` gives (times and sizes for the stat), or None when the look failed."""
    data = look.take()
    if data is None or len(data) < _HEAD.size:
        return None
    size, count = _HEAD.unpack_from(data)
    if len(data) != _HEAD.size + size + 16 * count:
        return None
    names = _split(data[_HEAD.size:_HEAD.size + size])
    numbers = array.array("q")
    numbers.frombytes(data[_HEAD.size + size:])
    if len(names) != count:
        return None
    return [(rel, Stat(numbers[2 * i], numbers[2 * i + 1])) for i, rel in enumerate(names)]


def look_at_outputs(prefix: str, outputs: Mapping[str, tuple]) -> Look | None:
    """Begin looking at the files the last build wrote ({path: (fingerprint, size, mtime_ns, ...)}, paths
    relative to `prefix`): which are gone, or are not as it left them (see `outputs_changed`)."""
    if len(outputs) < OUTPUTS_MIN:
        return None

    def work() -> bytes:
        return _names(changed_files(prefix, outputs))

    return Look.start("outputs", work)


def changed_files(prefix: str, outputs: Mapping[str, tuple]) -> Iterator[str]:
    """Yield the files of `outputs` ({path: (fingerprint, size, mtime_ns, ...)}, relative to `prefix`) that
    are gone, or whose size or time is not the one noted."""
    stat = os.stat
    for rel, (_, size, mtime_ns, _) in outputs.items():
        try:
            st = stat(prefix + rel)
        except (OSError, ValueError):
            yield rel
            continue
        if st.st_size != size or st.st_mtime_ns != mtime_ns:
            yield rel


def outputs_changed(look: Look) -> set[str] | None:
    """Return the files found changed or gone, or None when the look failed."""
    data = look.take()
    return set(_split(data)) if data is not None else None


def _names(names) -> bytes:
    return "\0".join(names).encode("utf-8", "surrogateescape")  # no path holds a NUL


def _split(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").split("\0") if data else []
