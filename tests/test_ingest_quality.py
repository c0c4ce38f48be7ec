"""The quality gate: the extraction-dev floors, and phrase checks on what bodies keep and drop."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from bench.extraction import FLOORS, body_text, run_variant
from site_gen.ingest import ingest
from site_gen.reporter import RecordingReporter
from tests.conftest import DEV, REPO, need_shared

PHRASES = json.loads((Path(__file__).parent / "data" / "phrases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("variant", ["main", "page", "html"])
def test_extraction_dev_floor(variant):
    need_shared()
    summary, scores, _ = run_variant(DEV, variant)
    assert summary.n == 60
    assert summary.f1 >= FLOORS[variant], f"{variant}: F1 {summary.f1:.3f} below {FLOORS[variant]}"
    assert sum(1 for s in scores.values() if s.f1 == 0) <= 2, "a dump lost its whole body"


@pytest.mark.parametrize("variant, layout", [("main", "one-line"), ("page", "one-line"), ("main", "wrapped"),
                                             ("page", "wrapped"), ("page", "markdown")])
def test_extraction_dev_floor_whichever_way_a_scraper_laid_out_the_lines(variant, layout):
    # The same pages as other scrapers write them: a block a line with no blank line between (a page's
    # innerText), each block wrapped at 72 characters (lynx, html2text), or the page as Markdown
    # (markdownify, as the readers that give pages to language models do).
    need_shared()
    summary, scores, _ = run_variant(DEV, variant, layout)
    assert summary.n == 60
    assert summary.f1 >= FLOORS[variant], f"{variant} {layout}: F1 {summary.f1:.3f} below {FLOORS[variant]}"
    assert sum(1 for s in scores.values() if s.f1 == 0) <= 2, "a dump lost its whole body"


@pytest.fixture(scope="module")
def dev_bodies(tmp_path_factory):
    need_shared()
    out = tmp_path_factory.mktemp("dev")
    bodies = {}
    for variant in ("main", "page"):
        # The site root is the temporary folder, where ingest keeps its index: never shared/ (read only).
        ingest([DEV / variant], out / variant, out, RecordingReporter())
        for md in (out / variant).glob("*.md"):
            bodies[f"{variant}/{md.name}"] = body_text(frontmatter.load(md).content)
    return bodies


@pytest.mark.parametrize("phrase", PHRASES["any_dump"])
def test_no_body_keeps_page_furniture(dev_bodies, phrase):
    assert len(dev_bodies) >= 110
    offenders = [name for name, text in dev_bodies.items() if phrase in text + "\n"]
    assert offenders == []


@pytest.fixture(scope="module")
def demo_bodies(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    raw = REPO / "content" / "raw"
    ingest([raw], out, out, RecordingReporter())  # its index in the temporary folder, not in content/raw/
    # By the dump's file name: a page saved again in a subfolder (content/raw/refetched/) is the same article.
    return {Path(frontmatter.load(md)["dump"]).name: body_text(frontmatter.load(md).content) for md in out.glob("*.md")}


@pytest.mark.parametrize("dump", sorted(PHRASES["demo"]))
def test_demo_bodies_keep_the_story_and_drop_the_clutter(demo_bodies, dump):
    text = demo_bodies[dump]
    for phrase in PHRASES["demo"][dump]["contain"]:
        assert phrase in text, f"{dump}: lost {phrase!r}"
    for phrase in PHRASES["demo"][dump]["not_contain"] + PHRASES["any_dump"]:
        assert phrase not in text + "\n", f"{dump}: kept {phrase!r}"
