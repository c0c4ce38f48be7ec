"""The Pagefind search index: built last, from article bodies only, copied in like pages, pruned when dropped."""

from __future__ import annotations

import importlib.util
import json

import pytest

from site_gen.build.search import SCRATCH
from site_gen.build.write import MANIFEST
from tests.build_helpers import broken_links, build_site, md, page, snapshot

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind is not installed")

ARTICLES = {
    "drones.md": md("Turkey sells drones", "Combat drones were supplied to Ukraine.", topic="Turkey", date="2022-01-02"),
    "ferry.md": md("Ferry fares rise", "Operators blamed fuel costs.", topic="Business", date="2025-03-03"),
}


def test_search_index_is_built_and_rebuilt_only_when_needed(tmp_path):
    result, out, reporter = build_site(tmp_path, ARTICLES, search=True)
    assert result.ok, result.errors
    assert (out / "pagefind/pagefind-ui.js").is_file() and (out / "pagefind/pagefind.js").is_file()
    assert not (out / SCRATCH).exists()
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 2  # articles only, not lists
    manifest = json.loads((out / MANIFEST).read_text())["files"]
    assert "pagefind/pagefind-ui.js" in manifest
    html = page(out, "search/index.html")
    assert 'data-bundle="../pagefind/"' in html and "without its search index" not in html
    assert broken_links(out) == []

    before = snapshot(out)
    again, _, _ = build_site(tmp_path, {}, search=True)
    assert again.written == () and snapshot(out) == before

    dropped, _, _ = build_site(tmp_path, {}, search=False)
    assert not (out / "pagefind").exists() and any(p.startswith("pagefind/") for p in dropped.removed)


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
