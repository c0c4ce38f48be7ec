"""Planning pages: lists, topics (merged and clashing), "Also in", previous/next, related links, paths, scale."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from site_gen.build import plan as plan_module
from site_gen.config import SiteConfig
from site_gen.content import Article, Body
from site_gen.errors import SiteGenError
from site_gen.build.plan import ALSO_IN, Page, direction, plan

T0 = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)


def art(slug: str, day: int | None = 0, topic: str = "", **fields) -> Article:
    values = dict(path=f"content/{slug}.md", slug=slug, title=fields.pop("title", slug.replace("-", " ").title()),
                  date=None if day is None else T0 + timedelta(days=day), date_has_time=True, topic=topic,
                  source="", source_url="", dateline="", authors=(), images=(), related=(), tags=(), summary="",
                  lang="en", body=Body("<p>x</p>"), words=1)
    values.update(fields)
    return Article(**values)


def pages(articles, **settings):
    result = plan(articles, SiteConfig(root=".", **settings))
    return {p.path: p for p in result.pages}, result


def slugs(page) -> list[str]:
    return [e.article.slug for e in page.context["entries"]]


def test_latest_is_newest_first_undated_last_and_numbered_from_the_oldest():
    arts = [art("old", 1), art("undated", None), art("new", 5), art("mid", 3), art("first", 0)]
    by_path, _ = pages(arts, per_page=2)
    first, one, two = (by_path[f"latest/{p}index.html"] for p in ("", "page/1/", "page/2/"))
    assert "latest/page/3/index.html" not in by_path
    assert slugs(one) == ["first", "undated"] and slugs(two) == ["mid", "old"]  # whole pages from the oldest
    assert slugs(first) == ["new", "mid", "old"]  # the newest: those on no whole page yet, and the newest page
    assert (first.context["older"], two.context["newer"], two.context["older"], one.context["older"]) == (
        "latest/page/1/index.html", "latest/index.html", "latest/page/1/index.html", "")
    assert first.context["head_title"] == "Latest news | site_gen news"
    assert two.context["head_title"] == "Latest news, page 2 | site_gen news"  # no "of M" that would move


def test_old_list_pages_keep_their_keys_when_new_articles_come():
    arts = [art(f"a{i}", i, "Turkey") for i in range(23)]
    before, _ = pages(arts, per_page=5)
    after, _ = pages([*arts, art("today", 30, "Turkey")], per_page=5)
    for folder in ("latest/", "topics/turkey/"):
        for n in range(1, 4):
            path = f"{folder}page/{n}/index.html"
            assert before[path].key == after[path].key and slugs(before[path]) == slugs(after[path])
    changed = {p for p in after if p in before and after[p].key != before[p].key}
    assert len(changed) <= 12, sorted(changed)  # the new article's neighbours, the newest lists, feeds, archives


def test_the_front_page_has_a_lead_and_a_block_per_topic_newest_first():
    arts = [art("t1", 1, "Turkey"), art("t2", 2, "Turkey"), art("s1", 3, "Sport"), art("w", 5, "Weather"),
            art("wire", 4, "Sport", story="w"), art("e1", 0, "Economy")]
    by_path, _ = pages(arts)
    ctx = by_path["index.html"].context
    assert ctx["lead"].article.slug == "w"  # the newest of the most reported stories
    assert [(link.name, [e.article.slug for e in top]) for link, top in ctx["blocks"]] == [
        ("Sport", ["s1"]), ("Turkey", ["t2", "t1"]), ("Economy", ["e1"])]


def test_archives_by_day_month_and_year_and_by_source():
    arts = [art("a", 0, source="Harbour Ledger"), art("b", 0, source="harbour ledger"), art("c", 40, source="Post")]
    by_path, _ = pages(arts)
    assert slugs(by_path["2025/03/01/index.html"]) == ["a", "b"] and slugs(by_path["2025/04/10/index.html"]) == ["c"]
    march = by_path["2025/03/index.html"].context
    assert [(name, [e.article.slug for e in es]) for name, _, es in march["days"]] == [("1 March 2025", ["a", "b"])]
    assert march["next"] == ("April 2025", "2025/04/index.html") and march["prev"] is None
    # a month as the language writes it with its year (not every language puts the month first)
    assert [m for m, _ in by_path["2025/index.html"].context["months"]] == ["April 2025", "March 2025"]
    assert by_path["archive/index.html"].context["years"] == [("2025", "2025/index.html")]
    assert slugs(by_path["sources/harbour-ledger/index.html"]) == ["a", "b"]
    assert [s.name for s in by_path["sources/index.html"].context["sources"]] == ["Harbour Ledger", "Post"]


def test_authors_and_tags_have_a_page_naming_them_all_when_articles_name_any():
    arts = [art("a", 1, authors=("Zoe Lane", "Ann Writer"), tags=("nato", "Budget")),
            art("b", 2, authors=("Ann Writer",)), art("c", 3)]
    by_path, _ = pages(arts)
    named = {kind: [(x.name, x.path, x.count) for x in by_path[f"{kind}/index.html"].context[kind]]
             for kind in ("authors", "tags")}
    assert named == {"authors": [("Ann Writer", "authors/ann-writer/index.html", 2),
                                 ("Zoe Lane", "authors/zoe-lane/index.html", 1)],
                     "tags": [("Budget", "tags/budget/index.html", 1), ("nato", "tags/nato/index.html", 1)]}
    assert by_path["authors/index.html"].template == "authors.html" and by_path["tags/index.html"].in_sitemap
    by_path, _ = pages([art("c", 3)])  # nothing to name: no page saying "none"
    assert not {"authors/index.html", "tags/index.html"} & set(by_path)


def test_every_kind_of_page_is_planned():
    arts = [art("a", 1, "Turkey", authors=("Ann Writer",), tags=("nato",)), art("b", 2, "Sport")]
    by_path, result = pages(arts, base_url="https://news.example/")
    assert {"index.html", "articles/a/index.html", "articles/b/index.html", "topics/index.html",
            "topics/turkey/index.html", "topics/turkey/feed.xml", "topics/sport/index.html", "feed.xml",
            "authors/ann-writer/index.html", "tags/nato/index.html", "search/index.html", "404.html",
            "robots.txt", "sitemap.xml"} <= set(by_path)
    assert not result.errors
    sitemap = [p.path for p in by_path["sitemap.xml"].context["pages"]]
    assert "articles/a/index.html" in sitemap and "404.html" not in sitemap and "search/index.html" not in sitemap


def test_no_sitemap_without_base_url():
    by_path, _ = pages([art("a")])
    assert "sitemap.xml" not in by_path and by_path["robots.txt"].context["sitemap"] == ""


def test_topics_differing_in_case_and_spacing_are_one():
    arts = [art("a", 1, "Middle East"), art("b", 2, "middle  east"), art("c", 3, "Middle East")]
    by_path, result = pages(arts)
    assert not result.errors
    topic = by_path["topics/middle-east/index.html"].context
    assert topic["name"] == "Middle East" and len(topic["entries"]) == 3
    assert {by_path[f"articles/{s}/index.html"].context["entry"].topic.path for s in "abc"} == {
        "topics/middle-east/index.html"}
    assert [t.count for t in by_path["topics/index.html"].context["topics"]] == [3]


def test_topics_sharing_a_url_are_an_error_not_a_merge():
    arts = [art("a", 1, "Foo-Bar"), art("b", 2, "Foo Bar"), art("c", 3, "Foo Bar")]
    by_path, result = pages(arts)
    (error,) = result.errors
    assert error.path == "content/a.md" and "Foo-Bar" in error.message and "topics/foo-bar/" in error.message
    assert by_path["topics/foo-bar/index.html"].context["name"] == "Foo Bar"
    assert "articles/a/index.html" not in by_path and result.entries == 2


def test_duplicate_slugs_are_reported_and_one_kept():
    arts = [art("same", 1, path="content/x.md"), art("same", 2, path="content/y.md")]
    by_path, result = pages(arts)
    (error,) = result.errors
    assert error.path == "content/y.md" and "content/x.md" in error.message
    assert by_path["articles/same/index.html"].context["article"].path == "content/x.md"


def test_also_in_shows_the_nearest_in_time_never_itself_nor_prev_next():
    arts = [art(f"t{i}", i, "Turkey") for i in range(12)] + [art("other", 13, "Sport")]
    by_path, _ = pages(arts)
    ctx = by_path["articles/t11/index.html"].context
    assert [e.article.slug for e in ctx["also"]] == ["t9", "t8", "t7", "t6", "t5"][:ALSO_IN]
    ctx = by_path["articles/t6/index.html"].context
    assert [e.article.slug for e in ctx["also"]] == ["t10", "t9", "t8", "t4", "t3"][:ALSO_IN]
    assert (ctx["newer"].article.slug, ctx["older"].article.slug) == ("t7", "t5")
    first, last = by_path["articles/t11/index.html"].context, by_path["articles/t0/index.html"].context
    assert first["newer"] is None and last["older"] is None
    assert by_path["articles/other/index.html"].context["also"] == []


def test_related_headlines_link_to_the_sites_articles():
    arts = [art("a", 1, title="Armenia lifts embargo"), art("b", 2, related=("armenia lifts  EMBARGO", "Elsewhere"))]
    by_path, _ = pages(arts)
    related = by_path["articles/b/index.html"].context["related"]
    assert related[0][1].article.slug == "a" and related[1] == ("Elsewhere", None)


def test_authors_and_tags_group_by_name():
    arts = [art("a", 1, authors=("Ann Writer",), tags=("NATO",)), art("b", 2, authors=("ann writer",), tags=("nato",))]
    by_path, _ = pages(arts)
    assert len(by_path["authors/ann-writer/index.html"].context["entries"]) == 2
    assert len(by_path["tags/nato/index.html"].context["entries"]) == 2


def test_feed_holds_dated_articles_newest_first():
    arts = [art("undated", None), *(art(f"a{i}", i) for i in range(30))]
    by_path, _ = pages(arts)
    feed = by_path["feed.xml"].context
    assert len(feed["entries"]) == plan_module.FEED_SIZE and feed["entries"][0].article.slug == "a29"
    assert feed["updated"] == arts[-1].date


def test_large_sitemaps_are_split(monkeypatch):
    monkeypatch.setattr(plan_module, "SITEMAP_LIMIT", 4)
    by_path, _ = pages([art(f"a{i}", i) for i in range(5)], base_url="https://news.example/")
    urls = [p for p in by_path.values() if p.in_sitemap]  # 5 articles, front, latest, topics, archives, sources
    parts = [f"sitemap-{n}.xml" for n in range(1, -(-len(urls) // 4) + 1)]
    assert len(urls) > 4 and by_path["sitemap.xml"].context["index"] == parts
    assert [p.path for p in by_path["sitemap-2.xml"].context["pages"]] == [p.path for p in urls[4:8]]


def test_two_pages_with_one_path_are_refused():
    site = plan_module._Pages(SiteConfig(root="."))
    site.add("a/index.html", "home.html", "A", "")
    site.add("A/index.html", "home.html", "B", "")
    with pytest.raises(SiteGenError, match="two pages"):
        site.checked()
    site.pages = [Page("../x.html", "home.html", {})]
    with pytest.raises(SiteGenError, match="unsafe"):
        site.checked()


def test_direction():
    assert [direction(x) for x in ("ar", "ckb", "fa", "he", "ur", "ps", "ku-Arab", "en", "tr", "ku")] == [
        "rtl"] * 7 + ["ltr"] * 3


def test_planning_is_linear(monkeypatch):
    """Big topics must not cost quadratic time: 20,000 articles in a handful of topics plan in seconds."""
    arts = [art(f"a{i}", i % 5000, f"Topic {i % 3}", authors=(f"Writer {i % 50}",)) for i in range(20_000)]
    start = time.perf_counter()
    result = plan(arts, SiteConfig(root="."))
    assert time.perf_counter() - start < 10
    assert result.entries == 20_000


def test_page_titles_are_unique_even_when_names_repeat():
    arts = [art(f"a{i}", i, "Turkey", title="Turkey", authors=("Turkey",), tags=("Turkey",)) for i in range(3)]
    by_path, _ = pages(arts, per_page=2)
    titles = [p.context["head_title"] for p in by_path.values()
              if p.template.endswith(".html") and p.path != "articles/index.html"]  # (the archive again)
    repeated = {t for t in titles if titles.count(t) > 1}
    assert repeated == {"Turkey | site_gen news"}  # only the three articles that share one headline
    assert by_path["tags/turkey/page/1/index.html"].context["head_title"] == "Tagged Turkey, page 1 | site_gen news"
