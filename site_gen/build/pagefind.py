"""Pagefind, the program that makes the search index: the record page it reads for each article, and runs
of it on shards (`search.Shard`) in a scratch folder outside the site.

A record holds an article's fields as Pagefind metadata, its body as the text, and one word per filter value
(`filter_word`): the search page narrows by topic, source and language by searching for those words.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from markupsafe import escape

from site_gen.errors import SiteError

if TYPE_CHECKING:
    from site_gen.build.layout import Entry
    from site_gen.build.search import Shard

BUNDLE = "pagefind"
_KEPT_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_KEPT_SUFFIXES = (".pf_meta", ".pagefind", ".pf_fragment", ".pf_index", ".pf_filter")
RUNS_MAX = 4
"""Pagefind runs at a time, at most: one per core. A run uses ~1.3 cores and ~70 MB for a shard of 300 records,
so four keep the build's whole process tree under 500 MB at 10,000 articles, where two left a larger machine's
other cores idle through the index phase, while the render before it used them all."""


def record(e: "Entry", language: str) -> str:
    """Return the page Pagefind reads for an article: its fields as metadata, its body as text, and a word for
    each filter value it has (see `filter_word`)."""
    a = e.article
    meta = [("title", a.title), ("date", a.date.date().isoformat() if a.date else ""),
            ("topic", e.topic.name if e.topic else ""), ("source", a.source), ("lang", a.lang)]
    tags = "".join(f'<span data-pagefind-meta="{escape(f"{k}:{v}")}"></span>' for k, v in meta if v)
    if a.date:
        tags += f'<span data-pagefind-sort="{escape(f"date:{a.date.isoformat()}")}"></span>'
    words = " ".join(filter_word(kind, value) for kind, value in filter_values(e))
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8"></head><body>{tags}'
            f'<main data-pagefind-body><h1 data-pagefind-weight="5">{escape(a.title)}</h1>{a.body.html}'
            f'<p data-pagefind-weight="0.1">{words}</p></main></body></html>')


def filter_values(e: "Entry") -> list[tuple[str, str]]:
    """Return what an article can be filtered by: (kind, value) for its topic, source and language."""
    a = e.article
    found = [("topic", e.topic.name if e.topic else ""), ("source", a.source), ("language", a.lang)]
    return [(kind, value) for kind, value in found if value]


@lru_cache(maxsize=4096)  # every article has one of a few topics, sources and languages
def filter_word(kind: str, value: str) -> str:
    """Return the word that stands for a filter value in the index (`sgftopic1a2b3c4d`).

    Filters are words searched for with the query, not Pagefind's own filters: Pagefind writes several
    filters, and the values of one, in an order that changes from run to run, and the index must be the
    same bytes whenever the articles are the same.
    """
    return f"sgf{kind}{hashlib.blake2b(value.encode('utf-8'), digest_size=4).hexdigest()}"


def filter_counts(entries: Iterable["Entry"]) -> dict[str, dict[str, int]]:
    """Return how many of the articles have each filter value, by kind."""
    counts: dict[str, dict[str, int]] = {}
    for e in entries:
        for kind, value in filter_values(e):
            counts.setdefault(kind, {})[value] = counts.get(kind, {}).get(value, 0) + 1
    return counts


def filter_list(shard_counts: Iterable[dict[str, dict[str, int]]]) -> dict[str, list]:
    """Return, for each kind of filter, its values over all shards: [value, word, how many articles]."""
    total: dict[str, dict[str, int]] = {}
    for counts in shard_counts:
        for kind, values in counts.items():
            for value, n in values.items():
                total.setdefault(kind, {})[value] = total.get(kind, {}).get(value, 0) + n
    return {kind: [[v, filter_word(kind, v), n] for v, n in sorted(values.items())]
            for kind, values in sorted(total.items())}


class Bundle(NamedTuple):
    """What Pagefind made for a shard, in the scratch folder: the files the site keeps (paths inside the
    shard), and the folder holding them (`whole`: and nothing else, so it may go in as it is)."""

    folder: Path
    files: list[str]
    whole: bool

    @classmethod
    def keep(cls, folder: Path, dropped: Path) -> "Bundle":
        """Return the bundle in `folder` once the files the site does not keep (Pagefind's own interfaces, the
        code for languages other than the site's) are out of it, moved to the folder `dropped`.

        Moved, not removed: the scratch folder is removed once every shard is in. On a file system that reuses
        no inode freed in the last minutes, such as ext4 without a journal, every file made after a removal
        is slower to make, the more so the more were removed, and Pagefind makes ~11 files an article.
        """
        kept, whole = [], True
        dropped.mkdir(parents=True, exist_ok=True)
        for at, folders, names in os.walk(folder, topdown=False):  # a folder after what it holds
            inside = Path(at).relative_to(folder).as_posix()
            for name in names:
                rel = name if inside == "." else f"{inside}/{name}"
                if rel in _KEPT_FILES or rel.endswith(_KEPT_SUFFIXES) and rel != "wasm.unknown.pagefind":
                    kept.append(rel)  # every record is in the site's language
                    continue
                try:
                    os.rename(os.path.join(at, name), dropped / rel.replace("/", "~"))
                except OSError:
                    whole = False
            if at != str(folder) and not os.listdir(at):  # nothing in it kept
                try:
                    os.rename(at, dropped / (inside.replace("/", "~") + "~"))
                except OSError:
                    pass
        return cls(folder, sorted(kept), whole)


class Pagefind:
    """Runs Pagefind on shards, in a scratch folder outside the site (the record pages in memory, when the
    system has a folder there: see `memory_folder`)."""

    def __init__(self, scratch: Path, language: str, jobs: int | None):
        self.scratch = scratch
        self.memory = memory_folder(scratch)
        self.memory_full = False
        self.language = language
        self.workers = max(1, min(jobs or os.cpu_count() or 1, RUNS_MAX))

    def index(self, todo: list[Shard]) -> Iterator[tuple[Shard, Bundle | SiteError]]:
        """Index each shard; yield it, in order, with what Pagefind made (`Bundle`) or why it failed. The next
        shard's records are written while Pagefind runs on the earlier ones; a shard's records go once its run
        is done, its bundle stays in the scratch folder until `clean`."""
        self.clean()
        if not todo:
            return
        from concurrent.futures import ThreadPoolExecutor  # only when there is something to index

        pool = ThreadPoolExecutor(self.workers)
        running: deque = deque()
        try:
            for shard in todo:
                site = self._write(shard)
                running.append((shard, site, pool.submit(self._run, shard, site)))
                while len(running) > self.workers:  # one shard written ahead of those running
                    yield from self._next(running)
            while running:
                yield from self._next(running)
        finally:
            pool.shutdown(cancel_futures=True)

    def _write(self, shard: Shard) -> Path:
        """Write the shard's record pages; return their folder: in memory, or on disk when memory has no room
        (then on disk for the rest of the build)."""
        if self.memory is not None and not self.memory_full:
            try:
                return self._write_in(self.memory / shard.key, shard)
            except OSError:  # the shards already written stay for the runs reading them
                shutil.rmtree(self.memory / shard.key, ignore_errors=True)
                self.memory_full = True
        return self._write_in(self.scratch / shard.key / "site", shard)

    def _write_in(self, site: Path, shard: Shard) -> Path:
        root = str(site)
        os.makedirs(root, exist_ok=True)
        for e in shard.entries:  # ~10,000 at 10,000 articles: plain strings, not Paths
            folder, _, name = e.path.rpartition("/")
            where = f"{root}/{folder}" if folder else root
            try:
                fh = open(f"{where}/{name}", "w", encoding="utf-8")
            except FileNotFoundError:
                os.makedirs(where, exist_ok=True)
                fh = open(f"{where}/{name}", "w", encoding="utf-8")
            with fh:
                fh.write(record(e, self.language))
        return site

    def _next(self, running: deque) -> Iterator[tuple[Shard, Bundle | SiteError]]:
        shard, site, future = running.popleft()
        made = future.result()
        if self.memory is not None and site.is_relative_to(self.memory):
            shutil.rmtree(site, ignore_errors=True)  # Pagefind has read them: the memory is free again
        # (on disk they go with the scratch folder, a failed run's bundle too, after the last run: see `Bundle.keep`)
        yield shard, made

    def _run(self, shard: Shard, site: Path) -> Bundle | SiteError:
        bundle = self.scratch / shard.key / "bundle"
        error = run_pagefind(["--site", str(site), "--output-path", str(bundle),
                              "--keep-index-url", "--force-language", self.language.split("-")[0], "--silent"])
        if error:
            return SiteError(BUNDLE, f"search index not built: {error}")
        return Bundle.keep(bundle, self.scratch / shard.key / "dropped")

    def clean(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.memory is not None:
            shutil.rmtree(self.memory, ignore_errors=True)


def memory_folder(scratch: Path, shm: Path = Path("/dev/shm")) -> Path | None:
    """Return where, in memory, the record pages of the site whose scratch folder is `scratch` go: a folder
    in `shm`, or None when the system has no such folder (then they go in the scratch folder).

    Each record is written once, read once by Pagefind and removed: on a disk, making and removing ~10,000
    files and their folders took a third of the index phase at 10,000 articles. The folder is named after
    the scratch folder, so the next build of the site removes what a killed one left; it lies in a folder
    only the user can enter (made here, and checked to be theirs and private), so that no other user can
    put a link where the records go.
    """
    if not hasattr(os, "getuid") or not shm.is_dir():
        return None
    own = shm / f"site-gen-{os.getuid()}"
    try:
        own.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(own)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
        return None  # not a private folder of the user's: someone else made it
    return own / hashlib.blake2b(os.fsencode(os.path.abspath(scratch)), digest_size=8).hexdigest()


def run_pagefind(args: list[str]) -> str | None:
    """Run the Pagefind binary; return None when it worked, else a line saying why not."""
    command = _command()
    if command is None:
        return "Pagefind is not installed (pip install 'pagefind[bin]')"
    try:
        done = subprocess.run(command + args, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Pagefind could not run: {exc}"
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"Pagefind exited with code {done.returncode}"


def _command() -> list[str] | None:
    """Return how to run Pagefind: the binary its Python package ships (or names), else None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return [str(found)] if found is not None else None
