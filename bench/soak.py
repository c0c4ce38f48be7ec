"""Soak test of `site-gen serve`: many saves, new dumps and deletes; memory flat, every change shown, output right.

Usage: python bench/soak.py [--n 10000] [--ops 1000] [--search] [--work DIR] [--shared DIR]

Generates N articles with gen_corpus.py (shared/ folder beside the repository), builds them, starts
`site-gen serve` (with `--no-search` unless `--search`) and makes `--ops` changes one after another, as a
person editing would, each one waited for before the next:

- most are saves of a random article (a new sentence in its body, saved through a temporary file renamed
  over it, as editors do): waited for until its page on disk holds the new sentence;
- every 10th drops a new text dump into content/raw/ (dated today, in a topic): waited for until its page is
  served; every 25th deletes one of those dumps again (its article and page must go), and every 40th
  deletes an article's Markdown file (its page must go).

The memory of the server's process tree (resident set, the server and any worker it runs) is sampled after
every change. At the end the server is stopped and a clean build of the same content (no state, an empty
output folder) is compared with `output/`, file by file. Printed: memory every 10% of the run, the growth
after warm-up (the first 10%), the median and 95th percentile time for a change to show, and the comparison.
Exit code 1 when a change never showed or the output differs from the clean build.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import filecmp
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_dumps  # noqa: E402
from speedlib import Trash  # noqa: E402

from site_gen.content import slugify  # noqa: E402
from serve_latency import DEFAULT_SHARED, free_port, long_poll, save_like_an_editor, status  # noqa: E402

PAGE = "articles/{}/index.html"


def tree_rss_mb(pid: int) -> float:
    """Return the resident memory of a process and its descendants, in MB (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status_text = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status_text).group(1))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total / 1024


def slug_of(md: Path) -> str:
    text = md.read_text(encoding="utf-8")
    found = re.search(r"^slug: *['\"]?([^'\"\n]+)", text, re.M)
    return found.group(1).strip() if found else md.stem


def wait_until(test, what: str, seconds: float = 120) -> float:
    """Return when `test()` first holds (polled in a tight loop: this is a benchmark); raise if it never does."""
    start = time.perf_counter()
    while not test():
        if time.perf_counter() - start > seconds:
            raise TimeoutError(what)
        time.sleep(0.002)
    return time.perf_counter()


class Soak:
    def __init__(self, site: Path, port: int, proc: subprocess.Popen, seed: int):
        self.site, self.port, self.proc = site, port, proc
        self.out = site / "output"
        self.articles = sorted((site / "content" / "articles").glob("*.md"))
        self.rng = random.Random(seed)
        self.dumps: list[tuple[Path, str]] = []
        self.deleted = 0

    def save(self, i: int) -> float:
        md = self.rng.choice(self.articles)
        stamp = f"Soak sentence {i} {time.time_ns()}."
        text = md.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{stamp}\n"
        page = self.out / PAGE.format(slug_of(md))
        t0 = time.perf_counter()
        save_like_an_editor(md, text)
        return wait_until(lambda: stamp in page.read_text(encoding="utf-8", errors="replace"), f"save {i}") - t0

    def new_dump(self, i: int) -> float:
        article = gen_dumps.make_article(i, f"soak-{time.time_ns()}")
        article = dataclasses.replace(article, date=dt.datetime.now().replace(second=0, microsecond=0))
        dump = self.site / "content" / "raw" / f"soak-{i}.txt"
        slug = slugify(article.title)  # as ingest names the article (a long headline is cut at a word)
        t0 = time.perf_counter()
        tmp = dump.with_name(f".{dump.name}.part")
        tmp.write_text(gen_dumps.render_txt(article), encoding="utf-8")
        os.replace(tmp, dump)
        done = wait_until(lambda: status(self.port, f"/articles/{slug}/") == 200, f"dump {i}")
        self.dumps.append((dump, slug))
        return done - t0

    def delete_dump(self, i: int) -> float:
        dump, slug = self.dumps.pop(self.rng.randrange(len(self.dumps)))
        page = self.out / PAGE.format(slug)
        t0 = time.perf_counter()
        dump.unlink()
        return wait_until(lambda: not page.exists(), f"delete dump {i}") - t0

    def delete_article(self, i: int) -> float:
        md = self.articles.pop(self.rng.randrange(len(self.articles)))
        page = self.out / PAGE.format(slug_of(md))
        t0 = time.perf_counter()
        md.unlink()
        return wait_until(lambda: not page.exists(), f"delete article {i}") - t0

    def step(self, i: int) -> tuple[str, float]:
        if i % 40 == 39:
            return "delete article", self.delete_article(i)
        if i % 25 == 24 and self.dumps:
            return "delete dump", self.delete_dump(i)
        if i % 10 == 9:
            return "new dump", self.new_dump(i)
        return "save", self.save(i)


def same_as_clean_build(site: Path, work: Path) -> list[str]:
    """Return the files where `output/` differs from a clean build of the same content (none: equal)."""
    clean = work / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    subprocess.run([sys.executable, "-m", "site_gen", "-q", "build", "--no-search"], cwd=clean, check=True)
    differ = []
    for root, dirs, names in os.walk(site / "output"):
        dirs[:] = [d for d in dirs if d != "pagefind"]
        for name in names:
            rel = Path(root, name).relative_to(site / "output")
            if not (clean / "output" / rel).is_file() or not filecmp.cmp(site / "output" / rel,
                                                                         clean / "output" / rel, shallow=False):
                differ.append(str(rel))
    for root, dirs, names in os.walk(clean / "output"):
        dirs[:] = [d for d in dirs if d != "pagefind"]
        differ += [str(Path(root, n).relative_to(clean / "output")) for n in names
                   if not (site / "output" / Path(root, n).relative_to(clean / "output")).exists()]
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--search", action="store_true", help="serve with the search index (default: --no-search)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-soak")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
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
    (site / "content" / "raw").mkdir(parents=True)
    shutil.copytree(work / "corpus" / "hugo" / "content" / "posts", site / "content" / "articles")
    (site / "site.toml").write_text('[site]\ntitle = "Soak"\n', encoding="utf-8")
    search = [] if args.search else ["--no-search"]
    subprocess.run([sys.executable, "-m", "site_gen", "-q", "build", *search], cwd=site, check=True)

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "site_gen", "-q", "serve", *search, "--port", str(port)],
                            cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # keep the pipe drained
    wait_until(lambda: _answers(port), "serve never answered", 300)
    long_poll(port, -1)
    soak = Soak(site, port, proc, args.seed)
    memory, times, failed = [], {}, []
    try:
        for i in range(args.ops):
            try:
                kind, took = soak.step(i)
                times.setdefault(kind, []).append(took)
            except TimeoutError as exc:
                failed.append(str(exc))
            memory.append(tree_rss_mb(proc.pid))
            if (i + 1) % max(1, args.ops // 10) == 0:
                print(f"[{i + 1}/{args.ops}] memory {memory[-1]:.0f} MB", flush=True)
        time.sleep(3)  # serve's quiet-moment build (every file looked at) then runs; let it finish
        long_poll(port, -1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return report(args, memory, times, failed, same_as_clean_build(site, work))


def _answers(port: int) -> bool:
    try:
        return status(port, "/") == 200
    except OSError:
        return False


def report(args, memory: list[float], times: dict, failed: list[str], differ: list[str]) -> int:
    warm = memory[max(0, len(memory) // 10 - 1)]
    print(f"\n{args.n} articles, {args.ops} changes, {os.cpu_count()} cores\n")
    print(f"memory (process tree): {memory[0]:.0f} MB after the first change, {warm:.0f} MB after warm-up "
          f"(10%), {max(memory):.0f} MB at most, {memory[-1]:.0f} MB at the end: "
          f"{memory[-1] - warm:+.0f} MB after warm-up")
    print("\n| change | count | median | p95 |\n|---|---|---|---|")
    for kind, values in sorted(times.items()):
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} ms | {p95 * 1000:.0f} ms |")
    print(f"\nchanges never shown: {len(failed)} {failed[:5]}")
    print(f"output vs a clean build: {'equal' if not differ else f'{len(differ)} files differ: {differ[:10]}'}")
    return 0 if not failed and not differ else 1


if __name__ == "__main__":
    sys.exit(main())
