"""Reporters: where commands send their events, kept apart from the logic, and the lines they print."""

from __future__ import annotations

import io
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Protocol, TextIO

from site_gen.errors import SiteError

_PLURALS = {"dump": "dumps", "article": "articles", "file": "files", "error": "errors", "page": "pages",
            "warning": "warnings"}


def count(n: int, noun: str) -> str:
    """Return `n noun` in English: "1 file", "2 files", "0 errors"."""
    return f"{n} {noun if n == 1 else _PLURALS.get(noun, noun + 's')}"


def took(seconds: float) -> str:
    """Return a time taken, as a person reads it: "0.42 s", "3.1 s", "2 min 5 s"."""
    if seconds < 1:
        return f"{seconds:.2f} s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


class Built(Protocol):
    """What a build reports (site_gen.build.BuildResult)."""

    articles: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def build_line(result: Built, errors: int, seconds: float) -> str:
    """Return the one summary line of a build, the same for build, watch and serve."""
    return (f"build: {count(result.articles, 'article')}; {count(len(result.written), 'file')} written, "
            f"{len(result.unchanged)} unchanged, {len(result.removed)} removed; {count(errors, 'error')}; "
            f"{took(seconds)}")


def ingest_line(result, seconds: float) -> str:
    """Return the one summary line of an ingest (site_gen.ingest.IngestResult)."""
    parts = [f"{count(len(result.written), 'article')} written", f"{len(result.unchanged)} unchanged"]
    kept = len(result.kept) + len(result.conflicts)
    if kept:
        parts.append(f"{kept} kept as edited by hand")
    if result.overwritten:
        parts.append(f"{len(result.overwritten)} edited by hand overwritten")
    return (f"ingest: {count(result.found, 'dump')}; {', '.join(parts)}; {count(len(result.errors), 'error')}; "
            f"{took(seconds)}")


class Reporter:
    """Prints errors, warnings and notes to a stream and shows a progress bar on a terminal.

    `quiet`: errors only. `verbose`: also every file written and removed.
    """

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, verbose: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.errors: list[SiteError] = []
        self.notes: list[str] = []
        self.rounds = False
        """Watch and serve: a warning the last build said too is counted, not said again (see `built`)."""
        self._last: set[str] = set()
        self._now: set[str] = set()
        self._again = 0

    def error(self, err: SiteError) -> None:
        self.errors.append(err)
        print(f"error: {err}", file=self.stream, flush=True)

    def warn(self, err: SiteError) -> None:
        text = str(err)
        if self.rounds:
            self._now.add(text)
            if text in self._last:
                self._again += 1
                return
        if not self.quiet:
            print(f"warning: {text}", file=self.stream, flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        if not self.quiet:
            print(text, file=self.stream, flush=True)

    def detail(self, text: str) -> None:
        """A line only `--verbose` shows."""
        if self.verbose:
            print(text, file=self.stream, flush=True)

    def built(self, result: Built, seconds: float, errors: int | None = None, search: bool = True,
              out: Path | None = None) -> None:
        """Report a finished build: the files it wrote and removed (verbose), what became of a search index
        left by an earlier build when there is to be none, and the summary line."""
        where = f"{_relative(out, Path.cwd())}/" if out is not None else ""
        for rel in result.written:
            self.detail(f"  wrote {where}{rel}")
        for rel in result.removed:
            self.detail(f"  removed {where}{rel}")
        index = [rel for rel in result.removed if rel.startswith("pagefind/")]
        if not search and index:
            self.note(f"--no-search: removed the search index an earlier build made "
                      f"({count(len(index), 'file')} in {where}pagefind/)")
        if self.rounds:  # the next build compares with this one
            if self._again:
                self.note(f"{count(self._again, 'warning')} as the last build said, not repeated")
            self._last, self._now, self._again = self._now, set(), 0
        self.note(build_line(result, len(getattr(result, "errors", ())) if errors is None else errors, seconds))

    def changed(self, paths: Iterable[Path], root: Path, most: int = 5) -> None:
        """Report the files a watcher saw change, relative to the site folder."""
        names = sorted(_relative(p, root) for p in paths)
        if names:
            more = f" and {len(names) - most} more" if len(names) > most else ""
            self.note(f"changed: {', '.join(names[:most])}{more}")

    @contextmanager
    def progress(self, total: int, desc: str) -> Iterator["_Progress"]:
        """Yield a progress counter: a tqdm bar on a terminal for long work, silent otherwise."""
        show = (not self.quiet) and total >= 50 and self.stream.isatty()
        if show:
            from tqdm import tqdm

            # A terminal that reports no size (a bare pty) would hide the bar: assume 80x24.
            size = shutil.get_terminal_size()
            with tqdm(total=total, desc=desc, file=self.stream, unit="file", leave=False,
                      ncols=max(size.columns, 40) if size.columns > 0 else 80,
                      nrows=size.lines if size.lines > 0 else 24) as bar:
                yield _Progress(bar.update)
        else:
            yield _Progress(lambda n=1: None)


def _relative(path: Path, root: Path) -> str:
    """Return `path` relative to `root` when it lies inside, else as it is."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


class _Progress:
    def __init__(self, update):
        self.update = update


class RecordingReporter(Reporter):
    """A reporter for tests: records everything, prints nothing."""

    def __init__(self):
        super().__init__(stream=io.StringIO(), quiet=True)
        self.warnings: list[SiteError] = []

    def error(self, err: SiteError) -> None:
        self.errors.append(err)

    def warn(self, err: SiteError) -> None:
        self.warnings.append(err)
