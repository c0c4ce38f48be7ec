"""What a reader waits for and downloads when searching a built site, in Debian's Chromium.

Usage: .venv/bin/python bench/search_reader.py OUTPUT [--query WORD ...] [--runs N]

Serves OUTPUT (a site built with search, such as the speed benchmark's
`site-gen-speed/sites-10000/site_gen_search/output` in the temp folder) on 127.0.0.1 and, for each query, in a
fresh browser profile each run: opens the search page with the query in its address and times it until it
says what it found, counting the requests and the bytes of the index files they fetched (by kind, as
the files are on disk), then searches for the next query in the same page and times that. Prints medians.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlparse

CHROMIUM = os.environ.get("SITE_GEN_CHROMIUM", "/usr/bin/chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def kind(path: str) -> str:
    """Return what an index file is: the list of shards, Pagefind's code or WebAssembly, a shard's entry,
    metadata or index chunk, or a fragment (one result's text)."""
    name = path.rsplit("/", 1)[-1]
    if name == "pagefind-entry.json":
        return "entry"
    if name == "shards.json":
        return "list"
    if name.endswith(".js"):
        return "code"
    return {"pagefind": "wasm", "pf_meta": "meta", "pf_index": "chunks", "pf_fragment": "fragments"}.get(
        name.rsplit(".", 1)[-1], "other")


def one_run(browser, base: str, root: Path, query: str, then: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(urlparse(r.url).path))
    status = "document.getElementById('search-status').textContent"
    answered = f"{status} && !{status}.endsWith('\u2026')"  # what it found, not "Searching…"
    started = time.perf_counter()
    page.goto(f"{base}search/index.html?q={quote(query)}")
    page.wait_for_function(answered, timeout=600_000)
    first = time.perf_counter() - started
    found = page.evaluate(status)
    requests = len(fetched)
    by_kind: dict[str, list[int]] = {}
    for path in set(fetched):
        if "/pagefind/" in path:
            files = by_kind.setdefault(kind(path), [0, 0])
            files[0] += 1
            files[1] += (root / path.lstrip("/")).stat().st_size
    page.fill("#search-q", then)
    page.evaluate(f"{status} = ''")
    started = time.perf_counter()
    page.press("#search-q", "Enter")
    page.wait_for_function(answered, timeout=600_000)
    second = time.perf_counter() - started
    context.close()
    return {"first": first, "second": second, "requests": requests, "kinds": by_kind, "found": found}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built site's output folder, with its search index")
    parser.add_argument("--query", nargs="+", default=["election", "drought", "qxzvbw"],
                        help="words to search for (default: two in most of the benchmark's articles, one in none)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = args.output.resolve()
    if not (root / "pagefind" / "shards.json").is_file():
        print(f"error: {args.output}: no search index here (pagefind/shards.json)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for i, query in enumerate(args.query):
                then = args.query[(i + 1) % len(args.query)] if len(args.query) > 1 else query + "s"
                runs = [one_run(browser, base, root, query, then) for _ in range(args.runs)]
                last = runs[-1]
                print(f"{query!r}: first results {statistics.median(r['first'] for r in runs):.2f} s "
                      f"({', '.join(format(r['first'], '.2f') for r in runs)}); then {then!r} "
                      f"{statistics.median(r['second'] for r in runs):.2f} s; {last['requests']} requests; "
                      f"{last['found']}")
                print("   index files fetched (files, KB): " + ", ".join(
                    f"{k} {n}, {b / 1000:,.0f}" for k, (n, b) in sorted(last["kinds"].items())))
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
