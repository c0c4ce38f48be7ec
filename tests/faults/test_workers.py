"""The forked workers that load and render a large site: answers in order, a failure stops the work and is
raised where it happened, a worker that dies is a clear error, and nothing is ever left waiting or running."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from watchdog.observers import Observer

from site_gen.build.pool import RemoteTraceback, forked_map
from site_gen.errors import SiteGenError
from tests.conftest import make_tree
from tests.faults.test_disk import snapshot
from tests.faults.test_kill import SignalAfter, article, build_cmd


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_answers_come_in_order_and_workers_are_replaced():
    answers = list(forked_map(lambda r: [(i, os.getpid()) for i in r], 1000, 2, chunk=7, tasks_each=3))
    assert [i for chunk in answers for i, _ in chunk] == list(range(1000))
    pids = {pid for chunk in answers for _, pid in chunk}
    assert len(pids) > 2 and os.getpid() not in pids  # fresh workers took over from those that did their share
    assert all(gone(pid) for pid in pids)


def test_many_small_tasks_are_made_fewer_larger_ones():
    """Every task number waits in a pipe before any worker starts, and a pipe holds so many."""
    sizes = list(forked_map(len, 50_000, 2, chunk=1))
    assert sum(sizes) == 50_000 and len(sizes) <= 4_000


def test_a_failure_stops_the_work_and_is_raised_where_it_happened(tmp_path):
    def work(r):
        (tmp_path / f"chunk{r.start}").touch()  # what was begun
        if r.start == 50:
            raise OSError(errno.ENOSPC, "No space left on device", "/site/out/page.html")
        return list(r)

    for workers in (1, 2):
        for begun in tmp_path.iterdir():
            begun.unlink()
        seen = []
        with pytest.raises(OSError) as caught:
            for chunk in forked_map(work, 10_000, workers, chunk=10):
                seen += chunk
        assert seen == list(range(50))  # all that came before it, and nothing after
        assert caught.value.errno == errno.ENOSPC and caught.value.filename == "/site/out/page.html"
        assert isinstance(caught.value.__cause__, RemoteTraceback) and "in work" in str(caught.value.__cause__)
        if workers == 1:  # of 1,000 tasks, none begun after the one that failed
            assert sorted(int(p.name[5:]) for p in tmp_path.iterdir()) == list(range(0, 60, 10))


class _Picky(Exception):
    def __init__(self, where, why):  # pickled by its message alone: it cannot be made again from that
        super().__init__(f"{where}: {why}")


def test_an_error_that_cannot_travel_arrives_as_its_text():
    def work(r):
        raise _Picky("templates/article.html", "bad filter")

    with pytest.raises(RuntimeError, match=r"_Picky: templates/article.html: bad filter"):
        list(forked_map(work, 100, 2, chunk=10))


def test_our_own_errors_arrive_whole():
    def work(r):
        raise SiteGenError("templates/article.html", "two pages would be written to a/index.html")

    with pytest.raises(SiteGenError) as caught:
        list(forked_map(work, 100, 2, chunk=10))
    assert (caught.value.path, caught.value.message) == ("templates/article.html",
                                                         "two pages would be written to a/index.html")


def test_a_worker_that_dies_is_a_clear_error():
    def work(r):
        if r.start == 30:
            os.kill(os.getpid(), signal.SIGKILL)
        return list(r)

    with pytest.raises(ChildProcessError, match=r"a render worker process stopped before its work was done: "
                                                 r"killed by SIGKILL \(the system may have run out of memory\)"):
        list(forked_map(work, 1000, 2, chunk=10, what="render worker"))


def test_a_caller_that_stops_reading_leaves_no_worker_behind():
    answers = forked_map(lambda r: os.getpid(), 10_000, 2, chunk=1)
    pids = {next(answers), next(answers)}
    answers.close()
    assert all(gone(pid) for pid in pids)


RACE = textwrap.dedent("""
    import errno, sys
    from site_gen.build.pool import forked_map

    def work(r):
        if r.start == 3:
            raise OSError(errno.ENOSPC, "No space left on device", "page.html")
        return b"x" * 300_000  # large answers, sent in several writes: a worker is often half way through one

    for _ in range(int(sys.argv[1])):
        try:
            for _ in forked_map(work, 400, 2, chunk=1):
                pass
        except OSError:
            pass
        else:
            sys.exit("the failure was not raised")
    print("done")
""")


def test_a_failure_while_another_worker_sends_never_hangs():
    """multiprocessing's Pool, stopped this way, waited forever within a few hundred tries (a build on a full
    disk that never ended)."""
    done = subprocess.run([sys.executable, "-c", RACE, "300"], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr


@pytest.mark.parametrize("events", [40, 900, 2500])
def test_ctrl_c_during_a_build_stops_it_cleanly(tmp_path, events):
    """Ctrl-C after `events` writes in the output. The watcher that counts them runs beside the build, on the
    same cores, and may see the writes late: on a fast machine a build of 1,500 articles ended before the
    2,500th event reached it (exit 0). Such a run proves nothing either way; the build is then made again
    from nothing and stopped sooner, and one of the tries must be a build that Ctrl-C stopped."""
    site = make_tree(tmp_path / "site", {f"content/articles/a{i:04}.md": article(i) for i in range(1500)})
    out = site / "output"
    for limit in (events, events // 4, events // 16 or 1):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        out.mkdir()
        proc = subprocess.Popen([sys.executable, "-m", "site_gen", "build", "--out", str(out), "--no-search"],
                                cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        press = SignalAfter(limit, lambda: os.killpg(proc.pid, signal.SIGINT))  # Ctrl-C: to the whole group
        observer = Observer()
        observer.schedule(press, str(out), recursive=True)
        observer.start()
        try:
            _, stderr = proc.communicate(timeout=300)
        finally:
            observer.stop()
            observer.join()
        if proc.returncode != 0:
            break
    assert press.fired.is_set(), "the build ended before Ctrl-C"
    assert proc.returncode == 130 and "interrupted" in stderr, stderr
    assert "Traceback" not in stderr, stderr
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker left running in its group
    assert not [p for p in out.rglob("*.tmp")]
    again = subprocess.run(build_cmd(out), cwd=site, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    clean = tmp_path / "clean"
    shutil.rmtree(site / ".cache", ignore_errors=True)
    assert subprocess.run(build_cmd(clean), cwd=site, capture_output=True, timeout=300).returncode == 0
    assert snapshot(out) == snapshot(clean)


def test_loading_in_a_process_running_threads_starts_fresh_workers_and_gives_the_same(tmp_path, monkeypatch):
    """watch and serve run threads, and a forked child of such a process may deadlock: their loads start
    workers afresh (spawn), which give what one process gives."""
    from site_gen.build import load as load_module
    from site_gen.config import SiteConfig

    monkeypatch.setattr(load_module, "POOL_MIN", 2)
    site = make_tree(tmp_path / "site", {f"content/articles/a{i:04}.md": article(i) for i in range(150)})
    site.joinpath("content/articles/a0007.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    config = SiteConfig(root=site)
    rels = sorted(p.name for p in (site / "content/articles").iterdir())
    alone = [repr(x) for x in load_module._parse_all(site / "content/articles", config, rels, 1, None)]
    hold = threading.Event()
    beside = threading.Thread(target=hold.wait)
    beside.start()
    try:
        shared = [repr(x) for x in load_module._parse_all(site / "content/articles", config, rels, 2, None)]
    finally:
        hold.set()
        beside.join()
    assert len(alone) == 150 and "a0007.md" in alone[7] and shared == alone


SPAWNED = textwrap.dedent("""
    import os, signal, sys, threading
    from pathlib import Path
    from site_gen.build import load
    from site_gen.config import SiteConfig

    content = Path(sys.argv[1])
    rels = sorted(p.name for p in content.iterdir())
    hold = threading.Event()
    threading.Thread(target=hold.wait, daemon=True).start()  # a process running threads, as serve is
    loaded = 0
    try:
        for item in load._parse_all(content, SiteConfig(root=content.parent), rels, 2, None):
            loaded += 1
            if loaded == 64:
                os.killpg(0, signal.SIGINT)  # Ctrl-C, to the whole group, workers too
    except KeyboardInterrupt:
        print("interrupted after", loaded)
""")


def test_ctrl_c_while_spawned_workers_load_stops_them_quietly(tmp_path):
    site = make_tree(tmp_path / "site", {f"content/a{i:04}.md": article(i) for i in range(3000)})
    done = subprocess.run([sys.executable, "-c", SPAWNED, str(site / "content")], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parents[2], start_new_session=True)
    assert done.stdout.startswith("interrupted after"), (done.stdout, done.stderr)
    assert int(done.stdout.split()[-1]) < 3000 and "Traceback" not in done.stderr, done.stderr
