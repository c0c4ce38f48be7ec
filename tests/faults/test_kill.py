"""SIGKILL `site-gen build` at random moments: no half-written file, and the next build equals a clean one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

import yaml
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from tests.conftest import make_tree

ARTICLES = 2000
KILLS = 50
SEED = 20261127


def article(i: int) -> str:
    head = yaml.safe_dump({"title": f"Harbour story number {i}", "topic": ["Economy", "Weather", "Sport"][i % 3],
                           "date": f"2025-{1 + i % 12:02}-{1 + i % 28:02}", "tags": [f"tag{i % 7}"]},
                          sort_keys=False)
    return f"---\n{head}---\n\nThe council said on Monday that plan {i} would go ahead. Officials agreed.\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class SignalAfter(FileSystemEventHandler):
    """Send a signal (`send()`) once `limit` events happened in the folder watched: at a moment of a build
    the count of its writes decides, not a timer."""

    def __init__(self, limit: int, send: Callable[[], None]):
        self.limit, self.send, self.seen = limit, send, 0
        self.fired = threading.Event()

    def on_any_event(self, event):
        self.seen += 1
        if self.seen >= self.limit and not self.fired.is_set():
            self.fired.set()
            try:
                self.send()
            except ProcessLookupError:
                pass


def build_cmd(out: Path) -> list[str]:
    return [sys.executable, "-m", "site_gen", "-q", "build", "--out", str(out), "--no-search"]


def test_killed_builds_leave_whole_files_and_the_next_build_is_clean(tmp_path):
    rng = random.Random(SEED)
    site = make_tree(tmp_path / "site", {f"content/articles/a{i:04}.md": article(i) for i in range(ARTICLES)})
    out = site / "output"
    assert subprocess.run(build_cmd(out), cwd=site, capture_output=True).returncode == 0
    killed = 0
    for round_ in range(KILLS):
        # Change something every page shows, so the build has plenty to write when it is killed.
        (site / "site.toml").write_text(f'[site]\ntitle = "Harbour round {round_}"\n', encoding="utf-8")
        changed = rng.randrange(ARTICLES)
        (site / f"content/articles/a{changed:04}.md").write_text(
            article(changed).replace("Officials", f"Round {round_} officials"), encoding="utf-8")
        if rng.random() < 0.2:
            victim = site / f"content/articles/a{rng.randrange(ARTICLES):04}.md"
            victim.unlink(missing_ok=True)
        proc = subprocess.Popen(build_cmd(out), cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counter = SignalAfter(rng.randrange(1, 4000), lambda: proc.send_signal(signal.SIGKILL))
        observer = Observer()
        observer.schedule(counter, str(out), recursive=True)
        observer.start()
        try:
            code = proc.wait(timeout=600)
        finally:
            observer.stop()
            observer.join()
        killed += code == -signal.SIGKILL
        for p in out.rglob("*"):
            assert not p.name.endswith(".tmp") or not p.is_file() or _is_stale_temp(p), f"half-written {p}"
        for html in out.rglob("*.html"):
            text = html.read_bytes()
            assert text.rstrip().endswith(b"</html>"), f"{html} is cut short"
    assert killed >= KILLS * 0.6, f"only {killed} of {KILLS} builds were killed mid-way"
    final = subprocess.run(build_cmd(out), cwd=site, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    clean = tmp_path / "clean"
    os.rename(site / ".cache", tmp_path / "old-cache")
    assert subprocess.run(build_cmd(clean), cwd=site, capture_output=True).returncode == 0
    got, want = snapshot(out), snapshot(clean)
    got.pop(".site-gen-manifest.json", None)
    want.pop(".site-gen-manifest.json", None)
    assert sorted(got) == sorted(want)
    assert [k for k in want if got[k] != want[k]] == []


def _is_stale_temp(path: Path) -> bool:
    """A temp file a killed build left: never a page a reader can be served (pages are renamed in whole)."""
    return path.name.startswith(".")
