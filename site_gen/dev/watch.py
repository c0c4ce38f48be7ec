"""Watch folders with watchdog and hand out debounced batches of changed paths.

The watcher is an iterator: `for batch in Watcher(...)` yields a set of paths each time the file
system has been quiet after some change (`first_quiet` seconds while the batch holds a few paths, so
one save is answered at once; `quiet` seconds once it is a burst), so an editor's save (write a temp
file, rename it over the real one), a `git checkout` of 500 files or a folder copied in at once is one
batch, not hundreds.
"""

from __future__ import annotations

import fnmatch
import queue
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

# Files editors and tools write beside the real ones; never a reason to rebuild.
IGNORED_NAMES = (
    "*.swp", "*.swo", "*.swx", "*.swpx", "*~", ".#*", "#*#", "4913", "*.tmp", "*.temp", "*.bak", "*.part",
    "*.crdownload", ".DS_Store", "Thumbs.db", ".~lock.*", "*.kate-swp", ".goutputstream-*", "*.pyc",
)
IGNORED_DIRS = {".git", ".hg", ".svn", "__pycache__", ".idea", ".vscode", "node_modules", ".pytest_cache"}
_STOP = object()
SMALL_BATCH = 4


def is_ignored(path: Path, skip_dirs: Iterable[Path] = ()) -> bool:
    """Return True for editor temp files, VCS folders and the folders the build itself writes."""
    name = path.name
    if any(fnmatch.fnmatch(name, pat) for pat in IGNORED_NAMES):
        return True
    if any(part in IGNORED_DIRS for part in path.parts):
        return True
    for d in skip_dirs:
        if path == d or d in path.parents:
            return True
    return False


class _Handler(FileSystemEventHandler):
    def __init__(self, put: Callable[[Path], None]):
        self.put = put

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own mtime: the files inside report themselves
        self.put(Path(_text(event.src_path)))
        dest = getattr(event, "dest_path", "")
        if dest:  # a rename over the real file: the destination is what changed
            self.put(Path(_text(dest)))


def _text(path: str | bytes) -> str:
    return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path


class Watcher:
    """Watch `roots` (folders, recursively) and yield sets of changed paths, one set per burst."""

    def __init__(self, roots: Iterable[Path], skip: Iterable[Path] = (), poll: bool = False,
                 quiet: float = 0.2, longest: float = 3.0, poll_interval: float = 0.5, first_quiet: float = 0.05,
                 idle: float | None = None):
        self.roots = [Path(r).resolve() for r in roots]
        self.skip = [Path(s).resolve() for s in skip]
        self.quiet = quiet
        # One save (a file, or a temp file renamed over it) is answered after a short pause; once a batch
        # grows past a few paths it is a burst (a checkout, a copy) and waits for the longer quiet.
        self.first_quiet = min(first_quiet, quiet)
        self.longest = longest
        self.idle = idle
        """When set, an empty batch is yielded each time nothing changed for this many seconds: a chance for
        work that waits for a quiet moment (the search index)."""
        self._queue: queue.Queue = queue.Queue()
        self._observer = PollingObserver(timeout=poll_interval) if poll else Observer()
        self._stopped = threading.Event()
        handler = _Handler(self._put)
        for root in self.roots:
            # Watch folders, not single files: editors replace files, which breaks a watch on the file.
            watched = root if root.is_dir() else root.parent
            self._observer.schedule(handler, str(watched), recursive=root.is_dir())

    def _put(self, path: Path) -> None:
        if self._wanted(path):
            self._queue.put(path)

    def _wanted(self, path: Path) -> bool:
        if is_ignored(path, self.skip):
            return False
        return any(path == r or r in path.parents for r in self.roots)

    def start(self) -> "Watcher":
        self._observer.start()
        return self

    def stop(self) -> None:
        """Stop watching; an iteration in progress ends at once."""
        if not self._stopped.is_set():
            self._stopped.set()
            self._queue.put(_STOP)
            self._observer.stop()

    def close(self) -> None:
        self.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=2)

    def __enter__(self) -> "Watcher":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def __iter__(self) -> Iterator[set[Path]]:
        while not self._stopped.is_set():
            try:
                first = self._queue.get(timeout=self.idle) if self.idle else self._queue.get()
            except queue.Empty:
                yield set()
                continue
            if first is _STOP:
                return
            batch = {first}
            started = time.monotonic()
            while True:
                quiet = self.first_quiet if len(batch) <= SMALL_BATCH else self.quiet
                remaining = min(quiet, self.longest - (time.monotonic() - started))
                if remaining <= 0:
                    break
                try:
                    item = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
                if item is _STOP:
                    return
                batch.add(item)
            yield batch
