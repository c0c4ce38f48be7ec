"""The Pagefind search index: made from the articles' fields and bodies, in shards, put in like pages, pruned when
dropped."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os

import pytest

from site_gen.build.pagefind import filter_word, memory_folder
from site_gen.build.state import cache_folder
from site_gen.build.write import MANIFEST
from tests.build_helpers import broken_links, build_site, md, page, snapshot

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind is not installed")

ARTICLES = {
    "drones.md": md("Turkey sells drones", "Combat drones were supplied to Ukraine.", topic="Turkey", date="2022-01-02"),
    "ferry.md": md("Ferry fares rise", "Operators blamed fuel costs.", topic="Business", date="2025-03-03"),
}


def fragments(out) -> list[dict]:
    """Return every record the index holds (Pagefind's fragments, gzipped JSON after a signature)."""
    found = []
    for f in sorted((out / "pagefind").rglob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        found.append(json.loads(data[data.index(b"{"):]))
    return found


def test_search_index_is_built_and_rebuilt_only_when_needed(tmp_path):
    result, out, reporter = build_site(tmp_path, ARTICLES, search=True)
    assert result.ok, result.errors
    shards = json.loads((out / "pagefind/shards.json").read_text())["shards"]
    assert shards == ["2025-1of1", "2022-1of1"]  # by year, newest first
    for key in shards:
        assert (out / f"pagefind/{key}/pagefind.js").is_file() and (out / f"pagefind/{key}/pagefind-entry.json").is_file()
    assert not (out / "pagefind/pagefind-ui.js").exists()  # the site's own search page, not Pagefind's
    assert not any(p.name.startswith(".site-gen") and p.is_dir() for p in out.iterdir())  # no scratch in the site
    records = {r["url"]: r for r in fragments(out)}
    assert sorted(records) == ["/articles/drones/index.html", "/articles/ferry/index.html"]  # articles, not lists
    drones = records["/articles/drones/index.html"]
    assert drones["meta"] == {"title": "Turkey sells drones", "date": "2022-01-02", "topic": "Turkey", "lang": "en"}
    assert drones["filters"] == {}  # filters are words (Pagefind's own write their values in a random order)
    assert "Combat drones were supplied to Ukraine." in drones["content"]
    listed = json.loads((out / "pagefind/shards.json").read_text())
    assert listed["filters"]["topic"] == [["Business", filter_word("topic", "Business"), 1],
                                          ["Turkey", filter_word("topic", "Turkey"), 1]]
    assert filter_word("topic", "Turkey") in drones["content"]
    manifest = json.loads((out / MANIFEST).read_text())["files"]
    assert "pagefind/shards.json" in manifest and "pagefind/2022-1of1/pagefind-entry.json" in manifest
    html = page(out, "search/index.html")
    assert 'data-bundle="../pagefind/"' in html and "without its search index" not in html
    assert broken_links(out) == []

    before = snapshot(out)
    again, _, _ = build_site(tmp_path, {}, search=True)
    assert again.written == () and snapshot(out) == before

    dropped, _, _ = build_site(tmp_path, {}, search=False)
    assert not (out / "pagefind").exists() and any(p.startswith("pagefind/") for p in dropped.removed)


def test_an_edit_indexes_its_shard_again_and_leaves_the_others(tmp_path):
    _, out, _ = build_site(tmp_path, ARTICLES, search=True)
    old = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind/2022-1of1").rglob("*")
           if p.is_file()}
    edited = {"ferry.md": md("Ferry fares rise", "Operators blamed the price of diesel.", topic="Business",
                             date="2025-03-03")}
    result, out, _ = build_site(tmp_path, edited, search=True)
    assert any(p.startswith("pagefind/2025-1of1/") for p in result.written)
    assert not any(p.startswith("pagefind/2022-1of1/") for p in result.written + result.removed)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind/2022-1of1").rglob("*")
            if p.is_file()} == old
    assert any("diesel" in r["content"] for r in fragments(out))
    assert not any("fuel costs" in r["content"] for r in fragments(out))


def test_only_article_text_is_marked_for_indexing(tmp_path):
    more = {f"more{n}.md": md(f"More drones {n}", "x", topic="Turkey") for n in range(3)}  # an "Also in" box
    result, out, _ = build_site(tmp_path, {**ARTICLES, **more}, search=True)
    html = page(out, "articles/drones/index.html")
    assert html.count("data-pagefind-body") == 1 and '<article class="story"' in html.split("data-pagefind-body")[0][-80:]
    for marker in ('<div class="text-size"', '<aside class="also"', '<nav class="topic-nav"', '<header class="masthead"'):
        start = html.index(marker)
        assert "data-pagefind-ignore" in html[start:html.index(">", start)], marker
    for other in ("index.html", "topics/index.html", "topics/turkey/index.html", "search/index.html"):
        assert "data-pagefind-body" not in page(out, other)


def contents(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("harm", ["removed", "added", "replaced"])
def test_a_shard_file_removed_added_or_replaced_by_hand_is_mended_by_the_next_build(tmp_path, harm):
    """A shard is checked by its folders' times, not file by file: a file taken out of a shard's folder, one
    put in, or one replaced (as editors and copy tools do: a new file renamed over it) is still noticed, and
    the next build gives the index a clean build makes (a file of someone else's is left where it is)."""
    _, out, _ = build_site(tmp_path, ARTICLES, search=True)
    clean = contents(out)
    again, _, _ = build_site(tmp_path, {}, search=True)
    assert again.written == () and again.rendered == ()  # the shards' folders as noted: nothing to do
    fragment = sorted((out / "pagefind/2022-1of1/fragment").iterdir())[0]
    stray = {}
    if harm == "removed":
        fragment.unlink()
    elif harm == "added":
        stray = {"pagefind/2022-1of1/fragment/stray.pf_fragment": b"stray"}
        (fragment.parent / "stray.pf_fragment").write_bytes(b"stray")
    else:
        spare = fragment.with_name(".spare")
        spare.write_bytes(b"not a fragment")
        spare.replace(fragment)
    mended, _, _ = build_site(tmp_path, {}, search=True)
    assert mended.ok
    if harm != "added":
        assert fragment.relative_to(out).as_posix() in mended.written
    assert contents(out) == {**clean, **stray}
    settled, _, _ = build_site(tmp_path, {}, search=True)
    assert settled.written == () and settled.rendered == ()


def test_many_shards_are_each_indexed_whole_and_pagefind_leaves_nothing_behind(tmp_path):
    # Six years: six shards, more than run at once, so records are written while others are indexed.
    years = {f"y{year}.md": md(f"Harbour report {year}", f"The harbour handled cargo number {year}x.",
                               topic="Business", date=f"{year}-05-06") for year in range(2019, 2025)}
    result, out, _ = build_site(tmp_path, years, search=True)
    assert result.ok, result.errors
    shards = json.loads((out / "pagefind/shards.json").read_text())["shards"]
    assert shards == [f"{year}-1of1" for year in range(2024, 2018, -1)]
    for key in shards:  # each shard's bundle whole: its entry file, and the record of its one article
        year = key.split("-")[0]
        held = [r for r in fragments(out) if f"{year}x" in r["content"]]
        assert [r["url"] for r in held] == [f"/articles/y{year}/index.html"]
        assert (out / f"pagefind/{key}/pagefind-entry.json").is_file()
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(out)
                 and (p.suffix in (".pf_fragment", ".pf_index") or p.name.startswith("pagefind"))]
    assert leftovers == []  # Pagefind's records and bundles gone from the scratch folder once moved in


def test_a_shard_already_in_the_site_is_put_in_file_by_file_and_a_new_one_holds_only_the_index(tmp_path):
    """A shard new to the site goes in as a whole folder; one already there (here left by a build whose state
    was lost) is not replaced as a folder: files of someone else's in it stay, and its index is the one a
    clean build makes."""
    import shutil

    _, out, _ = build_site(tmp_path, ARTICLES, search=True)
    clean = contents(out)
    for key in ("2022-1of1", "2025-1of1"):  # Pagefind's interfaces and other languages' code are not the site's
        top = sorted(p.name for p in (out / "pagefind" / key).iterdir())
        assert [n for n in top if not n.endswith(".pf_meta")] == [
            "fragment", "index", "pagefind-entry.json", "pagefind-worker.js", "pagefind.js", "wasm.en.pagefind"]
        assert len(top) == 7  # and its one metadata file
    shutil.rmtree(cache_folder(tmp_path, tmp_path / "content", out))  # the build state lost
    (out / "pagefind/2022-1of1/notes.txt").write_text("mine")
    again, _, _ = build_site(tmp_path, {}, search=True)
    assert again.ok, again.errors
    assert contents(out) == {**clean, "pagefind/2022-1of1/notes.txt": b"mine"}
    assert not [p for p in again.written if p.startswith("pagefind/2022-1of1/")]  # its files held the right bytes


def site_memory(root):
    """Return where in memory `build_site(root, ...)` writes its records; skip on a system without /dev/shm."""
    memory = memory_folder(cache_folder(root, root / "content", root / "out") / "search")
    if memory is None:
        pytest.skip("this system has no folder in memory (/dev/shm): records are written in the scratch folder")
    return memory


def test_records_in_memory_are_gone_after_a_build_even_those_a_killed_build_left(tmp_path):
    memory = site_memory(tmp_path)
    left = memory / "2022-1of1" / "articles" / "old" / "index.html"  # as a build killed while indexing leaves it
    left.parent.mkdir(parents=True)
    left.write_text("<html><body><main data-pagefind-body>stale</main></body></html>")
    result, out, _ = build_site(tmp_path, ARTICLES, search=True)
    assert result.ok, result.errors
    assert not memory.exists()  # nothing of this site left in memory
    assert sorted(r["meta"]["title"] for r in fragments(out)) == ["Ferry fares rise", "Turkey sells drones"]


def test_records_stay_on_disk_unless_the_memory_folder_is_the_users_alone(tmp_path):
    shm = tmp_path / "shm"
    assert memory_folder(tmp_path / "scratch", shm) is None  # no such folder on this system
    shm.mkdir()
    made = memory_folder(tmp_path / "scratch", shm)
    own = shm / f"site-gen-{os.getuid()}"
    assert made is not None and made.parent == own and own.stat().st_mode & 0o777 == 0o700
    assert memory_folder(tmp_path / "scratch", shm) == made  # the same site: the same folder, next build too
    assert memory_folder(tmp_path / "other", shm) != made
    own.chmod(0o755)  # others could enter it
    assert memory_folder(tmp_path / "scratch", shm) is None
    own.rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    own.symlink_to(tmp_path / "elsewhere")  # a link put where the folder goes
    assert memory_folder(tmp_path / "scratch", shm) is None


def test_records_go_to_disk_when_memory_takes_none_and_the_index_is_whole(tmp_path):
    memory = site_memory(tmp_path)
    memory.write_bytes(b"")  # a file where the records' folder goes: writing there fails, as on a full memory
    try:
        result, out, _ = build_site(tmp_path, ARTICLES, search=True)
    finally:
        memory.unlink()
    assert result.ok, result.errors
    assert sorted(r["meta"]["title"] for r in fragments(out)) == ["Ferry fares rise", "Turkey sells drones"]
