"""Ingest throughput: `site-gen ingest` on generated raw dumps, in dumps per second, for .txt and .html dumps.

Usage: python bench/ingest_speed.py [--n 2000] [--runs 3] [--work DIR] [--python PY]

Generates N dumps with bench/gen_dumps.py (the same articles as text dumps and as saved HTML pages), then
for each format runs `<python> -m site_gen ingest DIR --out OUT` --runs times, each into a new empty folder (cold),
and once more over the folder it wrote (no change: every dump is read, nothing is rewritten). Reports the
medians of wall time, CPU time (user + sys of the command and its worker processes), peak RSS (largest
process and the sampled process tree) and dumps/s (N / wall). Issue 5's floor: >= 200 .txt dumps/s on 2
cores. `--python` defaults to the Python running this script, which must have site_gen installed.
bench/speed.py runs this too, as part of its one command.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speedlib import (Measure, fmt_mb, fmt_s, load_cell, machine, measure_from_json, program,  # noqa: E402
                      run_measured, summarise, wait_idle)

HERE = Path(__file__).resolve().parent
FORMATS = ("txt", "html")
_COUNTS = re.compile(r"ingest: (\d+) written, (\d+) unchanged, (\d+) kept .*?, (\d+) failed")


def ingest_command(python: Path, dumps: Path, out: Path) -> list[str]:
    return [str(python), "-m", "site_gen", "ingest", str(dumps), "--out", str(out)]


def _measure(python: Path, dumps: Path, out: Path, log: Path, timeout: float, idle_wait: float,
             note) -> tuple[Measure, dict]:
    wait_idle(idle_wait, note=note)
    m = run_measured(ingest_command(python, dumps, out), cwd=out.parent, log=log, timeout=timeout)
    counts = {}
    found = _COUNTS.findall(log.read_text(errors="replace"))
    if found:
        counts = dict(zip(("written", "unchanged", "kept", "failed"), map(int, found[-1])))
    if m.returncode == 1 and found:  # 1: some dumps failed, the others were written; still a timed run
        m.error = ""
    counts["articles"] = len(list(out.glob("*.md"))) if out.is_dir() else 0
    return m, counts


def bench(python: Path, work: Path, n: int, runs: int, timeout: float, note=print, idle_wait: float = 60) -> dict:
    """Generate n dumps under `work` and time their ingest; return {format: {scenario: {...}}}."""
    dumps = work / f"dumps-{n}"
    stamp = dumps / ".done"
    if not (stamp.exists() and stamp.read_text() == str(n)):
        note(f"generating {n} raw dumps (.txt and .html)")
        subprocess.run([sys.executable, str(HERE / "gen_dumps.py"), "--n", str(n), "--out", str(dumps)],
                       check=True, stdout=subprocess.DEVNULL)
        stamp.write_text(str(n))
    results: dict = {"n": n}
    for fmt in FORMATS:
        cold, extra = [], []
        for r in range(runs):
            # Each cold run writes into a folder of its own; the folders are removed once every run of both
            # formats is done. Removing a run's 2,000 files right before the next run would time the file system
            # too: ext4 without a journal (this machine's disk) reuses no inode freed in the last 30 s, and finds
            # each new file's inode by scanning past all those just freed (1-2 s of kernel time in a 6-7 s run).
            out = work / f"articles-{fmt}-{r + 1}"
            subprocess.run(["rm", "-rf", str(out)], check=True)
            m, counts = _measure(python, dumps / fmt, out, work / "logs" / f"ingest-{fmt}-{r + 1}.log", timeout,
                                 idle_wait, note)
            cold.append(m)
            extra.append(counts)
            note(f"ingest {n} .{fmt} run {r + 1}/{runs}: " + (
                f"{m.wall:.2f} s wall, {m.cpu:.2f} s CPU, {n / m.wall:.0f} dumps/s, others {m.other_load or 0:.2f} "
                f"cores, {counts}" if m.ok
                else f"failed: {m.error}"))
        again, again_counts = _measure(python, dumps / fmt, out, work / "logs" / f"ingest-{fmt}-again.log", timeout,
                                       idle_wait, note)
        note(f"ingest {n} .{fmt} no change: " + (f"{again.wall:.2f} s wall, {again_counts}" if again.ok
                                                 else f"failed: {again.error}"))
        results[fmt] = {"cold": {"runs": [m.to_json() for m in cold], "counts": extra},
                        "no-change": {"runs": [again.to_json()], "counts": [again_counts]}}
    for fmt in FORMATS:
        for r in range(runs):
            subprocess.run(["rm", "-rf", str(work / f"articles-{fmt}-{r + 1}")], check=True)
    return resummarise(results)


def resummarise(results: dict) -> dict:
    """(Re)compute each format's and run kind's summary from its runs."""
    for fmt in FORMATS:
        for entry in results.get(fmt, {}).values():
            summary = summarise([measure_from_json(m) for m in entry["runs"]])
            if summary.get("ok"):
                summary["dumps_per_s"] = results["n"] / summary["wall"]
            summary["counts"] = entry["counts"][len(entry["counts"]) // 2] if entry["counts"] else {}
            entry["summary"] = summary
    return results


def table(results: dict) -> list[str]:
    if "error" in results:
        return ["### Ingest throughput", "", f"failed: {results['error']}"]
    lines = [f"### Ingest throughput, {results['n']:,} dumps", "",
             "| dumps | run | wall s | CPU s | peak RSS MB (largest process) | peak RSS MB (process tree) | dumps/s "
             "| articles written | dumps failed | runs ok | others' load |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for fmt in FORMATS:
        for scenario in ("cold", "no-change"):
            s = results[fmt][scenario]["summary"]
            counts = s.get("counts", {})
            if not s.get("ok"):
                lines.append(f"| .{fmt} | {scenario} | failed: {s.get('error', '')} | | | | | | | 0/{s['runs']} | |")
                continue
            lines.append(f"| .{fmt} | {scenario} | {fmt_s(s['wall'])} | {fmt_s(s['cpu'])} | {fmt_mb(s['maxrss_mb'])} | "
                         f"{fmt_mb(s['tree_rss_mb'])} | {s['dumps_per_s']:.0f} | {counts.get('written', '')} | "
                         f"{counts.get('failed', '')} | {s['ok']}/{s['runs']} | {load_cell(s)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="number of dumps per format (default 2000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-speed" / "ingest")
    parser.add_argument("--python", type=program, default=Path(sys.executable),
                        help="a Python with site_gen installed")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--idle-wait", type=float, default=60,
                        help="before each run, wait up to this many seconds for other processes to go quiet")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = bench(args.python, args.work.resolve(), args.n, args.runs, args.timeout,
                    note=lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True),
                    idle_wait=args.idle_wait)
    if args.json:
        print(json.dumps({"machine": machine(), **results}, indent=1))
    else:
        info = machine()
        print(f"{info['date']}: {info['nproc']} cores ({info['cpu']}), Python {info['python']}\n")
        print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
