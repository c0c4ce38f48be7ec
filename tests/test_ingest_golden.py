"""Golden dump -> Markdown cases (regenerate with `python -m tests.regen_ingest_golden`), and the seed."""

from __future__ import annotations

import shutil

import frontmatter
import pytest

from site_gen.ingest import ingest
from site_gen.reporter import RecordingReporter
from tests.conftest import SEED, need_shared
from tests.regen_ingest_golden import GOLDEN, GROUPS, ingest_group


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_golden_dumps_give_the_recorded_markdown(group, tmp_path):
    reporter = ingest_group(group, tmp_path)
    assert reporter.errors == []
    expected = sorted((GOLDEN / "expected" / group).glob("*.md"))
    got = sorted(tmp_path.glob("*.md"))
    assert [p.name for p in got] == [p.name for p in expected]
    assert len(got) == len([*GROUPS[group].glob("*.txt"), *GROUPS[group].glob("*.html")])
    for want, have in zip(expected, got):
        assert have.read_text(encoding="utf-8") == want.read_text(encoding="utf-8"), f"{have.name} differs"


def test_seed_comes_out_exactly_right(tmp_path):
    need_shared()
    reporter = RecordingReporter()
    seed = tmp_path / "seeds" / SEED.name  # a copy: ingest keeps its index beside the site root, and shared/
    seed.parent.mkdir()                    # is for reading only
    shutil.copy2(SEED, seed)
    result = ingest([seed], tmp_path / "articles", seed.parent, reporter)
    assert reporter.errors == [] and len(result.written) == 1
    post = frontmatter.load(result.written[0])
    assert post["title"] == "Putin and Erdogan vow to improve ties after tensions"
    assert post["topic"] == "Turkey"
    assert str(post["date"]) == "2022-01-02"
    assert post["source_url"] == "https://www.rudaw.net/english/middleeast/turkey/02012022"
    assert post["source"] == "Rudaw"
    assert post["dateline"] == "ISTANBUL, Turkey"
    assert post["images"] == [{
        "caption": "Russian President Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan at the "
                   "Kremlin in Moscow on March 5, 2020.",
        "credit": "AFP",
        "file_photo": True,  # "File Photo: AFP": an older picture, not of this meeting
    }]
    assert post["related"] == [
        "Indictment targets mullahs in Istanbul for using Kurdish terms ‘adopted’ by PKK",
        "Armenia to lift embargo on Turkish goods from January",
        "Turkish crisis turns books into vanishing luxuries",
        "Murderer of HDP member will be brought to justice: party co-chair",
    ]
    assert post["lang"] == "en"
    assert post["dump"] == SEED.name
    assert "authors" not in post.metadata
    paragraphs = post.content.split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Russian President Vladimir Putin and his Turkish counterpart, Recep Tayyip")
    assert paragraphs[-1].endswith("began after the Soviet Union’s collapse.")
    for clutter in ("TURKEY", "File Photo", "Also in Turkey", "A+A-", "ISTANBUL", "Content retrieved", "About The Author",
                    "Armenia to lift embargo"):
        assert clutter not in post.content
    assert post["summary"].startswith("Russian President Vladimir Putin") and len(post["summary"]) <= 300
