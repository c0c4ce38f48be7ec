"""Search: a Pagefind index made from what the build knows of each article, in shards that rarely change.

Pagefind is given one small record page per article (headline, date, topic, source and language as its
metadata and filters, the body as its text), never the site's pages. The articles are split into shards by
year, each year into buckets of at most `SHARD_SIZE` by a hash of the page path; each shard is a Pagefind
bundle of its own at `pagefind/<shard>/`, and `pagefind/shards.json` lists them for the search page, which
merges them in the browser. An edit re-indexes its shard alone.

Whether a shard is behind is decided from what it holds against what the pages show: its digest is made of
its articles' fields and bodies, and the build state keeps the digest of each shard on disk with its files.
Pagefind works in a scratch folder beside the build state, never in the site; a shard's new files are put in
before its `pagefind-entry.json`, the list after every shard, and old files go only at the end of the build,
so a reader meets the old index or the new one, never half of one. A shard Pagefind fails on keeps its old
files, and the next build tries it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from markupsafe import escape

from site_gen.errors import SiteError

if TYPE_CHECKING:
    from site_gen.build.layout import Entry
    from site_gen.build.state import StateStore
    from site_gen.build.write import OutputFolder

BUNDLE = "pagefind"
LIST = f"{BUNDLE}/shards.json"
SHARD_SIZE = 300  # articles at most in one shard: what one edit costs to index again (~1 s)
_KEPT_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_KEPT_SUFFIXES = (".pf_meta", ".pagefind", ".pf_fragment", ".pf_index", ".pf_filter")


@dataclass
class Shard:
    """Some articles, indexed together: their entries and names (paths in the content folder)."""

    key: str
    entries: list["Entry"]
    names: tuple[str, ...]

    @cached_property
    def digest(self) -> bytes:
        """A hash of everything its records hold."""
        h = hashlib.blake2b(digest_size=16)
        for e in self.entries:
            a = e.article
            h.update(b"\0".join([e.path.encode(), a.digest, a.body.digest, (e.topic.name if e.topic else "").encode()]))
        return h.digest()


def shards(entries: Iterable["Entry"], name_of: Callable[["Entry"], str]) -> dict[str, Shard]:
    """Return the articles' shards by key (`2024-3of7`, `undated-1of1`): by year, then by a hash of the path."""
    years: dict[str, list[Entry]] = {}
    for e in entries:
        when = e.article.date
        years.setdefault(str(when.year) if when else "undated", []).append(e)
    found: dict[str, Shard] = {}
    for year, members in sorted(years.items(), reverse=True):
        count = -(-len(members) // SHARD_SIZE)
        buckets: dict[int, list[Entry]] = {}
        for e in members:
            buckets.setdefault(zlib.crc32(e.path.encode()) % count, []).append(e)
        for n, group in sorted(buckets.items()):
            group.sort(key=lambda e: e.path)
            key = f"{year}-{n + 1}of{count}"
            found[key] = Shard(key, group, tuple(name_of(e) for e in group))
    return found


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


class Pagefind:
    """Runs Pagefind on shards, in a scratch folder outside the site."""

    def __init__(self, scratch: Path, language: str, jobs: int | None):
        self.scratch = scratch
        self.language = language
        self.workers = max(1, min(jobs or os.cpu_count() or 1, 2))  # each run takes ~0.2 MB an article

    def index(self, todo: list[Shard]) -> list[tuple[Shard, list[tuple[str, Path]] | SiteError]]:
        """Index each shard; return its files (path inside the shard, scratch file) or why it failed."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        for shard in todo:
            site = self.scratch / shard.key / "site"
            for e in shard.entries:
                page = site / e.path
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(record(e, self.language), encoding="utf-8")
        from concurrent.futures import ThreadPoolExecutor  # only when there is something to index

        with ThreadPoolExecutor(self.workers) as pool:
            return list(zip(todo, pool.map(self._run, todo)))

    def _run(self, shard: Shard) -> list[tuple[str, Path]] | SiteError:
        bundle = self.scratch / shard.key / "bundle"
        error = run_pagefind(["--site", str(self.scratch / shard.key / "site"), "--output-path", str(bundle),
                              "--keep-index-url", "--force-language", self.language.split("-")[0], "--silent"])
        if error:
            return SiteError(BUNDLE, f"search index not built: {error}")
        files = [(f.relative_to(bundle).as_posix(), f) for f in sorted(bundle.rglob("*")) if f.is_file()]
        return [(rel, f) for rel, f in files if rel in _KEPT_FILES or rel.endswith(_KEPT_SUFFIXES)
                and rel != "wasm.unknown.pagefind"]  # every record is in the site's language

    def clean(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


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


@dataclass
class IndexRun:
    """What the index phase is given by the build."""

    out: "OutputFolder"
    store: "StateStore | None"
    before: dict
    after: dict
    scratch: Path
    language: str
    jobs: int | None


def update_index(run: IndexRun, wanted: dict[str, Shard | None]) -> list[SiteError]:
    """Bring the index to `wanted`, every shard by key, newest first (None: a shard known unchanged, kept as
    the last build left it): index the shards whose digest or files changed, put their files in, and write
    the list."""
    state = run.store.state if run.store is not None else None
    last = dict(state.search or {}) if state is not None else {}
    done: dict[str, tuple] = {}
    todo = []
    for key, shard in wanted.items():
        kept = last.get(key)
        if shard is None:
            _keep(run, kept[1])
            done[key] = kept
        elif kept is not None and kept[0] == shard.digest and _shard_intact(run.out, kept):
            _keep(run, kept[1])
            done[key] = kept
        else:
            todo.append(shard)
    errors: list[SiteError] = []
    indexer = Pagefind(run.scratch, run.language, run.jobs)
    try:
        for shard, made in indexer.index(todo) if todo else ():
            if isinstance(made, SiteError):
                errors.append(made)
                kept = last.get(shard.key)
                if kept is not None and _shard_intact(run.out, kept):
                    _keep(run, kept[1])
                    done[shard.key] = (b"",) + kept[1:]  # its old files, known to be behind
                continue
            done[shard.key] = (shard.digest, _put(run, shard, made), shard.names, filter_counts(shard.entries))
    finally:
        indexer.clean()
    _put_list(run, {key: done[key] for key in wanted if key in done})
    if run.store is not None:  # a shard that failed makes the next build try again, whatever else changed
        run.store.change(search=done, search_stale=bool(errors), search_pending=None if errors else ())
    if len(errors) > 1:  # one line: the reason is the same for every shard
        return [SiteError(BUNDLE, f"{errors[0].message} ({len(errors)} shards kept as they were)")]
    return errors


def intact_index(run: IndexRun) -> bool:
    """Return True when the index is there as the last build left it (all its shards, and the list)."""
    state = run.store.state if run.store is not None else None
    if state is None or not state.search:
        return False
    return _intact(run, [LIST]) and all(_shard_intact(run.out, kept) for kept in state.search.values())


def keep_index(run: IndexRun) -> None:
    """Note the index the last build left as unchanged (watch and serve, until the next quiet moment)."""
    _keep(run, [f for kept in run.store.state.search.values() for f in kept[1]])
    _keep_list(run)


def shard_names(run: IndexRun) -> dict[str, str]:
    """Return the shard of each article (by name) in the index as the last build left it."""
    return {name: key for key, kept in (run.store.state.search or {}).items() for name in kept[2]}


def _intact(run: IndexRun, files: Iterable[str]) -> bool:
    return all(p in run.before and run.out.intact(p, run.before[p][1], run.before[p][2]) for p in files)


def _shard_intact(out: "OutputFolder", kept: tuple) -> bool:
    """Return True when a shard's files are as the last build left them, by its folders' times (noted by
    `stamp_index`; a shard whose folders could not be noted is indexed again)."""
    return len(kept) > 4 and bool(kept[4]) and stamps_intact(out, kept[4])


def stamps_intact(out: "OutputFolder", stamps: tuple) -> bool:
    """Return True when the folders have the times noted (`stamp_index`): a file put in, removed or renamed
    in a folder changes its time, as every write here does (a new file is renamed into place)."""
    if out.trust:
        return True
    try:
        return all(os.stat(out.root / folder).st_mtime_ns == mtime for folder, mtime in stamps)
    except OSError:
        return False


def index_intact(out: "OutputFolder", search: dict | None) -> bool:
    """Return True when every shard's folders are as noted (`stamp_index`); then note its files unchanged.

    A shard's files are not among the build state's outputs (at 100,000 articles the index is ~107,000 files
    in ~1,300 folders): its folders stand for them."""
    if not search:
        return True
    if not all(_shard_intact(out, kept) for kept in search.values()):
        return False
    out.note_unchanged([f for kept in search.values() for f in kept[1]])
    return True


def stamp_index(out: "OutputFolder", store: "StateStore") -> None:
    """Note the times of the folders of shards written by this build, once the build has removed the files it
    no longer makes (see `stamps_intact`): the next build checks a shard by its few folders, not its files."""
    search = store.state.search
    if not search or all(len(kept) > 4 and kept[4] for kept in search.values()):
        return
    stamped = {}
    for key, kept in search.items():
        if len(kept) > 4 and kept[4]:
            stamped[key] = kept
            continue
        folders = sorted({path.rsplit("/", 1)[0] for path in kept[1]})
        try:
            stamps = tuple((folder, os.stat(out.root / folder).st_mtime_ns) for folder in folders)
        except OSError:
            stamps = ()  # indexed again next time
        stamped[key] = (*kept[:4], stamps)
    store.change(search=stamped)


def _keep(run: IndexRun, files: Iterable[str]) -> None:
    """Note a shard's files unchanged (they are the state's `search`, not among its outputs)."""
    run.out.note_unchanged(files)


def _keep_list(run: IndexRun) -> None:
    run.out.note(LIST, False)
    run.after[LIST] = run.before[LIST]


def _put(run: IndexRun, shard: Shard, files: list[tuple[str, Path]]) -> tuple[str, ...]:
    """Put a shard's files in the site, its entry file last; return their output paths."""
    paths = [f"{BUNDLE}/{shard.key}/{rel}" for rel, _ in files]
    run.out.expect(paths)
    ordered = sorted(zip(paths, files), key=lambda item: item[1][0] == "pagefind-entry.json")
    for path, (_, source) in ordered:
        wrote, _, _ = run.out.put(path, source.read_bytes())
        run.out.note(path, wrote)
    return tuple(paths)


def _put_list(run: IndexRun, shards: dict[str, tuple]) -> None:
    """Write what the search page reads first: the shards to merge, newest first, and the filters' values."""
    listed = {"shards": list(shards), "filters": filter_list(kept[3] for kept in shards.values())}
    data = (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    run.out.expect([LIST])
    wrote, size, mtime = run.out.put(LIST, data)
    run.out.note(LIST, wrote)
    run.after[LIST] = (b"search-list", size, mtime, ())
