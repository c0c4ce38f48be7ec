"""Build: articles -> the static site, in stages: load -> plan -> render -> write (-> search index).

Incremental: the cache (site_gen.build.state) keeps the parsed articles and, for every output file, a fingerprint of
what made it (its template set and the data its page shows). A page whose fingerprint is unchanged, and whose
file is still there as the last build left it, is neither rendered nor written; the others are rendered and
written only when their bytes changed. The output is the same, byte for byte, as a build without the cache.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Collection, Protocol

from site_gen.build.state import Cache, cache_folder, code_key, locked
from site_gen.config import SiteConfig
from site_gen.content import BodyUnavailable
from site_gen.errors import SiteError, SiteGenError
from site_gen.build.load import SUFFIXES, load_articles
from site_gen.build.plan import Layout, Page, layout_fields, plan
from site_gen.build.render import static_files, template_dirs, template_reads, template_sets
from site_gen.reporter import Reporter
from site_gen.build.write import MANIFEST, OutputFolder

POOL_MIN = 400  # pages worth forking worker processes for


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
    finish: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)
    """After `build(..., finish_later=True)`: saves the build cache and lets go of the build lock. Must be
    called, once, before the next build."""

    @property
    def ok(self) -> bool:
        return not self.errors


def build(config: SiteConfig, content_dir: Path, out_dir: Path, reporter: Reporter,
          force: bool = False, search: bool = True, cache: bool = True, jobs: int | None = None,
          search_later: bool = False, finish_later: bool = False,
          hints: Collection[Path] | None = None, writing: "Writing | None" = None) -> BuildResult:
    """Build the site from the articles in `content_dir` into `out_dir`; return what was done.

    `cache=False` builds from scratch without reading or writing the cache; `jobs` caps worker processes.
    `search_later` (watch and serve) writes the pages and leaves the search index as it was when pages
    changed: indexing a large site takes far longer than the edit, and `refresh_search` does it afterwards.
    `finish_later` (watch and serve) returns once the pages are written, still holding the build lock: the
    cache is saved by the result's `finish`, after the open pages were told to reload.
    `hints` (watch and serve): the files that changed since the last build, as file-system events named them.
    The other articles' files and the output files are then taken as the last build left them, unlooked at;
    a build without hints checks them all (watch and serve make one when things have been quiet a while).
    `writing` (serve) is told which output files the build may write or remove once it knows, and then
    each one it is done with, so that the others can be served meanwhile.
    """
    search_later = search and search_later and cache
    if not content_dir.is_dir():
        raise SiteGenError(content_dir, "no such content folder")
    if not cache:
        return _build(config, content_dir, out_dir, reporter, force, search, None, jobs, False)
    folder = cache_folder(config.root, content_dir, out_dir)
    held = ExitStack()
    held.enter_context(locked(config.root, reporter.note))
    later: list[Callable[[], None]] | None = [] if finish_later else None
    try:
        gc.disable()  # reading makes many objects and no garbage
        try:
            state = Cache.read(folder)
        finally:
            gc.enable()
        if state.damaged:
            reporter.note(f"the build cache in {folder} was damaged; building without it")
        try:
            result = _build(config, content_dir, out_dir, reporter, force, search, state, jobs, search_later, later,
                            _hint_names(content_dir, hints), writing)
        except BodyUnavailable as exc:
            reporter.note(f"the build cache in {folder} was damaged ({exc}); building again without it")
            Cache.wipe(folder)
            if later:
                later.clear()
            result = _build(config, content_dir, out_dir, reporter, force, search, Cache.read(folder), jobs,
                            search_later, later)
    except BaseException:
        held.close()
        raise
    if later is None:
        held.close()
        return result

    def finish() -> None:
        try:
            for step in later:
                step()
        finally:
            later.clear()
            held.close()

    return replace(result, finish=finish)


def refresh_search(config: SiteConfig, content_dir: Path, out_dir: Path, reporter: Reporter) -> BuildResult:
    """Bring the search index up to date with the pages a `build(..., search_later=True)` wrote.

    Only the index is written; the pages are left as they are. Does nothing when the index is not behind.
    """
    folder = cache_folder(config.root, content_dir, out_dir)
    with locked(config.root, reporter.note):
        cache = Cache.read(folder)
        state = cache.state
        out = OutputFolder(out_dir)
        if not state.search_stale or not state.outputs:
            return BuildResult(state.planned[0] if state.planned else 0, (), (), (), ())
        last = set(state.search or ())
        after = {path: old for path, old in state.outputs.items() if path not in last}
        for path in after:
            out.note(path, False)
        try:
            errors = _search(out, cache, state.outputs, after, reporter)
        finally:
            state.outputs = after
            cache.dirty = True
            _save(cache, reporter)
        removed = out.finish()
        return BuildResult(state.planned[0] if state.planned else 0, tuple(out.written), (), tuple(removed),
                           tuple(errors))


def _build(config: SiteConfig, content_dir: Path, out_dir: Path, reporter: Reporter, force: bool, search: bool,
           cache: Cache | None, jobs: int | None, search_later: bool,
           later: list[Callable[[], None]] | None = None, hints: set[str] | None = None,
           writing: "Writing | None" = None) -> BuildResult:
    """Build; with `later`, leave what only the next build needs (the layout kept, the saved cache) to the
    steps appended to it; with `hints` (see `build`), look only at the files they name."""
    errors: list[SiteError] = []
    if cache is not None:
        key = code_key()
        cache.keyed((key, config.language, config.timezone, str(content_dir)), (key, repr(config)))
    if cache is None or not cache.state.inputs:
        hints = None  # no whole build before this one to go on from
    out = OutputFolder(out_dir, force=force, trust=hints is not None)

    gc.disable()  # loading and planning make many objects and no garbage: the collector would only slow them
    try:
        previous = cache.state.sources if cache is not None else {}
        loaded = load_articles(content_dir, config, cache, jobs, hints)
        errors += _report(reporter, loaded.errors)
        dirs = template_dirs(config)
        sets = template_sets(dirs)
        static = list(static_files(dirs))
        frame = _frame(search, sets, [(path, _file_fingerprint(source, cache)) for path, source in static])
        inputs = _inputs(cache, frame)
        behind = search and not search_later and cache is not None and cache.state.search_stale
        if cache is not None and cache.state.inputs == inputs and not behind and _all_intact(out, cache.state.outputs):
            count, planned_errors = cache.state.planned  # nothing changed: the pages are the ones on disk
            errors += _report(reporter, [SiteError(*e) for e in planned_errors])
            cache.save()
            return BuildResult(count, (), tuple(out.unchanged), tuple(out.finish()), tuple(errors),
                               search_pending=search and cache.state.search_stale)
        before = cache.state.outputs if cache is not None else {}
        after: dict[str, tuple[bytes, int, int]] = {}
        only = _same_layout(cache, previous, frame, out, after) if cache is not None else None
        reads = _reads(cache, dirs, sets)
        if only is not None:  # the layout kept: the articles the pages show are all that is read
            site = plan(None, config, search=search, only=only, reads=reads, layout=_restored(cache.state))
        else:
            site = plan(loaded.articles, config, search=search, reads=reads)
    finally:
        gc.enable()
    errors += _report(reporter, site.errors)
    gc.freeze()  # what is made so far lives until the end: later collections need not walk it

    if cache is not None:
        cache.state.inputs = b""  # until this build is whole
        cache.state.planned = (site.entries, tuple((e.path, e.message, e.line) for e in site.errors))
        cache.state.frame = frame
        if only is None:
            kept = partial(_keep_layout, cache, cache.state.layout, site.pages, site.layout)
            if later is None:
                kept()
            else:  # none kept meanwhile: a build before `finish` (there is none) would plan the whole site
                cache.state.layout = b""
                later.append(kept)
    paths = list(_kept_layout(cache.state)[0]) if only is not None else [page.path for page in site.pages]
    todo: list[tuple[Page, bytes]] = []
    for page in site.pages:
        fp = _fingerprint(sets.get(page.template), page.key)
        old = before.get(page.path)
        if fp is not None and old is not None and old[0] == fp and out.intact(page.path, old[1], old[2]):
            out.note(page.path, False)
            after[page.path] = old
        else:
            todo.append((page, fp))
    copies = []
    for path, source in static:
        fp = _file_fingerprint(source, cache)  # known by now: no hashing again
        old = before.get(path)
        if old is not None and old[0] == fp and out.intact(path, old[1], old[2]):
            out.note(path, False)
            after[path] = old
        else:
            copies.append((path, source, fp))

    out.expect(paths + [path for path, _ in static])
    if writing is not None:  # what this build may write or remove: every other file can be read meanwhile
        made = {*paths, *(path for path, _ in static)}
        writing.open_except({page.path for page, _ in todo} | {path for path, _, _ in copies} | {MANIFEST}
                            | {path for path in out.listed if path not in made})
    whole = False
    try:
        with reporter.progress(len(todo), "pages") as progress:
            for (page, fp), (wrote, size, mtime) in zip(todo, _render(config, dirs, sets, cache, todo, out, jobs)):
                out.note(page.path, wrote)
                if fp is not None:
                    after[page.path] = (fp, size, mtime)
                if writing is not None:
                    writing.done(page.path)
                progress.update()
        for path, source, fp in copies:
            wrote, size, mtime = out.put(path, source.read_bytes())
            out.note(path, wrote)
            after[path] = (fp, size, mtime)
        if search:
            errors += _search(out, cache, before, after, reporter, search_later)
        if cache is not None:
            cache.state.inputs = inputs
        whole = True
    finally:
        gc.unfreeze()
        if cache is not None:  # what was verified or written so far: the rest is made again next time
            if after != before:
                cache.state.outputs = after
                cache.dirty = True
            if later is not None and whole:
                later.append(partial(_save, cache, reporter))
            else:
                _save(cache, reporter)
    removed = out.finish()
    return BuildResult(site.entries, tuple(out.written), tuple(out.unchanged), tuple(removed), tuple(errors),
                       tuple(page.path for page, _ in todo), len(site.pages),
                       search and cache is not None and cache.state.search_stale)


def _hint_names(content_dir: Path, hints: Collection[Path] | None) -> set[str] | None:
    """Return the article files among `hints`, relative to `content_dir`; None (look at every file) when a
    hint may stand for several files (a folder) or there are none to go by."""
    if hints is None:
        return None
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


class Writing(Protocol):
    """Who wants to know what a build is writing (the dev server's site lock)."""

    def open_except(self, files: Collection[str]) -> None: ...

    def done(self, file: str) -> None: ...


def _save(cache: Cache, reporter: Reporter) -> None:
    """Save the cache; a cache that cannot be written (full disk, read-only site) is only a warning."""
    try:
        cache.save()
    except OSError as exc:
        reporter.warn(SiteError(str(cache.folder), f"build cache not saved: {exc.strerror or exc}"))


def _reads(cache: Cache | None, dirs: list[Path], sets: dict[str, bytes]) -> dict[str, frozenset[str] | None]:
    """Return the variables each template reads; kept in the cache, as parsing the templates takes a while."""
    key = hashlib.blake2b(marshal.dumps((sorted(sets.items()), [str(d) for d in dirs]), 2), digest_size=16).digest()
    if cache is not None and cache.state.reads and cache.state.reads[0] == key:
        return {name: None if names is None else frozenset(names) for name, names in cache.state.reads[1].items()}
    reads = template_reads(dirs)
    if cache is not None:
        cache.state.reads = (key, {name: None if names is None else tuple(sorted(names))
                                   for name, names in reads.items()})
        cache.dirty = True
    return reads


def _frame(search: bool, sets: dict[str, bytes], static: list[tuple[str, bytes]]) -> bytes:
    """Return a hash of what pages are made with besides the articles and settings: templates, static files."""
    return hashlib.blake2b(marshal.dumps((search, sorted(sets.items()), static), 2), digest_size=16).digest()


def _layout(pages, layout: Layout, sources: dict) -> bytes:
    """Return the plan's layout for the cache, encoded: (page paths in order, the articles' order and groups
    as `Layout.plain` gives them, and for each of those articles the indexes of the pages showing it)."""
    paths = [page.path for page in pages]
    index = {id(e): i for i, e in enumerate(layout.entries)}
    shown: list[list[int]] = [[] for _ in layout.entries]
    for i, page in enumerate(pages):
        for ref in {id(e) for e in page.refs if e is not None}:
            shown[index[ref]].append(i)
    names = {s.article.path: rel for rel, s in sources.items() if not s.draft}
    plain = layout.plain(names, {path: i for i, path in enumerate(paths)})
    return marshal.dumps((paths, plain, [tuple(found) for found in shown]), 2)


def _keep_layout(cache: Cache, last: bytes, pages, layout: Layout) -> None:
    """Keep the layout of a whole plan in the cache (`last`: the one kept before)."""
    cache.state.layout = _layout(pages, layout, cache.state.sources)
    if cache.state.layout != last:
        cache.dirty = True


def _kept(state) -> list:
    """Return [the last plan's layout as the state holds it, decoded (see `_layout`), the `Layout` restored
    from it or None]: made once per state and layout, so a long-running watch or serve reuses both."""
    kept = _KEPT_LAYOUT.get(id(state))
    if kept is None or kept[0] is not state.layout:
        _KEPT_LAYOUT.clear()
        kept = _KEPT_LAYOUT[id(state)] = [state.layout, marshal.loads(state.layout), None]
    return kept


_KEPT_LAYOUT: dict[int, list] = {}


def _kept_layout(state) -> tuple:
    """Return the last plan's layout, decoded (see `_layout`)."""
    return _kept(state)[1]


def _restored(state) -> Layout:
    """Return the last plan's layout with the articles of `state`: the one restored for an earlier build
    of this process when the layout is still the same, its changed articles put in."""
    kept = _kept(state)
    paths, plain, _ = kept[1]
    if kept[2] is None:
        kept[2] = Layout.restore(plain, paths, state.sources)
    else:
        kept[2].refresh(plain, state.sources)
    return kept[2]


def _same_layout(cache: Cache, previous: dict, frame: bytes, out: OutputFolder, after: dict) -> set[str] | None:
    """Return the pages that may have changed when the edits since the last build kept the site's layout.

    The layout (which pages there are, and which articles each shows) follows from a few fields of each
    article (`plan.layout_fields`). When the last build was whole, made with the same templates and static
    files, the same files hold articles and every article that changed kept those fields, only the pages
    showing a changed article can differ: those are returned, and the others, still there as the last build
    left them, are noted as unchanged (into `after`). Otherwise None: the whole site is planned again.
    """
    state = cache.state
    if not state.layout or not state.inputs or state.frame != frame or state.sources.keys() != previous.keys():
        return None
    changed = []
    paths, plain, shown = _kept_layout(state)
    titles = plain[0]  # some article names related headlines (matched by title)
    for rel, source in state.sources.items():
        old = previous[rel]
        if source is old or source.same_article(old):
            continue
        new, was = source.article, old.article
        if new is None or was is None:
            return None
        if layout_fields(new, titles) != layout_fields(was, titles):
            return None
        changed.append(rel)
    if changed:
        where = {entry[0]: n for n, entry in enumerate(plain[2])}  # an article left out has no entry
        only = {paths[i] for rel in changed if rel in where for i in shown[where[rel]]}
    else:
        only = set()
    before = state.outputs
    kept = [(path, before.get(path)) for path in paths if path not in only]
    if any(old is None or not out.intact(path, old[1], old[2]) for path, old in kept):
        return None  # a page gone or changed by hand: planned and made again with the rest
    for path, old in kept:
        out.note(path, False)
        after[path] = old
    return only


def _inputs(cache: Cache | None, frame: bytes) -> bytes:
    """Return a hash of everything the pages are made from: the articles' files and the `_frame` (the settings
    and code are the cache's keys)."""
    if cache is None:
        return b""
    sources = [(rel, s.digest) for rel, s in cache.state.sources.items()]
    return hashlib.blake2b(marshal.dumps((frame, sources), 2), digest_size=16).digest()


def _all_intact(out: OutputFolder, outputs: dict[str, tuple[bytes, int, int]]) -> bool:
    """Note every file of the last build as unchanged when all are there as it left them; else note none."""
    if not outputs or any(not out.intact(p, size, mtime) for p, (_, size, mtime) in outputs.items()):
        return False
    for path in outputs:
        out.note(path, False)
    return True


def _fingerprint(template_set: bytes | None, key: tuple | None) -> bytes | None:
    """Return a hash of what makes a page (None for a page that must always be rendered)."""
    if key is None or template_set is None:
        return None
    return hashlib.blake2b(marshal.dumps((template_set, key), 2), digest_size=16).digest()


def _file_fingerprint(source: Path, cache: Cache | None) -> bytes:
    """Return a hash of a static file's bytes, hashing again only when its stat changed."""
    st = os.stat(source)
    files = cache.state.files if cache is not None else {}
    known = files.get(str(source))
    if known is not None and known[0] == st.st_mtime_ns and known[1] == st.st_size:
        return known[2]
    digest = hashlib.blake2b(source.read_bytes(), digest_size=16).digest()
    if cache is not None:
        files[str(source)] = (st.st_mtime_ns, st.st_size, digest)
        cache.dirty = True
    return digest


# -- rendering: in this process, or in forked workers that share the plan -------------------------------------

_SHARED: tuple = ()
_RENDERERS: dict[tuple, object] = {}


def _render(config: SiteConfig, dirs: list[Path], sets: dict[str, bytes], cache: Cache | None,
            todo: list[tuple[Page, bytes]], out: OutputFolder, jobs: int | None):
    """Render and write the pages of `todo`; yield (wrote, size, mtime_ns) for each, in order."""
    if not todo:
        return
    from site_gen.build.render import Renderer

    compiled = cache.folder / "jinja" if cache is not None else None
    key = (repr(config), tuple(dirs), compiled, tuple(sorted(sets.items())))  # any template change: a new one
    renderer = _RENDERERS.get(key)
    if renderer is None:  # kept for the next build of a long-running watch or serve (Jinja sees template edits)
        _RENDERERS.clear()
        renderer = _RENDERERS[key] = Renderer(config, dirs, compiled)
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    for name in sorted({page.template for page, _ in todo}):
        renderer.env.get_template(name)  # template errors show here, once, before any worker starts
    workers = min(jobs or os.cpu_count() or 1, len(todo) // (POOL_MIN // 2) or 1)
    if workers > 1 and len(todo) >= POOL_MIN and threading.active_count() == 1 and hasattr(os, "fork"):
        import gc
        import multiprocessing

        global _SHARED
        _SHARED = (renderer, todo, out)
        gc.freeze()  # the workers share the plan's pages instead of copying them as the collector walks them
        try:
            size = 64
            chunks = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
            # A worker's copy of the plan grows as it touches objects (reference counts are writes): workers
            # are replaced now and then, so none ends up with a whole copy of a large site.
            with multiprocessing.get_context("fork").Pool(workers, _exit_on_terminate, maxtasksperchild=64) as pool:
                for done in pool.imap(_render_chunk, chunks):
                    yield from done
        finally:
            _SHARED = ()
            gc.unfreeze()
        return
    for page, _ in todo:
        yield _render_one(renderer, out, page)


def _exit_on_terminate() -> None:
    """In a render worker: make the pool's SIGTERM (sent when another worker failed, say on a full disk) an
    exit that unwinds, so a page being written removes its temporary file instead of leaving it behind."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))


def _render_chunk(indexes: range) -> list[tuple[bool, int, int]]:
    renderer, todo, out = _SHARED
    return [_render_one(renderer, out, todo[i][0]) for i in indexes]


def _render_one(renderer, out: OutputFolder, page: Page) -> tuple[bool, int, int]:
    done = out.put(page.path, renderer.render(page))
    page.forget()
    return done


# -- the search index ----------------------------------------------------------------------------------------

def _search(out: OutputFolder, cache: Cache | None, before: dict, after: dict, reporter: Reporter,
            later: bool = False) -> list[SiteError]:
    """Index the site with Pagefind when a page changed since the last index; return the error if it failed.

    `later`: keep the last index as it is and note that it is behind when pages changed.
    """
    from site_gen.build.search import search_index

    gone = {p for p in out.previous - out.current if not p.startswith("pagefind/")}
    last = cache.state.search if cache is not None else None
    behind = any(p.endswith(".html") for p in out.written) or any(p.endswith(".html") for p in gone) or (
        cache is not None and cache.state.search_stale)
    kept = last is not None and all(p in before and out.intact(p, before[p][1], before[p][2]) for p in last)
    if kept and (later or not behind):
        for p in last:
            out.note(p, False)
            after[p] = before[p]
    if later and cache is not None and (behind or not kept) != cache.state.search_stale:
        cache.state.search_stale = behind or not kept
        cache.dirty = True
    if later or (kept and not behind):
        return []
    errors: list[SiteError] = []
    with search_index(out.root) as (files, error):
        errors += _report(reporter, [error] if error else [])
        out.expect(path for path, _ in files)
        for path, source in files:
            wrote, size, mtime = out.put(path, source.read_bytes())
            out.note(path, wrote)
            after[path] = (b"search", size, mtime)
    if cache is not None:
        cache.state.search = None if error else tuple(path for path, _ in files)
        cache.state.search_stale = False
        cache.dirty = True
    return errors


def _report(reporter: Reporter, errors) -> list[SiteError]:
    for error in errors:
        reporter.error(error)
    return list(errors)
