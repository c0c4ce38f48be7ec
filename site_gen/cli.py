"""The `site-gen` command line: argument parsing only; the work happens in the stages."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from site_gen import __version__
from site_gen.errors import SiteGenError
from site_gen.reporter import Reporter


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # bad usage exits 2, as argparse does, with the usage line
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="site-gen",
        description="Turn scraped news-article dumps into a clean, static news-reader website.",
    )
    parser.add_argument("--version", action="version", version=f"site-gen {__version__}")
    parser.add_argument("--root", type=Path, default=Path("."), help="the site folder, holding site.toml (default: .)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    ing = sub.add_parser(
        "ingest", help="turn raw dumps into front-matter Markdown articles",
        description="Turn raw article dumps (.txt, .html) into front-matter Markdown files, one per dump.",
    )
    ing.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                     help="dump files or folders (default: content/raw)")
    ing.add_argument("--out", type=Path, metavar="DIR", help="where the .md files go (default: content/articles)")
    ing.add_argument("--force", action="store_true", help="overwrite articles edited by hand since they were ingested")
    ing.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    ing.add_argument("--explain", type=Path, metavar="FILE",
                     help="write nothing; print each block of one dump, kept or dropped, and why")

    bld = sub.add_parser(
        "build", help="build the static site from the articles",
        description="Render the Markdown articles into a static news site that works hosted or opened from disk.",
    )
    bld.add_argument("--content", type=Path, metavar="DIR", help="the articles (default: content/articles)")
    bld.add_argument("--out", type=Path, metavar="DIR", help="where the site goes (default: output)")
    bld.add_argument("--force", action="store_true", help="write into a folder holding files site-gen did not make")
    bld.add_argument("--no-search", action="store_true", help="skip building the Pagefind search index")

    wat = sub.add_parser(
        "watch", help="ingest and rebuild whenever dumps, articles, templates or site.toml change",
        description="Ingest new and changed dumps and rebuild what changes touch, until Ctrl-C.",
    )
    srv = sub.add_parser(
        "serve", help="watch, and serve the site with live reload",
        description="Do what `watch` does and serve output/ over HTTP, reloading open pages when they change.",
    )
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    srv.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    for p in (wat, srv):
        p.add_argument("--poll", action="store_true", help="poll for changes (for file systems that send no events)")
        p.add_argument("--no-search", action="store_true", help="skip the search index (faster rebuilds)")
    return parser


def run() -> None:
    """The `site-gen` command: run `main`, then exit with its code without tearing the interpreter down.

    Every file a command writes is closed by the time it returns. Freeing a large site's objects one by one
    on the way out would only keep the user waiting (some 30 ms after a build of 10,000 articles).
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return 0 when all went well, 1 when any file failed, 2 for bad usage."""
    args = make_parser().parse_args(argv)
    reporter = Reporter(quiet=args.quiet)
    try:
        return _COMMANDS[args.command](args, reporter)
    except SiteGenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a read-only folder: say which file and why, in one line
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}; the files already in place are whole", file=sys.stderr)
        return 1


def _ingest(args, reporter: Reporter) -> int:
    from site_gen.config import load_config
    from site_gen.ingest import ingest

    config = load_config(args.root)
    if args.explain is not None:
        from site_gen.ingest.explain import explain_command

        text, code = explain_command(args.explain, config.sources)
        (sys.stdout if code == 0 else sys.stderr).write(text)
        return code
    paths = args.paths or [config.path(config.raw_dir)]
    out = args.out or config.path(config.articles_dir)
    if out.exists() and not out.is_dir():
        raise SiteGenError(out, "--out must be a folder")
    if args.jobs is not None and args.jobs < 1:
        raise SiteGenError(None, "--jobs must be at least 1")
    result = ingest(paths, out, config.root, reporter, force=args.force, overrides=config.sources, jobs=args.jobs)
    reporter.note(
        f"ingest: {len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.conflicts)} kept (edited by hand), {len(result.errors)} failed"
    )
    return 0 if result.ok else 1


def _build(args, reporter: Reporter) -> int:
    from site_gen.build import build
    from site_gen.config import load_config

    config = load_config(args.root)
    content = args.content or config.path(config.articles_dir)
    out = args.out or config.path(config.output_dir)
    result = build(config, content, out, reporter, force=args.force, search=not args.no_search)
    reporter.note(
        f"build: {result.articles} articles; {len(result.written)} files written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed; {len(result.errors)} errors"
    )
    return 0 if result.ok else 1


IDLE_SECONDS = 1.0  # watch and serve update the search index once nothing changed for this long


def _warm_up_ingest() -> None:
    """Load ingest's language model and patterns in the background, so the first dump dropped in while
    watch or serve runs is not the one that waits for them (~1 s)."""
    import threading

    from site_gen.ingest.run import warm_up

    threading.Thread(target=warm_up, name="ingest-warm-up", daemon=True).start()


def _watch(args, reporter: Reporter) -> int:
    from site_gen.dev import DevSession
    from site_gen.watch import Watcher

    session = DevSession(args.root, reporter, search=not args.no_search)
    session.start()
    _warm_up_ingest()
    with Watcher(session.watched(), skip=session.skipped(), poll=args.poll, idle=IDLE_SECONDS) as watcher:
        reporter.note("watching for changes; press Ctrl-C to stop")
        try:
            for batch in watcher:
                session.handle(batch)
        except KeyboardInterrupt:
            reporter.note("stopped")
    return 0


def _serve(args, reporter: Reporter) -> int:
    from site_gen.dev import DevSession
    from site_gen.serve import DevServer, SiteState, url_of
    from site_gen.watch import Watcher

    if not 0 <= args.port <= 65535:
        raise SiteGenError(None, "--port must be from 0 to 65535")
    state = SiteState()

    def publish(outcome) -> None:
        changed = [url_of(p) for p in outcome.built.written] if outcome.built else []
        state.published(changed, outcome.errors)

    session = DevSession(args.root, reporter, search=not args.no_search, lock=state.lock, on_build=publish)
    session.start()
    _warm_up_ingest()
    try:
        server = DevServer(session.output, state, args.host, args.port)
    except OSError as exc:
        raise SiteGenError(None, f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    host, port = server.server_address[:2]
    server.serve_in_background()
    with Watcher(session.watched(), skip=session.skipped(), poll=args.poll, idle=IDLE_SECONDS) as watcher:
        reporter.note(f"serving {session.output} at http://{host}:{port}/ ; press Ctrl-C to stop")
        try:
            for batch in watcher:
                session.handle(batch)
        except KeyboardInterrupt:
            reporter.note("stopped")
        finally:
            server.shutdown()
            server.server_close()
    return 0


_COMMANDS = {"ingest": _ingest, "build": _build, "watch": _watch, "serve": _serve}
