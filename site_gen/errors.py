"""Errors that name a file and a reason; results carry lists of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteError:
    """A problem with one file: where it is and what is wrong, in one line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class SiteGenError(Exception):
    """Raised for a problem that stops a whole command (bad settings, bad usage)."""

    def __init__(self, path: str | Path | None, message: str):
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)

    def __reduce__(self):  # made again from what it keeps (it crosses from a worker process to the build's)
        return type(self), (self.path, self.message)
