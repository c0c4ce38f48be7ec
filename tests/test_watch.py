"""The watcher on real file-system changes: bursts are one batch, editor saves count, junk never does."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from site_gen.dev.watch import Watcher, is_ignored

WAIT = 15  # seconds to wait for an event that should come; never slept, only waited on


class Batches:
    """Run a watcher's iteration in a thread and hand its batches to the test through a queue."""

    def __init__(self, watcher: Watcher, probe: Path):
        self.watcher = watcher
        self.queue: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        # Make sure the watch is live before the test changes anything: wait for a probe's batch.
        probe.write_text("probe", encoding="utf-8")
        assert probe in self.next()

    def _run(self):
        for batch in self.watcher:
            self.queue.put(batch)
        self.queue.put(None)

    def next(self) -> set[Path]:
        batch = self.queue.get(timeout=WAIT)
        assert batch is not None, "the watcher stopped"
        return batch

    def after(self, batch_pred) -> set[Path]:
        """Return the first batch satisfying `batch_pred` (earlier ones are from the setup)."""
        while True:
            batch = self.next()
            if batch_pred(batch):
                return batch

    def stop(self):
        self.watcher.close()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


@pytest.fixture(params=[False, True], ids=["events", "poll"])
def watched(tmp_path, request):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "output").mkdir()
    watcher = Watcher([root / "content", root / "output"], skip=[root / "output"], poll=request.param,
                      quiet=0.3, poll_interval=0.1).start()
    batches = Batches(watcher, root / "content" / "probe.md")
    yield root, batches
    batches.stop()


def test_a_burst_of_500_files_is_one_batch(watched):
    root, batches = watched
    for i in range(500):
        (root / "content" / f"a{i:03}.md").write_text(f"article {i}", encoding="utf-8")
    got = batches.after(lambda b: any(p.name.startswith("a") for p in b))
    seen = {p.name for p in got}
    while len([n for n in seen if n.startswith("a")]) < 500:  # a slow disk may split it; never per file
        more = batches.next()
        assert len(more) > 1
        seen |= {p.name for p in more}
    assert len([n for n in seen if n.startswith("a") and n.endswith(".md")]) == 500


def test_rename_over_save_reports_the_real_file(watched):
    root, batches = watched
    real = root / "content" / "story.md"
    tmp = root / "content" / ".story.md.swp"
    tmp.write_text("new text", encoding="utf-8")
    os.replace(tmp, real)
    got = batches.after(lambda b: real in b)
    assert tmp not in got


def test_vim_style_backup_dance(watched):
    root, batches = watched
    real = root / "content" / "story.md"
    real.write_text("v1", encoding="utf-8")
    batches.after(lambda b: real in b)
    backup = root / "content" / "story.md~"
    os.rename(real, backup)
    (root / "content" / "4913").write_text("", encoding="utf-8")
    os.unlink(root / "content" / "4913")
    real.write_text("v2", encoding="utf-8")
    os.unlink(backup)
    got = batches.after(lambda b: real in b)
    assert backup not in got and root / "content" / "4913" not in got


def test_output_and_editor_junk_never_trigger(watched):
    root, batches = watched
    (root / "output" / "index.html").write_text("built", encoding="utf-8")
    (root / "content" / ".#lock").write_text("", encoding="utf-8")
    (root / "content" / "draft.md~").write_text("", encoding="utf-8")
    marker = root / "content" / "marker.md"
    marker.write_text("real change", encoding="utf-8")
    got = batches.after(lambda b: marker in b)
    assert all(not is_ignored(p, [root / "output"]) for p in got)
    assert not any(root / "output" in p.parents for p in got)


def test_folder_copied_in_at_once(watched, tmp_path):
    root, batches = watched
    src = tmp_path / "incoming"
    src.mkdir()
    for i in range(50):
        (src / f"d{i}.md").write_text("x", encoding="utf-8")
    shutil.copytree(src, root / "content" / "incoming")
    got = batches.after(lambda b: any("incoming" in p.parts for p in b))
    assert root / "content" / "incoming" in got or len(got) >= 10


def test_git_checkout_of_many_files_is_few_batches(tmp_path):
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for i in range(500):
        (repo / "content" / f"f{i}.md").write_text("one", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    for i in range(500):
        (repo / "content" / f"f{i}.md").write_text("two", encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    watcher = Watcher([repo], quiet=0.3).start()
    batches = Batches(watcher, repo / "content" / "probe.md")
    try:
        subprocess.run([*git, "checkout", "-q", "HEAD~1", "--", "content"], check=True)
        seen: set[Path] = set()
        count = 0
        while len({p for p in seen if p.suffix == ".md" and p.name.startswith("f")}) < 500:
            batch = batches.next()
            assert not any(".git" in p.parts for p in batch)
            seen |= batch
            count += 1
        assert count <= 5
    finally:
        batches.stop()


def test_stop_ends_the_iteration_at_once(tmp_path):
    watcher = Watcher([tmp_path]).start()
    done = threading.Event()

    def run():
        for _ in watcher:
            pass
        done.set()

    threading.Thread(target=run, daemon=True).start()
    watcher.close()
    assert done.wait(2)


def test_a_quiet_spell_yields_an_empty_batch_and_a_change_still_comes_through(tmp_path):
    """watch and serve do deferred work (the search index) when nothing changed for `idle` seconds."""
    watcher = Watcher([tmp_path], idle=0.05).start()
    try:
        batches = iter(watcher)
        assert next(batches) == set()
        (tmp_path / "a.md").write_text("x", encoding="utf-8")
        seen = set()
        while not seen:  # empty batches until the change is reported
            seen = next(batches)
        assert tmp_path / "a.md" in seen
    finally:
        watcher.close()
