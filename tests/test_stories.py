"""One story, one page: a page scraped again is the same article, updated in place; a wire story copied by
several sites is one story, shown once in lists, each copy naming the others ("Also reported by")."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import feedparser
import pytest

from site_gen.ingest.identity import canonical_url
from site_gen.ingest.stories import Stories, minhash, signature
from tests.conftest import SEED, make_tree
from tests.test_cli import cli

SLUG = "putin-and-erdogan-vow-to-improve-ties-after-tensions"
DAY = 86400
SITE = '[site]\ntitle = "Test Reader"\nbase_url = "https://reader.example/"\n'


def need_seed() -> str:
    if not SEED.is_file():
        pytest.skip("the seed dump is not beside the repository (set SITE_GEN_SHARED)")
    return SEED.read_text(encoding="utf-8")


def saved(path: Path, when: int) -> None:
    os.utime(path, (when, when))


def ld(html: str) -> dict:
    """Return the page's NewsArticle (its JSON-LD is a graph: the article and its breadcrumbs)."""
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    return next(node for node in data.get("@graph", [data]) if node.get("@type") == "NewsArticle")


def test_canonical_urls_fold_the_spellings_of_one_page():
    one = canonical_url("https://www.rudaw.net/english/middleeast/turkey/02012022")
    for other in ("http://rudaw.net/english/middleeast/turkey/02012022/",
                  "https://m.rudaw.net/english/middleeast/turkey/02012022?utm_source=x&fbclid=abc",
                  "https://www.rudaw.net/amp/english/middleeast/turkey/02012022#top"):
        assert canonical_url(other) == one
    assert canonical_url("https://www.rudaw.net/english/middleeast/turkey/03012022") != one
    assert canonical_url("https://www.rudaw.net/english/x?id=2") != canonical_url("https://www.rudaw.net/english/x?id=3")


def test_three_copies_of_the_seed_are_one_article_updated_in_place(tmp_path):
    text = need_seed()
    root = make_tree(tmp_path / "site", {"site.toml": SITE, "content/raw/seed.txt": text})
    saved(root / "content/raw/seed.txt", 1_641_100_000)
    assert cli("ingest", cwd=root).returncode == 0
    article = root / "content/articles" / f"{SLUG}.md"
    first = article.read_bytes()

    # The same bytes saved again in a subfolder: unchanged, naming the article; nothing written.
    make_tree(root, {"content/raw/again/seed.txt": text})
    saved(root / "content/raw/again/seed.txt", 1_641_110_000)
    proc = cli("ingest", cwd=root)
    assert proc.returncode == 0
    assert f"unchanged, the same article as content/articles/{SLUG}.md" in proc.stderr
    assert "0 articles written" in proc.stderr and article.read_bytes() == first

    # Fetched again a day later with one word changed: the same file and slug, the first date, `updated:`.
    make_tree(root, {"content/raw/refetched.txt": text.replace("on Sunday pledged", "on Sunday promised")})
    saved(root / "content/raw/refetched.txt", 1_641_200_000)
    proc = cli("ingest", cwd=root)
    assert proc.returncode == 0 and "1 article written" in proc.stderr
    assert sorted(p.name for p in (root / "content/articles").iterdir()) == [f"{SLUG}.md"]
    now = article.read_text(encoding="utf-8")
    assert "promised" in now and "date: '2022-01-02'" in now
    assert "updated: '2022-01-03T08:53:20+00:00'" in now

    assert cli("build", "--no-search", cwd=root).returncode == 0
    page = (root / f"output/articles/{SLUG}/index.html").read_text(encoding="utf-8")
    assert "Updated" in page and '<time datetime="2022-01-03T08:53:20+00:00"' in page
    assert ld(page)["dateModified"] == "2022-01-03T08:53:20+00:00" and ld(page)["datePublished"].startswith("2022-01-02")
    feed = feedparser.parse((root / "output/feed.xml").read_bytes())
    assert [e.updated for e in feed.entries] == ["2022-01-03T08:53:20+00:00"]
    assert len([p for p in (root / "output/articles").iterdir() if p.is_dir()]) == 1  # one article's folder

    # Once more: the older copies are passed over, nothing is written.
    proc = cli("ingest", cwd=root)
    assert "0 articles written" in proc.stderr and article.read_text(encoding="utf-8") == now


def test_all_three_copies_at_once_give_the_newest(tmp_path):
    text = need_seed()
    root = make_tree(tmp_path / "site", {"site.toml": SITE, "content/raw/a.txt": text,
                                         "content/raw/sub/a.txt": text,
                                         "content/raw/0-refetched.txt": text.replace("pledged", "promised")})
    saved(root / "content/raw/a.txt", 1_641_100_000)
    saved(root / "content/raw/sub/a.txt", 1_641_100_000)
    saved(root / "content/raw/0-refetched.txt", 1_641_200_000)
    proc = cli("ingest", cwd=root)
    assert proc.returncode == 0
    assert "1 article written" in proc.stderr, proc.stderr  # one article, however many of its copies wrote it
    files = list((root / "content/articles").iterdir())
    assert [p.name for p in files] == [f"{SLUG}.md"] and "promised" in files[0].read_text(encoding="utf-8")


def test_a_hand_edited_article_is_kept_with_one_warning_when_its_page_is_scraped_again(tmp_path):
    text = need_seed()
    root = make_tree(tmp_path / "site", {"site.toml": SITE, "content/raw/seed.txt": text})
    assert cli("ingest", cwd=root).returncode == 0
    article = root / "content/articles" / f"{SLUG}.md"
    edited = article.read_text(encoding="utf-8").replace("Putin and Erdogan vow", "Putin, Erdogan vow", 1)
    article.write_text(edited, encoding="utf-8")
    make_tree(root, {"content/raw/refetched.txt": text.replace("pledged", "promised")})
    saved(root / "content/raw/refetched.txt", int((root / "content/raw/seed.txt").stat().st_mtime) + DAY)
    proc = cli("ingest", cwd=root)
    assert proc.returncode == 0
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "edited by hand" in warnings[0] and "body" in warnings[0]
    assert article.read_text(encoding="utf-8") == edited


def dump(title: str, paras: list[str], source: str, url: str, day: str) -> str:
    return "\n\n".join([title, source, "Home", "Business", f"Published: {day}", *paras,
                        f"© 2025 {source}. All rights reserved.", f"Content retrieved from: {url}."]) + "\n"


WIRE = [
    "Dockworkers at the island's main container terminal returned to work on Friday morning after union members "
    "voted to accept a three-year pay agreement, ending a nine-day strike that had left dozens of vessels waiting.",
    "The deal raises basic wages by 4.5 percent this year and by a further 3 percent in each of the following two "
    "years, according to a summary circulated by the union, and limits compulsory overtime during night shifts.",
    "The port authority's chief executive said in a statement that the agreement was fair to the workforce and "
    "sustainable for the terminal, and that crews would work extended hours over the weekend to clear the backlog.",
    "Shipping lines that use the terminal as a transhipment hub had warned last week that they could move some "
    "services to rival ports if the stoppage continued; schedules should return to normal within ten days.",
]
OTHER = [
    "Ferry companies serving the islands will raise ticket prices by an average of eight percent from April, "
    "blaming higher fuel costs and new rules that charge shipping operators for their carbon emissions.",
    "Island mayors reacted angrily to the announcement, arguing that residents depend on ferries for medical "
    "appointments, schooling and supplies and have no realistic alternative to the boats in winter.",
    "A spokeswoman for the ministry said the government was studying the request and would publish a support "
    "package for remote communities before Easter, on top of the subsidies for lifeline routes.",
]


def test_a_wire_story_on_three_sources_is_one_story(tmp_path):
    edited = [WIRE[0], WIRE[1].replace("according to a summary circulated by", "said"), *WIRE[2:]]
    root = make_tree(tmp_path / "site", {
        "site.toml": SITE + "per_page = 2\n",
        "content/raw/a.txt": dump("Port strike ends", WIRE, "The Harbour Ledger",
                                  "https://harbourledger.example/economy/2025/03/14/port-strike-ends", "14 March 2025"),
        "content/raw/b.txt": dump("Dockworkers end port strike", edited, "The Pennant Post",
                                  "https://pennantpost.example/business/2025/03/14/strike-over", "14 March 2025"),
        "content/raw/c.txt": dump("Port strike over after nine days", WIRE[:3], "Meridian Daily",
                                  "https://meridiandaily.example/business/port-strike-over", "15 March 2025"),
        "content/raw/d.txt": dump("Ferry fares to rise", OTHER, "The Harbour Ledger",
                                  "https://harbourledger.example/economy/2025/03/14/ferry-fares", "14 March 2025"),
    })
    assert cli("ingest", cwd=root).returncode == 0
    assert cli("build", "--no-search", cwd=root).returncode == 0
    out = root / "output"
    copies = {"port-strike-ends": "The Harbour Ledger", "dockworkers-end-port-strike": "The Pennant Post",
              "port-strike-over-after-nine-days": "Meridian Daily"}
    for slug in copies:
        page = (out / f"articles/{slug}/index.html").read_text(encoding="utf-8")
        box = page.split("Also reported by", 1)[1].split("</aside>", 1)[0]
        named = set(re.findall(r'">([^<]+)</a>', box))
        assert named == {name for other, name in copies.items() if other != slug}
    latest = (out / "latest/index.html").read_text(encoding="utf-8")
    shown = [s for s in copies if f"articles/{s}/" in latest]
    assert len(shown) == 1 and "articles/ferry-fares-to-rise/" in latest  # the story once, the other story too
    front = (out / "index.html").read_text(encoding="utf-8")
    headlines = re.findall(r'<h2 class="lead-title"><a href="articles/([^/]+)/|<li lang="en" dir="ltr"><a href="articles/([^/]+)/', front)
    assert sum(any(s in pair for s in copies) for pair in headlines) == 1
    assert "Also reported by" not in (out / "articles/ferry-fares-to-rise/index.html").read_text(encoding="utf-8")
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert len(feed.entries) == 2


def test_copies_ingested_later_find_their_story_in_the_kept_index(tmp_path):
    # Each ingest is a process of its own: the story index read from .cache/ must find earlier copies, dated
    # or not; a copy whose first article was deleted since starts a story of its own.
    root = make_tree(tmp_path / "site", {"site.toml": SITE, "content/raw/a.txt": dump(
        "Port strike ends", WIRE, "The Harbour Ledger",
        "https://harbourledger.example/economy/2025/03/14/port-strike-ends", "14 March 2025")})
    assert cli("ingest", cwd=root).returncode == 0
    undated = "\n\n".join(["Port strike over", "Meridian Daily", *WIRE[:3],
                            "Content retrieved from: https://meridiandaily.example/port-strike-over."]) + "\n"
    make_tree(root, {"content/raw/b.txt": dump("Dockworkers end port strike", WIRE[1:], "The Pennant Post",
                                               "https://pennantpost.example/2025/03/15/strike-over", "15 March 2025"),
                     "content/raw/c.txt": undated})
    assert cli("ingest", cwd=root).returncode == 0
    articles = root / "content/articles"
    for slug in ("dockworkers-end-port-strike", "port-strike-over"):
        assert "story: port-strike-ends\n" in (articles / f"{slug}.md").read_text(encoding="utf-8"), slug
    (articles / "port-strike-ends.md").unlink()
    (articles / "dockworkers-end-port-strike.md").unlink()
    (articles / "port-strike-over.md").unlink()
    make_tree(root, {"content/raw/d.txt": dump("Port strike is over", WIRE, "The Island Courier",
                                               "https://islandcourier.example/2025/03/14/strike", "14 March 2025")})
    assert cli("ingest", "content/raw/d.txt", cwd=root).returncode == 0
    assert "story:" not in (articles / "port-strike-is-over.md").read_text(encoding="utf-8")


def test_stories_stay_apart_from_follow_ups_and_other_news_of_the_day():
    stories = Stories(None)
    alive = {"a", "b", "c", "d"}
    stories.add("a", "a", "one.example", "2025-03-14", signature(WIRE))
    follow_up = ("Cargo piled up at the container terminal after the strike was cleared on Sunday, and the union "
                 "said the new overtime rules would be reviewed in June.", WIRE[0])
    assert stories.find("two.example", "2025-03-15", signature(follow_up), alive) == ""
    assert stories.find("two.example", "2025-03-14", signature(tuple(OTHER)), alive) == ""
    assert stories.find("one.example", "2025-03-14", signature(WIRE), alive) == ""  # one site: a re-scrape
    assert stories.find("two.example", "2025-04-30", signature(tuple(WIRE)), alive) == ""  # weeks apart
    assert stories.find("two.example", "2025-03-14", signature(tuple(WIRE[:3])), alive) == "a"
    assert minhash(WIRE).jaccard(minhash(OTHER)) < 0.2


def test_a_dump_without_a_url_is_known_by_its_text(tmp_path):
    text = "\n\n".join(["Harbour crane collapses in high winds", *WIRE[:2], *OTHER[:1]]) + "\n"
    root = make_tree(tmp_path / "site", {"site.toml": SITE, "content/raw/a.txt": text, "content/raw/b/a.txt": text,
                                         "content/raw/c.txt": text.replace("Dockworkers", "Port workers", 1)})
    proc = cli("ingest", cwd=root)
    assert proc.returncode == 0
    names = sorted(p.name for p in (root / "content/articles").iterdir())
    # The same text twice is one article; another text is another, with no URL to say it is the same page.
    assert names == ["harbour-crane-collapses-in-high-winds-2.md", "harbour-crane-collapses-in-high-winds.md"]
    assert "unchanged, the same article as content/articles/harbour-crane-collapses-in-high-winds.md" in proc.stderr


def test_a_page_and_its_later_refetch_ingested_together_count_as_one_article_written(tmp_path):
    text = need_seed()
    root = make_tree(tmp_path / "site", {"site.toml": SITE, "content/raw/a.txt": text,
                                         "content/raw/z/refetched.txt": text.replace("pledged", "promised")})
    saved(root / "content/raw/a.txt", 1_641_100_000)
    saved(root / "content/raw/z/refetched.txt", 1_641_200_000)  # read after a.txt, and newer: it updates it
    proc = cli("ingest", cwd=root)
    assert proc.returncode == 0 and "1 article written" in proc.stderr, proc.stderr
    files = list((root / "content/articles").iterdir())
    assert [p.name for p in files] == [f"{SLUG}.md"] and "promised" in files[0].read_text(encoding="utf-8")
