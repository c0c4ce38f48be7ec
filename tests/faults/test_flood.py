"""The watcher under a flood: 2,000 dumps copied in at once, then 500 deleted; a handful of rebuilds, all right."""

from __future__ import annotations

import queue
import resource
import shutil
import threading
from pathlib import Path

from site_gen.build import BuildOptions, build
from site_gen.config import load_config
from site_gen.dev.session import DevSession
from site_gen.reporter import RecordingReporter
from site_gen.dev.watch import Watcher
from tests.conftest import make_tree

N, GONE = 2000, 500
WAIT = 300  # seconds the whole flood may take to settle; waited on events, never slept


def dump(i: int) -> str:
    topic = ["ECONOMY", "WEATHER", "SPORT", "SCIENCE"][i % 4]
    para = (f"Officials in district {i} said on Monday that the new harbour plan would add two berths and a "
            f"public walkway, and that work would start in spring after a consultation with residents.")
    return (f"Harbour plan number {i} approved\n\nHome\n\n{topic}Workers on the quay in district {i}. Photo: Port\n\n"
            f"Workers on the quay in district {i}. Photo: Port\n\nA+A-\n\n{para}\n\n{para.replace('Monday', 'Friday')}"
            f"\n\nAdvertisement\n\n{para.replace('harbour', 'ferry')}\n\n"
            f"Content retrieved from: https://news.example/{topic.lower()}/{i}.\n")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".site-gen-manifest.json"}


def test_flood_of_dumps_then_deletions(tmp_path):
    root = make_tree(tmp_path / "site", {"site.toml": '[site]\ntitle = "Flood"\n', "content/raw/.keep": ""})
    incoming = make_tree(tmp_path / "incoming", {f"d{i:04}.txt": dump(i) for i in range(N)})
    session = DevSession(root, RecordingReporter(), search=False)
    session.start()
    articles = root / "content/articles"
    rebuilds = []
    done: queue.Queue = queue.Queue()

    with Watcher(session.watched(), skip=session.skipped(), quiet=0.5, longest=10) as watcher:
        def loop():
            for batch in watcher:
                outcome = session.handle(batch)
                if outcome.built is not None:
                    rebuilds.append(len(batch))
                done.put(len(list(articles.glob("*.md"))))

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        probe = root / "content/raw/probe.txt"
        probe.write_text(dump(99_999), encoding="utf-8")
        while done.get(timeout=WAIT) != 1:  # the watch is live once the probe's article exists
            pass
        probe.unlink()
        while done.get(timeout=WAIT) != 0:
            pass
        rebuilds.clear()

        shutil.copytree(incoming, root / "content/raw", dirs_exist_ok=True)
        while done.get(timeout=WAIT) != N:
            pass
        flood_rebuilds = len(rebuilds)
        for i in range(GONE):
            (root / f"content/raw/d{i:04}.txt").unlink()
        while done.get(timeout=WAIT) != N - GONE:
            pass
        watcher.stop()
        thread.join(timeout=WAIT)

    assert flood_rebuilds <= 12, f"{flood_rebuilds} rebuilds for one copy"
    assert len(rebuilds) - flood_rebuilds <= 6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 1500, f"peak memory {peak_mb:.0f} MB"
    out = root / "output"
    assert len(list((out / "articles").glob("*/index.html"))) == N - GONE
    assert not (out / "articles" / "harbour-plan-number-0-approved").exists()
    clean = tmp_path / "clean"
    build(load_config(root), BuildOptions(articles, clean, search=False), RecordingReporter())
    assert snapshot(out) == snapshot(clean)
