"""Building a site end to end: links, feeds, sitemap, head metadata, safety, writes, pruning, the CLI."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from site_gen.build import write as write_module
from site_gen.errors import SiteGenError
from site_gen.build.write import MANIFEST
from tests.build_helpers import broken_links, build_site, md, page, snapshot
from tests.conftest import REPO, make_tree, run_cli
from tests.test_incremental import files

BASE = "https://news.example/reader/"

ARTICLES = {
    "putin-and-erdogan-vow-to-improve-ties.md": md("Putin and Erdogan vow to improve ties", "Russian President Vladimir Putin spoke.\n\nSecond.",
                   date="2022-01-02", topic="Turkey", source="Rudaw", source_url="https://www.rudaw.net/a",
                   dateline="ISTANBUL, Turkey", authors=["Ann Writer"], tags=["NATO"],
                   images=[{"caption": "Leaders at the Kremlin.", "credit": "AFP"}],
                   related=["Armenia lifts embargo", "Not on this site"]),
    "armenia-lifts-embargo.md": md("Armenia lifts embargo", "Trade resumes.", date="2022-01-05T10:00:00+03:00", topic="turkey"),
    "lira-slides-again.md": md("Lira slides again", "Markets fell.", date="2022-01-03", topic="Turkey"),
    "erbil-rain.md": md("بارانی بەخوڕ لە هەولێر", "باران باری.", date="2025-03-17", topic="کەشوهەوا", lang="ckb"),
    "undated.md": md("A piece without a date", "Words.", topic="Sport"),
}


@pytest.fixture
def site(tmp_path):
    result, out, reporter = build_site(tmp_path, ARTICLES, base_url=BASE)
    assert result.ok, result.errors
    return out


def test_every_internal_link_and_asset_resolves(site):
    assert broken_links(site) == []
    assert (site / "static/site.css").is_file() and (site / "static/site.js").is_file()


def test_links_are_relative_with_explicit_index(site):
    html = page(site, "articles/putin-and-erdogan-vow-to-improve-ties/index.html")
    assert 'href="../../topics/turkey/index.html"' in html
    assert 'href="../../static/site.css"' in html
    hrefs = re.findall(r'(?:href|src|action)="([^"]*)"', html)
    internal = [h for h in hrefs if not h.startswith(("http:", "https:", "data:", "#"))]
    internal = [h.split("?q=")[0] for h in internal]  # a related headline with no article: a search for it
    assert internal and all(not h.startswith("/") and (h.endswith((".html", ".css", ".js", ".xml", ".svg"))) for h in internal)


def test_article_page_shows_the_article(site):
    html = page(site, "articles/putin-and-erdogan-vow-to-improve-ties/index.html")
    assert html.count("<h1") == 1 and "<h1>Putin and Erdogan vow to improve ties</h1>" in html
    assert '<p class="kicker" data-pagefind-ignore><a href="../../topics/turkey/index.html">Turkey</a></p>' in html
    assert '<time datetime="2022-01-02">2 January 2022</time>' in html
    assert '<p><span class="dateline">ISTANBUL, Turkey —</span> Russian President' in html
    assert '<a href="../../authors/ann-writer/index.html">Ann Writer</a>' in html
    assert '<a href="https://www.rudaw.net/a" rel="external noopener">Rudaw</a>' in html
    # a caption whose picture the dump did not keep is said to be one, not shown as a pull quote
    assert '<p class="photo-caption"><span class="label">Photo caption:</span> Leaders at the Kremlin.' in html
    assert '<span class="credit"><span>Photo:</span> AFP</span>' in html
    assert "<img" not in html and "<figure" not in html and "1 min read" in html
    nav = html[html.index('<nav class="topic-nav"'):]
    nav = nav[:nav.index("</nav>")]
    assert "Newer in Turkey" in nav and "Lira slides again" in nav
    aside = html[html.index('<aside class="also"'):]
    aside = aside[:aside.index("</aside>")]
    assert "Also in Turkey" in aside and "Armenia lifts embargo" in aside
    assert "Putin and Erdogan" not in aside and "Lira slides again" not in aside  # none twice on a page
    assert 'rel="next"' in html and "Newer in Turkey" in html  # Lira (3 Jan) is newer than Putin (2 Jan)
    related = html[html.index('<aside class="related"'):]
    # Armenia's article is in the "Also in" box already, so the related box leaves it out: none twice.
    assert html.count('href="../../articles/armenia-lifts-embargo/index.html"') == 1
    assert 'href="../../search/index.html?q=Not%20on%20this%20site" rel="search">Not on this site</a>' in related
    for landmark in ("<header", "<nav", "<main", "<article", "<aside", "<footer"):
        assert landmark in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    assert '<html lang="en" dir="ltr">' in html
    assert 'data-pagefind-body' in html and html.count("data-pagefind-ignore") >= 4


def test_right_to_left_article(site):
    html = page(site, "articles/erbil-rain/index.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ckb" dir="rtl">')  # the whole page is Sorani
    assert '<header class="masthead" data-pagefind-ignore lang="en" dir="ltr">' in html  # the site's own, not mirrored


def test_each_page_has_its_own_masthead_and_footer(site):
    """The masthead and footer are made once for each kind of page (`{% cache %}` in base.html): every page
    still gets its own way up to the root, its own current menu item, and its language's attributes."""
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    current = {"latest/index.html": "Latest", "topics/index.html": "Topics", "topics/turkey/index.html": "Topics",
               "archive/index.html": "Archive", "2022/01/02/index.html": "Archive",
               "sources/index.html": "Sources", "search/index.html": "Search"}
    for path, expected in current.items():
        marked = re.findall(r'<a href="[^"]*"[^>]* aria-current="page">([^<]*)</a>', pages[path])
        assert marked == [expected], path
    for path in ("index.html", "articles/lira-slides-again/index.html", "tags/nato/index.html"):
        assert 'aria-current="page"' not in pages[path].split("<main")[0], path
    for path, html in pages.items():
        up = "" if path == "404.html" else "../" * path.count("/")
        root = "/reader/" if path == "404.html" else up  # the 404 page is served at any depth: from the root
        head, _, rest = html.partition("<main")
        assert f'<a class="brand" href="{root}index.html">' in head, path
        assert f'<link rel="stylesheet" href="{root}static/site.css">' in head, path
        assert f'<li><a href="{root}feed.xml">Atom feed</a></li>' in rest, path
        assert ('<header class="masthead" data-pagefind-ignore lang="en" dir="ltr">' in head) == \
               (path == "articles/erbil-rain/index.html"), path  # the site's language, around a Sorani page


def test_head_metadata(site):
    html = page(site, "articles/putin-and-erdogan-vow-to-improve-ties/index.html")
    url = BASE + "articles/putin-and-erdogan-vow-to-improve-ties/"
    assert f'<link rel="canonical" href="{url}">' in html and f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="article:published_time" content="2022-01-02">' in html  # a day only: no made-up time
    assert '<meta property="article:section" content="Turkey">' in html
    assert '<meta name="description" content="Russian President Vladimir Putin spoke.">' in html
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))["@graph"]
    ld, crumbs = graph
    assert ld["@type"] == "NewsArticle" and ld["headline"] == "Putin and Erdogan vow to improve ties"
    assert ld["datePublished"] == ld["dateModified"] == "2022-01-02" and ld["articleSection"] == "Turkey"
    assert ld["author"] == [{"@type": "Person", "name": "Ann Writer", "url": BASE + "authors/ann-writer/"}]
    assert ld["isBasedOn"] == "https://www.rudaw.net/a"
    assert [c["name"] for c in crumbs["itemListElement"]] == ["site_gen news", "Turkey", "Putin and Erdogan vow to improve ties"]
    assert '<meta name="twitter:card" content="summary">' in html and '<meta property="og:locale" content="en_GB">' in html
    titles = [re.search(r"<title>(.*?)</title>", p.read_text()).group(1) for p in site.rglob("*.html")
              if p.name != "404.html" and p.parent != site / "articles"]  # (the archive again, said so)
    assert len(titles) == len(set(titles))


def test_json_ld_cannot_be_broken_out_of(tmp_path):
    evil = 'Evil </script><script>alert(1)</script> & <!-- "quote"'
    result, out, _ = build_site(tmp_path, {"evil.md": md(evil, "Body.", topic="</script>")})
    html = page(out, f"articles/{next(p for p in (out / 'articles').iterdir() if p.is_dir()).name}/index.html")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["@graph"][0]["headline"] == evil
    assert "<script>alert(1)" not in html and html.count("<script") == 3  # JSON-LD, text size, site.js


def test_content_is_sanitised_in_the_output(tmp_path):
    body = ('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[x](javascript:alert(3))\n\n'
            '<iframe src="https://evil.example/"></iframe>\n\n<p style="color:red" onclick="alert(4)">Hi</p>')
    result, out, _ = build_site(tmp_path, {"a.md": md("Title <b>bold</b>", body, summary='"><script>x</script>')})
    html = page(out, "articles/a/index.html")
    body_html = html[html.index('<div class="story-body">'):html.index("</article>")]
    for bad in ("<script", "onerror", "javascript:", "<iframe", "style=", "onclick", "alert("):
        assert bad not in body_html
    assert "Title &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert '&#34;&gt;&lt;script&gt;x&lt;/script&gt;' in html and '"><script>x' not in html


def test_feeds_parse_cleanly(site):
    feeds = [site / "feed.xml", *sorted(site.glob("topics/*/feed.xml"))]
    assert len(feeds) == 4
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.bozo_exception)
    parsed = feedparser.parse((site / "topics/turkey/feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["Armenia lifts embargo", "Lira slides again",
                                                 "Putin and Erdogan vow to improve ties"]
    assert parsed.entries[0].link == BASE + "articles/armenia-lifts-embargo/"
    assert parsed.entries[0].published == "2022-01-05T10:00:00+03:00"
    site_feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert "A piece without a date" not in [e.title for e in site_feed.entries]


def test_feeds_without_base_url_use_relative_links(tmp_path):
    result, out, _ = build_site(tmp_path, ARTICLES)
    parsed = feedparser.parse((out / "topics/turkey/feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].id.startswith("urn:uuid:")
    assert 'href="../../articles/armenia-lifts-embargo/index.html"' in page(out, "topics/turkey/feed.xml")
    assert not (out / "sitemap.xml").exists()


def test_sitemap_is_valid_and_lists_real_pages(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{ns}urlset"
    locs = [u.find(f"{ns}loc").text for u in root]
    assert BASE in locs and BASE + "articles/putin-and-erdogan-vow-to-improve-ties/" in locs
    for loc in locs:
        rel = loc.removeprefix(BASE)
        assert (site / rel / "index.html").is_file() if rel.endswith("/") or not rel else (site / rel).is_file()
    assert f"Sitemap: {BASE}sitemap.xml" in page(site, "robots.txt")


def test_topics_index_and_topic_page(site):
    topics = page(site, "topics/index.html")
    assert '<a href="../topics/turkey/index.html">Turkey</a> <span class="count">3 articles</span>' in topics.replace(' dir="auto"', "")
    turkey = page(site, "topics/turkey/index.html")
    assert turkey.count('<article class="teaser"') == 3 and "<h1 class=\"page-title\">Turkey</h1>" in turkey


def test_author_and_tag_pages_lead_up_to_pages_naming_every_author_and_tag(site):
    for kind, one, name in (("authors", "ann-writer", "Ann Writer"), ("tags", "nato", "NATO")):
        named = page(site, f"{kind}/{one}/index.html")
        assert f'<p class="kicker"><a href="../../{kind}/index.html">' in named, kind
        index = page(site, f"{kind}/index.html")
        assert f'<a href="../{kind}/{one}/index.html" dir="auto">{name}</a> <span class="count">1 article</span>' \
            in index, kind
        assert f"<loc>{BASE}{kind}/</loc>" in page(site, "sitemap.xml")


def test_the_articles_folder_shows_the_archive(site):
    """A reader who goes up from an article's address finds every article by date, whose address it names."""
    html = page(site, "articles/index.html")
    assert html == page(site, "archive/index.html")  # as deep in the site: the same links
    assert f'<link rel="canonical" href="{BASE}archive/">' in html and '<a href="../2022/index.html">' in html
    assert f"<loc>{BASE}articles/</loc>" not in page(site, "sitemap.xml")


def test_404_page_works_at_any_depth_with_base_url(site):
    html = page(site, "404.html")
    assert 'href="/reader/static/site.css"' in html and 'href="/reader/topics/index.html"' in html
    assert 'href="#main"' in html and "<base" not in html


def test_search_page_degrades_without_index(site):
    html = page(site, "search/index.html")
    assert 'id="search"' not in html and "built without its search index" in html


def test_rebuild_with_nothing_changed_writes_nothing(tmp_path):
    result, out, _ = build_site(tmp_path, ARTICLES)
    before = snapshot(out)
    again, _, _ = build_site(tmp_path, {})
    assert again.written == () and again.removed == () and snapshot(out) == before


def test_changing_one_article_rewrites_only_pages_that_show_it(tmp_path):
    build_site(tmp_path, ARTICLES)
    result, out, _ = build_site(tmp_path, {"lira-slides-again.md": ARTICLES["lira-slides-again.md"].replace("Markets fell.", "Markets rose.")})
    # its page, and the lists and feeds that show its summary; no other article's page
    assert set(result.written) == {"articles/lira-slides-again/index.html", "latest/index.html",
                                   "topics/turkey/index.html", "topics/turkey/feed.xml", "feed.xml",
                                   "2022/01/03/index.html"}


def test_removed_articles_are_pruned_and_other_files_kept(tmp_path):
    result, out, _ = build_site(tmp_path, ARTICLES)
    (out / "CNAME").write_text("news.example\n")
    (tmp_path / "content/erbil-rain.md").unlink()
    result, out, _ = build_site(tmp_path, {})
    gone = [p for p in result.removed if p.startswith("articles/")]
    assert len(gone) == 1 and not (out / gone[0]).exists() and not (out / gone[0]).parent.exists()
    assert any(p.startswith("topics/") and p.endswith("feed.xml") for p in result.removed)
    assert (out / "CNAME").read_text() == "news.example\n"
    assert broken_links(out) == []
    manifest = json.loads((out / MANIFEST).read_text())["files"]
    assert "CNAME" not in manifest and gone[0] not in manifest


def test_a_crash_part_way_leaves_whole_pages_and_no_temp_files(tmp_path, monkeypatch):
    result, out, _ = build_site(tmp_path, ARTICLES)
    before = {p: (out / p).read_bytes() for p in result.written}
    calls = []
    real_replace = os.replace

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing_replace)
    with pytest.raises(OSError):
        build_site(tmp_path, {"x.md": md("Brand new", "Words.", date="2030-01-01", topic="Turkey")})
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    for rel, data in before.items():  # every page is either the old one or a complete new one
        text = (out / rel).read_bytes()
        assert text == data or text.rstrip().endswith((b"</html>", b"</feed>", b"</urlset>"))
    monkeypatch.setattr(write_module.os, "replace", real_replace)
    result, out, _ = build_site(tmp_path, {})
    assert result.ok and (out / "articles/x/index.html").is_file()


def test_foreign_output_folder_is_refused_unless_forced(tmp_path):
    make_tree(tmp_path / "out", {"notes.txt": "mine", "src/app.py": "print()"})
    with pytest.raises(SiteGenError, match="did not make"):
        build_site(tmp_path, ARTICLES)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["notes.txt", "src"]
    result, out, _ = build_site(tmp_path, {}, force=True)
    assert result.ok and (out / "index.html").is_file() and (out / "notes.txt").read_text() == "mine"
    (tmp_path / "content/erbil-rain.md").unlink()
    result, out, _ = build_site(tmp_path, {})  # now it has a manifest: no --force needed, and ours only pruned
    assert (out / "notes.txt").is_file() and (out / "src/app.py").is_file()


def test_an_empty_or_gitkeep_only_folder_is_fine(tmp_path):
    make_tree(tmp_path / "out", {".gitkeep": ""})
    result, out, _ = build_site(tmp_path, ARTICLES)
    assert result.ok and (out / ".gitkeep").exists()


def test_never_writes_through_a_symlink_out_of_the_folder(tmp_path):
    result, out, _ = build_site(tmp_path / "site", ARTICLES)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import shutil
    shutil.rmtree(out / "topics")
    (out / "topics").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SiteGenError, match="outside the output folder"):
        build_site(tmp_path / "site", {})
    assert list(elsewhere.iterdir()) == []


def test_manifest_entries_outside_the_folder_are_never_removed(tmp_path):
    result, out, _ = build_site(tmp_path / "site", ARTICLES)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    data = json.loads((out / MANIFEST).read_text())
    data["files"] += ["../../victim.txt", "/etc/hostname"]
    (out / MANIFEST).write_text(json.dumps(data))
    result, out, _ = build_site(tmp_path / "site", {})
    assert victim.read_text() == "keep me" and result.ok


def test_cli_build_reports_bad_files_and_builds_the_rest(tmp_path):
    make_tree(tmp_path, {
        "content/articles/good.md": md("Good", "Fine.", topic="Sport"),
        "content/articles/bad.md": "---\ntitle: Bad\ndate: [oops\n---\nx\n",
        "content/articles/day.md": "---\ntitle: Day\ntopic: Sport\ndate: 2025-13-45\n---\nx\n",
    })
    done = run_cli("build", "--no-search", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert re.search(r"error: .*bad\.md:3: front matter is not valid YAML", done.stderr), done.stderr
    assert re.search(r"error: .*day\.md:4: front matter has a date that is no day of the calendar \(month must be "
                     r"in 1\.\.12\)\n", done.stderr), done.stderr
    assert (tmp_path / "output/articles/good/index.html").is_file()
    assert not (tmp_path / "output/articles/bad").exists() and not (tmp_path / "output/articles/day").exists()


def test_cli_build_refuses_foreign_folder_with_exit_2(tmp_path):
    make_tree(tmp_path, {"content/articles/good.md": md("Good"), "elsewhere/readme.txt": "x"})
    done = run_cli("build", "--no-search", "--out", "elsewhere", cwd=tmp_path)
    assert done.returncode == 2 and "did not make" in done.stderr and "--force" in done.stderr
    done = run_cli("build", "--no-search", "--out", "elsewhere", "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_cli_build_ok_and_options(tmp_path):
    make_tree(tmp_path, {"site.toml": '[site]\ntitle = "Harbour"\n', "posts/a.md": md("Good")})
    done = run_cli("build", "--no-search", "--content", "posts", "--out", "public", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "<title>Harbour</title>" in page(tmp_path / "public", "index.html")
    done = run_cli("build", "--no-search", "--content", "missing", cwd=tmp_path)
    assert done.returncode == 2 and "no such content folder" in done.stderr


def test_directory_links_point_at_canonical_folders(tmp_path):
    _, out, _ = build_site(tmp_path, ARTICLES, directory_links=True)
    html = page(out, "articles/putin-and-erdogan-vow-to-improve-ties/index.html")
    assert 'href="../../topics/turkey/"' in html and 'href="../../"' in html and "index.html" not in html
    for rel in ("index.html", "topics/index.html", "topics/turkey/index.html"):
        for link in re.findall(r'href="([^":#]*)"', page(out, rel)):
            target = (out / rel).parent / link
            assert target.is_file() or (target / "index.html").is_file(), (rel, link)


def test_a_build_with_worker_processes_ends_and_leaves_none_behind(tmp_path, monkeypatch):
    """Loader and render workers are never stopped from outside (see `pool`): each ends when the tasks do,
    and the build waits for them (a pool stopped with SIGTERM once kept a build waiting forever)."""
    from site_gen.build import BuildOptions, build
    from site_gen.config import SiteConfig
    from site_gen.reporter import RecordingReporter

    def children() -> set[str]:
        return {pid for task in Path("/proc/self/task").iterdir()
                for pid in (task / "children").read_text().split()}

    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    before = children()
    make_tree(tmp_path / "content", {f"a{i:03}.md": md(f"Story number {i}", f"The body of story {i}.",
                                                       date=f"2025-01-{1 + i % 28:02}", topic=f"Topic {i % 3}")
                                     for i in range(400)})  # enough files and pages for both kinds of worker
    result = build(SiteConfig(root=tmp_path), BuildOptions(tmp_path / "content", tmp_path / "out", search=False,
                                                           jobs=2), RecordingReporter())
    assert result.ok and result.articles == 400
    assert len(forks) >= 4  # two loader and two render workers at least
    assert children() <= before


def test_templates_call_functions_with_what_they_ask_for(tmp_path):
    """Functions, methods and macros called from templates get the context or environment they ask for, and
    the variables set in loops and blocks; a function that stops an iteration gives an undefined value."""
    from jinja2 import pass_context, pass_environment

    from site_gen.build.render import Renderer
    from site_gen.config import SiteConfig

    env = Renderer(SiteConfig(root=tmp_path), [tmp_path]).env

    @pass_context
    def where(context, x):
        return f"{context['name']}:{context.get('inner', '-')}:{x}"

    @pass_environment
    def engine(environment, x):
        return f"{environment is env}:{x}"

    class Shout:
        def loud(self, x):
            return str(x).upper()

    def stop():
        raise StopIteration

    template = env.from_string(
        "{% macro box(a) %}[{{ a }}]{% endmacro %}"
        "{{ plain('<b>') }} {{ where(1) }} {{ engine(2) }} {{ shout.loud('hi') }} {{ box('&') }} "
        "{% for i in [3] %}{% set inner = 'in' %}{{ where(i) }} {{ plain(i) }}{% endfor %} "
        "{{ stop() is defined }}")
    out = template.render(plain=lambda x: x, where=where, engine=engine, shout=Shout(), stop=stop, name="n")
    assert out == "&lt;b&gt; n:-:1 True:2 HI [&amp;] n:in:3 3 False"


def test_the_manifest_lists_names_with_quotes_backslashes_and_tabs_exactly(tmp_path):
    out = write_module.OutputFolder(tmp_path / "out")
    names = ['media/say "cheese".jpg', "media/back\\slash.png", "media/tab\there.gif", "café/index.html", "a.html"]
    out.expect(names)
    assert json.loads((tmp_path / "out" / MANIFEST).read_text(encoding="utf-8"))["files"] == sorted(names)
    plain = write_module.OutputFolder(tmp_path / "plain")  # names that need no escaping: as json writes them
    plain.expect(["z/index.html", "a/é.html"])
    assert (tmp_path / "plain" / MANIFEST).read_text(encoding="utf-8") == json.dumps(
        {"generator": "site-gen", "files": ["a/é.html", "z/index.html"]}, indent=1, ensure_ascii=False) + "\n"


def test_a_mistake_in_a_template_of_ones_own_is_named_with_its_line_and_fixing_it_builds_the_site(tmp_path):
    # enough articles for the pages to be made by worker processes, where a template's mistake also shows
    articles = {f"content/articles/a{i:03}.md": md(f"Story {i}", "Words.", topic=f"T{i % 7}", date="2025-03-01")
                for i in range(420)}
    article = (REPO / "templates/article.html").read_text(encoding="utf-8")
    make_tree(tmp_path, {**articles, "templates/article.html": article.replace("{{ article.title }}",
                                                                               "{{ article.title }", 1)})
    done = run_cli("build", "--no-search", cwd=tmp_path)
    line = article[:article.index("{{ article.title }}")].count("\n") + 1
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert f"error: {tmp_path / 'templates/article.html'}:{line}: unexpected '}}'" in done.stderr

    make_tree(tmp_path, {"templates/article.html": article.replace("{{ article.title }}",
                                                                   "{{ article.headline }}", 1)})
    done = run_cli("build", "--no-search", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert re.search(rf"error: {re.escape(str(tmp_path / 'templates/article.html'))}:{line}: UndefinedError: "
                     r"'site_gen\.content\.Article object' has no attribute 'headline' \(making articles/a\d+/index"
                     r"\.html\); nothing more was built\n", done.stderr), done.stderr

    make_tree(tmp_path, {"templates/article.html": article})  # mended: the whole site, as a clean build makes it
    done = run_cli("build", "--no-search", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    clean = run_cli("build", "--no-search", "--out", "clean", cwd=tmp_path)
    assert clean.returncode == 0
    made = files(tmp_path / "output")
    assert len(made) > 420 and made == files(tmp_path / "clean")
