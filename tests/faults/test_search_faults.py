"""The search index under faults: a build killed while Pagefind runs, an edit then a delete, Pagefind missing or
broken. Each time the next good build leaves `output/`, the index with it, as a clean build makes it."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import yaml
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from tests.conftest import make_tree, run_cli

ARTICLES = 150
WORD = "zebracrossing"


def article(i: int, extra: str = "") -> str:
    head = yaml.safe_dump({"title": f"Harbour story number {i}", "topic": ["Economy", "Weather", "Sport"][i % 3],
                           "date": f"{2024 + i % 2}-{1 + i % 12:02}-{1 + i % 28:02}", "source": f"Site {i % 4}"},
                          sort_keys=False)
    return f"---\n{head}---\n\nThe council said on Monday that plan {i} would go ahead.{extra} Officials agreed.\n"


def site(tmp_path: Path) -> Path:
    root = make_tree(tmp_path / "site", {f"content/articles/a{i:03}.md": article(i) for i in range(ARTICLES)})
    (root / "site.toml").write_text('[site]\ntitle = "Harbour"\n', encoding="utf-8")
    return root


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def clean_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """Return what a build from scratch of the same site makes (no build state, an empty output folder)."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    done = run_cli("build", cwd=clean)
    assert done.returncode == 0, done.stderr
    return files(clean / "output")


def records(out: Path) -> list[str]:
    """Return the text of every record the index holds."""
    texts = []
    for f in sorted((out / "pagefind").rglob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        texts.append(json.loads(data[data.index(b"{"):])["content"])
    return texts


class _KillOnScratch(FileSystemEventHandler):
    """SIGKILL a build's process group as soon as it starts writing Pagefind's input (it is indexing)."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.fired = threading.Event()

    def on_any_event(self, event):
        if "/search/" in str(event.src_path) and not self.fired.is_set():
            self.fired.set()
            os.killpg(self.proc.pid, signal.SIGKILL)


def test_a_build_killed_while_indexing_leaves_no_debris_and_the_next_build_mends_the_index(tmp_path):
    root = site(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    for i in range(0, ARTICLES, 15):  # ten edits, in both years' shards
        (root / f"content/articles/a{i:03}.md").write_text(article(i, f" A {WORD} opened."), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "site_gen", "-q", "build"], cwd=root, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killer = _KillOnScratch(proc)
    observer = Observer()
    observer.schedule(killer, str(root / ".cache"), recursive=True)
    observer.start()
    try:
        assert proc.wait(timeout=300) == -signal.SIGKILL and killer.fired.is_set()
    finally:
        observer.stop()
        observer.join()
    out = root / "output"
    assert not [p for p in out.iterdir() if p.name.startswith(".site-gen-search")]  # no scratch in the site
    assert sum(WORD in text for text in records(out)) == 0  # the old index is whole and still served

    again = run_cli("build", cwd=root)
    assert again.returncode == 0, again.stderr
    assert sum(WORD in text for text in records(out)) == 10
    assert files(out) == clean_build(root, tmp_path)


def test_an_edit_then_a_delete_leaves_the_index_as_a_clean_build_makes_it(tmp_path):
    root = site(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    victim = root / "content/articles/a007.md"
    victim.write_text(article(7, f" A {WORD} opened."), encoding="utf-8")
    assert run_cli("build", cwd=root).returncode == 0
    assert sum(WORD in text for text in records(root / "output")) == 1
    victim.unlink()
    assert run_cli("build", cwd=root).returncode == 0
    assert sum(WORD in text for text in records(root / "output")) == 0
    assert files(root / "output") == clean_build(root, tmp_path)


def broken_pagefind(tmp_path: Path) -> str:
    script = tmp_path / "pagefind-broken"
    script.write_text("#!/bin/sh\necho 'Error: the index could not be written' >&2\nexit 3\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_missing_or_broken_pagefind_is_one_line_the_pages_are_built_and_the_index_kept(tmp_path):
    root = site(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    index = {p: data for p, data in files(root / "output").items() if p.startswith("pagefind/")}
    (root / "content/articles/a001.md").write_text(article(1, f" A {WORD} opened."), encoding="utf-8")
    for binary in (str(tmp_path / "no-such-pagefind"), broken_pagefind(tmp_path)):
        env = dict(os.environ, PAGEFIND_BINARY_PATH=binary)
        done = subprocess.run([sys.executable, "-m", "site_gen", "build"], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 1
        problems = [line for line in done.stderr.splitlines() if "search index" in line]
        assert len(problems) == 1 and ("could not run" in problems[0] or "could not be written" in problems[0])
        assert WORD in (root / "output/articles/a001/index.html").read_text(encoding="utf-8")
        assert {p: data for p, data in files(root / "output").items() if p.startswith("pagefind/")} == index
    assert run_cli("build", cwd=root).returncode == 0  # Pagefind back: the index is mended
    assert sum(WORD in text for text in records(root / "output")) == 1
    assert files(root / "output") == clean_build(root, tmp_path)


def test_a_full_disk_while_the_index_is_written_keeps_the_old_index_and_the_next_build_mends_it(tmp_path):
    from tests.faults.test_disk import snapshot

    if os.geteuid() != 0 and not os.environ.get("CI"):
        import pytest

        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    root = make_tree(tmp_path / "site", {f"content/articles/a{i:03}.md": article(i) for i in range(0, 8, 2)})
    assert run_cli("build", "--out", str(tmp_path / "measure"), cwd=root).returncode == 0
    size = sum(max(p.stat().st_blocks * 512, 4096) for p in (tmp_path / "measure").rglob("*"))  # tmpfs: a page a file
    disk = tmp_path / "disk"
    disk.mkdir()  # room for this site and a little more: not for a second shard of the index
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size // 1024 + 120}k", "tmpfs", str(disk)], check=True)
    try:
        out = disk / "out"
        assert run_cli("build", "--out", str(out), cwd=root).returncode == 0  # one shard: 2024
        index = {p: data for p, data in snapshot(out).items() if p.startswith("pagefind/")}
        for i in range(1, 40, 2):  # a second year: a new shard, and more than the disk has room for
            (root / f"content/articles/a{i:03}.md").write_text(article(i), encoding="utf-8")
        full = run_cli("build", "--out", str(out), cwd=root)
        assert full.returncode != 0 and "Traceback" not in full.stderr and "space" in full.stderr.lower()
        after = snapshot(out)
        assert {p: data for p, data in after.items() if p in index} == index  # the old index whole
        assert not [p for p in after if p.endswith(".tmp")]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
    healthy = tmp_path / "healthy"
    shutil.copytree(out, healthy) if out.exists() else None
    assert run_cli("build", "--out", str(healthy), "--force", cwd=root).returncode == 0
    assert files(healthy) == {k: v for k, v in clean_build_to(root, tmp_path).items()}


def clean_build_to(root: Path, tmp_path: Path) -> dict[str, bytes]:
    clean = tmp_path / "clean-out"
    shutil.rmtree(clean, ignore_errors=True)
    moved = tmp_path / "moved-cache"
    os.rename(root / ".cache", moved)
    try:
        assert run_cli("build", "--out", str(clean), cwd=root).returncode == 0
    finally:
        shutil.rmtree(root / ".cache", ignore_errors=True)
        os.rename(moved, root / ".cache")
    return files(clean)
