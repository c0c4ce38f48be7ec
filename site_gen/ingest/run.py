"""The ingest shell: find dumps, clean each (on all cores when there are many), write `.md` files."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from site_gen.content import free_slug, is_remote, outside_site, slugify
from site_gen.errors import SiteError
from site_gen.ingest import dates
from site_gen.ingest.clean import Extracted, clean_text
from site_gen.ingest.decode import NotText, decode_bytes
from site_gen.ingest.dump import NoArticle
from site_gen.ingest.html import clean_html, looks_like_html
from site_gen.ingest.index import Index, digest
from site_gen.ingest.known import ArticleFiles, Known, dump_field  # noqa: F401 - dump_field: accept's
from site_gen.ingest.identity import canonical_url, identity
from site_gen.ingest.mdfile import beside_dump, body_markdown, differences, is_hand_edited, to_markdown
from site_gen.ingest.versions import Version, versions
from site_gen.reporter import Reporter
from site_gen.files import write_atomic

if TYPE_CHECKING:
    from site_gen.ingest.stories import Stories

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
DUMP_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 64 * 1024 * 1024
PARALLEL_FROM = 48
Outcome = tuple[str, bool, "Extracted | str", "Any"]
"""What extracting a dump gave: (digest of its bytes, whether dateparser was asked, the article or why there is
none, the article's MinHash values for `stories`)."""
WRITERS = 4  # threads writing article files: each write waits for the disk (fsync), the others go on
MAX_PENDING = 256  # outcomes held back for file order before the next dump waits for the oldest write


@dataclass
class IngestResult:
    """What one ingest run did, file by file."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    """Articles edited by hand whose dump gives what it gave when they were written or accepted: left as
    they are, without a word."""
    conflicts: list[SiteError] = field(default_factory=list)
    """Articles edited by hand whose dump has changed since: kept, with a warning."""
    overwritten: list[Path] = field(default_factory=list)
    """Articles edited by hand that `force` replaced with their dump's version (they are in `written` too)."""
    errors: list[SiteError] = field(default_factory=list)
    dumps: dict[Path, str] = field(default_factory=dict)
    """The dump (its label) each written article was made from."""
    found: int = 0
    """The dumps found to ingest."""

    @property
    def ok(self) -> bool:
        """True when no dump failed (hand edits kept are the user's work, not failures)."""
        return not self.errors


def find_dumps(paths: Iterable[Path], reporter: Reporter,
               within: Path | None = None) -> tuple[list[Path], list[SiteError]]:
    """Return the dump files under `paths` in a stable order, and the paths named that are none.

    In a folder, other files and hidden ones are passed over quietly; a file named on its own is read
    whatever its name, when its suffix is one of a dump. A symbolic link found in a folder that leads out
    of it (out of `within`, when given: the dumps folder that watch and serve name files of) is not
    followed, since an archive of dumps may hold one to any file of the machine, whose text would be
    published: it is an error naming both."""
    found: list[Path] = []
    errors: list[SiteError] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and f.suffix.lower() in DUMP_SUFFIXES and not any(x.startswith(".") for x in rel):
                    if (error := _link_out(f, within or p)) is not None:
                        errors.append(error)
                    else:
                        found.append(f)
        elif p.is_file():  # named on its own: read it, or say why not
            if p.suffix.lower() not in DUMP_SUFFIXES:
                errors.append(SiteError(str(p), "not a dump: ingest reads .txt, .text, .html and .htm files"))
            elif within is not None and (error := _link_out(p, within)) is not None:
                errors.append(error)
            else:
                found.append(p)
        elif p.exists():  # reading a pipe or a device would wait for ever, or never end
            errors.append(SiteError(str(p), "not a file: a named pipe, a device or a socket"))
        else:
            errors.append(SiteError(str(p), "no such file or folder"))
    return list(dict.fromkeys(found)), errors


def _link_out(f: Path, folder: Path) -> SiteError | None:
    """Return the error for `f` when it is a symbolic link leading out of `folder`, else None (links are
    few: the folder is resolved for each)."""
    if not f.is_symlink():
        return None
    target = f.resolve()
    if target.is_relative_to(folder.resolve()):
        return None
    return SiteError(str(f), f"a symbolic link to {target}, outside {folder}: not read")


def extract_file(path: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Extracted | str:
    """Return the article in one dump file, or the one-line reason there is none."""
    return _extract(path, overrides)[2]


def _extract(path: Path, overrides: Mapping[str, Mapping[str, Any]] | None) -> Outcome:
    """Return (digest of the dump's bytes, whether extraction asked dateparser, what extract_file returns, its
    MinHash values)."""
    calls = dates.dateparser_calls()
    data = b""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            art: Extracted | str = (
                f"too large ({size // 1_000_000} MB; dumps over {MAX_BYTES // 1_000_000} MB are not read)")
        else:
            data = path.read_bytes()
            text = decode_bytes(data)
            page = path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text)
            art = clean_html(text, overrides, path.parent) if page else clean_text(text, overrides)
    except (NotText, NoArticle) as exc:
        art = str(exc)
    except OSError as exc:
        art = f"cannot read: {exc.strerror or exc}"
    except RecursionError:
        art = "too deeply nested to read"
    if isinstance(art, str):
        return "", dates.dateparser_calls() != calls, art, None
    # The text's MinHash (for wire stories) is made here, in the worker, not in the process that writes the
    # articles, which has the most to do. Imported here, not at the top: an ingest that extracts nothing (every
    # dump unchanged) and the commands that only import this module never load datasketch and SciPy (~0.4 s).
    from site_gen.ingest.stories import signature

    return digest(data), dates.dateparser_calls() != calls, art, signature(art.paragraphs)


def warm_up(html: bool = False, stories: bool = False) -> None:
    """Load the language model, stop lists and clutter patterns into this process, trafilatura when `html`
    (saved pages are to be read: importing it takes a worker ~0.3 s, text dumps never need it), and
    datasketch when `stories` (it imports SciPy: ~0.4 s; a dump's MinHash and the wire-story index need it)."""
    from site_gen.ingest import lang, phrases

    if stories:
        import site_gen.ingest.stories  # noqa: F401

    lang.detect("warm up the language model with a sentence")
    lang.stopwords("en")
    phrases.clutter_re(), phrases.related_re(), phrases.wall_re()
    if html:
        import trafilatura  # noqa: F401


def _workers(jobs: int, html: bool) -> ProcessPoolExecutor:
    """Return a pool of `jobs` worker processes ready to extract dumps (`html`: saved pages among them).

    Alone in its process (the command line), ingest loads models and compiles patterns once and forks the
    workers, which share them. Under watch or serve other threads run (the web server, the watcher): a child
    forked while one of them holds a lock (an import, a stream) would wait for it forever, so the workers
    are started afresh there and each warms up on its own.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        # datasketch and SciPy too: imported once here (~0.4 s), rather than by each worker and this process
        # after the fork (1.2 s of CPU on two cores).
        warm_up(html=html, stories=True)
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=warm_up, initargs=(html, True))


def _extract_star(args: tuple[Path, Mapping | None]) -> Outcome:
    return _extract(*args)


def dump_label(path: Path, root: Path, root_resolved: Path | None = None) -> str:
    """Return the dump's path relative to the site root, or as given when it lies outside.

    `root_resolved`: `root.resolve()`, when the caller has it (labelling many dumps).
    """
    try:
        return _readable(path.resolve().relative_to(root_resolved or root.resolve()).as_posix())
    except ValueError:
        return _readable(path.as_posix())


def _readable(label: str) -> str:
    """Return a label whose name holds bytes that are no UTF-8 (a file named on a Latin-1 system) with those
    bytes written as `\\xe9`: as Python reads the name they are lone surrogates, which no article file can
    hold (its front matter would be no YAML the build reads)."""
    try:
        label.encode("utf-8")
        return label
    except UnicodeEncodeError:
        return label.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _labels(files: list[Path], root: Path) -> list[str]:
    """Return `dump_label(f, root)` for each file (`root` resolved), resolving each folder once: a file that
    is no symlink resolves to its folder's resolved path and its name."""
    folders: dict[Path, Path] = {}
    labels = []
    for f in files:
        if f.name in ("", ".", "..") or f.is_symlink():
            labels.append(dump_label(f, root, root))
            continue
        folder = folders.get(f.parent)
        if folder is None:
            folder = folders[f.parent] = f.parent.resolve()
        try:
            labels.append(_readable((folder / f.name).relative_to(root).as_posix()))
        except ValueError:
            labels.append(_readable(f.as_posix()))
    return labels


def ingest(
    paths: list[Path], out: Path, root: Path, reporter: Reporter, force: bool = False,
    overrides: Mapping[str, Mapping[str, Any]] | None = None, jobs: int | None = None,
    articles: ArticleFiles | None = None, within: Path | None = None,
) -> IngestResult:
    """Turn every dump under `paths` into `out/<slug>.md`; report what failed and go on with the rest.
    `articles`: what watch and serve know of `out` (else every file in it is read); `within`: the dumps
    folder of the files named (see `find_dumps`)."""
    result = IngestResult()
    files, missing = find_dumps(paths, reporter, within)
    result.found = len(files)
    for err in missing:
        result.errors.append(err)
        reporter.error(err)
    articles = articles or ArticleFiles(out)
    known = articles.known()
    taken_lower = {t.lower() for t in known.taken}
    root = root.resolve()
    overrides = {k: dict(v) for k, v in (overrides or {}).items()}  # plain dicts cross process boundaries
    jobs = jobs or os.cpu_count() or 1
    index = Index.open(root, out, overrides, known.taken)
    labels = _labels(files, root)
    # A dump whose bytes and article are as the index recorded them would come out unchanged: pass it over.
    slugs = [known.by_dump.get(label) or index.slug_of(label) for label in labels]
    passed = [not force and index.unchanged(f, label, slug, out) for f, label, slug in zip(files, labels, slugs)]
    todo = [f for f, p in zip(files, passed) if not p]
    with reporter.progress(len(files), "ingest") as bar, _Outcomes(result, reporter, index, root, out) as outcomes:
        def store_all(extracted: Iterable[Outcome]) -> None:
            extracted = iter(extracted)
            for path, label, skip, slug in zip(files, labels, passed, slugs):
                if skip:
                    outcomes.add("unchanged", out / f"{slug}.md")
                else:
                    _store(path, label, next(extracted), out, force, known, taken_lower, outcomes)
                bar.update(1)

        if len(todo) >= PARALLEL_FROM and jobs > 1:
            with _workers(jobs, html=any(f.suffix.lower() in HTML_SUFFIXES for f in todo)) as pool:
                store_all(pool.map(_extract_star, [(f, overrides) for f in todo], chunksize=16))
        else:
            store_all(_extract(f, overrides) for f in todo)
        outcomes.save_stories()
    index.save()
    articles.named(result.written)
    return result


class _Outcomes:
    """Each dump's outcome, recorded and reported in dump order, while article files are written on a few threads."""

    def __init__(self, result: IngestResult, reporter: Reporter, index: Index, root: Path, out: Path) -> None:
        self.result, self.reporter, self.index, self.root = result, reporter, index, root
        self.out = out
        self._stories: Stories | None = None
        self.pending: deque[tuple[str, Any, Future | None, tuple | None]] = deque()
        self.writing: dict[Path, Future] = {}
        self.written: set[Path] = set()  # result.written, for lookups
        self.writers = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="ingest-write")

    @property
    def stories(self) -> Stories:
        """The wire-story index, opened when first needed (an ingest with nothing new never reads it)."""
        if self._stories is None:
            from site_gen.ingest.stories import Stories

            self._stories = Stories.open(self.root, self.out)
        return self._stories

    def save_stories(self) -> None:
        if self._stories is not None:
            self._stories.save()

    def __enter__(self) -> _Outcomes:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.settle(keep=0)
        finally:
            # Interrupted: the writes under way finish (each is atomic), the queued ones are dropped.
            self.writers.shutdown(wait=True, cancel_futures=exc_type is not None)

    def add(self, kind: str, what: Any) -> None:
        """Record an outcome that needs no write ("errors", "conflicts", "kept", "unchanged"), after those
        before it."""
        self.pending.append((kind, what, None, None))
        self.settle()

    def write(self, target: Path, data: bytes, entry: tuple | None = None, overwrites_edit: bool = False) -> None:
        """Write an article file; it counts as written, or failed, once the write is done. `entry`: what
        to record in the index once it is written; `overwrites_edit`: the file replaced was edited by hand."""
        job = self.writers.submit(write_atomic, target, data, sync=True)
        self.writing[target] = job
        self.pending.append(("overwritten" if overwrites_edit else "written", target, job, entry))
        self.settle(keep=MAX_PENDING)

    def wait_for(self, target: Path) -> None:
        """Wait until a write of `target` under way is done (a dump named twice, by two paths)."""
        job = self.writing.get(target)
        if job is not None:
            wait([job])

    def settle(self, keep: int | None = None) -> None:
        """Record the outcomes at the head of the queue whose writes are done; with `keep`, wait for writes
        until no more than `keep` outcomes are held back."""
        while self.pending and ((keep is not None and len(self.pending) > keep) or self.pending[0][2] is None
                                or self.pending[0][2].done()):
            kind, what, job, entry = self.pending.popleft()
            if job is not None:
                if self.writing.get(what) is job:
                    del self.writing[what]
                try:
                    job.result()
                except OSError as exc:
                    kind, what = "errors", SiteError(str(what), f"cannot write: {exc.strerror or exc}")
                else:
                    if entry is not None:
                        self.index.record(*entry)
            self._record(kind, what)

    def _record(self, kind: str, what: Any) -> None:
        if kind == "overwritten":
            self.result.overwritten.append(what)
            self.reporter.warn(SiteError(str(what), "edited by hand; replaced with its dump's version (--force)"))
            kind = "written"
        if kind == "written" and what in self.written:  # a newer copy of the page updated it: one article
            self.reporter.detail(f"  wrote {what} again from {self.result.dumps.get(what, 'its dump')}")
            return
        getattr(self.result, kind).append(what)
        if kind == "written":
            self.written.add(what)
        if kind == "errors":
            self.reporter.error(what)
        elif kind == "conflicts":
            self.reporter.warn(what)
        elif kind == "written":
            self.reporter.detail(f"  wrote {what} from {self.result.dumps.get(what, 'its dump')}")


def _store(path: Path, label: str, extracted: Outcome, out: Path, force: bool,
           known: Known, taken_lower: set[str], outcomes: _Outcomes) -> None:
    dump_digest, volatile, art, hashes = extracted
    if isinstance(art, str):
        outcomes.index.forget(label)
        outcomes.add("errors", SiteError(str(path), art))
        return
    ident = identity(art.source_url, body_markdown(art))  # as `recorded` reads it from the article's file
    slug = known.by_dump.get(label) or known.by_identity.get(ident)
    host = canonical_url(art.source_url or "").split("/")[2:3] or [art.source or label]
    story = ""
    if slug is None:
        story = outcomes.stories.find(host[0], art.date, hashes, taken_lower)
        slug = free_slug(slugify(art.title), taken_lower)
        taken_lower.add(slug.lower())
    known.by_dump.setdefault(label, slug)
    known.by_identity.setdefault(ident, slug)
    target = out / f"{slug}.md"
    outcomes.wait_for(target)
    try:
        old = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError):
        old = ""
    version = versions(art, slug, label, old, _saved(path), story)
    story = version.old.story if version.old is not None else story
    outcomes.stories.add(slug, story or slug, host[0], art.date, hashes)
    if old is not None and version.unchanged(old):
        _unchanged(label, version, target, old, None if volatile else dump_digest, outcomes)
        return
    if old and version.old.dump not in (None, label) and _saved(outcomes.root / version.old.dump) > _saved(path):
        _record_copy(label, None if volatile else dump_digest, target, old, outcomes)  # the newest dump wins
        outcomes.reporter.note(f"{label}: an older copy of {target}, which {version.old.dump} (saved later) "
                               "gives; not taken")
        outcomes.add("unchanged", target)
        return
    text = version.text
    entry = None if volatile else (label, dump_digest, slug, text)
    outcomes.index.forget(label)
    edited = bool(old) and is_hand_edited(old)
    if edited and not force:
        _keep_edit(target, old, version, to_markdown(art, slug, label), label, outcomes)
        return
    outcomes.result.dumps[target] = label
    if _outside_site(art, label):
        outcomes.reporter.warn(SiteError(label, "its picture lies outside the site folder, where the build does not "
                                                "look: ingest dumps kept inside the site (such as content/raw/) to "
                                                "show their pictures"))
    outcomes.write(target, text.encode("utf-8"), entry, overwrites_edit=edited)


def _outside_site(art: Extracted, label: str) -> bool:
    """Return True when the article has a picture saved beside its dump whose path, as the article names it,
    the build refuses (the dump lies outside the site folder: `label` names it as given)."""
    return any(outside_site(beside_dump(image, label).src) for image in art.images
               if image.src and not is_remote(image.src))


def _record_copy(label: str, dump_digest: str | None, target: Path, old: str, outcomes: _Outcomes) -> None:
    """Record that the dump `label` leaves its article as `old` (its bytes pass over it until either changes)."""
    if dump_digest is None:
        outcomes.index.forget(label)
    else:
        outcomes.index.record(label, dump_digest, target.stem, old)


def _saved(path: Path) -> float:
    """Return when a dump was saved (its modification time; 0 when it is gone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _unchanged(label: str, version: Version, target: Path, old: str, dump_digest: str | None,
               outcomes: _Outcomes) -> None:
    """Record a dump that gives what its article holds; a copy of another dump is named as such."""
    _record_copy(label, dump_digest, target, old, outcomes)
    if version.old.dump not in (None, label):
        outcomes.reporter.note(f"{label}: unchanged, the same article as {target} (from {version.old.dump})")
    outcomes.add("unchanged", target)


def _keep_edit(target: Path, old: str, version: Version, fresh: str, label: str, outcomes: _Outcomes) -> None:
    """Keep an article edited by hand: quietly while its dump gives what it gave when the article was written
    (or the edit accepted), with a warning saying what the dump now gives differently once it changed."""
    if version.same_as_baseline(old, fresh):
        outcomes.add("kept", target)
        return
    what = ", ".join(differences(old, version.before or fresh)) or "text"
    outcomes.add("conflicts", SiteError(str(target), (
        f"edited by hand, so kept as it is, though its dump {label} has changed since (it now gives another "
        f"{what}); `site-gen ingest --accept {target}` keeps your version without this warning, `--force` "
        "takes the dump's")))


def retract(dumps: Iterable[Path], out: Path, root: Path, reporter: Reporter,
            articles: ArticleFiles | None = None) -> IngestResult:
    """Remove the articles of dumps that are gone, unless a person edited them (those are kept and reported).
    `articles`: see `ingest`."""
    result = IngestResult()
    labels = {dump_label(d, root) for d in dumps}
    articles = articles or ArticleFiles(out)
    by_dump = articles.known().by_dump
    for label in sorted(labels & set(by_dump)):
        target = out / f"{by_dump[label]}.md"
        try:
            text = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if is_hand_edited(text):
            err = SiteError(str(target), f"its dump {label} is gone, but it was edited by hand; kept it")
            result.conflicts.append(err)
            reporter.warn(err)
            continue
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        result.written.append(target)
    articles.named(result.written)
    return result
