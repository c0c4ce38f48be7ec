"""Looking at every article file's stat in another process while the build reads its state.

A build that changed nothing, or one article, spends most of its time on a large site in two waits of about
the same length: decoding the build state (Python, holding the interpreter lock) and looking at the stat of
every article file (system calls: 100,000 files, ~0.7 s). A thread doing the look would wait for the lock
after every system call; a forked process looks while the state is decoded and sends back each file's
relative path, modification time and size, in the order `load.scan` gives them.
"""

from __future__ import annotations

import array
import os
import struct
import threading
import time
from pathlib import Path
from typing import NamedTuple

_HEAD = struct.Struct("<qq")


class Stat(NamedTuple):
    """What a build uses of a file's stat."""

    st_mtime_ns: int
    st_size: int


class Look:
    """A look at the article files, running in a child process (see the module's docstring)."""

    def __init__(self, pid: int, fd: int, started_ns: int):
        self.pid = pid
        self.fd = fd
        self.started_ns = started_ns
        """When the look began: files changed after it are looked at again by the next build."""
        self.done = False

    @classmethod
    def start(cls, content_dir: Path) -> "Look | None":
        """Begin looking at the files under `content_dir`; None when this process cannot fork safely (it runs
        threads, as watch and serve do: a forked child of such a process may deadlock) or at all."""
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
        if pid == 0:  # the child: look, send, and leave without running anything of the parent's
            code = 1
            try:
                os.close(read)
                _send(write, content_dir)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read, started)

    def files(self) -> list[tuple[str, Stat]] | None:
        """Return what `load.scan` gives (times and sizes for the stat), or None when the look failed."""
        self.done = True
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or len(data) < _HEAD.size:
            return None
        size, count = _HEAD.unpack_from(data)
        if len(data) != _HEAD.size + size + 16 * count:
            return None
        names = data[_HEAD.size:_HEAD.size + size].decode("utf-8", "surrogateescape").split("\0") if size else []
        numbers = array.array("q")
        numbers.frombytes(data[_HEAD.size + size:])
        if len(names) != count:
            return None
        return [(rel, Stat(numbers[2 * i], numbers[2 * i + 1])) for i, rel in enumerate(names)]

    def cancel(self) -> None:
        """Stop the look when its result was not taken."""
        if self.done:
            return
        self.done = True
        try:
            os.close(self.fd)
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def _send(fd: int, content_dir: Path) -> None:
    from site_gen.build.load import scan

    found = scan(content_dir)
    names = "\0".join(rel for rel, _ in found).encode("utf-8", "surrogateescape")
    numbers = array.array("q", [n for _, st in found for n in (st.st_mtime_ns, st.st_size)])
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(_HEAD.pack(len(names), len(found)))
        pipe.write(names)
        pipe.write(numbers.tobytes())
