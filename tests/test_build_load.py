"""Loading articles: our fields, Hugo and Jekyll conventions, dates, drafts, malformed files, sanitising."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from site_gen.config import SiteConfig
from site_gen.build.load import load_articles
from site_gen.build.parse import Loader
from tests.build_helpers import md
from tests.conftest import make_tree


def load(tmp_path, files, **settings):
    make_tree(tmp_path / "content", files)
    return load_articles(tmp_path / "content", SiteConfig(root=tmp_path, **settings))


def one(tmp_path, text, **settings):
    result = load(tmp_path, {"a.md": text}, **settings)
    assert not result.errors, result.errors
    (article,) = result.articles
    return article


def test_our_fields(tmp_path):
    a = one(tmp_path, md(
        "Putin and Erdogan vow", "First paragraph.\n\nSecond one.", slug="putin-erdogan", date="2022-01-02",
        topic="Turkey", source_url="https://www.rudaw.net/x", source="Rudaw", dateline="ISTANBUL, Turkey",
        authors=["Ann Writer", "Bo Reporter"], images=[{"caption": "Leaders meet.", "credit": "AFP"}],
        related=["Other headline"], summary="What happened.", lang="en", dump="raw/x.txt", checksum="sha256:0"))
    assert (a.title, a.slug, a.topic, a.source, a.dateline) == (
        "Putin and Erdogan vow", "putin-erdogan", "Turkey", "Rudaw", "ISTANBUL, Turkey")
    assert a.date == datetime(2022, 1, 2, tzinfo=timezone.utc) and not a.date_has_time
    assert a.authors == ("Ann Writer", "Bo Reporter")
    assert a.images[0].caption == "Leaders meet." and a.images[0].credit == "AFP"
    assert a.related == ("Other headline",) and a.summary == "What happened."
    assert a.body_html == "<p>First paragraph.</p>\n<p>Second one.</p>"
    assert a.words == 4


def test_hugo_yaml_conventions(tmp_path):
    a = one(tmp_path, md("Hugo post", categories=["Middle East", "Politics"], author="Jane Doe",
                         description="A Hugo description.", tags=["ankara", "nato"], date="2024-05-06T07:08:09+03:00"))
    assert a.topic == "Middle East" and a.authors == ("Jane Doe",) and a.summary == "A Hugo description."
    assert a.tags == ("ankara", "nato")
    assert a.date == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=3))) and a.date_has_time


def test_hugo_toml_front_matter(tmp_path):
    text = ('+++\ntitle = "TOML post"\ndate = 2024-05-06T07:08:09Z\ncategories = ["Sport"]\n'
            'tags = ["rowing"]\nslug = "toml-post"\n+++\n\nBody *here*.\n')
    a = one(tmp_path, text)
    assert (a.title, a.slug, a.topic, a.tags) == ("TOML post", "toml-post", "Sport", ("rowing",))
    assert a.date == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert a.body_html == "<p>Body <em>here</em>.</p>"


def test_jekyll_post_name_gives_date_and_slug(tmp_path):
    result = load(tmp_path, {"_posts/2024-01-05-my-first-post.markdown": md("Jekyll", category="News")})
    (a,) = result.articles
    assert a.slug == "my-first-post" and a.topic == "News"
    assert a.date.date().isoformat() == "2024-01-05" and not a.date_has_time


def test_jekyll_date_with_spaced_offset(tmp_path):
    a = one(tmp_path, "---\ntitle: J\ndate: \"2024-01-05 10:20:00 +0100\"\n---\nx\n")
    assert a.date == datetime(2024, 1, 5, 10, 20, tzinfo=timezone(timedelta(hours=1)))


def test_drafts_are_skipped(tmp_path):
    result = load(tmp_path, {
        "a.md": md("Draft", draft=True), "b.md": md("Unpublished", published=False), "c.md": md("Kept"),
        "_drafts/d.md": md("Jekyll draft"), "_index.md": md("Hugo section"), ".hidden/e.md": md("Hidden"),
    })
    assert [a.title for a in result.articles] == ["Kept"] and result.drafts == 2 and not result.errors


def test_naive_dates_take_the_site_time_zone(tmp_path):
    a = one(tmp_path, md("Malta", date="2025-03-17T09:30:00"), timezone="Europe/Malta")
    assert a.date.isoformat() == "2025-03-17T09:30:00+01:00"
    b = one(tmp_path / "b", md("Day", date="2025-07-01"), timezone="Europe/Malta")
    assert b.date.isoformat() == "2025-07-01T00:00:00+02:00" and not b.date_has_time


def test_slug_from_field_or_file_name_is_slugified(tmp_path):
    result = load(tmp_path, {"Some File Name.md": md("T1"), "b.md": md("T2", slug="Hand Made Slug!")})
    assert sorted(a.slug for a in result.articles) == ["hand-made-slug", "some-file-name"]


def test_missing_summary_comes_from_the_body(tmp_path):
    a = one(tmp_path, md("T", "The opening *sentence* of the piece &amp; more.\n\nSecond."))
    assert a.summary == "The opening sentence of the piece & more."


def test_malformed_files_are_reported_with_line_and_the_rest_loads(tmp_path):
    result = load(tmp_path, {
        "bad-yaml.md": "---\ntitle: Fine\ntopic: [unclosed\nsource: x\n---\nbody\n",
        "bad-toml.md": '+++\ntitle = "x"\ndate = \n+++\nbody\n',
        "latin1.md": "---\ntitle: Caf\xe9\n---\nbody\n".encode("latin-1"),
        "no-title.md": "---\ntopic: Sport\n---\nbody\n",
        "no-front-matter.md": "Just text.\n",
        "bad-date.md": "---\ntitle: T\ndate: next Tuesday\n---\nbody\n",
        "bad-type.md": "---\ntitle: T\nauthors: {a: 1}\n---\nbody\n",
        # given twice, the key's last value is the one read; a caption's nested "title" is not the field
        "twice.md": "---\ntitle: T\nimages:\n- caption: C\n  title: x\ntitle: [a list]\n---\nbody\n",
        "unclosed.md": "---\ntitle: T\n",
        "good.md": md("Good one"),
    })
    assert [a.title for a in result.articles] == ["Good one"]
    errors = {e.path.rsplit("/", 1)[-1]: e for e in result.errors}
    assert set(errors) == {"bad-yaml.md", "bad-toml.md", "latin1.md", "no-title.md", "no-front-matter.md",
                           "bad-date.md", "bad-type.md", "unclosed.md", "twice.md"}
    assert "YAML" in errors["bad-yaml.md"].message and errors["bad-yaml.md"].line in (3, 4)
    assert "TOML" in errors["bad-toml.md"].message and errors["bad-toml.md"].line == 3
    assert "UTF-8" in errors["latin1.md"].message and errors["latin1.md"].line == 2
    assert "title" in errors["no-title.md"].message
    assert errors["bad-date.md"].line == 3 and "ISO 8601" in errors["bad-date.md"].message
    assert errors["bad-type.md"].line == 3
    assert errors["twice.md"].line == 6 and "`title` must be text" in errors["twice.md"].message
    assert str(errors["bad-date.md"]).endswith("bad-date.md:3: `date` must be an ISO 8601 date like 2025-03-17 "
                                                "or 2025-03-17T09:30:00+01:00")


def _tags_and_attributes(html: str) -> list[tuple[str, dict]]:
    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    P().feed(html)
    return found


def test_body_is_sanitised():
    loader = Loader(SiteConfig(root="."))
    html = loader.body_html(
        "Hello <script>alert(1)</script> there.\n\n"
        '<img src="x" onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) and [ok](https://example.org/a)\n\n"
        '<a href="JaVaScRiPt:alert(4)">x</a> <a href="jav&#x09;ascript:alert(5)">y</a>\n\n'
        '<iframe src="https://evil.example"></iframe>\n\n'
        '<p style="position:fixed" onclick="alert(6)" id="main" class="x">styled</p>\n\n'
        "<style>body{display:none}</style><form action=x><input></form>\n\n"
        "A paragraph\n{: onmouseover=alert(7) style=color:red }\n"
    )
    elements = _tags_and_attributes(html)
    assert {tag for tag, _ in elements} <= {"p", "a"}, html
    for tag, attrs in elements:
        assert not any(name.startswith("on") or name in ("style", "class", "id") for name in attrs), (tag, attrs)
        assert attrs.get("href") in (None, "https://example.org/a"), attrs
    assert "alert(1)" not in html and "display:none" not in html  # script and style content is dropped too
    assert '<a href="https://example.org/a" rel="noopener noreferrer">ok</a>' in html
    assert "<p>styled</p>" in html


def test_headings_move_below_the_page_h1():
    loader = Loader(SiteConfig(root="."))
    assert loader.body_html("# One\n\n## Two\n\n<h1>Raw</h1>") == "<h2>One</h2>\n<h3>Two</h3>\n<h2>Raw</h2>"


def test_footnotes_keep_their_own_ids_only():
    loader = Loader(SiteConfig(root="."))
    html = loader.body_html("Claim.[^1]\n\n[^1]: Source.\n")
    assert 'id="fn:1"' in html and 'href="#fn:1"' in html


def test_the_look_beside_the_state_finds_what_a_scan_finds(tmp_path):
    """The article files' stat, looked at in a child process while the state is read, is what `scan` gives:
    the same files in the same order, with their times and sizes; a look at the last build's files finds those
    gone or changed."""
    import os
    import threading

    from site_gen.build.load import scan
    from site_gen.build.look import articles_found, look_at_articles, look_at_outputs, outputs_changed

    content = make_tree(tmp_path / "content", {
        "b.md": md("B"), "a.md": md("A"), "Z.markdown": md("Z"), "_index.md": "", "notes.txt": "x",
        ".hidden.md": md("H"), "_drafts/d.md": md("D"), "world/europe/c.md": md("C"), "world/a-b.md": md("AB"),
        "café ünï.md": md("Accents"),
    })
    os.symlink(content / "a.md", content / "linked.md")
    os.mkfifo(content / "pipe.md")
    expected = [(rel, st.st_mtime_ns, st.st_size) for rel, st in scan(content)]
    assert [rel for rel, _, _ in expected] == ["Z.markdown", "a.md", "b.md", "café ünï.md", "linked.md",
                                               "world/a-b.md", "world/europe/c.md"]
    look = look_at_articles(content)
    assert look is not None
    assert [(rel, st.st_mtime_ns, st.st_size) for rel, st in articles_found(look)] == expected
    empty = make_tree(tmp_path / "empty", {"readme.txt": "x"})
    assert list(articles_found(look_at_articles(empty))) == []

    out = make_tree(tmp_path / "out", {f"p/{i}/index.html": f"page {i}" for i in range(2100)})
    outputs = {}
    for i in range(2100):
        st = (out / f"p/{i}/index.html").stat()
        outputs[f"p/{i}/index.html"] = (b"fp", st.st_size, st.st_mtime_ns, ())
    (out / "p/7/index.html").unlink()
    (out / "p/8/index.html").write_text("page 8, edited")
    os.utime(out / "p/9/index.html", ns=(1, 1))
    outputs["p/ünï/index.html"] = (b"fp", 1, 1, ())
    assert outputs_changed(look_at_outputs(f"{out}/", outputs)) == {"p/7/index.html", "p/8/index.html",
                                                                    "p/9/index.html", "p/ünï/index.html"}

    stopped = look_at_articles(content)  # a build that stops before it loads: the child is stopped and waited for
    stopped.cancel()
    try:
        os.waitpid(stopped.children[0][0], os.WNOHANG)
        assert False, "the look's process was not waited for"
    except ChildProcessError:
        pass

    started = threading.Event()
    finish = threading.Event()
    worker = threading.Thread(target=lambda: (started.set(), finish.wait()))
    worker.start()
    started.wait()
    try:
        assert look_at_articles(content) is None  # a process running threads (serve) is not forked
    finally:
        finish.set()
        worker.join()


def test_a_look_names_the_files_whose_stat_is_not_the_last_builds():
    """`Found.differing`: a build parses only what it names (nothing at all when it names none); any other set
    of files is compared file by file."""
    from array import array

    from site_gen.build.codec import Source
    from site_gen.build.look import Found

    sources = {"a.md": Source(100, 10, b"d1", None), "world/b.md": Source(200, 20, b"d2", None)}

    def found(names, numbers, before=300):
        return Found(names, array("q", numbers)).differing(sources, before)

    assert found(["a.md", "world/b.md"], [100, 10, 200, 20]) == []
    assert found(["a.md", "world/b.md"], [100, 10, 200, 20], before=200) == [1]  # too recent to trust
    assert found(["a.md", "world/b.md"], [100, 10, 201, 20]) == [1]  # touched
    assert found(["a.md", "world/b.md"], [101, 11, 200, 21]) == [0, 1]  # both rewritten
    assert found(["a.md", "world/c.md"], [100, 10, 200, 20]) is None  # renamed
    assert found(["world/b.md", "a.md"], [200, 20, 100, 10]) is None
    assert found(["a.md"], [100, 10]) is None  # one gone
    assert Found([], array("q")).differing({}, 0) == []
    many = {f"{i:05}.md": Source(1000 + i, i, b"d", None) for i in range(5000)}  # several blocks
    numbers = array("q", [n for i in range(5000) for n in (1000 + i, i)])
    numbers[2 * 4500] += 1
    numbers[2 * 7 + 1] += 1
    assert Found(list(many), numbers).differing(many, 10**6) == [7, 4500]
    assert Found(list(many), numbers).differing(many, 1000 + 4000) == [7, *range(4000, 5000)]
