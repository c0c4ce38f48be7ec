"""Saved HTML pages: trafilatura's extraction, with the furniture the text cleaner recognises taken out.

Fictional pages built from tests/data/ingest_causes/<lang>.toml in nine languages, and the fictional pages
of tests/data/html_pages (three layouts in Greek, Polish, Russian, Chinese, English, Japanese, Arabic, Sorani
and Turkish).
"""

from __future__ import annotations

import importlib.util
from html import escape
from pathlib import Path

import pytest

from bench.scoring import score_doc
from site_gen.ingest.html import clean_html, split_joined
from tests.test_ingest_causes import LANGS, material


def page(m: dict, inside: list[str]) -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in m["paragraphs"])
    extra = "".join(f"<p>{escape(x)}</p>" for x in inside)
    return (
        f"<!doctype html><html><head><title>{escape(m['title'])}</title>"
        f"<link rel=\"canonical\" href=\"{m['url']}\"></head><body>"
        f"<nav><a href=\"/\">{escape(m['site'])}</a></nav><main><article><h1>{escape(m['title'])}</h1>"
        f"{paras}{extra}</article></main><footer><p>{escape(m['footer'])}</p></footer></body></html>"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_page_article_comes_out_whole(lang):
    m = material(lang)
    art = clean_html(page(m, []))
    assert art.title == m["title"]
    assert list(art.paragraphs) == m["paragraphs"]


@pytest.mark.parametrize("lang", LANGS)
def test_copyright_and_reprint_lines_inside_the_article_are_dropped(lang):
    m = material(lang)
    inside = [f"Copyright © 2024 {m['site']}. All rights reserved.", "Print this article"]
    art = clean_html(page(m, inside))
    assert list(art.paragraphs) == m["paragraphs"]


@pytest.mark.parametrize("section, author, topic, authors", [
    ("Harbour", "Anna de Vries", "Harbour", ("Anna de Vries",)), ("IT", "Ivo Brandt", "IT", ("Ivo Brandt",)),
    ("fact check", "Ivo Brandt", "Fact check", ("Ivo Brandt",)),
    ("Uncategorized", "Admin", "Local", ()),  # a blog's defaults: the URL's section, and no author
    ("News", "Bruce Y Lee", "Local", ("Bruce Y Lee",)),
    ("ferries, harbour, timetable, fares, islands, summer, council, budget, vote", "Carrie Arnold November", "Local",
     ("Carrie Arnold",)),  # keywords; a name with the day cut off
])
def test_a_pages_section_and_author_as_its_head_gives_them(section, author, topic, authors):
    m = material("en")
    html = page(m, []).replace(
        "</head>", f'<meta property="article:section" content="{escape(section)}">'
                   f'<meta name="author" content="{escape(author)}"></head>')
    html = html.replace(m["url"], "https://news.example/local/2025/03/10/ferry-fares")
    art = clean_html(html)
    assert (art.topic, art.authors) == (topic, authors)


@pytest.mark.parametrize("author", ["Tagus Newswire", "The Associated Press", "Reuters Staff", ""])
def test_a_wire_storys_reporters_are_its_authors_when_the_page_names_only_the_agency(author):
    m = material("en")
    credits = "(Reporting by Anna de Vries; Editing by Mark Holloway)"
    html = page(m, [credits]).replace("</head>", f'<meta name="author" content="{author}"></head>')
    assert clean_html(html).authors == ("Anna de Vries",)
    agency_only = page(m, []).replace("</head>", '<meta name="author" content="Tagus Newswire"></head>')
    assert clean_html(agency_only).authors == ("Tagus Newswire",)  # no credits: the agency it is


def test_a_page_of_thousands_of_paragraphs_is_not_compared_with_readability_by_trafilatura(monkeypatch):
    # That comparison takes time growing faster than the paragraphs: 200,000 took 78 s, 33 s without it.
    import trafilatura.core

    compared = []
    real = trafilatura.core.compare_extraction
    monkeypatch.setattr(trafilatura.core, "compare_extraction", lambda *a: compared.append(1) or real(*a))
    m = material("en")
    clean_html(page(m, []))
    assert compared  # an article's page: compared, as trafilatura does by default
    compared.clear()
    lines = [f"Line {i} of a very long list of harbour moorings" for i in range(6_000)]
    art = clean_html(page(m, lines))
    assert not compared and art.paragraphs[-1] == lines[-1]


@pytest.mark.parametrize("wrap", ["<font size=2>", "<div>"], ids=["unclosed font tags", "nested divs"])
def test_an_article_nested_hundreds_of_levels_deep_comes_out_whole(wrap):
    # Every reader of a page stops at 256 levels of elements: the article inside was lost without a word.
    m = material("en")
    paras = "".join(f"<p>{escape(p)}</p>" for p in m["paragraphs"])
    close = "</div>" * 300 if wrap == "<div>" else ""
    html = (f"<!doctype html><html><head><title>{escape(m['title'])}</title></head><body>"
            f"<h1>{escape(m['title'])}</h1>{wrap * 300}{paras}{close}</body></html>")
    art = clean_html(html)
    assert list(art.paragraphs) == m["paragraphs"]


def test_readability_agreeing_on_the_story_trims_what_trafilatura_kept_around_it(monkeypatch):
    from site_gen.ingest import agree

    story = [f"Paragraph {n} of the story about the new footbridge, told at some length for the reader." for n in range(6)]
    around = ["Order a reprint of this article", *story, "Write to the newsroom at desk@courier.example"]
    monkeypatch.setattr(agree, "readability_text", lambda html: "\n".join(story))
    assert agree.outside_agreement(around, "<html></html>") == [around[0], around[-1]]
    # a paragraph inside the story that readability left out stays: only what stands around the story goes
    inside = [*around[:3], "A line readability left out.", *around[3:]]
    assert agree.outside_agreement(inside, "<html></html>") == [around[0], around[-1]]


def test_readability_finding_another_block_changes_nothing(monkeypatch):
    from site_gen.ingest import agree

    story = [f"Paragraph {n} of the story about the new footbridge, told at some length for the reader." for n in range(6)]
    monkeypatch.setattr(agree, "readability_text", lambda html: story[0] + "\nA sidebar on something else entirely.")
    assert agree.outside_agreement(["Order a reprint", *story], "<html></html>") == []


# -- the fictional pages of tests/data/html_pages (bench/extraction_html.py scores them by reader) --------

PAGES = Path(__file__).parent / "data" / "html_pages"
PAGE_NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


def test_the_fictional_pages_are_what_build_pages_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_pages", PAGES / "build_pages.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in PAGES.glob("*-*.*"))
    for p in tmp_path.iterdir():
        assert p.read_text(encoding="utf-8") == (PAGES / p.name).read_text(encoding="utf-8"), p.name


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_fictional_pages_body_is_its_story(name):
    art = clean_html((PAGES / f"{name}.html").read_text(encoding="utf-8"))
    truth = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    assert score_doc("\n\n".join(art.paragraphs), truth).f1 >= 0.97


def test_the_combination_beats_each_reader_alone_in_every_language():
    from bench.extraction_html import load_pages, score_set

    table, _ = score_set(load_pages(None, PAGES)["fictional"])
    for lang, combined in table["combined"].items():
        for reader in ("trafilatura", "readability", "justext"):
            assert combined.f1 >= table[reader][lang].f1, (lang, reader)


def test_a_paragraph_running_several_blocks_together_is_split_back():
    blocks = ["Bridge opens", "March 12, 2019 By Ruth Ambermoor", "The bridge opened on Saturday morning.", "Share"]
    joined = "Bridge opens March 12, 2019 By Ruth Ambermoor The bridge opened on Saturday morning."
    assert split_joined([joined, "Share"], blocks) == [*blocks[:3], "Share"]
    assert split_joined(["The bridge opened on Saturday morning at nine."], blocks) == [
        "The bridge opened on Saturday morning at nine."]


@pytest.mark.parametrize("lang", ["el", "en", "pl", "ru", "zh", "ja", "ar", "ckb", "tr"])
def test_a_publishers_blurb_closing_the_article_is_dropped(lang):
    # trafilatura keeps a blurb inside <article>; the cleaner finds it by its shape below the story.
    m = material(lang)
    art = clean_html(page(m, [m["blurb"]]))
    assert list(art.paragraphs) == m["paragraphs"]


def test_a_related_stories_box_inside_a_saved_pages_article_is_not_its_text():
    m = material("en")
    p = m["paragraphs"]
    box = ["Related stories", "Harbour ferry fares to rise in spring", "Council approves new cycle lanes on the seafront"]
    html = page(m, []).replace(f"<p>{escape(p[1])}</p>", "".join(f"<p>{escape(x)}</p>" for x in [*box, p[1]]))
    art = clean_html(html)
    assert list(art.paragraphs) == p


def test_a_saved_pages_date_takes_its_time_from_the_text_when_the_metadata_gives_only_the_day():
    m = material("en")
    html = page(m, []).replace("</head>", '<meta property="article:published_time" content="2025-03-12"></head>')
    html = html.replace(f"<h1>{escape(m['title'])}</h1>",
                        f"<h1>{escape(m['title'])}</h1><p>By Jane Doe</p><p>March 12, 2025 10:15 AM EDT</p>")
    art = clean_html(html)
    assert (art.date, art.authors) == ("2025-03-12T10:15-04:00", ("Jane Doe",))
    assert list(art.paragraphs) == m["paragraphs"]


def test_a_saved_pages_own_date_and_time_with_its_offset_come_before_the_texts():
    m = material("en")
    html = page(m, []).replace(
        "</head>", '<meta property="article:published_time" content="2025-03-12T16:15:00+01:00"></head>')
    html = html.replace(f"<h1>{escape(m['title'])}</h1>", f"<h1>{escape(m['title'])}</h1><p>12 March 2025, 16:15</p>")
    assert clean_html(html).date == "2025-03-12T16:15+01:00"
