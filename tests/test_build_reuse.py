"""A new plan of the whole site keys again only the article pages near what changed (`reuse`), and the output
is still a clean build's, whatever came, went or moved in a long topic."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from site_gen.build import BuildOptions, build
from site_gen.build.codec import Source
from site_gen.build.layout import KeptLayout, Layout, encode_layout
from site_gen.build.plan import plan
from site_gen.build.reuse import WINDOW, moved_articles, same_article_pages
from site_gen.config import SiteConfig
from site_gen.reporter import RecordingReporter
from tests.build_helpers import md
from tests.conftest import make_tree
from tests.properties import examples
from tests.test_build_plan import art
from tests.test_incremental import PROCESS, clean_build, files, run


def sources(articles) -> dict:
    return {a.path: Source(0, 0, a.path.encode(), a) for a in articles}


def same(old: list, new: list) -> set[str]:
    """Return the slugs of the article pages `reuse` keeps when `old` became `new` (an article in both as the
    same object is unchanged, as a build that did not parse it again has it)."""
    previous, now = sources(old), sources(new)
    for name, source in previous.items():
        if name in now and now[name].article is source.article:
            now[name] = source
    site = plan(old, SiteConfig(root=Path(".")), search=False)
    kept = KeptLayout(encode_layout(site.pages, site.layout, previous))
    found = same_article_pages(Layout.of(tuple(new)), kept, now, moved_articles(now, previous))
    return {path.split("/")[1] for path in found}


LONG = [art(f"s{n:02}", -n, "Harbour") for n in range(60)]  # s00 newest ... s59 oldest
OTHER = [art(f"o{n:02}", -n, "Weather") for n in range(10)]


def test_a_new_article_keeps_every_article_page_but_its_neighbours_in_its_topic():
    new = art("fresh", 1, "Harbour")
    kept = same(LONG + OTHER, [new] + LONG + OTHER)
    assert "fresh" not in kept
    assert {f"s{n:02}" for n in range(WINDOW)}.isdisjoint(kept)  # its neighbours' boxes change
    assert {f"s{n:02}" for n in range(WINDOW, 60)} <= kept
    assert {f"o{n:02}" for n in range(10)} <= kept  # another topic: nothing moved there


def test_an_article_gone_or_moved_in_the_middle_unkeeps_both_places():
    moved = art("s30", -55, "Harbour")  # from the middle to near the end
    kept = same(LONG, [a if a.slug != "s30" else moved for a in LONG if a.slug != "s10"])
    near = {f"s{n:02}" for n in range(10 - WINDOW, 10 + WINDOW + 1)} | \
        {f"s{n:02}" for n in range(30 - WINDOW, 60)}
    assert kept == {f"s{n:02}" for n in range(60)} - near - {"s10"}


def test_what_the_kept_layout_cannot_follow_keeps_nothing():
    renamed = [art(a.slug, -int(a.slug[1:]), "Harbour", authors=("Ann Lee",)) for a in LONG]
    # a new author who takes the page (authors/ann-lee/) of another one: every page naming that one changes
    assert "s50" not in same(renamed, renamed + [art("x", 1, "Weather", authors=("(Ann) Lee",))])
    assert "s50" in same(renamed, renamed + [art("x", 1, "Weather", authors=("ann  lee", "Ann Lee!"))])
    one = [art(a.slug, -int(a.slug[1:]), "Harbour", authors=("Ann Lee",) if a.slug == "s30" else ()) for a in LONG]
    kept = same(one, one + [art("x", 1, "Weather", authors=("(Ann) Lee",))])  # s30's author's page moves
    assert kept.isdisjoint(f"s{n:02}" for n in range(30 - WINDOW, 30 + WINDOW + 1))  # its neighbours show it
    assert {"s00", "s59"} <= kept
    assert same(LONG, LONG + [art("copy", 1, "Harbour", story="s05")]) == set()  # a story changed
    assert same(LONG, LONG + [art("r", 1, "Weather", related=("S50",))]) == set()  # related headlines now
    related = LONG + [art("r", -70, "Weather", related=("S50",))]
    assert "r" not in same(related, related + [art("y", 1, "Weather")])  # its headlines are matched again


# -- the output is a clean build's --------------------------------------------------------------------------

class LongTopicSite(RuleBasedStateMachine):
    """A topic of 40 articles, then random arrivals, deletions, moves and renamings, each built at once and
    compared with a clean build (the state machine of test_incremental has too few articles for pages to be
    kept this way)."""

    def __init__(self):
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp())
        self.root = make_tree(self.tmp / "site", {
            f"content/a{n:02}.md": md(f"Harbour story {n}", f"Body {n}.", topic="Harbour",
                                      date=f"2025-01-{1 + n % 28:02}T{n % 24:02}:00:00+00:00",
                                      authors=["Ann Lee"] if n % 3 == 0 else [])
            for n in range(40)})
        run(self.root, per_page=7)

    def teardown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    @rule(n=st.integers(0, 60), day=st.integers(1, 28), topic=st.sampled_from(["Harbour", "Harbour", "Weather"]),
          author=st.sampled_from([None, "Ann Lee", "ann  lee", "(Ann) Lee"]),
          more=st.sampled_from([{}, {}, {}, {"story": "s"}, {"related": ["Harbour story 7"]}]))
    def write(self, n, day, topic, author, more):
        fields = {"topic": topic, "date": f"2025-01-{day:02}T12:00:00+00:00", **more}
        if author:
            fields["authors"] = [author]
        make_tree(self.root / "content", {f"a{n:02}.md": md(f"Harbour story {n}", f"Body {n} again.", **fields)})
        self.check(early=n % 2 == 0)

    @rule(n=st.integers(0, 60))
    def delete(self, n):
        (self.root / "content" / f"a{n:02}.md").unlink(missing_ok=True)
        self.check(early=n % 2 == 0)

    def check(self, early: bool):
        """Build as `build` does, or as watch and serve do (`early`: the pages showing what came or moved
        first); compare with a clean build."""
        options = BuildOptions(self.root / "content", self.root / "out", search=False, session=PROCESS[0],
                               early=early)
        assert build(SiteConfig(root=self.root, per_page=7), options, RecordingReporter()).ok
        assert files(self.root / "out") == clean_build(self.root, per_page=7)


TestLongTopicSite = LongTopicSite.TestCase
TestLongTopicSite.settings = examples(6, stateful_step_count=5)


class Told:
    """A `Writing` (as the dev server's lock is): what a build told it, in order."""

    def __init__(self):
        self.told: list[tuple[str, object]] = []

    @contextmanager
    def write(self):
        yield

    def open_except(self, files) -> None:
        self.told.append(("open", frozenset(files)))

    def done(self, file: str) -> None:
        self.told.append(("done", file))


def test_watch_and_serve_write_the_pages_showing_a_new_article_before_planning_the_whole_site(tmp_path):
    root = make_tree(tmp_path, {f"content/a{n:02}.md": md(f"Harbour story {n}", f"Body {n}.", topic="Harbour",
                                                          date=f"2025-01-{1 + n % 28:02}T08:00:00+00:00")
                                for n in range(40)})
    run(root)
    make_tree(root / "content", {"new.md": md("Ferry resumes", "The ferry runs again.", topic="Harbour",
                                              date="2025-01-30T09:00:00+00:00", authors=["Ann Lee"],
                                              source="Harbour News")})
    told = Told()
    options = BuildOptions(root / "content", root / "out", search=False, session=PROCESS[0], early=True,
                           writing=told, hints=[root / "content" / "new.md"])
    result = build(SiteConfig(root=root), options, RecordingReporter())
    opened = next(i for i, (kind, _) in enumerate(told.told) if kind == "open")
    first = {file for _, file in told.told[:opened]}
    assert {"articles/new/index.html", "index.html", "latest/index.html", "feed.xml",
            "topics/harbour/index.html", "topics/harbour/feed.xml", "authors/ann-lee/index.html",
            "sources/harbour-news/index.html", "2025/01/30/index.html", "2025/01/index.html"} <= first
    assert "articles/a27/index.html" in first  # the newest before it: its "Newer" link now names it
    assert first.isdisjoint(told.told[opened][1])  # made once: the whole plan found them made
    assert len(result.rendered) == len(set(result.rendered))
    assert files(root / "out") == clean_build(root)
