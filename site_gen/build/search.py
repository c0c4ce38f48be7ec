"""Search: a Pagefind index made from what the build knows of each article, in shards that rarely change.

Pagefind is given one small record page per article (headline, date, topic, source and language as its
metadata and filters, the body as its text), never the site's pages. The articles are split into shards by
year, each year into buckets of at most `SHARD_SIZE` by a hash of the page path; each shard is a Pagefind
bundle of its own at `pagefind/<shard>/`, and `pagefind/shards.json` lists them for the search page, which
merges them in the browser. An edit re-indexes its shard alone.

Whether a shard is behind is decided from what it holds against what the pages show: its digest is made of
its articles' fields and bodies, and the build state keeps the digest of each shard on disk with its files.
Pagefind works in a scratch folder beside the build state, never in the site; once every shard is indexed, a
shard new to the site goes in as its whole folder, a changed one file by file before its `pagefind-entry.json`,
the list after every shard, and old files go only at the end of the build, so a reader meets the old index or
the new one, never half of one. A shard Pagefind fails on keeps its old files, and the next build tries it
again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from dataclasses import dataclass
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from site_gen.build.pagefind import BUNDLE, Bundle, Pagefind, filter_counts, filter_list
from site_gen.errors import SiteError

if TYPE_CHECKING:
    from site_gen.build.layout import Entry
    from site_gen.build.codec import State
    from site_gen.build.state import StateStore
    from site_gen.build.write import OutputFolder

LIST = f"{BUNDLE}/shards.json"
SHARD_SIZE = 300  # articles at most in one shard: what one edit costs to index again (~1 s)


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
    made: list[tuple[Shard, Bundle]] = []
    indexer = Pagefind(run.scratch, run.language, run.jobs)
    indexed = indexer.index(todo)
    try:
        for shard, bundle in indexed:
            if isinstance(bundle, SiteError):
                errors.append(bundle)
                kept = last.get(shard.key)
                if kept is not None and _shard_intact(run.out, kept):
                    _keep(run, kept[1])
                    done[shard.key] = (b"",) + kept[1:]  # its old files, known to be behind
                continue
            made.append((shard, bundle))
        for shard, paths in _put(run, made):
            done[shard.key] = (shard.digest, paths, shard.names, filter_counts(shard.entries))
    finally:
        indexed.close()  # (a generator: its runs are waited for)
        indexer.clean()
    done = {key: done[key] for key in wanted if key in done}  # newest first, as `wanted`: the next build's order
    _put_list(run, done)
    if run.store is not None:  # a shard that failed makes the next build try again, whatever else changed
        run.store.change(search=done, search_stale=bool(errors), search_pending=None if errors else ())
    if len(errors) > 1:  # one line: the reason is the same for every shard
        return [SiteError(BUNDLE, f"{errors[0].message} ({len(errors)} shards kept as they were)")]
    return errors


def wanted_shards(run: IndexRun, entries: list["Entry"], changed: list[str] | None,
                  kept_entries: Callable[[], list] | None = None) -> dict[str, Shard | None]:
    """Return the index's shards for `update_index`: after edits that kept the layout (`changed`, the edited
    articles by name; `kept_entries`, the kept layout's entries in the order of `entries`), only the shards
    of the articles edited since the index was whole (the others None, known unchanged); else every shard,
    from every article."""
    state = run.store.state if run.store is not None else None
    if state is not None and changed is not None and state.search_stale:
        changed = behind(state, True, changed)
    if state is not None and changed is not None and intact_index(run):
        names = shard_names(run)
        touched = {names.get(name) for name in changed}
        if None not in touched:
            by_name = {kept[0]: e for kept, e in zip(kept_entries(), entries)}
            return {key: Shard(key, [by_name[n] for n in kept[2]], kept[2]) if key in touched else None
                    for key, kept in state.search.items()}
    if state is None:
        return shards(entries, lambda e: e.path)
    names = {s.article.path: rel for rel, s in state.sources.items() if not s.draft}
    return shards(entries, lambda e: names[e.article.path])


def note_behind(run: IndexRun, changed: list[str] | None) -> None:
    """Watch and serve: keep the index as the last build left it, and note with the state whether it is now
    behind the pages, and on which articles (`changed`, the edited ones by name, when the edits kept the
    layout; None: the whole site was planned). The next quiet moment brings it up to date."""
    state = run.store.state
    whole = intact_index(run)
    if whole:
        keep_index(run)
    stale = state.search_stale or not whole or changed is None or bool(changed)
    pending = behind(state, whole and changed is not None, changed)
    if stale != state.search_stale or pending != state.search_pending:
        run.store.change(search_stale=stale, search_pending=pending)


def behind(state: "State", partial: bool, changed: list[str] | None) -> tuple[str, ...] | None:
    """Return the articles the index is behind on (see `State.search_pending`) once `changed` are too; None
    when they are not known (`partial` False: a whole plan, or an index not whole)."""
    if not partial or changed is None or (state.search_stale and state.search_pending is None):
        return None
    return tuple(sorted({*(state.search_pending or ()), *changed} if state.search_stale else set(changed)))


@contextmanager
def scratch_folder(store: "StateStore | None") -> Iterator[Path]:
    """Yield where Pagefind may work: beside the build state, or a temporary folder; never in the site."""
    if store is not None:
        yield store.folder / "search"
        return
    with tempfile.TemporaryDirectory(prefix="site-gen-search-") as folder:
        yield Path(folder)


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


def _put(run: IndexRun, made: list[tuple[Shard, Bundle]]) -> Iterator[tuple[Shard, tuple[str, ...]]]:
    """Put the shards' files in the site, once every shard is indexed; yield each shard with the output paths
    of its files.

    The files are noted in the manifest in one go (at 10,000 articles, ~11,000 paths: once, not once a
    shard), and a shard new to the site goes in as its folder, with one rename; a shard already there, file
    by file, its entry file last, so that its old files serve until the new ones are all in.
    """
    paths = {shard.key: [f"{BUNDLE}/{shard.key}/{rel}" for rel in bundle.files] for shard, bundle in made}
    run.out.expect(p for listed in paths.values() for p in listed)
    for shard, bundle in made:
        listed = paths[shard.key]
        if bundle.whole and run.out.move_folder_in(f"{BUNDLE}/{shard.key}", bundle.folder, listed):
            for path in listed:
                run.out.note(path, True)
        else:
            ordered = sorted(zip(listed, bundle.files), key=lambda item: item[1] == "pagefind-entry.json")
            for path, rel in ordered:
                wrote, _, _ = run.out.move_in(path, bundle.folder / rel)
                run.out.note(path, wrote)
        yield shard, tuple(listed)


def _put_list(run: IndexRun, shards: dict[str, tuple]) -> None:
    """Write what the search page reads first: the shards to merge, newest first, and the filters' values."""
    listed = {"shards": list(shards), "filters": filter_list(kept[3] for kept in shards.values())}
    data = (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    run.out.expect([LIST])
    wrote, size, mtime = run.out.put(LIST, data)
    run.out.note(LIST, wrote)
    run.after[LIST] = (b"search-list", size, mtime, ())
