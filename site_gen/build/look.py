"""Looking at files' stat in another process while the build does something else.

A build that changed nothing, or one article, spends most of its time on a large site in three waits of
about the same length: decoding the build state (Python, holding the interpreter lock), looking at the stat
of every article file and at that of every file the last build wrote (system calls: ~0.7 s each for 100,000
articles and their 160,000 pages). A thread doing a look would wait for the lock after every system call; a
forked process looks while the parent goes on, and sends back what it found:

- `look_at_articles`, forked once the build holds the site's lock, before the state is read: each article
  file's relative path, modification time and size, in the order `load.scan` gives them;
- `look_at_outputs`, forked once the state is read (the children have the last build's outputs already):
  which of those files are no longer as that build left them, half of them in each of two children (the
  parent soon has nothing to do but wait for them).

Processes running threads (watch, serve) do not fork (a forked child of such a process may deadlock): they
look as before, in the process.
"""

from __future__ import annotations

import array
import os
import struct
import threading
import time
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator, Mapping, NamedTuple

_HEAD = struct.Struct("<qq")
OUTPUTS_MIN = 2_000  # files the last build wrote, at least, for a look at them to be worth a process
OUTPUT_LOOKS = 2  # processes sharing a look at those files
_BLOCK = 2048  # numbers compared at once (`Found.differing`)


class Stat(NamedTuple):
    """What a build uses of a file's stat."""

    st_mtime_ns: int
    st_size: int


class Look:
    """Work running in child processes, whose answers (bytes, one per child) the parent takes when it needs
    them."""

    def __init__(self, kind: str, children: list[tuple[int, int]], started_ns: int):
        self.kind = kind
        """What it looks at: "articles" or "outputs"."""
        self.children = children
        """Each child's process id and the pipe its answer comes by."""
        self.started_ns = started_ns
        """When the look began: files changed after it are looked at again by the next build."""
        self.done = False

    @classmethod
    def start(cls, kind: str, work: Callable[[int, int], bytes], parts: int = 1) -> "Look | None":
        """Run `work(part, parts)` in `parts` forked children; None when this process runs threads, or cannot
        fork."""
        if threading.active_count() != 1 or not hasattr(os, "fork"):
            return None
        started = time.time_ns()
        look = cls(kind, [], started)
        for part in range(parts):
            read, write = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(read)
                os.close(write)
                look.cancel()
                return None
            if pid == 0:  # the child: work, send, and leave without running anything of the parent's
                code = 1
                try:
                    os.close(read)
                    data = work(part, parts)
                    with os.fdopen(write, "wb") as pipe:
                        pipe.write(_HEAD.pack(len(data), 0))
                        pipe.write(data)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            look.children.append((pid, read))
        return look

    def take(self) -> list[bytes] | None:
        """Wait for the answers, one per child; None when a child failed."""
        self.done = True
        answers = []
        for pid, fd in self.children:
            with os.fdopen(fd, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if status != 0 or len(data) < _HEAD.size or _HEAD.unpack_from(data)[0] != len(data) - _HEAD.size:
                answers = None
            elif answers is not None:
                answers.append(data[_HEAD.size:])
        return answers

    def cancel(self) -> None:
        """Stop the children when their answers were not taken, and wait for them."""
        if self.done:
            return
        self.done = True
        for pid, fd in self.children:
            try:
                os.close(fd)
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except OSError:
                pass


def look_at_articles(content_dir: Path) -> Look | None:
    """Begin looking at the article files under `content_dir` (see `articles_found`)."""
    def work(part: int, parts: int) -> bytes:
        from site_gen.build.load import scan

        found = scan(content_dir)
        names = _names(rel for rel, _ in found)
        numbers = array.array("q", [n for _, st in found for n in (st.st_mtime_ns, st.st_size)])
        return _HEAD.pack(len(names), len(found)) + names + numbers.tobytes()

    return Look.start("articles", work)


class Found:
    """What `load.scan` gives, as a look sent it: each article file's name, in path order, and its time and
    size; iterated as (name, `Stat`) pairs."""

    __slots__ = ("names", "numbers")

    def __init__(self, names: list[str], numbers: array.array):
        self.names = names
        self.numbers = numbers
        """Each file's modification time and size, one after the other."""

    def __iter__(self) -> Iterator[tuple[str, Stat]]:
        return map(self.item, range(len(self.names)))

    def item(self, i: int) -> tuple[str, Stat]:
        return self.names[i], Stat(self.numbers[2 * i], self.numbers[2 * i + 1])

    def differing(self, sources: Mapping, before_ns: int) -> list[int] | None:
        """Return where the files whose stat is not the one `sources` ({name: `codec.Source`}) notes are, or
        is too recent to trust (not older than `before_ns`); None when these are not the files of `sources`
        in its order. Compared a block of numbers at a time: a block as noted is one comparison, not one
        pair of numbers made and compared for each of its files."""
        names, mine = self.names, self.numbers
        if len(names) != len(sources) or names != list(sources):
            return None
        noted = array.array("q", [n for s in sources.values() for n in (s.mtime_ns, s.size)])
        found = []
        for at in range(0, len(mine), _BLOCK):
            block = mine[at:at + _BLOCK]
            if block == noted[at:at + _BLOCK] and max(block[0::2]) < before_ns:
                continue
            found += [i // 2 for i in range(at, at + len(block), 2)
                      if mine[i] != noted[i] or mine[i + 1] != noted[i + 1] or mine[i] >= before_ns]
        return found


def articles_found(look: Look) -> Found | None:
    """Return what `load.scan` gives (times and sizes for the stat), or None when the look failed."""
    answers = look.take()
    data = answers[0] if answers else None
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
    return Found(names, numbers)


def look_at_outputs(prefix: str, outputs: Mapping[str, tuple]) -> Look | None:
    """Begin looking at the files the last build wrote ({path: (fingerprint, size, mtime_ns, ...)}, paths
    relative to `prefix`): which are gone, or are not as it left them (see `outputs_changed`). Two children
    share them: the parent has other work only for part of the look."""
    if len(outputs) < OUTPUTS_MIN:
        return None

    def work(part: int, parts: int) -> bytes:
        return _names(changed_files(prefix, dict(islice(outputs.items(), part, None, parts))))

    return Look.start("outputs", work, OUTPUT_LOOKS)


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
    answers = look.take()
    return {rel for data in answers for rel in _split(data)} if answers is not None else None


def _names(names) -> bytes:
    return "\0".join(names).encode("utf-8", "surrogateescape")  # no path holds a NUL


def _split(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").split("\0") if data else []
