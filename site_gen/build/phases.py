"""One build as named phases: load, nothing_changed, plan, sort, render, index, commit (`SiteBuild.run`).

Each phase reads what the earlier ones found (the articles, the plan, the pages to make) from the build and
notes what it did in it: `before` (what the last build left, by output path) and `after` (what this one
verified or wrote). The decisions live in the stages' modules: which files changed (`load`), which pages the
layout keeps (`reuse`), what a page is (`plan`), how it is written (`write`), the index (`search`).
"""

from __future__ import annotations

import gc
from datetime import datetime
from operator import itemgetter
from zoneinfo import ZoneInfo
from typing import TYPE_CHECKING, Iterable

from site_gen.build import media
from site_gen.build.layout import KeptLayout, Layout, encode_layout
from site_gen.build.load import LoadResult, hinted_names, load_articles
from site_gen.build.look import Look, articles_found, look_at_outputs
from site_gen.build.plan import Page, SitePlan, plan
from site_gen.build.reuse import changed_keeping_layout, kept_pages_showing, moved_articles, same_article_pages
from site_gen.build.reuse import showing
from site_gen.build.search import IndexRun, index_intact, note_behind, scratch_folder, stamp_index, update_index
from site_gen.build.search import wanted_shards
from site_gen.build.options import BuildOptions, BuildResult
from site_gen.build.session import BuildSession
from site_gen.build.state import Formats, StateStore, code_key
from site_gen.build.templates import SiteTemplates, digest
from site_gen.build.write import MANIFEST, OutputFolder, folder_prefix
from site_gen.config import SiteConfig
from site_gen.content import Article
from site_gen.errors import SiteError
from site_gen.reporter import Reporter

EARLY_MOST = 20  # articles that came or moved at most, for their pages to be made before the whole plan

if TYPE_CHECKING:  # rendering (Jinja, Babel) is imported when there is a page to render, not for a no-change build
    from site_gen.build.render import Renderer


class SiteBuild:
    """One build: its phases, and what they found out on the way."""

    def __init__(self, config: SiteConfig, options: BuildOptions, reporter: Reporter, store: StateStore | None,
                 looks: list[Look] | None = None):
        self.config = config
        self.looks = looks if looks is not None else []
        """Looks at files' stat in other processes (see `look`): the article files' first, if any."""
        self.articles_look = next((f for f in self.looks if f.kind == "articles" and not f.done), None)
        self.options = options
        self.reporter = reporter
        self.store = store
        self.session = options.session or BuildSession()
        self.errors: list[SiteError] = []
        self.before: dict[str, tuple] = {}
        """What the last build left: (fingerprint, size, mtime_ns, bodies read) by output path."""
        self.after: dict[str, tuple] = {}
        """The same, for what this build verified or wrote so far."""
        self.laid_out: SitePlan | None = None
        """A plan of the whole site, once this build made one: kept with the state when the build is whole."""
        self.planned: SitePlan | None = None
        """The plan this build made (whole or of some pages)."""
        self.made: set[str] = set()
        """Every file the plan makes (the pages not planned again too)."""
        self.out: OutputFolder | None = None
        """The output folder, opened when the build starts (how far it trusts what it holds depends on it)."""
        self.first: list[str] = []
        """The pages made before the whole plan (`_show_first`)."""
        self.changed: list[str] | None = None
        """The articles (by name) that changed, when the edits kept the layout; None: the whole site planned."""
        self.whole = False
        self.media: list[media.Job] = []
        """The picture variants the planned articles need (the others' are kept as the last build left them)."""
        self.missing: list[media.Missing] = []
        """The pictures the planned articles name that are not there."""
        self._formats: dict | None = None
        today = options.today or datetime.now(ZoneInfo(config.timezone)).date()
        self.cutoff = (today.year - 1, today.month)
        """The build's (year, month) a year ago: articles of earlier months are old news."""

    def run(self) -> BuildResult:
        """Run the phases; return what was done."""
        if self.store is not None:
            code = code_key()
            # The content folder as it is on disk: `build` names it as typed, watch and serve in full.
            content = str(self.options.content.resolve())
            self.store.keyed((code, self.config.language, self.config.timezone, content),
                             (code, repr(self.config)))
            self.before = self.store.state.outputs
        hints = self._hints()
        # The last build's files, looked at while the output folder's manifest is read and the articles are
        # loaded (at 100,000 articles reading the manifest takes ~0.15 s).
        found = look_at_outputs(folder_prefix(self.options.out), self.before) if hints is None else None
        if found is not None:
            self.looks.append(found)  # (stopped by `run.building` if the folder is refused)
        self.out = OutputFolder(self.options.out, force=self.options.force, trust=hints is not None)
        if found is not None:
            self.out.looked_at(self.before, found)
        gc.disable()  # loading and planning make many objects and no garbage: the collector would only slow them
        try:
            previous = self.store.state.sources if self.store is not None else {}
            loaded = self.load(hints)
            templates = SiteTemplates(self.config, self.options.search, self.store)
            # Which articles are old news changes with the month: then the whole site is planned again.
            templates.frame = digest((templates.frame, self.cutoff))
            inputs = templates.inputs(self.store) if self.store is not None else b""
            if self.nothing_changed(templates, inputs):
                return self.result(self.store.state.planned[0], (), 0)
            site, _ = self.plan(loaded, previous, templates)
        finally:
            # What is made so far lives until the build ends: later collections need not walk it. It stays
            # frozen until `run.building` has committed the state (a collection of everything there took
            # 0.18 s at 10,000 articles, and found nothing to free).
            gc.freeze()
            gc.enable()
        try:
            pages, copies = self.sort(site, templates)
            self.render(pages, copies, templates)
            self.index(site)
            if self.store is not None:
                self.store.change(inputs=inputs)
            self.whole = True
        finally:
            if self.store is not None and self.after != self.before:
                self.store.change(outputs=self.after)
        return self.result(site.entries, (*self.first, *(page.path for page, _ in pages)), len(site.pages))

    # -- the phases -----------------------------------------------------------------------------------------

    def load(self, hints: set[str] | None) -> LoadResult:
        """Load the articles (parsing only what changed), and say which files failed."""
        look, self.articles_look = self.articles_look, None
        scanned = articles_found(look) if look is not None and hints is None else None
        loaded = load_articles(self.options.content, self.config, self.store, self.options.jobs, hints,
                               self.session, scanned)
        self.errors += _report(self.reporter, loaded.errors)
        store = self.store
        if store is not None and (loaded.sources != store.state.sources or loaded.failing != store.state.failing):
            store.change(sources=loaded.sources, failing=loaded.failing)
            if loaded.looked:  # files not looked at keep the time of the last look: too recent ones are hashed
                store.change(scanned_ns=min(store.started_ns, look.started_ns) if scanned else store.started_ns)
        return loaded

    def nothing_changed(self, templates: SiteTemplates, inputs: bytes) -> bool:
        """Return True when the site's `inputs` are the last whole build's and its files are all still there
        (then noted as unchanged): there is nothing to do."""
        store = self.store
        if store is None or store.state.inputs != inputs or templates.pictures_moved():
            return False
        if self.options.search and not self.search_later and store.state.search_stale:
            return False
        outputs = store.state.outputs
        if not outputs or not self.out.all_intact(outputs) or not index_intact(self.out, store.state.search):
            return False
        self.out.note_unchanged(outputs)
        for warning in _warnings(store.state.planned):  # said again while the pictures are still missing
            self.reporter.warn(SiteError(*warning))
        self.errors += _report(self.reporter, [SiteError(*e) for e in store.state.planned[1]])
        return True

    def plan(self, loaded: LoadResult, previous: dict, templates: SiteTemplates) -> tuple[SitePlan, set | None]:
        """Lay the site out: only the pages showing an edited article when the edits kept the layout (`only`),
        else every page."""
        store = self.store
        only = self._same_layout(previous, templates) if store is not None else None
        reads = templates.reads(store)
        if only is not None:  # the layout kept: the articles the pages show are all that is read
            kept = self._kept_layout()
            site = plan(None, self.config, search=self.options.search, only=only, reads=reads, cutoff=self.cutoff,
                        layout=kept.restored(store.state.sources), formats=self.formats)
            changed = [a for rel in self.changed if (a := store.state.sources[rel].article) is not None]
            mine = {a.path for a in changed}  # the other articles' warnings are the last build's
            warnings = self._pictures(changed, templates,
                                      [w for w in _warnings(store.state.planned) if w[0] not in mine])
        else:
            layout = Layout.of(loaded.articles)
            moved = moved_articles(store.state.sources, previous) if store is not None else set()
            if self.options.early and moved:
                self._show_first(layout, moved, templates, reads)
            site = plan(None, self.config, search=self.options.search, reads=reads, cutoff=self.cutoff,
                        layout=layout, formats=self.formats, same=self._same_pages(layout, moved, templates))
            self.laid_out = site
            warnings = self._pictures(loaded.articles, templates)
        self.planned = site
        self.errors += _report(self.reporter, site.errors)
        if store is not None:
            planned = (site.entries, tuple((e.path, e.message, e.line) for e in site.errors), warnings)
            store.change(inputs=b"", planned=planned, frame=templates.frame)  # inputs: once the build is whole
            if only is None:
                store.change(layout=b"")  # the new one is kept when the build is whole
        paths = list(self._kept_layout().paths) if only is not None else [page.path for page in site.pages]
        paths += [path for path, _ in templates.static] + [job.path for job in self.media]
        if only is not None:  # the other articles' pictures, kept (see `_same_layout`)
            paths += [path for path in self.after if path.startswith(f"{media.MEDIA}/")]
        self.out.expect(paths)
        self.made = set(paths)
        return site, only

    def sort(self, site: SitePlan, templates: SiteTemplates) -> tuple[list[tuple[Page, bytes | None]], list]:
        """Return the pages to render (with their fingerprints) and the static files to copy: the others are
        as the last build left them, and are noted so."""
        pages = []
        first = self.after  # pages this build made already (`_show_first`), else none
        for page in site.pages:
            old = self.before.get(page.path)
            if page.kept:  # its key is the last build's (see `_same_pages`), and so is its fingerprint
                fp = old[0] if old is not None else None
            else:
                fp = _fingerprint(templates.sets.get(page.template), page.key)
            made = first.get(page.path) if first else None
            if made is not None and made[0] == fp and _same_reads(page, made[3]):
                continue  # made by `_show_first`, and noted then
            if self._as_left(page, fp, old):
                self.out.note(page.path, False)
                self.after[page.path] = old
            else:
                pages.append((page, fp))
        copies = []
        made = [(path, source.read_bytes, templates.filedigest(source)) for path, source in templates.static]
        made += media.makers(self.media, templates.filedigest)
        for path, make, fp in made:
            old = self.before.get(path)
            if fp is None:
                continue  # a picture whose file is gone: nothing to make
            if old is not None and old[0] == fp and self.out.intact(path, old[1], old[2]):
                self.out.note(path, False)
                self.after[path] = old
            else:
                copies.append((path, make, fp))
        whole = self.laid_out is not None  # else the other articles' pictures are kept: so are their hashes
        used = {str(job.source) for job in self.media} | {str(m.source) for m in self.missing if m.source}
        templates.keep(self.store, used if whole else None)
        if self.options.writing is not None:  # what this build may write or remove: the rest can be read
            self.options.writing.open_except({page.path for page, _ in pages} | {path for path, _, _ in copies}
                                             | {MANIFEST} | {path for path in self.out.listed
                                                             if path not in self.made})
        return pages, copies

    def render(self, pages: list[tuple[Page, bytes | None]], copies: list, templates: SiteTemplates) -> None:
        """Render and write the pages, copy the static files; note each in `after` as it is done."""
        renderer = self._renderer(templates)
        writing = self.options.writing
        with self.reporter.progress(len(pages), "pages") as progress:
            from site_gen.build.render import render_all

            rendered = render_all(renderer, [page for page, _ in pages], self.out, self.options.jobs)
            # strict: `rendered` is read to its end, or stops with an error: never left half read
            for (page, fp), (wrote, size, mtime, read) in zip(pages, rendered, strict=True):
                self.out.note(page.path, wrote)
                if fp is not None:
                    self.after[page.path] = (fp, size, mtime, read)
                if writing is not None:
                    writing.done(page.path)
                progress.update()
        for path, make, fp in copies:  # static files, and pictures converted (once: see `sort`)
            wrote, size, mtime = self.out.put(path, make())
            self.out.note(path, wrote)
            self.after[path] = (fp, size, mtime, ())

    def index(self, site: SitePlan) -> None:
        """Bring the search index up to date with the articles, after the pages (Pagefind beside the render
        workers took as much CPU again on two cores and pushed a 10,000-article build past 500 MB); watch and
        serve (`search_later`) only note that it is behind, and leave it to the next quiet moment."""
        if not self.options.search:
            return
        changed = self.changed if self.laid_out is None else None  # the edits kept the layout
        with scratch_folder(self.store) as scratch:
            run = IndexRun(self.out, self.store, self.before, self.after, scratch, self.config.language,
                           self.options.jobs)
            if self.search_later:
                note_behind(run, changed)
                return
            wanted = wanted_shards(run, site.layout.entries, changed, lambda: self._kept_layout().plain[2])
            self.errors += _report(self.reporter, update_index(run, wanted))

    def commit(self) -> None:
        """Keep what this build made with the state (the whole plan's layout too, when the build is whole)
        and write the state; a state that cannot be written is only a warning."""
        if self.store is None:
            return
        if self.whole and self.laid_out is not None:
            self.store.change(layout=encode_layout(self.laid_out.pages, self.laid_out.layout,
                                                   self.store.state.sources))
        if self._formats is not None and self._formats != self.store.state.formats.items():
            self.store.change(formats=Formats(items=dict(self._formats)))
        try:
            self.store.commit()
        except OSError as exc:  # a full disk, a read-only site: only a warning
            self.reporter.warn(SiteError(str(self.store.folder), f"build cache not saved: {exc.strerror or exc}"))

    def release(self) -> None:
        """Let go of the plan's pages' ties to the plan (`SitePlan.release`) once the build is over, so that a
        long-running watch or serve frees each plan when it is done with it, not at some full collection
        (it grew ~0.6 MB a change at 10,000 articles, each whole plan kept until then)."""
        if self.planned is not None:
            self.planned.release()

    def result(self, articles: int, rendered: tuple[str, ...], planned: int) -> BuildResult:
        removed = self.out.finish()
        if self.store is not None:
            stamp_index(self.out, self.store)  # once the files no longer made are gone from the shards' folders
        pending = self.options.search and self.store is not None and self.store.state.search_stale
        return BuildResult(articles, tuple(self.out.written), tuple(self.out.unchanged), tuple(removed),
                           tuple(self.errors), rendered, planned, pending)

    # -- helpers of the phases ------------------------------------------------------------------------------

    @property
    def formats(self) -> dict:
        """Dates and numbers formatted for pages (see `i18n.Chrome.formats`), kept with the state: read from it
        when the build first plans or renders a page."""
        if self._formats is None:
            self._formats = dict(self.store.state.formats.items()) if self.store is not None else {}
        return self._formats

    @property
    def search_later(self) -> bool:
        return self.options.search and self.options.search_later and self.store is not None

    def _hints(self) -> set[str] | None:
        """The article files among the hints (`load.hinted_names`); None when there is no whole build to go
        on from."""
        if self.options.hints is None or self.store is None or not self.store.state.inputs:
            return None
        return hinted_names(self.options.hints, self.options.content)

    def _kept_layout(self) -> KeptLayout:
        """Return the last whole plan's layout, decoded once per process and layout (see `BuildSession`)."""
        encoded = self.store.state.layout
        kept = self.session.reuse("layout", id(encoded), lambda: KeptLayout(encoded))
        return kept if kept.encoded is encoded else KeptLayout(encoded)

    def _same_layout(self, previous: dict, templates: SiteTemplates) -> set[str] | None:
        """Return the pages that may have changed when the edits since the last build kept the site's layout.

        The layout (which pages there are, and which articles each shows) follows from a few fields of each
        article (`layout.layout_fields`). When the last build was whole, made with the same templates and
        static files, the same files hold articles and every article that changed kept those fields, only the
        pages showing a changed article can differ: those are returned, and the others, still there as the
        last build left them, are noted as unchanged. Otherwise None: the whole site is planned again.
        """
        state = self.store.state
        if not state.layout or not state.inputs or state.frame != templates.frame or \
                state.sources.keys() != previous.keys() or templates.pictures_moved():
            return None
        kept = self._kept_layout()
        changed = changed_keeping_layout(state.sources, previous, kept)
        if changed is None:
            return None
        self.changed = changed
        pictures = media.kept(self.before, [a for rel in changed
                                            for a in (state.sources[rel].article, previous[rel].article)])
        only = kept_pages_showing(kept, changed)
        before = self.before
        others = {path: before.get(path) for path in kept.paths if path not in only}
        others.update(pictures)  # those of the other articles are as they were, like the pages showing them
        # (All but a few of a large site's pages, in one loop each: a good part of a one-article edit's time.)
        if None in others.values() or not self.out.all_intact(others):
            return None  # a page gone or changed by hand: planned and made again with the rest
        self.out.note_unchanged(others)
        self.after.update(others)
        return only

    def _pictures(self, articles: Iterable[Article], templates: SiteTemplates, kept: Iterable[tuple] = ()) -> tuple:
        """Find the picture variants the planned articles need; say which pictures they name cannot be shown,
        with the warnings `kept` of the articles not planned again, in the articles' order; return them all."""
        self.media, self.missing = media.jobs(articles, self.config)
        templates.missing(m.source for m in self.missing if m.source is not None)
        found = [m.error() for m in self.missing]
        warnings = sorted([*kept, *((e.path, e.message) for e in found)], key=itemgetter(0))
        for warning in warnings:
            self.reporter.warn(SiteError(*warning))
        return tuple(warnings)

    def _show_first(self, layout: Layout, moved: set[str], templates: SiteTemplates, reads: dict) -> None:
        """Watch and serve (`BuildOptions.early`): make the pages showing the articles that came or moved (a
        new article's page, its lists, its day) before planning the whole site; the whole plan then finds
        them made (`sort`). They are served as soon as they are written (`Writing.done`)."""
        state = self.store.state
        if len(moved) > EARLY_MOST:
            return
        first = plan(None, self.config, search=self.options.search, only=showing(layout, state.sources, moved),
                     reads=reads, cutoff=self.cutoff, layout=layout, formats=self.formats)
        pages = []
        for page in first.pages:
            fp = _fingerprint(templates.sets.get(page.template), page.key)
            if fp is not None and not self._as_left(page, fp, self.before.get(page.path)):
                pages.append((page, fp))  # (a page without a fingerprint is left to the whole plan)
        self.out.expect([page.path for page, _ in pages])
        try:
            self.render(pages, [], templates)
        finally:
            first.release()
        self.first = [page.path for page, _ in pages]

    def _as_left(self, page: Page, fp: bytes | None, old: tuple | None) -> bool:
        """Return True when the page's fingerprint and the bodies it read are the last build's (`old`), and
        its file is still there as that build left it: then it need not be made again."""
        return fp is not None and old is not None and old[0] == fp and _same_reads(page, old[3]) \
            and self.out.intact(page.path, old[1], old[2])

    def _same_pages(self, layout: Layout, moved: set[str], templates: SiteTemplates) -> set[str]:
        """Return the article pages of a new whole plan whose key is the last build's (`reuse`): when the last
        build was whole, with these templates and pictures, and its layout is kept."""
        store = self.store
        state = store.state if store is not None else None
        if state is None or not state.layout or not state.inputs or state.frame != templates.frame or \
                templates.pictures_moved():
            return set()
        return same_article_pages(layout, self._kept_layout(), state.sources, moved)

    def _renderer(self, templates: SiteTemplates) -> "Renderer":
        """Return the Jinja environment for these templates and settings (a session keeps it: a template
        saved changes its set's hash, which makes a new one, so Jinja need not check templates a page)."""
        compiled = self.store.folder / "jinja" if self.store is not None else None
        if compiled is not None:
            compiled.mkdir(parents=True, exist_ok=True)
        key = (repr(self.config), tuple(templates.dirs), compiled, tuple(sorted(templates.sets.items())))
        from site_gen.build.render import Renderer

        renderer = self.session.reuse("renderer", key, lambda: Renderer(self.config, templates.dirs, compiled))
        renderer.cutoff = self.cutoff
        renderer.chrome.formats = self.formats
        return renderer


def _same_reads(page: Page, read: tuple) -> bool:
    """Return True when the bodies a page's templates read last time (see `Renderer.render`) are unchanged:
    each still shown on it (so its entry is among the page's `refs`) with the same digest."""
    if not read:
        return True
    now = {e.article.path: e.article.body.digest for e in page.refs if e is not None}
    return all(now.get(path) == digest for path, digest in read)


def _fingerprint(template_set: bytes | None, key: tuple | None) -> bytes | None:
    """Return a hash of what makes a page (None for a page that must always be rendered)."""
    if key is None or template_set is None:
        return None
    return digest((template_set, key))


def _warnings(planned: tuple) -> tuple:
    """Return the warnings (path, message) the last plan gave (`State.planned`)."""
    return planned[2] if len(planned) > 2 else ()


def _report(reporter: Reporter, errors) -> list[SiteError]:
    for error in errors:
        reporter.error(error)
    return list(errors)
