"""Archives that do not move, at scale: files written by one new article, and the cold build against a commit.

    python bench/news_archive.py [--n 10000] [--base main] [--runs 1]

Generates N articles with gen_corpus.py (the shared/ folder beside the repository), builds them (no search
index) with this working tree and with the commit `--base` (checked out into the work folder), then, with this
tree: adds one article dated the build's day in an existing topic, and then re-scrapes it (a body changed,
`updated:` set), counting the files each rebuild writes. Floors (issue 11): a new article <= 40 files; the
cold build within 10% of the base commit's wall time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = Path(os.environ.get("SITE_GEN_SHARED", REPO.parent / "shared"))
TODAY = "2026-06-01"


def site_gen(code: Path, site: Path, *args: str) -> tuple[float, str]:
    """Run `site-gen ARGS` from the code in `code` on `site`; return (wall seconds, its summary line)."""
    # -S: no .pth files, so an editable install of this tree does not shadow `code`; the libraries are found
    # through the path given.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), sysconfig.get_paths()["purelib"]])}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-S", "-m", "site_gen", *args], cwd=site, env=env, check=True,
                          capture_output=True, text=True, timeout=1200)
    lines = done.stderr.strip().splitlines()
    return time.perf_counter() - start, lines[-1] if lines else ""


def written(summary: str) -> int:
    return int(re.search(r"(\d+) files? written", summary).group(1))


def fresh_site(work: Path, name: str, corpus: Path) -> Path:
    site = work / name
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    shutil.copytree(corpus / "hugo" / "content" / "posts", site / "content" / "articles")
    (site / "site.toml").write_text('[site]\ntitle = "Archive"\nbase_url = "https://news.example/"\n',
                                    encoding="utf-8")
    return site


def cold(code: Path, work: Path, name: str, corpus: Path, runs: int, extra: tuple[str, ...]) -> list[float]:
    times = []
    for _ in range(runs):
        site = fresh_site(work, name, corpus)
        took, _ = site_gen(code, site, "-q", "build", "--no-search", *extra)
        times.append(took)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--base", default="main", help="the commit to compare with (\"\": none)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-news-archive")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(args.shared / "bench" / "gen_corpus.py"), "--n", str(args.n), "--out",
                    str(corpus)], check=True, stdout=subprocess.DEVNULL)
    base = work / "code-base"
    if args.base:
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)

    print(f"load before: {os.getloadavg()[0]:.2f}", flush=True)
    ours = cold(REPO, work, "site-ours", corpus, args.runs, ("--date", TODAY))
    print(f"cold build, {args.n} articles, this tree: {statistics.median(ours):.1f} s", flush=True)
    theirs = cold(base, work, "site-base", corpus, args.runs, ()) if args.base else []
    if theirs:
        print(f"cold build, {args.n} articles, {args.base}: {statistics.median(theirs):.1f} s "
              f"({statistics.median(ours) / statistics.median(theirs):.2f}x)", flush=True)

    site = fresh_site(work, "site-ours", corpus)
    site_gen(REPO, site, "-q", "build", "--no-search", "--date", TODAY)
    topic = re.search(r"^topic: *(.+)$", next((site / "content/articles").glob("*.md")).read_text(), re.M).group(1)
    new = site / "content/articles/zz-new-today.md"
    new.write_text(f"---\ntitle: Harbour reopens after the storm\ndate: {TODAY}T09:00:00+00:00\ntopic: {topic}\n"
                   "source: Harbour Wire\n---\n\nThe harbour reopened on Monday after the storm.\n", encoding="utf-8")
    took, line = site_gen(REPO, site, "build", "--no-search", "--date", TODAY)
    print(f"a new article dated {TODAY} in {topic}: {written(line)} files written (floor 40), {took:.2f} s",
          flush=True)
    new.write_text(new.read_text(encoding="utf-8").replace("title:", f"updated: {TODAY}T15:00:00+00:00\ntitle:")
                   .replace("on Monday", "on Monday morning"), encoding="utf-8")
    took, line = site_gen(REPO, site, "build", "--no-search", "--date", TODAY)
    print(f"the same article re-scraped (body changed, updated: set): {written(line)} files written, {took:.2f} s",
          flush=True)
    if not args.base:
        return 0

    site = fresh_site(work, "site-base", corpus)
    site_gen(base, site, "-q", "build", "--no-search")
    new = site / "content/articles/zz-new-today.md"
    new.write_text(f"---\ntitle: Harbour reopens after the storm\ndate: {TODAY}T09:00:00+00:00\ntopic: {topic}\n"
                   "source: Harbour Wire\n---\n\nThe harbour reopened on Monday after the storm.\n", encoding="utf-8")
    took, line = site_gen(base, site, "build", "--no-search")
    print(f"{args.base}, the same new article: {written(line)} files written, {took:.2f} s")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
