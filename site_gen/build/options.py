"""What a build is asked to do (`BuildOptions`) and what it did (`BuildResult`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Collection, Protocol

from site_gen.build.session import BuildSession
from site_gen.errors import SiteError


class Writing(Protocol):
    """Who wants to know what a build is writing (the dev server's site lock): held by the build while it
    writes (`write`), told what it may write once it knows, and each file once written."""

    def write(self) -> AbstractContextManager: ...

    def open_except(self, files: Collection[str]) -> None: ...

    def done(self, file: str) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    """What to build, and how."""

    content: Path
    """The articles' folder."""
    out: Path
    """The site's folder."""
    force: bool = False
    """Write into a folder holding files site-gen did not make."""
    search: bool = True
    """Make the search index."""
    cache: bool = True
    """Use the build state: False builds from scratch without reading or writing it."""
    jobs: int | None = None
    """Worker processes at most (default: one per core)."""
    search_later: bool = False
    """Watch and serve: write the pages and leave the search index as it was when pages changed (indexing a
    large site takes far longer than the edit): `refresh_search` does it afterwards."""
    hints: Collection[Path] | None = None
    """Watch and serve: the files that changed since the last build, as file-system events named them. The
    other articles' files and the output files are then taken as the last build left them, unlooked at; a
    build without hints checks them all (watch and serve make one when things have been quiet a while)."""
    writing: Writing | None = None
    """Serve: told which output files the build may write or remove once it knows, and then each one it is
    done with, so that the others can be served meanwhile."""
    early: bool = False
    """Watch and serve: when a few articles came, went or moved, write the pages that show them (their own,
    their lists', their day's) first, before planning the whole site, and tell `writing` of each."""
    session: BuildSession | None = None
    """What a long-running process keeps between its builds (watch, serve); None: a one-off build."""
    today: date | None = None
    """The build's date, which says which articles are old news (over a year old); None: today in the site's
    time zone. A build on a given date gives the same bytes whenever it runs."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: files written, left as they were and removed, and the problems met on the way."""

    articles: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    errors: tuple[SiteError, ...]
    rendered: tuple[str, ...] = ()
    """The pages rendered (written or not): the others were known unchanged without rendering them."""
    planned: int = 0
    """The pages laid out (their data gathered): after edits that leave the layout as it was, only those
    that show an edited article."""
    search_pending: bool = False
    """The search index is behind the pages (`search_later`): `refresh_search` brings it up to date."""

    @property
    def ok(self) -> bool:
        return not self.errors
