"""Hostile and broken dumps: every input gives an article or a one-line reason, never a traceback or a hang."""

from __future__ import annotations

import signal
from pathlib import Path
from contextlib import contextmanager

import markdown
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import html as lxml_html

from site_gen.build.parse import Loader
from site_gen.config import SiteConfig
from site_gen.ingest.clean import Extracted, clean_text
from site_gen.ingest.decode import NotText, decode_bytes
from site_gen.ingest.dump import NoArticle
from site_gen.ingest.mdfile import escape_paragraph, to_markdown
from site_gen.ingest.run import extract_file

CASE_SECONDS = 10
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def bounded(seconds: int = CASE_SECONDS):
    """Fail the case if it runs longer than `seconds` (a hang is a failure, not a wait)."""
    def alarm(*_):
        raise TimeoutError(f"took longer than {seconds}s")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def outcome(tmp_path, data: bytes, name: str = "dump.txt") -> Extracted | str:
    path = tmp_path / name
    path.write_bytes(data)
    with bounded():
        return extract_file(path)


def assert_the_build_reads(result: Extracted | str, dump: str = "content/raw/dump.txt") -> None:
    """An article ingest writes is one the build takes: never a file it then refuses."""
    if isinstance(result, str):
        return
    md = to_markdown(result, "slug", dump)
    article = Loader(SiteConfig(root=Path("."))).load(md.encode("utf-8"), "content/articles/slug.md")
    assert article is not None and article.title


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(tmp_path_factory, data):
    result = outcome(tmp_path_factory.mktemp("b"), data)
    assert isinstance(result, (Extracted, str))
    if isinstance(result, str):
        assert "\n" not in result and result
    assert_the_build_reads(result)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "cp1251",
             "shift_jis", "gb18030", "koi8-r", "iso-8859-7", "cp1256", "mac-roman"]
TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=600)


@FUZZ
@given(TEXTS, TEXTS, st.sampled_from(ENCODINGS))
def test_any_text_in_any_encoding(tmp_path_factory, head, body, encoding):
    data = f"{head}\n\n{body}\n\n{body[::-1]}\n".encode(encoding, errors="replace")
    result = outcome(tmp_path_factory.mktemp("e"), data)
    assert isinstance(result, (Extracted, str))
    assert_the_build_reads(result)


@FUZZ
@given(st.lists(st.sampled_from([
    "\x00", "\x1b[31m", "\ud800", "\udfff", "\u202e", "\u200b", "\ufeff", "\r", "\r\n", "\u2028", "\t",
    "# ", "> ", "* ", "1. ", "```", "<script>alert(1)</script>", "[x](javascript:alert(1))", "&lt;", "---",
    "Content retrieved from: http://x.example/.", "A+A-", "Advertisement", "By Someone Somebody",
    "ISTANBUL, Turkey – ", "Also in Turkey", "word " * 20, "Sentence of the body goes here. " * 4,
]), min_size=1, max_size=60))
def test_control_characters_surrogates_and_markup_pieces(tmp_path_factory, pieces):
    text = "Headline\n\n" + "\n\n".join("".join(pieces[i:i + 3]) for i in range(0, len(pieces), 3))
    data = text.encode("utf-8", errors="surrogatepass")
    result = outcome(tmp_path_factory.mktemp("c"), data)
    assert isinstance(result, (Extracted, str))
    if isinstance(result, Extracted):
        md = to_markdown(result, "slug", "dump.txt")
        assert md.encode("utf-8")  # always writable as UTF-8
    assert_the_build_reads(result)


@FUZZ
@given(st.lists(st.sampled_from([
    "Content retrieved from: javascript:alert(1).", "Content retrieved from: HTTP://X.EXAMPLE/A?b=1.",
    "Content retrieved from: data:text/html,<b>x</b>.", "Content retrieved from: //x.example/a.",
    "---\ntitle: Fields first\ndate: 2025-13-45\nurl: javascript:x\nauthor: [1, null, {a: b}]\n---",
    "---\ntitle: [1, 2]\ndate: 99999-01-01\n---", "Title: Labelled\n\nURL Source: vbscript:x\n\nMarkdown Content:",
    "Published: 31/02/2025", "Published Time: 0000-00-00T00:00:00Z", "By <script>x</script>", "By 12345",
    "TURKEYA caption of the photo. Photo: AFP", "A caption of the photo. Photo: AFP", "Also in Turkey",
    "ISTANBUL, Turkey – ", "Sentence of the body goes here, and on. " * 3, "[link](https://x.example/a)",
    "![picture](data:image/png;base64,AAAA)", "# Heading", "lang: xx-invalid-tag", "&#0; &#xD800; &amp;",
]), min_size=1, max_size=30), st.sampled_from(["content/raw/dump.txt", "content/raw/caf\\xe9 \"q\"\n.txt"]))
def test_fields_from_hostile_trailers_headers_and_names_are_ones_the_build_takes(tmp_path_factory, pieces, dump):
    text = "\n\n".join(pieces) if pieces[0].startswith(("---", "Title:")) else "Headline\n\n" + "\n\n".join(pieces)
    result = outcome(tmp_path_factory.mktemp("f"), text.encode("utf-8"))
    assert isinstance(result, (Extracted, str))
    assert_the_build_reads(result, dump)


def test_a_million_character_line(tmp_path):
    result = outcome(tmp_path, ("Headline\n\n" + "lorem ipsum dolor " * 60_000 + "\n").encode())
    assert isinstance(result, (Extracted, str))


def test_deeply_nested_markdown_looking_text(tmp_path):
    text = "Headline\n\n" + ">" * 50_000 + " quote\n\n" + "[" * 20_000 + "x" + "]" * 20_000 + "\n\n" + "* " * 30_000
    result = outcome(tmp_path, text.encode())
    assert isinstance(result, (Extracted, str))
    if isinstance(result, Extracted):
        with bounded():
            html = markdown.markdown("\n\n".join(escape_paragraph(p) for p in result.paragraphs))
        assert "<blockquote>" not in html and "<a " not in html and "<li>" not in html


def test_huge_html_page(tmp_path):
    page = "<html><body>" + "<div>" * 5000 + "<p>Deep text in a deep page.</p>" + "</div>" * 5000 + "</body></html>"
    result = outcome(tmp_path, page.encode(), "page.html")
    assert isinstance(result, (Extracted, str))


def words(min_size=1, max_size=12):
    alphabet = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
    return st.lists(st.text(alphabet=alphabet, min_size=1, max_size=12), min_size=min_size, max_size=max_size)


def rendered_paragraphs(md_body: str) -> list[str]:
    html = markdown.markdown(md_body)
    if not html.strip():
        return []
    return [el.text_content() for el in lxml_html.fragment_fromstring(html, create_parent="div")]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(words(8, 40), min_size=1, max_size=8))
def test_round_trip_rendered_text_equals_the_kept_body(paragraphs):
    """Whatever ingest keeps as the body, the rendered article shows exactly that text: none lost, none markup."""
    text = "Headline of the day\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
    try:
        with bounded():
            article = clean_text(decode_bytes(text.encode("utf-8")))
    except (NoArticle, NotText):
        return
    md = to_markdown(article, "slug", "dump.txt")
    body = md.split("\n---\n", 1)[1]
    got = [" ".join(p.split()) for p in rendered_paragraphs(body)]
    want = [" ".join(p.split()) for p in article.paragraphs]
    assert got == [w for w in want if w]
