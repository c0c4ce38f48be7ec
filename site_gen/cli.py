"""The `site-gen` command line: argument parsing only; the work happens in the stages."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from site_gen import __version__
from site_gen.errors import SiteGenError
from site_gen.places import check_destination, check_folder, foreign_files, site_sources
from site_gen.reporter import Reporter, count, ingest_line, took


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # bad usage exits 2, as argparse does, with the usage line
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="site-gen",
        description="Turn scraped news-article dumps into a clean, static news-reader website.",
        epilog="Exit codes: 0 done (warnings allowed), 1 some input failed (the rest was done), "
               "2 bad usage or a path that cannot be used.",
    )
    parser.add_argument("--version", action="version", version=f"site-gen {__version__}")
    parser.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder, holding site.toml (default: .)")
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    talk.add_argument("-v", "--verbose", action="store_true", help="also list every file written and removed")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    ing = sub.add_parser(
        "ingest", help="turn raw dumps into front-matter Markdown articles",
        description="Turn raw article dumps (.txt, .html) into front-matter Markdown files, one per dump.",
    )
    ing.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                     help="dump files or folders (default: content/raw)")
    ing.add_argument("--out", type=Path, metavar="DIR", help="where the .md files go (default: content/articles)")
    ing.add_argument("--force", action="store_true",
                     help="take the dumps' versions of articles edited by hand (each one replaced is named); "
                          "with --out, also write into a folder holding files other than articles")
    ing.add_argument("--accept", nargs="+", type=Path, metavar="FILE",
                     help="keep these articles as edited by hand, with no warning until their dumps change "
                          "(nothing is ingested)")
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
    bld.add_argument("--no-search", action="store_true",
                     help="build no Pagefind search index (and remove one an earlier build made)")
    bld.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                     help="build as on this day (default: today in the site's time zone); articles over a year "
                          "older say so")

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

    A Ctrl-C that lands as `main` returns, past its own handler, prints no traceback: the command exits with
    the code `main` gave, or says "interrupted" and exits 130 when it had not given one yet.
    """
    code = None
    try:
        code = main()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is done: nothing is left to stop
    except KeyboardInterrupt:
        if code is None:
            print("interrupted", file=sys.stderr)
            code = 130
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return 0 when all went well, 1 when any input failed, 2 for bad usage or paths."""
    args = make_parser().parse_args(argv)
    reporter = Reporter(quiet=args.quiet, verbose=args.verbose)
    try:
        _check_root(args.root)
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


def _near(path: Path) -> Path:
    """Return a path of the site as messages show it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _check_root(root: Path) -> None:
    if not root.exists():
        raise SiteGenError(root, "no such site folder (--root)")
    if not root.is_dir():
        raise SiteGenError(root, "--root must be the site folder, and this is a file")


def _ingest(args, reporter: Reporter) -> int:
    from site_gen.config import load_config
    from site_gen.ingest import ingest

    config = load_config(args.root)
    if args.accept:
        return _accept(args, config, reporter)
    if args.explain is not None:
        from site_gen.ingest.explain import explain_command

        text, code = explain_command(args.explain, config.sources)
        (sys.stdout if code == 0 else sys.stderr).write(text)
        return code
    if args.jobs is not None and args.jobs < 1:
        raise SiteGenError(None, "--jobs must be at least 1")
    raw = _near(config.path(config.raw_dir))
    for path in args.paths:
        if not path.exists():
            raise SiteGenError(path, "no such file or folder")
    if not args.paths and not raw.is_dir():
        raise SiteGenError(raw, "no such folder of raw dumps (name dumps to ingest, or set [paths] raw)")
    articles = config.path(config.articles_dir)
    out = args.out or _near(articles)
    check_destination(out, config, "--out", site_sources(config, articles))
    if args.out is not None and out.resolve() != articles and not args.force:
        others = foreign_files(out)
        if others:
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            raise SiteGenError(out, f"this folder holds files that are not articles ({shown}); choose an empty "
                                    "or new folder for --out, or pass --force to write into it anyway")
    started = time.perf_counter()
    result = ingest(args.paths or [raw], out, config.root, reporter, force=args.force, overrides=config.sources,
                    jobs=args.jobs)
    reporter.note(ingest_line(result, time.perf_counter() - started))
    return 0 if result.ok else 1


def _accept(args, config, reporter: Reporter) -> int:
    from site_gen.ingest import accept

    if args.paths or args.out or args.force or args.jobs:
        raise SiteGenError(None, "--accept takes article files only: give no PATH, --out, --force or --jobs with it")
    for file in args.accept:
        if not file.exists():
            raise SiteGenError(file, "no such file (for --accept)")
        if not file.is_file():
            raise SiteGenError(file, "--accept takes article files, and this is a folder")
    started = time.perf_counter()
    result = accept(args.accept, config.root, reporter, config.sources)
    reporter.note(f"ingest --accept: {count(len(result.kept), 'article')} accepted; "
                  f"{count(len(result.errors), 'error')}; {took(time.perf_counter() - started)}")
    return 0 if result.ok else 1


def _day(text: str):
    """Return the day an ISO 8601 date names (argparse reports anything else as bad usage)."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-01-31: {text!r}") from None


def _build(args, reporter: Reporter) -> int:
    from site_gen.build import BuildOptions, build
    from site_gen.config import load_config

    config = load_config(args.root)
    content = args.content or _near(config.path(config.articles_dir))
    check_folder(content, "--content", missing="content folder")
    out = args.out or _near(config.path(config.output_dir))
    check_destination(out, config, "--out", site_sources(config, config.path(config.output_dir),
                                                         (content, "the articles")))
    started = time.perf_counter()
    result = build(config, BuildOptions(content, out, force=args.force, search=not args.no_search, today=args.date),
                   reporter)
    reporter.built(result, time.perf_counter() - started, search=not args.no_search, out=out)
    return 0 if result.ok else 1


def _check_dev(session) -> None:
    """Check the folders watch and serve write into, before they write anything."""
    config = session.config
    check_destination(session.output, config, "[paths] output", site_sources(config, session.output))
    check_destination(session.articles, config, "[paths] articles", site_sources(config, session.articles))


def _watch(args, reporter: Reporter) -> int:
    from site_gen.dev.session import DevSession

    session = DevSession(args.root, reporter, search=not args.no_search)
    _check_dev(session)
    session.run(args.poll, "watching for changes; press Ctrl-C to stop")
    return 0


def _serve(args, reporter: Reporter) -> int:
    from site_gen.dev.serve import DevServer, SiteState, url_of
    from site_gen.dev.session import DevSession

    if not 0 <= args.port <= 65535:
        raise SiteGenError(None, "--port must be from 0 to 65535")
    state = SiteState()

    def publish(outcome) -> None:
        changed = [url_of(p) for p in outcome.built.written] if outcome.built else []
        state.published(changed, outcome.errors)

    session = DevSession(args.root, reporter, search=not args.no_search, lock=state.lock, on_build=publish)
    _check_dev(session)
    try:  # the port is taken before the first build, so a port in use is said at once
        server = DevServer(session.output, state, args.host, args.port)
    except OSError as exc:
        raise SiteGenError(None, f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc} "
                                 "(choose another --port, or --port 0 for a free one)") from None
    host, port = server.server_address[:2]
    serving: list[bool] = []

    def serve() -> None:
        server.serve_in_background()
        serving.append(True)

    try:
        session.run(args.poll, f"serving {session.output} at http://{host}:{port}/ ; press Ctrl-C to stop",
                    started=serve)
    finally:
        if serving:
            server.shutdown()  # waits for the serving thread: only when there is one
        server.server_close()
    return 0


_COMMANDS = {"ingest": _ingest, "build": _build, "watch": _watch, "serve": _serve}
