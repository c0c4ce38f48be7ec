"""The loop body of `watch` and `serve`: a batch of changed paths in, ingest and build what it touches."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from site_gen.build.options import BuildOptions, BuildResult
from site_gen.build.run import building, refresh_search
from site_gen.build.session import BuildSession
from site_gen.config import CONFIG_NAME, SiteConfig, load_config
from site_gen.errors import SiteError, SiteGenError
from site_gen.ingest import DUMP_SUFFIXES, ingest, retract
from site_gen.ingest.known import ArticleFiles
from site_gen.reporter import Reporter, count, ingest_line, took


@dataclass
class Outcome:
    """What one pass of the loop did."""

    ingested: int = 0
    built: BuildResult | None = None
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    """How long the pass took, ingest and build."""


class DevSession:
    """Keeps `output/` in step with the site's sources; `watch` and `serve` feed it change batches."""

    def __init__(self, root: Path, reporter: Reporter, search: bool = True, lock=None,
                 on_build: Callable[[Outcome], None] | None = None):
        self.root = Path(root).resolve()
        self.reporter = reporter
        reporter.rounds = True  # a rebuild on each save: what it says again is counted, not repeated
        self.search = search
        self.lock = lock
        self.on_build = on_build
        self.config: SiteConfig = load_config(self.root)
        self.builds = BuildSession()
        """What every build of this process reuses from the last one (bounded: the last of each kind)."""
        self.search_pending = False
        """Pages changed since the search index was made: it is made again at the next quiet moment."""
        self.unchecked = False
        """The last build went by the file-system events alone (see `build`'s hints): the next quiet moment
        makes one that looks at every file, and mends what events may have missed."""
        self.files = ArticleFiles(self.articles)
        """What ingest knows of the article files, kept up to date by the events (see `ArticleFiles`)."""

    # -- what to watch --------------------------------------------------------------------------

    @property
    def raw(self) -> Path:
        return self.config.path(self.config.raw_dir)

    @property
    def articles(self) -> Path:
        return self.config.path(self.config.articles_dir)

    @property
    def output(self) -> Path:
        return self.config.path(self.config.output_dir)

    def watched(self) -> list[Path]:
        """Return the folders and files whose changes matter: dumps, articles, templates, site.toml."""
        self.raw.mkdir(parents=True, exist_ok=True)
        self.articles.mkdir(parents=True, exist_ok=True)
        paths = [self.raw, self.articles, self.root / CONFIG_NAME]
        templates = self.root / "templates"
        if templates.is_dir():
            paths.append(templates)
        return paths

    def skipped(self) -> list[Path]:
        """Return folders whose changes never trigger a build (the output and caches)."""
        return [self.output, self.root / ".cache", self.root / ".git"]

    # -- the loop ---------------------------------------------------------------------------------

    def run(self, poll: bool, ready: str, started: Callable[[], None] | None = None) -> None:
        """Build everything, then ingest and rebuild what each batch of changes touches, until Ctrl-C.

        `ready` is said once watching; `started` is called after the first build (serve starts serving)."""
        from site_gen.dev.watch import Watcher

        self.start()
        if started is not None:
            started()
        _warm_up_ingest()
        with Watcher(self.watched(), skip=self.skipped(), poll=poll, idle=IDLE_SECONDS) as watcher:
            self.files.forget()  # what changed before the watcher started is seen at the next look
            self.reporter.note(ready)
            try:
                for batch in watcher:
                    self.handle(batch)
            except KeyboardInterrupt:
                self.reporter.note("stopped")

    def start(self) -> Outcome:
        """Ingest every dump, then build the whole site."""
        outcome = Outcome()
        started = time.perf_counter()
        self._ingest([self.raw], [], outcome, set(), started)
        self._build(outcome, None, started)
        return outcome

    def handle(self, batch: set[Path]) -> Outcome:
        """Re-ingest the dumps in `batch`, then rebuild if anything the site shows changed.

        An empty batch means nothing changed for a while: a build that looks at every file follows one that
        went by the events alone, and the search index is brought up to date.
        """
        outcome = Outcome()
        started = time.perf_counter()
        if not batch:
            if self.unchecked:  # every file looked at, then the search index made of the pages
                self.unchecked = False
                self.files.forget()
                self._build(outcome, None, started)
            if self.search_pending:
                self._refresh_search(outcome)
            return outcome
        self.reporter.changed(batch, self.root)
        self.files.named(batch)
        rebuild = False
        if self.root / CONFIG_NAME in batch:
            try:
                self.config = load_config(self.root)
                self.files = ArticleFiles(self.articles)
                rebuild = True
            except SiteGenError as exc:
                outcome.errors.append(str(exc))
                self.reporter.error(SiteError(exc.path or CONFIG_NAME, exc.message))
                self._publish(outcome)
                return outcome
        dumps = [p for p in batch if _under(p, self.raw)]
        present = [p for p in dumps if p.is_dir() or (p.is_file() and p.suffix.lower() in DUMP_SUFFIXES
                                                      and not p.name.startswith("."))]
        gone = [p for p in dumps if not p.exists() and p.suffix.lower() in DUMP_SUFFIXES]
        hints = {p for p in batch if _under(p, self.articles)}
        if present or gone:
            rebuild |= self._ingest(present, gone, outcome, hints)
        rebuild |= any(not _under(p, self.raw) for p in batch)
        if rebuild:
            self._build(outcome, hints, started)
        return outcome

    def _ingest(self, present: list[Path], gone: list[Path], outcome: Outcome, written: set[Path],
                started: float | None = None) -> bool:
        """Ingest and retract dumps; add the article files written or removed to `written`. `started`: report
        the whole ingest in one line (the first pass), rather than dump by dump."""
        changed = 0
        if present:
            result = ingest(present, self.articles, self.root, self.reporter, overrides=self.config.sources,
                            articles=self.files, within=self.raw)
            changed += len(result.written)
            written.update(result.written)
            outcome.errors += [str(e) for e in result.errors]  # hand edits kept are warnings, not failures
            if started is not None:
                self.reporter.note(ingest_line(result, time.perf_counter() - started))
            else:
                self._said(f"ingested {dump} into {_shown(article, self.root)}"
                           for article, dump in result.dumps.items())
        if gone:
            result = retract(gone, self.articles, self.root, self.reporter, articles=self.files)
            changed += len(result.written)
            written.update(result.written)
            self._said(f"removed {_shown(article, self.root)}: its dump is gone" for article in result.written)
        outcome.ingested = changed
        return changed > 0

    def _said(self, lines, most: int = 10) -> None:
        lines = list(lines)
        for line in lines[:most]:
            self.reporter.note(line)
        if len(lines) > most:
            self.reporter.note(f"... and {len(lines) - most} more")

    def _build(self, outcome: Outcome, hints: set[Path] | None, started: float) -> None:
        """Build; `hints`: the article files changed since the last build (None: look at every file)."""
        # The pages first, the search index at the next quiet moment: indexing a large site takes far longer
        # than an edit, and the open page should not wait for it. The open pages are told to reload before
        # the build state is written (when `building`'s block ends).
        # The dev server's lock (`writing`) is held while pages are written, and let go before they are told
        # to reload.
        options = self._options(search_later=True, hints=hints, writing=self.lock, early=True)
        try:
            with building(self.config, options, self.reporter) as built:
                outcome.built = built
                self.unchecked = hints is not None
                outcome.errors += [str(e) for e in built.errors]
                self.search_pending = built.search_pending
                outcome.seconds = time.perf_counter() - started
                self._publish(outcome)
            return
        except SiteGenError as exc:
            outcome.errors.append(str(exc))
            self.reporter.error(SiteError(exc.path or "build", exc.message))
        except Exception as exc:  # a bug or a broken template must not stop the watcher
            where = traceback.extract_tb(exc.__traceback__)[-1]
            message = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
            outcome.errors.append(message)
            self.reporter.error(SiteError("build", message))
        if outcome.built is None:
            outcome.seconds = time.perf_counter() - started
            self._publish(outcome)

    def _options(self, **options) -> BuildOptions:
        return BuildOptions(self.articles, self.output, search=self.search, session=self.builds, **options)

    def _refresh_search(self, outcome: Outcome) -> None:
        # Only the index is written (no page), so pages are served meanwhile; each index file is replaced whole.
        self.search_pending = False
        started = time.perf_counter()
        try:
            result = refresh_search(self.config, self._options(), self.reporter)
        except SiteGenError as exc:
            outcome.errors.append(str(exc))
            self.reporter.error(SiteError(exc.path or "search", exc.message))
            return
        outcome.errors += [str(e) for e in result.errors]
        result_seconds = time.perf_counter() - started
        self.reporter.note(f"search index: {count(len(result.written), 'file')} written; {took(result_seconds)}")

    def _publish(self, outcome: Outcome) -> None:
        if outcome.built is not None:
            self.reporter.built(outcome.built, outcome.seconds, len(outcome.errors), self.search, self.output)
        if self.on_build is not None:
            self.on_build(outcome)


IDLE_SECONDS = 1.0  # watch and serve update the search index once nothing changed for this long


def _warm_up_ingest() -> None:
    """Load ingest's language model and patterns in the background, so the first dump dropped in while
    watch or serve runs is not the one that waits for them (~1 s)."""
    import threading

    from site_gen.ingest.run import warm_up

    threading.Thread(target=warm_up, kwargs={"stories": True}, name="ingest-warm-up", daemon=True).start()


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
