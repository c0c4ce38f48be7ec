"""Load: the content folder -> its articles, parsing again only the files that changed since the last build.

A file whose stat is unchanged is not read again, one whose bytes are unchanged is not parsed again, and a
file that fails to load keeps the article it last gave (its pages stay as they were while someone is still
typing), with its error reported. Many changed files are parsed by a pool of processes; what they give is the
same as one process would. Loading reads the build state and returns what changed; it writes nothing but the
bodies it packs.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any, Collection, Iterator, Mapping

from site_gen.build.codec import Source
from site_gen.build.look import Found
from site_gen.build.parse import Loader, parse_file
from site_gen.build.session import BuildSession
from site_gen.build.state import RACY_NS, StateStore
from site_gen.config import SiteConfig
from site_gen.content import Article
from site_gen.errors import SiteError

SUFFIXES = (".md", ".markdown")
POOL_MIN = 200  # changed files worth starting worker processes for


@dataclass
class LoadResult:
    """What loading a content folder gave."""

    sources: dict[str, Source]
    """Every article file by path relative to the content folder, in path order, as it is now."""
    errors: tuple[SiteError, ...]
    failing: tuple[str, ...]
    """The files that failed to load (each keeps the article it last gave, if any)."""
    looked: bool
    """True when every file was looked at (no hints): the scan's time can be kept with the state."""

    @cached_property
    def articles(self) -> tuple[Article, ...]:
        """Every published article, in path order (made when first asked for: a rebuild that keeps the site's
        layout needs only those its pages show)."""
        return tuple(s.article for s in self.sources.values() if not s.draft)

    @property
    def drafts(self) -> int:
        """How many files are drafts (left out of the site)."""
        return sum(1 for s in self.sources.values() if s.draft)


def load_articles(content_dir: Path, config: SiteConfig, store: StateStore | None = None, jobs: int | None = None,
                  hints: Collection[str] | None = None, session: BuildSession | None = None,
                  scanned: Found | None = None) -> LoadResult:
    """Return every article file under `content_dir` as it is now, and an error for each that is not one.

    With a `store`, files are compared with the last build's (see the module's docstring) and fresh bodies go
    to its pack. `hints` (watch and serve, from the file-system events): the files (relative POSIX paths) that
    changed since the last build; the others are taken as that build left them, unlooked at. `scanned`: what
    `scan` gave already (see `look.Look`).
    """
    state = store.state if store is not None else None
    old = state.sources if state is not None else {}
    hinted = hints is not None and state is not None
    if hinted:
        files = _hinted(content_dir, old, {*hints, *state.failing})
    else:
        files = scanned if scanned is not None else scan(content_dir)
    trusted = (state.scanned_ns - RACY_NS) if state else 0
    known = None
    if isinstance(files, Found) and not hinted:
        differing = files.differing(old, trusted)
        if differing is not None:  # the last build's files, in its order: only those are looked at one by one
            known, files = dict(old), [files.item(i) for i in differing]
        else:
            files = list(files)  # every file, read twice below: made into (name, stat) pairs once
    sources, todo = _unchanged(content_dir, files, old, trusted, hinted)
    errors: list[SiteError] = []
    failing: list[str] = []
    parsed = _parse_all(content_dir, config, [r for r, _ in todo], jobs, session)
    for (rel, st), (digest, outcome) in zip(todo, parsed, strict=True):  # read to its end: its pool is closed
        src = old.get(rel)
        if isinstance(outcome, SiteError):
            errors.append(outcome)
            failing.append(rel)
            if src is not None:
                sources[rel] = src  # keep the last good article of a file someone is still editing
        elif src is not None and src.digest == digest:
            sources[rel] = src.restat(st.st_mtime_ns, st.st_size)
        else:
            if outcome is not None and store is not None:
                store.pack(outcome.body)
            sources[rel] = Source(st.st_mtime_ns, st.st_size, digest, outcome)
    if store is not None:
        store.flush()
    if known is not None:  # the same files, each with a source (a file failing keeps its last one)
        known.update(sources)
        sources = known
    else:
        sources = {rel: sources[rel] for rel, _ in files if rel in sources}  # in path order, whatever was parsed
    return LoadResult(sources, tuple(errors), tuple(failing), not hinted)


def hinted_names(hints: Collection[Path], content_dir: Path) -> set[str] | None:
    """Return the article files among `hints` (paths events named), relative to the content folder; None
    (look at every file) when a hint may stand for several files (a folder)."""
    names = set()
    for path in hints:
        try:
            rel = path.relative_to(content_dir).as_posix()
        except ValueError:
            continue  # a template or the settings: the build sees those itself
        if rel == "." or path.is_dir() or not rel.lower().endswith(SUFFIXES):
            return None
        names.add(rel)
    return names


def _unchanged(content_dir: Path, files: list[tuple[str, Any]], old: Mapping[str, Source], trusted_before: int,
               hinted: bool) -> tuple[dict[str, Source], list[tuple[str, os.stat_result]]]:
    """Return the sources of the files that are as the last build saw them, and the files to parse."""
    sources: dict[str, Source] = {}
    todo: list[tuple[str, os.stat_result]] = []
    for rel, st in files:
        src = old.get(rel)
        if st is None:  # not among the hints: as the last build left it
            sources[rel] = src
        elif src is None or src.size != st.st_size:
            todo.append((rel, st))
        elif src.mtime_ns == st.st_mtime_ns and src.mtime_ns < trusted_before and not hinted:
            sources[rel] = src
        elif _hash_file(content_dir / rel) == src.digest:  # touched, or too recent to trust its stat
            sources[rel] = src.restat(st.st_mtime_ns, st.st_size)  # trusted by its stat next time
        else:
            todo.append((rel, st))
    return sources, todo


def _hash_file(path: Path) -> bytes:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""


def scan(content_dir: Path) -> list[tuple[str, os.stat_result]]:
    """Return (relative POSIX path, stat) of each Markdown file under `content_dir`, in path order.

    Hidden files and folders, `_drafts/` and section indexes (`_index.md`) are left out; folders that are
    symbolic links are not followed.
    """
    found: list[tuple[str, os.stat_result]] = []
    nested = False

    def walk(folder: str, prefix: str) -> None:
        nonlocal nested
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            name = entry.name
            if _left_out(name):
                continue
            if entry.is_dir(follow_symlinks=False):
                nested = True
                walk(entry.path, f"{prefix}{name}/")
            elif _article_name(name):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                if _regular(st):
                    found.append((prefix + name, st))

    walk(str(content_dir), "")
    found.sort(key=_path_order if nested else itemgetter(0))  # flat: the names alone give the same order
    return found


def _left_out(name: str) -> bool:
    """Hidden files and folders, and drafts' folders, are never articles."""
    return name[0] == "." or name == "_drafts"


def _article_name(name: str) -> bool:
    """A Markdown file, but not a section index (`_index.md`)."""
    return name.lower().endswith(SUFFIXES) and name != "_index.md"


def _regular(st: os.stat_result) -> bool:
    """A regular file (or a link to one)."""
    return (st.st_mode & 0o170000) == 0o100000


def _path_order(item: tuple[str, Any]) -> str:
    """The sort key of (relative path, ...) in path order: by folder names, then file names (a NUL, which no
    name holds, sorts before any character)."""
    return item[0].replace("/", "\0")


def _hinted(content_dir: Path, old: Mapping[str, Source], hints: Collection[str]) -> list[tuple[str, Any]]:
    """Return what `scan` would, from the last build's files and the `hints` that changed (None for the stat
    of a file not among them): the hints are looked at, the others taken as they were."""
    found: dict[str, os.stat_result] = {}
    for rel in hints:
        parts = rel.split("/")
        if any(_left_out(p) for p in parts) or not _article_name(parts[-1]):
            continue
        try:
            st = os.stat(content_dir / rel)
        except OSError:
            continue  # gone
        if _regular(st):
            found[rel] = st
    files = [(rel, found.get(rel)) for rel in old if rel not in hints or rel in found]
    if any(rel not in old for rel in found):  # new files: in path order, as a scan gives them
        files += [(rel, st) for rel, st in found.items() if rel not in old]
        files.sort(key=_path_order)
    return files


def _parse_all(content_dir: Path, config: SiteConfig, rels: list[str], jobs: int | None,
               session: BuildSession | None) -> Iterator[tuple]:
    """Yield (hash of the bytes, Article | None for a draft | SiteError) for each file, in order.

    One at a time: the caller packs each body away before the next arrives, so bodies never pile up.
    """
    paths = [str(content_dir / rel) for rel in rels]
    if not paths:
        return
    workers = min(jobs or os.cpu_count() or 1, max(1, len(paths) // 50))
    if workers > 1 and len(paths) >= POOL_MIN:
        settings = (config.timezone, config.language)  # all a loader needs, and picklable for spawned workers
        if threading.active_count() == 1 and hasattr(os, "fork"):
            from site_gen.build.pool import forked_map

            for chunk in forked_map(lambda r: _parse_chunk(paths[r.start:r.stop]), len(paths), workers,
                                    tasks_each=None, start=lambda: _start_worker(*settings), what="load worker"):
                yield from chunk
            return
        # forking a process that runs threads (serve) may deadlock the child: workers started afresh, which
        # are never stopped from outside either (an executor lets the tasks in hand end)
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing

        chunks = [paths[i:i + 64] for i in range(0, len(paths), 64)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_worker, initargs=settings) as executor:
            try:
                # the workers start (as the tasks are given) with Ctrl-C blocked, which a terminal sends to
                # them all: this process decides, and they end with the task in hand
                mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    answers = executor.map(_parse_chunk, chunks)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                for chunk in answers:
                    yield from chunk
            except BaseException:
                executor.shutdown(wait=True, cancel_futures=True)
                raise
        return
    key = (config.timezone, config.language)  # converters are costly to make: a session keeps its loader
    loader = session.reuse("loader", key, lambda: Loader(config)) if session is not None else Loader(config)
    for path in paths:
        yield parse_file(loader, path)


_WORKER: list[Loader] = []
"""In a worker process of `_parse_all`'s pool: its loader."""


def _start_worker(timezone: str, language: str) -> None:
    _WORKER.append(Loader(SiteConfig(root=Path("."), timezone=timezone, language=language)))


def _parse_chunk(paths: list[str]) -> list[tuple]:
    return [parse_file(_WORKER[0], p) for p in paths]
