"""Re-ingest passes over a dump whose bytes and article are as the last ingest left them, and only then."""

from __future__ import annotations

import io

import pytest

import site_gen.ingest.run as run
from site_gen.ingest import index as ingest_index
from site_gen.reporter import Reporter
from tests.test_ingest_cli import PARAS, dump


@pytest.fixture
def site(tree, monkeypatch):
    """A site with three text dumps; `ingest()` runs ingest in this process and returns (result, dumps extracted)."""
    root = tree({f"raw/{n}.txt": dump(f"Ferry story {n} about the harbour", PARAS[i:] + PARAS[:i])
                 for i, n in enumerate("abc")})
    extracted = []
    real = run._extract

    def counting(path, overrides):
        extracted.append(path.name)
        return real(path, overrides)

    monkeypatch.setattr(run, "_extract", counting)

    def ingest(force=False, overrides=None):
        extracted.clear()
        result = run.ingest([root / "raw"], root / "out", root, Reporter(io.StringIO()), force=force,
                            overrides=overrides, jobs=1)
        return result, sorted(extracted)

    ingest.root = root
    return ingest


def test_unchanged_dumps_are_not_extracted_again(site):
    result, extracted = site()
    assert len(result.written) == 3 and extracted == ["a.txt", "b.txt", "c.txt"]
    result, extracted = site()
    assert len(result.unchanged) == 3 and not result.written and extracted == []


def test_a_changed_dump_a_hand_edit_and_a_lost_article_are_extracted(site):
    site()
    root = site.root
    (root / "raw/a.txt").write_text(dump("Ferry story a about the harbour", PARAS[:2]), encoding="utf-8")
    md_b = root / "out/ferry-story-b-about-the-harbour.md"
    md_b.write_text(md_b.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    (root / "out/ferry-story-c-about-the-harbour.md").unlink()
    result, extracted = site()
    assert extracted == ["a.txt", "b.txt", "c.txt"]
    assert sorted(p.name for p in result.written) == ["ferry-story-a-about-the-harbour.md",
                                                       "ferry-story-c-about-the-harbour.md"]
    assert result.kept == [md_b] and not result.conflicts  # kept quietly: its dump is as it was
    result, extracted = site()
    assert extracted == ["b.txt"] and result.kept == [md_b]


def test_force_settings_and_a_lost_index_mean_extracting_again(site):
    site()
    assert site(force=True)[1] == ["a.txt", "b.txt", "c.txt"]
    assert site()[1] == []
    for f in (site.root / ingest_index.FOLDER).glob("ingest-*.json"):
        f.write_text("{not json", encoding="utf-8")
    result, extracted = site()
    assert extracted == ["a.txt", "b.txt", "c.txt"] and len(result.unchanged) == 3
    result, extracted = site(overrides={"news.example": {"name": "News Example"}})
    assert extracted == ["a.txt", "b.txt", "c.txt"] and len(result.written) == 3


def test_other_code_or_another_day_means_extracting_again(site, monkeypatch):
    site()
    monkeypatch.setattr(ingest_index, "run_key", lambda overrides: "another day")
    assert site()[1] == ["a.txt", "b.txt", "c.txt"]
    assert site()[1] == []


def test_an_article_dated_by_dateparser_is_always_extracted(tree, site):
    root = site.root
    (root / "raw/d.txt").write_text(
        dump("Ferry story d about the harbour", ["5 de março de 2025"] + PARAS), encoding="utf-8")
    site()
    assert site()[1] == ["d.txt"]
