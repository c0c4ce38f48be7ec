"""The demo site built once per session, a real HTTP server over it, and Chromium driven by Playwright.

The fixtures here are registered in `tests/conftest.py`. Chromium is Debian's (`/usr/bin/chromium`, or
`SITE_GEN_CHROMIUM`); Playwright never downloads a browser of its own. Without a browser, Playwright or Java the
tests that need them skip on a developer's machine and fail in CI (`CI` set), where `scripts/test.sh` installs them.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import frontmatter
import pytest

from tests.conftest import REPO, SEED, need_shared, run_cli

CHROMIUM = os.environ.get("SITE_GEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
WAIT_MS = 15_000  # the longest any event-driven wait in a browser test may take
LOCAL = ("file://", "data:", "about:", "blob:")
"""What a watched page may ask for besides the test server: the site opened from disk, and the browser's own."""

SEED_TITLE = "Putin and Erdogan vow to improve ties after tensions"
TURKEY_DEMO = ("ankara-rail-link", "istanbul-night-ferries", "hazelnut-harvest-frost")
RTL_DEMO = "sfax-cold-store-opens"
SORANI_DEMO = "erbil-rain-roads"
PICTURE_DEMO = "harbour-lighthouse-lamp"  # a saved HTML page with its pictures in harbour-lighthouse-lamp_files/


def missing(what: str) -> None:
    """Skip on a developer's machine, fail in CI: CI installs everything the tests need."""
    message = f"{what} is missing (bash scripts/test.sh installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class DemoSite:
    """The demo site as built for the tests."""

    root: Path  # the site folder: site.toml and content/articles
    out: Path  # the built site
    slugs: dict[str, str]  # a dump's file name without suffix -> the slug of its article

    def article(self, dump: str) -> str:
        """Return the output path of the article ingested from dump `dump` (a file name without suffix)."""
        return f"articles/{self.slugs[dump]}/index.html"

    @property
    def seed(self) -> str:
        return self.article(SEED.stem)

    def pages(self) -> list[str]:
        """Return the output path of every HTML page of the site (Pagefind's own files are not pages)."""
        return sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*.html")
                      if p.relative_to(self.out).parts[0] != "pagefind")


def build_demo(root: Path, dumps: list[Path], search: bool = True) -> DemoSite:
    """Build the demo site as `scripts/demo.sh` does (site.toml, ingest, build), in `root`, from `dumps`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    done = run_cli("ingest", *map(str, dumps), "--out", str(root / "content/articles"), cwd=root)
    assert done.returncode == 0, done.stderr
    out = root / "output"
    done = run_cli("build", "--out", str(out), *([] if search else ["--no-search"]), cwd=root)
    assert done.returncode == 0, done.stderr
    slugs = {}
    for md in (root / "content/articles").glob("*.md"):
        meta = frontmatter.load(md).metadata
        slugs[Path(str(meta["dump"])).stem] = str(meta["slug"])
    return DemoSite(root, out, slugs)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the test output is no place for access logs
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 at a free port in a thread; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass(frozen=True)
class Served:
    """The demo site and where it can be read: over HTTP and from disk."""

    site: DemoSite
    base: str  # http://127.0.0.1:PORT/

    def url(self, rel: str, via: str = "http") -> str:
        """Return the address of output path `rel`, served ("http") or opened from disk ("file")."""
        return self.base + rel if via == "http" else (self.site.out / rel).as_uri()


@dataclass
class Watch:
    """What a page did wrong: console errors, script errors, failed requests, requests to other hosts."""

    allowed: tuple[str, ...]
    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text} {m.location}"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("request", lambda r: r.url.startswith(self.allowed) or self.problems.append(f"other host: {r.url}"))

    def _failed(self, request) -> None:
        if request.failure != "net::ERR_ABORTED":  # cut short by the page navigating away: not an error
            self.problems.append(f"request failed: {request.url} ({request.failure})")


def _import_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright (pip install -e '.[test]')")
    return sync_playwright


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> DemoSite:
    """The demo site (content/raw and the seed dump) with its search index, built once."""
    need_shared()
    root = tmp_path_factory.mktemp("demo")
    # the dumps are copied into the site as demo.sh has them: pictures saved beside a page are read from there
    shutil.copytree(REPO / "content/raw", root / "content/raw")
    dumps = sorted((root / "content/raw").iterdir()) + [SEED]
    return build_demo(root, dumps)


# The server and the browser run threads in this process (the server's, Playwright's child watcher): they live
# for one test module, so that the other tests run in a process without threads, as a build on the command line
# does (builds fork their workers and looks only then).
@pytest.fixture(scope="module")
def served(demo) -> Iterator[Served]:
    with serve(demo.out) as base:
        yield Served(demo, base)


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _import_playwright()
    if not Path(CHROMIUM).is_file():
        missing(f"Chromium ({CHROMIUM})")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, served) -> Iterator[Callable[..., object]]:
    """Return a maker of fresh pages (each in its own context, options as for `new_context`), all watched.

    When the test ends, every page must have had no console or script error, no failed request and no request
    to any host other than the test server.
    """
    contexts, watches = [], []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        watch = Watch((served.base, *LOCAL))
        watch.attach(page)
        watches.append(watch)
        return page

    yield make
    problems = [p for w in watches for p in w.problems]
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
