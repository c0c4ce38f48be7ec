"""Incremental builds: after any changes the output is what a clean build makes; only what changed is made again."""

from __future__ import annotations

import fcntl
import gc
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from site_gen.build import load as load_module
from site_gen.build import render as render_module
from site_gen.build import BuildOptions, build, building
from site_gen.build.codec import FAMILY, MAGIC
from site_gen.build.session import BuildSession
from site_gen.build.state import FOLDER, LOG, STATE, cache_folder
from site_gen.config import SiteConfig
from site_gen.reporter import RecordingReporter
from tests.build_helpers import md, snapshot
from tests.conftest import REPO, make_tree
from tests.properties import examples


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


PROCESS = [BuildSession()]
"""What a long-running process (watch, serve) keeps between builds: the tests' builds share it, as those of
one process would, until `new_process`."""


def run(root: Path, cache: bool = True, out: Path | None = None, hints=None, search: bool = False, **settings_):
    reporter = RecordingReporter()
    options = BuildOptions(root / "content", out or root / "out", search=search, cache=cache, hints=hints,
                           session=PROCESS[0])
    result = build(SiteConfig(root=root, **settings_), options, reporter)
    return result, reporter


def clean_build(root: Path, search: bool = False, **settings_) -> dict[str, bytes]:
    """Return the files a build from scratch (no cache, empty output) makes of the same content."""
    with tempfile.TemporaryDirectory() as tmp:
        result, _ = run(root, cache=False, out=Path(tmp) / "out", search=search, **settings_)
        return files(Path(tmp) / "out")


# -- the invariant, on random sequences of changes ------------------------------------------------------------

TOPICS = ["Turkey", "turkey", "Sport", "Économie", ""]
NAMES = ["Ann Writer", "Bob Reporter", "ann writer"]
TAGS = ["NATO", "energy", "Energy", "trade"]
TITLES = ["Ferry fares rise", "Storm hits coast", "Lira slides", "Fish prices climb", "Talks resume"]
DATES = [None, "2024-12-31", "2025-03-01", "2025-03-02", "2025-03-02T10:00:00+03:00", "2025-03-05"]  # shards by year

fields = st.fixed_dictionaries({
    "title": st.sampled_from(TITLES),
    "topic": st.sampled_from(TOPICS),
    "date": st.sampled_from(DATES),
    "authors": st.lists(st.sampled_from(NAMES), max_size=2),
    "tags": st.lists(st.sampled_from(TAGS), max_size=2),
    "related": st.lists(st.sampled_from(TITLES), max_size=1),
    "slug": st.sampled_from([None, None, None, "same-slug"]),
    "draft": st.sampled_from([False, False, False, True]),
    "images": st.sampled_from([None, None, [{"caption": "A boat.", "credit": "Desk"}],
                               [{"caption": "A pier.", "src": "pics/a.png", "width": 1000, "height": 600}],
                               [{"caption": "A quay.", "src": "pics/b.png", "width": 500, "height": 500}]]),
    # Wire copies: articles naming one story are shown once in lists, each naming the others.
    "story": st.sampled_from([None, None, "ferry-fares-rise", "wire-1"]),
    # The second and third differ after the first paragraph alone, with as many words: only what a page shows
    # of the body itself tells them apart.
    "body": st.sampled_from(BODIES := ["Short body.", "A longer body with *emphasis*.\n\nAnd a second paragraph.",
                                       "A longer body with *emphasis*.\n\nAnd a third paragraph.",
                                       "Words " * 40, "Words " * 41]),
})


def picture(width: int, height: int, shade: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (40 * shade, 90, 140)).save(out, "PNG")
    return out.getvalue()


def article_text(f: dict) -> str:
    extra = {k: v for k, v in f.items() if k not in ("title", "body") and v not in (None, "", [], False)}
    return md(f["title"], f["body"], **extra)


def own_templates() -> dict[str, str]:
    """Templates of one's own that show what the default ones do not: every list shows each article's whole
    body and word count, and the article page the bodies of the articles in its "Also in" box."""
    macros = (REPO / "templates/_macros.html").read_text(encoding="utf-8")
    article = (REPO / "templates/article.html").read_text(encoding="utf-8")
    shown = '<p class="summary">{{ e.article.summary }}</p>'
    assert shown in macros and "{% endblock %}" in article
    return {
        "_macros.html": macros.replace(shown, shown + '<div class="whole">{{ e.article.body_html | safe }} '
                                                      '({{ e.article.words }} words)</div>'),
        "article.html": article.replace("{% endblock %}", "{% for x in also %}<div>{{ x.article.body.html | safe }}"
                                                          "</div>{% endfor %}{% endblock %}", 1),
    }


OWN_TEMPLATES = own_templates()


class IncrementalSite(RuleBasedStateMachine):
    """Random edits, creates, deletes, renames and template changes; every build equals a clean one."""

    def __init__(self):
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp())
        self.root = make_tree(self.tmp / "site", {"content/.keep": "", "pics/a.png": picture(1000, 600, 0),
                                                   "pics/b.png": picture(500, 500, 1)})
        self.names: list[str] = []
        self.fields: dict[str, dict] = {}
        self.per_page = 2
        self.touched: set[Path] = set()  # what file-system events would name since the last build

    def teardown(self):
        self.check()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @rule(name=st.sampled_from(["a.md", "b.md", "c.md", "d.md", "sub/e.md"]), f=fields)
    def write(self, name, f):
        make_tree(self.root / "content", {name: article_text(f)})
        self.touched.add(self.root / "content" / name)
        self.fields[name] = f
        if name not in self.names:
            self.names.append(name)

    @precondition(lambda self: self.names)
    @rule(i=st.integers(0, 10), body=st.sampled_from(BODIES), summary=st.sampled_from([None, "", "In short."]),
          source_url=st.sampled_from([None, "https://news.example/a"]))
    def retouch(self, i, body, summary, source_url):
        """Change what an article says but not where it goes (the layout is kept: only pages showing it change)."""
        name = self.names[i % len(self.names)]
        f = dict(self.fields[name], body=body, summary=summary, source_url=source_url)
        make_tree(self.root / "content", {name: article_text(f)})
        self.touched.add(self.root / "content" / name)
        self.fields[name] = f

    @precondition(lambda self: self.names)
    @rule(i=st.integers(0, 10), body=st.sampled_from(BODIES),
          updated=st.sampled_from(["2025-03-06T08:00:00+00:00", "2025-03-07T09:30:00+00:00"]))
    def rescrape(self, i, body, updated):
        """A page scraped again: its article updated in place, with `updated:` (the layout is kept)."""
        name = self.names[i % len(self.names)]
        f = dict(self.fields[name], body=body, updated=updated)
        make_tree(self.root / "content", {name: article_text(f)})
        self.touched.add(self.root / "content" / name)
        self.fields[name] = f

    @precondition(lambda self: self.names)
    @rule(i=st.integers(0, 10), new=st.sampled_from(["w1.md", "w2.md"]), story=st.sampled_from([None, "wire-1"]))
    def wire_copy(self, i, new, story):
        """Another source's copy of an article: the same story (or a duplicate that names none)."""
        old = self.names[i % len(self.names)]
        f = dict(self.fields[old], slug=None, story=story or self.fields[old].get("story"), source="Other Wire")
        make_tree(self.root / "content", {new: article_text(f)})
        self.touched.add(self.root / "content" / new)
        self.fields[new] = f
        if new not in self.names:
            self.names.append(new)

    @precondition(lambda self: self.names)
    @rule(i=st.integers(0, 10))
    def delete(self, i):
        name = self.names.pop(i % len(self.names))
        (self.root / "content" / name).unlink()
        self.touched.add(self.root / "content" / name)
        del self.fields[name]

    @precondition(lambda self: self.names)
    @rule(i=st.integers(0, 10), new=st.sampled_from(["r1.md", "r2.md", "2025-01-09-dated-name.md"]))
    def rename(self, i, new):
        old = self.names[i % len(self.names)]
        if new in self.names:
            return
        (self.root / "content" / old).rename(self.root / "content" / new)
        self.touched |= {self.root / "content" / old, self.root / "content" / new}
        self.names[self.names.index(old)] = new
        self.fields[new] = self.fields.pop(old)

    @rule(which=st.sampled_from(["topic.html", "_macros.html", "static/site.css", "lists show bodies", None]))
    def template(self, which):
        own = self.root / "templates"
        shutil.rmtree(own, ignore_errors=True)
        if which == "lists show bodies":
            make_tree(own, OWN_TEMPLATES)
        elif which:
            text = (REPO / "templates" / which).read_text(encoding="utf-8")
            make_tree(own, {which: text.replace("</ol>", "</ol><!-- own -->").replace("body", "body ")})

    @rule(name=st.sampled_from(["a.png", "b.png"]), shade=st.integers(2, 4))
    def repaint(self, name, shade):
        """Change a picture's pixels (or bring back a removed one), not the articles showing it: its variants
        are made again."""
        size = (1000, 600) if name == "a.png" else (500, 500)
        make_tree(self.root / "pics", {name: picture(*size, shade)})

    @rule(name=st.sampled_from(["a.png", "b.png"]))
    def unpaint(self, name):
        """Remove a picture articles show: their pages show the caption alone (till `repaint` brings it back)."""
        (self.root / "pics" / name).unlink(missing_ok=True)

    @rule(per_page=st.sampled_from([1, 2, 3]))
    def settings(self, per_page):
        self.per_page = per_page

    @rule()
    def restart(self):
        """Build next as a new process would: nothing kept in memory, the state read back from its files."""
        new_process()

    @rule(hinted=st.booleans(), search=st.booleans())
    def check(self, hinted=False, search=True):
        """Build (by the events alone when `hinted`, as watch and serve do); the output, the search index with
        it, is a clean build's."""
        result, _ = run(self.root, per_page=self.per_page, hints=self.touched if hinted else None, search=search)
        self.touched = set()
        assert files(self.root / "out") == clean_build(self.root, per_page=self.per_page, search=search)
        again, _ = run(self.root, per_page=self.per_page, search=search)
        assert again.rendered == () and again.written == () and again.removed == (), (again.rendered, again.written, again.removed, again.planned)


TestIncrementalSite = IncrementalSite.TestCase
TestIncrementalSite.settings = examples(12, stateful_step_count=10)


# -- focused cases ------------------------------------------------------------------------------------------

PARA = "The harbour authority said on Monday that the terminal would open in June."
SITE = {
    "ferry.md": md("Ferry fares rise", f"{PARA}\n\nSecond paragraph.", topic="Business", date="2025-03-03",
                   authors=["Ann Writer"], tags=["Fares"]),
    "storm.md": md("Storm hits coast", PARA, topic="Weather", date="2025-03-04", tags=["Coast"]),
    "fish.md": md("Fish prices climb", PARA, topic="Business", date="2025-03-02"),
    "lira.md": md("Lira slides", PARA, topic="Business", date="2025-03-01"),
    "rain.md": md("Rain again", PARA, topic="Weather", date="2025-03-05"),
}


@pytest.fixture
def site(tmp_path):
    root = make_tree(tmp_path, {f"content/{k}": v for k, v in SITE.items()})
    result, reporter = run(root)
    assert result.ok, result.errors
    return root


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "content" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(site):
    before = snapshot(site / "out")
    result, _ = run(site)
    assert result.rendered == () and result.written == () and result.removed == ()
    assert len(result.unchanged) == len(before) - 1  # all but the manifest
    assert snapshot(site / "out") == before and result.articles == 5


def test_a_body_edit_rewrites_its_page_and_the_feeds_that_carry_it(site):
    edit(site, "ferry.md", "Second paragraph.", "Second paragraph, longer now by a few more words.")
    result, _ = run(site)
    assert set(result.written) == {"articles/ferry/index.html", "feed.xml", "topics/business/feed.xml"}
    # nothing the lists and the other pages show of it changed (its word count did, which they do not show):
    # they are not even rendered again
    assert set(result.rendered) == set(result.written)
    assert files(site / "out") == clean_build(site)


def test_an_edit_that_keeps_the_layout_plans_only_the_pages_showing_the_article(site):
    edit(site, "storm.md", PARA, PARA + " The coast road was closed for a night.")
    result, _ = run(site)
    # its page, the lists showing its summary (latest, its topic, its tag, its day), the feeds; planned too: the
    # front page and its month (headlines), its neighbour's page: not the Business pages, nor the other articles'
    assert result.planned < 12 and "articles/ferry/index.html" not in result.rendered
    assert set(result.written) == {"articles/storm/index.html", "feed.xml", "topics/weather/feed.xml",
                                   "latest/index.html", "topics/weather/index.html", "tags/coast/index.html",
                                   "2025/03/04/index.html"}
    assert files(site / "out") == clean_build(site)
    edit(site, "storm.md", "2025-03-04", "2025-02-01")
    result, _ = run(site)  # a new date moves it: the whole site is planned again
    pages = [p for p in files(site / "out") if p.endswith((".html", ".xml", ".txt"))]
    assert result.planned == len(pages) == 32
    assert files(site / "out") == clean_build(site)


def test_a_title_edit_rewrites_every_list_and_box_that_shows_it(site):
    edit(site, "fish.md", "title: Fish prices climb", "title: Fish prices soar")
    result, _ = run(site)
    assert set(result.written) == {
        "articles/fish/index.html",
        "articles/ferry/index.html", "articles/lira/index.html",  # Also in, newer/older
        "index.html", "latest/index.html", "topics/business/index.html", "feed.xml", "topics/business/feed.xml",
        "2025/03/02/index.html", "2025/03/index.html",  # its day and month
    }
    assert files(site / "out") == clean_build(site)


def test_a_deleted_or_renamed_article_leaves_no_trace(site):
    (site / "content/storm.md").unlink()
    (site / "content/lira.md").rename(site / "content/lira-renamed.md")
    edit(site, "lira-renamed.md", "title: Lira slides", "title: Lira slides\nslug: lira-falls")
    result, _ = run(site)
    assert "articles/storm/index.html" in result.removed and "tags/coast/index.html" in result.removed
    assert "articles/lira/index.html" in result.removed
    assert (site / "out/articles/lira-falls/index.html").is_file()
    for page in (site / "out").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "articles/storm/" not in text and "articles/lira/" not in text, page
    assert files(site / "out") == clean_build(site)


def test_a_topic_change_moves_the_article_between_topic_pages(site):
    edit(site, "fish.md", "topic: Business", "topic: Weather")
    run(site)
    assert "Fish prices climb" in (site / "out/topics/weather/index.html").read_text(encoding="utf-8")
    assert "Fish prices climb" not in (site / "out/topics/business/index.html").read_text(encoding="utf-8")
    assert files(site / "out") == clean_build(site)


def test_a_template_change_renders_the_pages_that_use_it(site):
    text = (REPO / "templates/topic.html").read_text(encoding="utf-8")
    make_tree(site / "templates", {"topic.html": text.replace('<header class="page-head">', '<header class="page-head own">')})
    result, _ = run(site)
    assert set(result.rendered) == {"topics/business/index.html", "topics/weather/index.html"}
    assert set(result.written) == set(result.rendered)
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    make_tree(site / "templates", {"base.html": base.replace("<body>", "<body class='own'>")})
    result, _ = run(site)
    assert {p for p in result.rendered if p.endswith(".html")} == {
        p for p in files(site / "out") if p.endswith(".html")}
    assert "feed.xml" not in result.rendered
    assert files(site / "out") == clean_build(site)


def test_a_static_file_change_is_copied_alone(site):
    css = (REPO / "templates/static/site.css").read_text(encoding="utf-8")
    make_tree(site / "templates", {"static/site.css": css + "\n/* own */\n"})
    result, _ = run(site)
    assert result.written == ("static/site.css",) and result.rendered == ()


def test_a_settings_change_renders_every_page(site):
    result, _ = run(site, title="Renamed Reader")
    pages = [p for p in files(site / "out") if not p.startswith(("static/", "."))]
    assert sorted(result.rendered) == sorted(pages)
    assert files(site / "out") == clean_build(site, title="Renamed Reader")


def test_a_file_that_fails_to_load_keeps_its_last_good_page(site):
    good = (site / "out/articles/ferry/index.html").read_bytes()
    edit(site, "ferry.md", "title: Ferry fares rise", "title: [Ferry fares rise")
    result, _ = run(site)
    assert not result.ok and "ferry.md" in result.errors[0].path
    assert (site / "out/articles/ferry/index.html").read_bytes() == good
    assert result.removed == () and "Ferry fares rise" in (site / "out/index.html").read_text(encoding="utf-8")
    edit(site, "ferry.md", "title: [Ferry fares rise", "title: Ferry fares fixed")
    result, _ = run(site)
    assert result.ok and "Ferry fares fixed" in (site / "out/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["truncate", "empty", "garbage", "flip-body", "no-pack"])
def test_a_damaged_cache_is_noticed_and_not_trusted(site, damage):
    folder = cache_folder(site, site / "content", site / "out")
    state = folder / STATE
    (pack,) = folder.glob("bodies-*.pack")
    if damage == "truncate":
        state.write_bytes(state.read_bytes()[:-100])
    elif damage == "empty":  # (no file system maps an empty file: read instead)
        state.write_bytes(b"")
    elif damage == "garbage":
        state.write_bytes(b"not a cache at all")
    elif damage == "flip-body":
        data = bytearray(pack.read_bytes())
        data[len(data) // 2] ^= 0xFF
        pack.write_bytes(bytes(data))
    else:
        pack.unlink()
    edit(site, "ferry.md", "title: Ferry fares rise", "title: Ferry fares soar")  # pages need cached bodies
    result, reporter = run(site)
    assert result.ok and any("damaged" in n for n in reporter.notes)
    assert files(site / "out") == clean_build(site)
    again, _ = run(site)
    assert again.rendered == ()


def test_a_cache_an_older_version_wrote_is_set_aside_without_calling_it_damaged(site):
    state = cache_folder(site, site / "content", site / "out") / STATE
    old_format = FAMILY + b"1\0" + state.read_bytes()[len(MAGIC):]  # (format 1, the first releases')
    assert state.read_bytes().startswith(FAMILY) and not old_format.startswith(MAGIC)
    state.write_bytes(old_format)
    edit(site, "ferry.md", "title: Ferry fares rise", "title: Ferry fares soar")
    result, reporter = run(site)
    assert result.ok and not any("damaged" in n for n in reporter.notes)
    assert files(site / "out") == clean_build(site)
    again, _ = run(site)
    assert again.rendered == ()


def new_process() -> None:
    """Forget what a long-running process keeps between builds: the next build reads the cache's files."""
    PROCESS[0] = BuildSession()


def test_a_small_edit_is_logged_and_read_back_by_the_next_process(site):
    folder = cache_folder(site, site / "content", site / "out")
    whole = (folder / STATE).read_bytes()
    edit(site, "storm.md", PARA, PARA + " The coast road was closed for a night.")
    run(site)
    assert (folder / STATE).read_bytes() == whole and (folder / LOG).stat().st_size > 0  # a record, not all again
    edit(site, "fish.md", "title: Fish prices climb", "title: Fish prices soar")
    run(site)
    new_process()
    again, _ = run(site)
    assert again.rendered == () and again.written == ()
    assert files(site / "out") == clean_build(site)


def test_a_build_that_made_every_page_again_writes_the_state_whole(tmp_path):
    """Every build reads the whole log after the state file. A record of every page (pages touched by another
    program, a template edited) made each later build read the outputs twice, ~0.2 s more than a 1.6 s build with
    nothing to do at 100,000 articles: such a build writes the state whole instead."""
    import os
    import time

    root = tmp_path / "site"
    make_tree(root / "content", {f"a{i:04d}.md": md(f"Story number {i}", f"Body of story {i}.", topic=f"T{i % 7}",
                                                    date=f"2024-0{1 + i % 9}-1{i % 10}",
                                                    summary=" ".join(["A summary of the story."] * 12))
                                 for i in range(900)})
    past = time.time_ns() - 100 * 10**9  # files older than a build can doubt (`state.RACY_NS`)
    for article in (root / "content").iterdir():
        os.utime(article, ns=(past, past))
    run(root)
    folder = cache_folder(root, root / "content", root / "out")
    state = (folder / STATE).read_bytes()
    pages = list((root / "out").rglob("*.html"))
    for page in pages:
        os.utime(page, ns=(past, past))
    result, _ = run(root)
    assert result.written == () and len(result.rendered) == len(pages) > 1000  # the same bytes made again
    rewritten = (folder / STATE).read_bytes() != state
    assert rewritten and not (folder / LOG).exists()
    new_process()
    again, _ = run(root)
    assert again.rendered == () and again.written == ()


def test_an_edit_logs_the_search_shard_it_changed_not_the_whole_index(site):
    """The index's list of shards names every article and index file (~12 MB at 100,000 articles): an edit's
    log record holds only the shard it changed, and a new process reads the same index back from it."""
    import marshal

    from site_gen.build.state import StateStore

    make_tree(site / "content", {f"old-{y}.md": md(f"Harbour news of {y}", PARA, date=f"{y}-05-01")
                                 for y in (2019, 2020, 2021)})
    run(site, search=True)
    folder = cache_folder(site, site / "content", site / "out")
    before = StateStore.read(folder).state.search
    assert len(before) >= 4 and not (folder / LOG).exists()
    edit(site, "storm.md", PARA, PARA + " The coast road was closed for a night.")
    run(site, search=True)
    log = (folder / LOG).read_bytes()
    record = marshal.loads(log[12:])  # one record: magic, size, checksum, then its payload
    assert "search" not in record["fields"]
    assert list(record["entries"]["search"]) == ["2025-1of1"]  # storm.md's shard alone
    new_process()
    after = StateStore.read(folder).state.search
    assert list(after) == list(before)  # the same shards in the same order (the search page merges them so)
    assert [k for k in after if after[k] != before[k]] == ["2025-1of1"]
    edit(site, "lira.md", PARA, PARA + " Exporters welcomed it.")
    result, _ = run(site, search=True)
    assert result.ok and files(site / "out") == clean_build(site, search=True)


def test_dates_formatted_once_are_kept_with_the_state_and_a_small_edit_formats_none_again(site, monkeypatch):
    """Pages' dates and numbers come from Babel (~40 ms to load): a whole build keeps them with its state, a
    later edit in another process takes them back (through the log too) instead of formatting them again."""
    from site_gen.build import i18n
    from site_gen.build.state import StateStore

    folder = cache_folder(site, site / "content", site / "out")
    kept = StateStore.read(folder).state.formats.items()
    assert any(k[0] == "day" for k in kept)  # the whole build's dates, made in its render workers or here
    made = []
    remember = i18n.Chrome._remember
    monkeypatch.setattr(i18n.Chrome, "_remember", lambda self, key, value: (made.append(key),
                                                                            remember(self, key, value)))
    for n, (name, old, new) in enumerate([("storm.md", PARA, PARA + " The coast road was closed."),
                                          ("fish.md", "title: Fish prices climb", "title: Fish prices soar")]):
        new_process()
        edit(site, name, old, new)
        result, _ = run(site)
        assert result.written and made == [], (n, made)
    new_process()
    edit(site, "storm.md", "date: '2025-03-04'", "date: '2025-03-04T09:30:00+00:00'")  # a time no page showed
    run(site)
    assert made and all(k in StateStore.read(folder).state.formats.items() for k in made)  # logged, read back
    assert files(site / "out") == clean_build(site)


@pytest.mark.parametrize("damage", ["cut-short", "garbage-after", "another-state"])
def test_a_damaged_log_is_left_out_and_the_build_is_still_right(site, damage):
    folder = cache_folder(site, site / "content", site / "out")
    log = folder / LOG
    edit(site, "storm.md", PARA, PARA + " The coast road was closed for a night.")
    run(site)
    records = log.read_bytes()
    if damage == "cut-short":  # a build killed while it appended
        log.write_bytes(records[:-7])
    elif damage == "garbage-after":
        log.write_bytes(records + b"sglr\x00\x00")
    else:  # a log left from before the state was written whole (a crash between the two)
        make_tree(site / "content", {"new.md": md("Ferry strike ends", PARA, topic="Business", date="2025-03-06")})
        run(site)
        assert not log.exists()
        log.write_bytes(records)
    new_process()
    edit(site, "fish.md", "title: Fish prices climb", "title: Fish prices soar")
    result, reporter = run(site)
    assert result.ok and files(site / "out") == clean_build(site)
    assert not log.exists()  # the state after it was written whole
    new_process()
    again, _ = run(site)
    assert again.rendered == () and again.written == ()


def test_a_build_writes_the_pages_first_and_the_state_when_its_block_ends(site):
    folder = cache_folder(site, site / "content", site / "out")
    cached = lambda: [(p.name, p.read_bytes()) for p in sorted(folder.glob("state.*"))]  # noqa: E731
    before = cached()
    edit(site, "storm.md", PARA, PARA + " The coast road was closed for a night.")
    with building(SiteConfig(root=site), BuildOptions(site / "content", site / "out", search=False),
                  RecordingReporter()) as result:
        assert "articles/storm/index.html" in result.written and cached() == before
    assert cached() != before
    new_process()
    again, _ = run(site)
    assert again.rendered == () and files(site / "out") == clean_build(site)


def test_a_finished_build_leaves_no_page_of_its_plan_for_the_collector(site):
    # Watch and serve build again and again in one process: each build's plan (its pages, and what makes
    # their variables) is freed as the build ends, not left in reference cycles for some full collection to
    # find. A whole plan at 10,000 articles is ~17,000 pages: serve grew by ~0.6 MB a change until then.
    from site_gen.build.plan import Page

    gc.collect()
    gc.disable()
    try:
        edit(site, "storm.md", PARA, PARA + " The coast road was closed for a night.")
        edited, _ = run(site)  # pages of the same layout
        (site / "content" / "quay.md").write_text(md("Quay reopens", PARA, topic="Weather", date="2025-03-06"),
                                                 encoding="utf-8")
        added, _ = run(site)  # a new article: the whole site planned
        left = [o for o in gc.get_objects() if isinstance(o, Page)]
    finally:
        gc.enable()
    assert "articles/storm/index.html" in edited.written and "articles/quay/index.html" in added.written
    assert left == []


def test_deleting_the_cache_costs_only_time(site):
    before = files(site / "out")
    shutil.rmtree(site / FOLDER.parts[0])
    result, _ = run(site)
    assert result.written == () and len(result.rendered) > 0 and files(site / "out") == before


def test_a_second_build_waits_for_the_first(site):
    lock = open(site / FOLDER / "lock", "a+")
    fcntl.flock(lock, fcntl.LOCK_EX)
    reporter = RecordingReporter()
    waiting = threading.Event()
    reporter.note = lambda text: (reporter.notes.append(text), waiting.set())
    done = []
    worker = threading.Thread(target=lambda: done.append(build(
        SiteConfig(root=site), BuildOptions(site / "content", site / "out", search=False), reporter)))
    worker.start()
    assert waiting.wait(30) and "another build" in reporter.notes[0]
    assert not done
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    worker.join(30)
    assert done and done[0].ok


def test_worker_processes_make_the_same_bytes_as_one(tmp_path, monkeypatch):
    monkeypatch.setattr(load_module, "POOL_MIN", 2)
    monkeypatch.setattr(render_module, "POOL_MIN", 4)
    articles = {f"a{i:03}.md": md(f"Story number {i}", f"{PARA} {i}\n\n*More* words {i}.", date=f"2025-03-{1 + i % 28:02}",
                                  topic=["Business", "Weather", "Sport"][i % 3], tags=[f"t{i % 7}"])
                for i in range(120)}
    root = make_tree(tmp_path, {f"content/{k}": v for k, v in articles.items()})
    reporter = RecordingReporter()
    build(SiteConfig(root=root), BuildOptions(root / "content", tmp_path / "one", search=False, cache=False, jobs=1),
          reporter)
    build(SiteConfig(root=root), BuildOptions(root / "content", tmp_path / "two", search=False, jobs=2), reporter)
    assert reporter.errors == []
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_the_cache_gives_back_the_articles_it_was_given(tmp_path):
    from site_gen.build.load import load_articles
    from site_gen.build.state import StateStore

    dates = ["2025-03-01", "2025-03-02T10:00:00+03:00", "2025-03-02 10:00:00", "2021-10-31T02:30:00",
             "2025-03-02T10:00:00Z", None]
    texts = {f"a{i}.md": md(f"Story {i}", "Body *text*.", **({"date": d} if d else {}), images=[{"caption": "C"}],
                            tags=["x", "y"]) for i, d in enumerate(dates)}
    root = make_tree(tmp_path, {f"content/{k}": v for k, v in texts.items()})
    config = SiteConfig(root=root, timezone="Europe/Malta")
    store = StateStore.read(tmp_path / "cache")
    first = load_articles(root / "content", config, store)
    store.change(sources=first.sources)
    store.commit()
    again = StateStore.read(tmp_path / "cache")
    assert not again.damaged
    second = [s.article for s in again.state.sources.values()]
    assert list(first.articles) == second and [repr(a) for a in first.articles] == [repr(a) for a in second]
    assert [a.body_html for a in first.articles] == [a.body_html for a in second]


def test_a_template_of_ones_own_that_shows_bodies_is_refreshed_when_a_body_changes(site):
    """What a page's templates read while it renders decides when it is made again: a list of one's own that
    shows whole bodies shows the new one, though the article's title, summary and word count are the same."""
    make_tree(site / "templates", OWN_TEMPLATES)
    run(site)
    edit(site, "ferry.md", "Second paragraph.", "Second sentence.")  # the same number of words
    result, _ = run(site)
    assert {"latest/index.html", "topics/business/index.html", "2025/03/03/index.html"} <= set(result.written)
    assert "Second sentence." in (site / "out/latest/index.html").read_text(encoding="utf-8")
    assert files(site / "out") == clean_build(site)
    again, _ = run(site)
    assert again.rendered == () and again.written == ()


def test_a_list_of_ones_own_showing_reading_times_follows_the_body(site):
    """Lists key an article by what they show of it, which leaves out its word count: a template of one's own
    that shows the reading time or the word count in a list records that it read them, and is made again."""
    macros = (REPO / "templates/_macros.html").read_text(encoding="utf-8")
    shown = '<p class="summary">{{ e.article.summary }}</p>'
    make_tree(site / "templates", {"_macros.html": macros.replace(
        shown, shown + '<span class="time">{{ e.minutes }} min</span>')})
    run(site)
    assert "1 min" in (site / "out/latest/index.html").read_text(encoding="utf-8")
    edit(site, "ferry.md", "Second paragraph.", "Second paragraph. " + "More words to read here. " * 120)
    result, _ = run(site)
    assert {"latest/index.html", "topics/business/index.html"} <= set(result.written)
    assert "3 min" in (site / "out/latest/index.html").read_text(encoding="utf-8")
    assert files(site / "out") == clean_build(site)


def test_old_list_pages_are_left_alone_when_a_new_article_comes(site):
    """Lists are numbered from the oldest and show no count: an article of today rewrites the newest page of
    each list showing it, not the older pages."""
    make_tree(site / "content", {"today.md": md("Harbour reopens", PARA, topic="Business", date="2025-03-09")})
    run(site, per_page=2)  # six articles: three whole pages
    older = {p: (site / "out" / p).read_bytes() for p in (f"latest/page/{n}/index.html" for n in (1, 2, 3))}
    make_tree(site / "content", {"later.md": md("Ferry resumes", PARA, topic="Business", date="2025-03-10")})
    result, _ = run(site, per_page=2)
    assert "latest/index.html" in result.written and "articles/later/index.html" in result.written
    assert not any(p.startswith(("latest/page/", "topics/business/page/")) for p in result.rendered)
    assert {p: (site / "out" / p).read_bytes() for p in older} == older
    assert len(result.written) <= 14, result.written
    assert files(site / "out") == clean_build(site, per_page=2)


def test_pages_changed_or_deleted_by_hand_are_made_again_on_a_large_site(tmp_path):
    """On a site large enough for the build to look at its files in another process (`look`), a page
    deleted, the front page rewritten and a list page emptied by hand are all made again: by a build
    with nothing else to do, by one after a body edit that keeps the layout, and by one after a new article."""
    import threading

    from site_gen.build.look import OUTPUTS_MIN

    assert threading.active_count() == 1  # else builds here look in the process, and this tests nothing new
    root = tmp_path / "site"
    make_tree(root / "content", {f"a{i:04d}.md": md(f"Story number {i}", f"Body of story {i}.", topic=f"T{i % 7}",
                                                    date=f"2024-0{1 + i % 9}-1{i % 10}")
                                 for i in range(700)})
    run(root, per_page=1)
    out = root / "out"
    assert sum(1 for p in out.rglob("*") if p.is_file()) >= OUTPUTS_MIN
    article = out / "articles" / "a0005" / "index.html"
    listing = out / "latest" / "page" / "300" / "index.html"
    front = out / "index.html"
    cases = [
        lambda: None,
        lambda: (root / "content" / "a0100.md").write_text(md("Story number 100", "An edited body.", topic="T2",
                                                                 date="2024-02-10"), encoding="utf-8"),
        lambda: (root / "content" / "new.md").write_text(md("A new story", "New body.", topic="T1",
                                                            date="2024-09-19"), encoding="utf-8"),
    ]
    kept = article.read_bytes()
    for change in cases:
        article.unlink()
        listing.write_bytes(b"")
        front.write_text(front.read_text(encoding="utf-8").replace("Story", "Stroy"), encoding="utf-8")
        change()
        result, reporter = run(root, per_page=1)
        assert reporter.errors == []
        assert {"articles/a0005/index.html", "latest/page/300/index.html", "index.html"} <= \
            set(result.written)
        assert article.read_bytes() == kept and "Stroy" not in front.read_text(encoding="utf-8")
        assert "Story number" in listing.read_text(encoding="utf-8")
    # An edit is kept as a record after the state file. The next process reads both, and takes the edit's
    # pages as the record has them: it has nothing to do, and still finds a page changed by hand since.
    (root / "content" / "a0200.md").write_text(md("Story number 200", "Edited again.", topic="T4",
                                                  date="2024-03-10"), encoding="utf-8")
    result, _ = run(root, per_page=1)
    assert "articles/a0200/index.html" in result.written
    new_process()
    result, _ = run(root, per_page=1)
    assert result.rendered == () and result.written == () and len(result.unchanged) >= OUTPUTS_MIN
    edited = out / "articles" / "a0200" / "index.html"
    kept = edited.read_bytes()
    edited.write_bytes(kept.replace(b"Edited again.", b"Edited by hand"))
    new_process()
    result, _ = run(root, per_page=1)
    assert result.written == ("articles/a0200/index.html",) and edited.read_bytes() == kept
    assert files(out) == clean_build(root, per_page=1)
