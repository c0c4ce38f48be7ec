"""Live-edit latency of `site-gen serve` on a generated site (issue 4's numbers).

Usage: python bench/serve_latency.py [--n 10000] [--edits 5] [--work DIR] [--shared DIR]

Generates N articles with gen_corpus.py (shared/ folder beside the repository), builds them once, then
runs `site-gen serve --no-search` on them and measures, several times each:

- article edit: from the moment an article's Markdown is saved (written to a temp file and renamed over,
  as editors do) until its page AND every list showing it (home page, its topic's first page, the site
  feed) hold the new text on disk, and until the server has told open pages to reload (its long-poll
  answer naming the page);
- new dump: from the moment a new raw dump is dropped into content/raw/ until its article page is
  served with status 200. Two kinds: a short dump with no date and no topic (its article goes last in
  every list), and a dump as `gen_dumps.py` makes them, in a topic and dated today, so that its article
  is the newest: it moves every article down one place on every page of the home and topic lists, which
  are all rendered again. For the second kind, also until every page that shows it (its page, the front
  page, latest/, its topic's first page and feed, its day and month, the site feed) holds its headline
  on disk (issue 11: within 500 ms).

Wall-clock medians are printed; timings belong in benchmarks, never in tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_dumps  # noqa: E402
from speedlib import Trash  # noqa: E402

from site_gen.content import slugify  # noqa: E402
DEFAULT_SHARED = REPO.parent / "shared"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def long_poll(port: int, since: int, timeout: float = 120) -> dict:
    """Return the server's build news once it is past build `since` (TimeoutError after `timeout` s)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", f"/__site_gen__/events?since={since}")
    news = json.loads(conn.getresponse().read())
    conn.close()
    return news


def status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)  # requests wait while a build writes
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status


def save_like_an_editor(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def wait_files(paths: list[Path], needle: str, deadline: float, pause: float = 0.0) -> float:
    """Return the time at which every file holds `needle` (checked in a tight loop, or every `pause` seconds
    when another loop shares the machine; this is a benchmark)."""
    pending = list(paths)
    while pending:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not updated: {pending}")
        pending = [p for p in pending if not (p.exists() and needle in p.read_text(encoding="utf-8", errors="replace"))]
        if pending and pause:
            time.sleep(pause)
    return time.perf_counter()


def ingested_date(site: Path, slug: str, seconds: float = 60) -> dt.date:
    """Return the date ingest gave the article `slug` (as its file says, once written): its day and month
    pages are the ones to watch, whatever the dump's date line meant."""
    md = site / "content" / "articles" / f"{slug}.md"
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            found = re.search(r"^date: *['\"]?(\d{4}-\d{2}-\d{2})", md.read_text(encoding="utf-8"), re.M)
        except OSError:
            found = None
        if found:
            return dt.date.fromisoformat(found.group(1))
        time.sleep(0.002)
    raise TimeoutError(f"{md} never written with a date")


def showing(out: Path, slug: str, topic: str, when: dt.date) -> list[Path]:
    """The files that show a new article dated `when` in `topic`: its page, the front page, latest/, its
    topic's first page and feed, its day and month, and the site feed (a year's page lists its months)."""
    topic_slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")
    return [out / "articles" / slug / "index.html", out / "index.html", out / "latest" / "index.html",
            out / "topics" / topic_slug / "index.html", out / "topics" / topic_slug / "feed.xml",
            out / f"{when:%Y/%m/%d}" / "index.html", out / f"{when:%Y/%m}" / "index.html", out / "feed.xml"]


def wait_indexed(bundle: Path, needle: str, since: float, seconds: float = 120) -> float:
    """Return when a search record written after `since` holds `needle` (Pagefind's fragments, gzipped)."""
    import gzip

    wall_since = time.time() - (time.perf_counter() - since)
    seen: set[Path] = set()
    while time.perf_counter() - since < seconds:
        for f in bundle.glob("*/fragment/*.pf_fragment"):
            if f in seen:
                continue
            try:
                if f.stat().st_mtime < wall_since:
                    seen.add(f)
                    continue
                if needle.encode() in gzip.decompress(f.read_bytes()):
                    return time.perf_counter()
            except (OSError, EOFError):
                continue
            seen.add(f)
    raise TimeoutError(f"{needle} never found by search")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-serve-latency")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--search", action="store_true",
                        help="serve with the search index, and time how soon an edit is found by search")
    args = parser.parse_args(argv)

    work = args.work
    # The last run's files are moved aside and deleted at the end: deleted here, their freed inodes would
    # slow every file this run writes (see speedlib.Trash).
    trash = Trash(work.with_name(work.name + "-trash"))
    trash.discard(work)
    work.mkdir(parents=True)
    try:
        return _run(args, work)
    finally:
        trash.empty()


def _run(args: argparse.Namespace, work: Path) -> int:
    subprocess.run([sys.executable, str(args.shared / "bench" / "gen_corpus.py"), "--n", str(args.n), "--out",
                    str(work / "corpus")], check=True, stdout=subprocess.DEVNULL)
    site = work / "site"
    (site / "content").mkdir(parents=True)
    shutil.copytree(work / "corpus" / "hugo" / "content" / "posts", site / "content" / "articles")
    (site / "content" / "raw").mkdir()
    (site / "site.toml").write_text('[site]\ntitle = "Latency"\n', encoding="utf-8")
    start = time.perf_counter()
    search = [] if args.search else ["--no-search"]
    subprocess.run([sys.executable, "-m", "site_gen", "-q", "build", *search], cwd=site, check=True)
    print(f"cold build of {args.n} articles: {time.perf_counter() - start:.1f} s")

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "site_gen", "serve", *search, "--port", str(port)], cwd=site,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        while "serving" not in line:
            line = proc.stdout.readline()
            if not line:
                raise SystemExit("serve exited")
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # keep the pipe drained
        build = long_poll(port, -1)["build"]
        articles = sorted((site / "content" / "articles").glob("*.md"))
        out = site / "output"
        edit_disk, edit_reload, new_dump, dated_dump, indexed, everywhere = [], [], [], [], [], []
        for i in range(args.edits):
            md = articles[(i * 7919) % len(articles)]
            text = md.read_text(encoding="utf-8")
            slug = re.search(r"^slug: *['\"]?([^'\"\n]+)", text, re.M)
            slug = slug.group(1).strip() if slug else md.stem
            stamp = f"Edited-{i}-{time.time_ns()}"
            new = re.sub(r"^title: .*$", f"title: {stamp}", text, count=1, flags=re.M)
            watched = [out / "articles" / slug / "index.html", out / "index.html", out / "feed.xml"]
            news_box: list[dict] = []
            poller = threading.Thread(target=lambda: news_box.append(long_poll(port, build)))
            poller.start()
            t0 = time.perf_counter()
            save_like_an_editor(md, new)
            # Bring the edited article to the top of the home page and feed: newest date.
            t1 = wait_files(watched[:1], stamp, t0 + 60)
            poller.join(timeout=60)
            t2 = time.perf_counter()
            edit_disk.append(t1 - t0)
            edit_reload.append(t2 - t0)
            print(f"edit {i}: page on disk {edit_disk[-1] * 1000:.0f} ms, reload sent {edit_reload[-1] * 1000:.0f} ms",
                  flush=True)
            build = news_box[0]["build"] if news_box else build
            if args.search:
                indexed.append(wait_indexed(out / "pagefind", stamp, t0) - t0)
                print(f"edit {i}: found by search after {indexed[-1] * 1000:.0f} ms", flush=True)
        def settle(seen: int) -> None:
            """Wait for the build after `seen` (a dump's page is served before its build has written the
            lists), then until the server has built nothing for 1.5 s: each dump is timed on a quiet server."""
            seen = long_poll(port, seen)["build"]
            while True:
                try:
                    seen = long_poll(port, seen, timeout=1.5)["build"]
                except TimeoutError:
                    return

        def drop(name: str, title: str, body: str, shown_in: Callable[[str], list[Path]] | None = None) -> float:
            """Drop a dump; return when its page was served. With `shown_in` (its slug -> the files that show
            it), also note in `everywhere` when all of those held its headline."""
            seen = long_poll(port, -1)["build"]
            dump = site / "content" / "raw" / name
            slug = slugify(title)  # as ingest names the article (a long headline is cut at a word)
            needle = re.split(r"[^\w ]", title)[0].strip()  # as pages write it (no character to escape)
            done: list[float] = []
            watcher = threading.Thread(target=lambda: done.append(
                wait_files(shown_in(slug), needle, time.perf_counter() + 60, pause=0.002))) if shown_in else None
            t0 = time.perf_counter()
            tmp = dump.with_name(f".{dump.name}.part")
            tmp.write_text(body, encoding="utf-8")
            os.replace(tmp, dump)
            if watcher is not None:
                watcher.start()
            while status(port, f"/articles/{slug}/") != 200:
                if time.perf_counter() - t0 > 60:
                    raise SystemExit(f"new dump {name} never went live")
                time.sleep(0.002)  # as a reader would: asking without a pause takes the server's time
            served = time.perf_counter() - t0
            if watcher is not None:
                watcher.join(timeout=70)
                everywhere.append(done[0] - t0)
            settle(seen)
            return served

        for i in range(args.edits):
            title = f"Fresh dump number {i} {time.time_ns()}"
            para = ("The council said on Monday that the harbour plan would go ahead after a long meeting, and "
                    "officials added that work would start in the spring.")
            body = f"{title}\n\nHome\n\n{para}\n\n{para.replace('Monday', 'Friday')}\n\nContent retrieved from: https://news.example/a/{i}.\n"
            new_dump.append(drop(f"new-{i}.txt", title, body))
            print(f"new dump {i}: served after {new_dump[-1] * 1000:.0f} ms", flush=True)
        for i in range(args.edits):
            article = gen_dumps.make_article(i, f"latency-{time.time_ns()}")
            article = dataclasses.replace(article, date=dt.datetime.now().replace(second=0, microsecond=0))
            dated_dump.append(drop(f"dated-{i}-{time.time_ns()}.txt", article.title, gen_dumps.render_txt(article),
                                   lambda slug, a=article: showing(out, slug, a.topic, ingested_date(site, slug))))
            print(f"dated dump {i} ({article.topic}): served after {dated_dump[-1] * 1000:.0f} ms, every page "
                  f"showing it on disk after {everywhere[-1] * 1000:.0f} ms", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    def row(name, values, floor):
        med = statistics.median(values)
        print(f"| {name} | {med * 1000:.0f} ms | {min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms | {floor} |")

    print(f"\n{args.n} articles, {os.cpu_count()} cores, median of {args.edits}:\n")
    print("| what | median | range | floor |\n|---|---|---|---|")
    row("article edit: its page rewritten on disk", edit_disk, "300 ms (page and lists)")
    row("article edit: reload sent to open pages", edit_reload, "300 ms")
    row("new dump, no date or topic: article page served", new_dump, "1 s")
    row("new dump dated today, in a topic: article page served", dated_dump, "1 s")
    row("the same: every page showing it on disk (article, front, latest, topic and its feed, day, month, "
        "site feed)", everywhere, "500 ms (issue 11)")
    if indexed:
        row("article edit: found by search (its shard indexed again)", indexed, "5 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
