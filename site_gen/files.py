"""Atomic file writes: a reader (or a build killed part way) sees the old bytes or the new, never half."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


@contextmanager
def _cleaned_up(tmp: Path, path: Path) -> Iterator[None]:
    """Remove `tmp` when the block fails; a failure that names no file (a full disk) is made to name `path`."""
    try:
        yield
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def write_atomic(path: Path, data: bytes, *, sync: bool) -> None:
    """Write `data` to `path` (and its folders) through a temporary file beside it and a rename, with the
    user's umask.

    `sync=True` waits until the bytes are on the disk before the rename, so that even a power cut leaves the
    old file or the new one: for what people keep (articles). `sync=False` does not wait, for what a build
    can make again (pages, the build state): after a power cut such a file may be lost, and the next build,
    seeing its size or time differ, makes it again.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    with _cleaned_up(tmp, path):
        try:
            fh = open(tmp, "wb")
        except FileNotFoundError:  # a folder not made yet
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(tmp, "wb")
        with fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)


def holding(path: Path, size: int, data: Callable[[], bytes]) -> os.stat_result | None:
    """Return the file's stat when it already holds exactly `data()` (`size` bytes: read only when the sizes
    agree), else None."""
    try:
        st = os.stat(path)
        if st.st_size == size and path.read_bytes() == data():
            return st
    except FileNotFoundError:
        pass
    return None


def write_if_changed(path: Path, data: bytes, *, sync: bool = False) -> bool:
    """Write `data` unless the file already holds exactly it; return True when it wrote."""
    if holding(path, len(data), lambda: data) is not None:
        return False
    write_atomic(path, data, sync=sync)
    return True
