"""Names that try to escape or collide: every page lands inside --out, none overwrites another, clashes are said."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
import yaml

from site_gen.build import BuildOptions, build
from site_gen.config import SiteConfig
from site_gen.reporter import RecordingReporter
from tests.conftest import make_tree

HOSTILE = [
    "../../etc/passwd", "/etc/passwd", "..", ".", "", "CON", "nul", "index", "404", "topics", "static",
    "a/b/c", "a\\b", "~root", "x" * 500, "C:\\Windows\\system32", "%2e%2e%2f", "\x00null", "..\u2215..\u2215x",
    "café", "cafe\u0301", "CAFÉ", "Straße", "STRASSE", "İstanbul", "istanbul", "🙂", "<script>", "\u202eevil",
]


def article(title: str, **fields) -> str:
    head = yaml.safe_dump({"title": title, **fields}, sort_keys=False, allow_unicode=True)
    return f"---\n{head}---\n\nBody of {title!r} with a few words.\n"


def build_all(root: Path, files: dict[str, str]):
    make_tree(root / "content", files)
    out = root / "site" / "out"
    reporter = RecordingReporter()
    result = build(SiteConfig(root=root), BuildOptions(root / "content", out, search=False), reporter)
    return result, out, reporter


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]


def assert_contained(root: Path, out: Path) -> None:
    real_out = Path(os.path.realpath(out))
    for p in all_files(root):
        if p.is_relative_to(root / "content") or p.is_relative_to(root / ".cache"):  # the build cache
            continue
        assert Path(os.path.realpath(p)).is_relative_to(real_out), f"{p} written outside --out"
        assert len(p.name.encode()) <= 255


@pytest.mark.parametrize("field", ["slug", "topic", "tags", "author", "authors", "categories"])
def test_hostile_names_in_every_field_stay_inside_out(tmp_path, field):
    files = {}
    for i, name in enumerate(HOSTILE):
        value = [name] if field in ("tags", "authors", "categories") else name
        files[f"a{i:02}.md"] = article(f"Article number {i}", **{field: value})
    result, out, reporter = build_all(tmp_path, files)
    assert_contained(tmp_path, out)
    assert (out / "index.html").exists()
    assert not (tmp_path / "etc").exists() and not (tmp_path / "site" / "etc").exists()
    pages = [p for p in (out / "articles").rglob("index.html") if p.parent != out / "articles"]  # not the way up
    kept = result.articles
    assert kept + sum(1 for e in reporter.errors if "a" in e.path) >= len(HOSTILE) - 1
    assert len(pages) == kept  # one page per article kept: none overwrote another


def test_slugs_differing_by_case_or_normalisation_do_not_overwrite(tmp_path):
    names = ["Cafe", "cafe", "CAFE", "café", unicodedata.normalize("NFD", "café"), "Café"]
    files = {f"a{i}.md": article(f"Title {i}", slug=n) for i, n in enumerate(names)}
    result, out, reporter = build_all(tmp_path, files)
    pages = {p.parent.name for p in (out / "articles").glob("*/index.html")}
    assert len(pages) == result.articles
    lowered = [p.lower() for p in pages]
    assert len(lowered) == len(set(lowered)), "two pages differ only by case (one would overwrite the other on macOS)"
    assert result.articles + len(reporter.errors) == len(names)
    assert all("slug" in str(e) for e in reporter.errors)


def test_topics_differing_by_case_and_spacing_are_one_topic(tmp_path):
    files = {"a.md": article("One", topic="Middle East"), "b.md": article("Two", topic="middle  east"),
             "c.md": article("Three", topic="MIDDLE EAST")}
    result, out, reporter = build_all(tmp_path, files)
    topic_pages = [p for p in (out / "topics").glob("*/index.html")]
    assert len(topic_pages) == 1 and reporter.errors == []
    listed = topic_pages[0].read_text(encoding="utf-8")
    assert all(t in listed for t in ("One", "Two", "Three"))


def test_two_topics_sharing_a_url_are_reported_not_merged(tmp_path):
    files = {"a.md": article("One", topic="C++"), "b.md": article("Two", topic="C#")}
    result, out, reporter = build_all(tmp_path, files)
    topic_pages = list((out / "topics").glob("*/index.html"))
    if len(topic_pages) == 1:  # both would be /topics/c/: one must be reported
        assert reporter.errors and any("topic" in str(e) for e in reporter.errors)
    else:
        assert len({p.parent.name for p in topic_pages}) == 2


def test_an_out_symlinked_elsewhere_is_not_escaped(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "out").symlink_to(elsewhere)
    make_tree(tmp_path / "content", {"a.md": article("One", slug="../../escape")})
    build(SiteConfig(root=tmp_path), BuildOptions(tmp_path / "content", tmp_path / "site" / "out", search=False),
          RecordingReporter())
    for p in all_files(tmp_path):
        if p.is_relative_to(tmp_path / "content") or p.is_relative_to(tmp_path / ".cache") or p.is_symlink():
            continue
        assert p.is_relative_to(elsewhere), p
