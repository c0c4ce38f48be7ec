"""Golden site: a small fixed set of articles builds to exactly the recorded output.

Regenerate with `python -m tests.regen_build_golden` after an intended change, and review the diff.
"""

from __future__ import annotations

from tests.build_helpers import broken_links
from tests.regen_build_golden import GOLDEN, build_golden


def files(root):
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def test_golden_site_builds_byte_for_byte(tmp_path):
    result = build_golden(tmp_path / "site")
    assert result.errors == ()
    got, want = files(tmp_path / "site"), files(GOLDEN / "expected")
    assert sorted(got) == sorted(want), "file list differs: run `python -m tests.regen_build_golden` and review"
    for rel in sorted(want):
        assert got[rel].read_bytes() == want[rel].read_bytes(), f"{rel} differs from the golden copy"


def test_golden_site_is_whole():
    expected = GOLDEN / "expected"
    assert broken_links(expected) == []
    assert not (expected / "articles/an-unfinished-draft").exists()
    assert (expected / "topics/turkey/index.html").is_file() and (expected / "latest/page/1/index.html").is_file()
    assert (expected / "2022/01/02/index.html").is_file() and (expected / "sources/index.html").is_file()
