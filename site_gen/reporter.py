"""Reporters: where commands send their events, kept apart from the logic."""

from __future__ import annotations

import io
import shutil
import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

from site_gen.errors import SiteError


class Reporter:
    """Prints errors and notes to a stream and shows a progress bar on a terminal."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.errors: list[SiteError] = []
        self.notes: list[str] = []

    def error(self, err: SiteError) -> None:
        self.errors.append(err)
        print(f"error: {err}", file=self.stream, flush=True)

    def warn(self, err: SiteError) -> None:
        print(f"warning: {err}", file=self.stream, flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        if not self.quiet:
            print(text, file=self.stream, flush=True)

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
