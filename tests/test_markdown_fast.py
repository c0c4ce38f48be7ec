"""The fast path for plain-prose bodies gives exactly Python-Markdown's HTML, or None (and Python-Markdown is used).

A difference would change pages, so the converter is compared with Python-Markdown on generated bodies full of
Markdown's special characters, on typical bodies (which must take the fast path, or it saves nothing), and on
every article body the repository holds.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from unittest import mock

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.build import markdown_fast
from tests.properties import examples
from site_gen.config import SiteConfig
from site_gen.build.parse import MARKDOWN_EXTENSIONS, Loader, _decode, _front_matter

REPO = Path(__file__).resolve().parent.parent
LOADER = Loader(SiteConfig(root="."))
REFERENCE = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


def python_markdown(body: str) -> str:
    """Python-Markdown's HTML for `body`, from a converter with every pattern (not load.py's pruned ones)."""
    REFERENCE.reset()
    return REFERENCE.convert(body)


def body_html_without_fast_path(body: str) -> str:
    with mock.patch.object(markdown_fast, "convert", lambda body: None):
        return LOADER.body_html(body)


def assert_same(body: str) -> str | None:
    """Assert the fast path gives None or Python-Markdown's HTML, raw and as load.py sanitises it; return it.

    (None needs no check: load.py then converts with Python-Markdown, as it would without the fast path.)
    """
    fast = markdown_fast.convert(body)
    if fast is not None:
        assert fast == python_markdown(body), body
        assert LOADER.body_html(body) == body_html_without_fast_path(body), body
    return fast


# Pieces of bodies: Markdown's special characters alone and in the constructs the fast path reads, so that
# generated bodies are often inside its subset and just as often a character away from leaving it.
PIECES = [
    "word", "Köln", "ünï", "δέκα", "日本", "x", "1", "42", " ", " ", "  ", "\n", "\n", "\n\n", "  \n", "\t", "\u00a0",
    "*", "**", "***", "_", "__", "[", "]", "(", ")", "\\", "<", ">", "&", "#", "-", "+", "=", ".", ",", ":", ";",
    "!", "?", "'", '"', "“", "”", "`", "{", "}", "|", "~", "^", "%", "/", "0.", "2)", "## ", "# ", "> ", "- ",
    "* ", "1. ", "    ", "---", "===", "**bold**", " **bold words**", "*em*", " *em*", "**",
    "[t](https://t.example/a?b=1&c=2)", "[a link](http://x.example)", "[x]", "[x]: http://x.example", "[^1]",
    "![i](http://i.example)", "&amp;", "&lt;", "&#61;", "&#x41;", "&#61", "&copy", "&a.b;", "\\*", "\\_", "\\#",
    "\\[", "\\]", "\\\\", "\\>", "\\-", "\\.", "\\a", "1\\. ", "snake_case", "<b>", "<http://a.example>", "a < b",
    "{: .c }", "```", "~~~", ": ",
]


@examples(1500)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_fast_path_is_python_markdown_or_nothing(pieces):
    assert_same("".join(pieces))


LETTERS = "aé *_[]()\\<>&#-1.\n` "


@examples(800)
@given(st.text(alphabet=LETTERS, max_size=40))
def test_fast_path_on_raw_characters(body):
    assert_same(body)


# Bodies mostly inside the subset: lines of words, emphasis markers next to every kind of neighbour, links,
# escapes and entities; paragraphs with soft and hard line breaks; headings.
INLINE = ["a", "Zé", "1", " ", " ", " ", "*", "*", "**", "**", "***", ".", ",", ":", "?", "!", ")", "(", "“", "”",
          "'", "«", "-", "\\*", "\\_", "\\\\", "\\a", "\\", "&amp;", "&", "&#61;", "_",
          "[t](https://t.example/?a=1&b=2)", "< ", ">", "#", "]", " *em*", " **strong**", " **two words,**",
          " *“quoted”*", " *x_y*"]
# Emphasis and what stands on each side of its markers; the empty neighbours (the likeliest) make a valid pair.
LINK = "[t](http://t.example)"
OPEN_BEFORE = ["a", "(", "“", "\\.", "&amp;", "\n", "*", LINK]
OPEN_AFTER = ["“", "(", "'", " ", "\n", "«", "_", ".", "\\.", "&amp;", LINK, "*"]
CLOSE_BEFORE = [".", "”", ")", ":", "%", " ", "\n", "_", "»", "\\.", "&amp;", LINK, "*"]
CLOSE_AFTER = [".", ",", "?", ")", "”", "'", "a", "-", "(", "\n", "\\.", "&amp;", LINK, "*"]
MARKERS = ["*", "**", "***"]


def neighbour(choices: list[str]):
    """Often nothing (so that a valid pair is likely), else one of `choices`."""
    return st.one_of(st.just(""), st.sampled_from(choices))


EMPHASIS = st.tuples(
    neighbour(OPEN_BEFORE), st.sampled_from(MARKERS), neighbour(OPEN_AFTER),
    st.lists(st.sampled_from(["word", " ", "é", ",", "&amp;", "\\*", LINK, "x_y", "&"]), max_size=4),
    neighbour(CLOSE_BEFORE), st.one_of(st.none(), st.sampled_from(MARKERS)), neighbour(CLOSE_AFTER),
).map(lambda p: f"{p[0]}{p[1]}{p[2]}w{''.join(p[3])}w{p[4]}{p[1] if p[5] is None else p[5]}{p[6]}")

# Ways to end a line and start the next: soft and hard line breaks, new paragraphs, headings.
LINE_STARTS = ["\nWord ", "  \nWord ", "\n\nWord ", "\n\n## Word ", "\n\n\nWord "]
NEAR_BODY = st.lists(st.sampled_from(INLINE + LINE_STARTS), max_size=30).map(lambda p: "Word " + "".join(p))


@examples(1500)
@given(NEAR_BODY)
def test_fast_path_near_its_subset(body):
    assert_same(body)


@examples(1000)
@given(EMPHASIS)
def test_fast_path_around_emphasis(emphasis):
    assert_same(f"Word {emphasis} end.")


def test_fast_path_around_emphasis_every_pair_of_neighbours():
    """Every two of an emphasis' neighbours changed at once from a valid `*word*` (random draws miss some)."""
    slots = [[""] + OPEN_BEFORE, MARKERS, [""] + OPEN_AFTER, ["word", "a b", "x_y", "\\*", LINK],
             [""] + CLOSE_BEFORE, [None] + MARKERS, [""] + CLOSE_AFTER]
    taken = 0
    for i, j in itertools.combinations(range(len(slots)), 2):
        for a, b in itertools.product(slots[i], slots[j]):
            parts = [a if k == i else b if k == j else slot[0] for k, slot in enumerate(slots)]
            if parts[5] is None:
                parts[5] = parts[1]
            taken += assert_same(f"Word {''.join(parts)} end.") is not None
    assert taken > 200


# Whole lines, inside the subset (listed thrice, to be likelier) or just outside, and what can stand between them.
GOOD_LINES = ["Word.", "Word **b** c.", "a [t](http://t.example) b", "## Head", "## Head *em* x", "###### Six",
              "## &amp; x", "&amp; x", "&#61;= x", "1\\. x", "\\- x", "\\> x", "\\# x", "[t](https://t.example) x",
              "x_y z", "Word"]
BAD_LINES = ["#NoSpace", "##  Two", "####### Seven", "## Trail #", "## a\\#", "## a\\", "## > x", "x  ", "x ",
             "Word\\", "1. x", "2) x", "- x", "> x", "=", "===", "---", "  x", " x", "\u00a0x", "x\u00a0", "**b** x"]
LINES = GOOD_LINES * 3 + BAD_LINES
SEPARATORS = ["\n", "  \n", "\n\n", "\n\n\n"] * 3 + ["   \n", " \n", "\n \n", "\n  \n"]
BLOCKS_BODY = st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(SEPARATORS)), max_size=6).map(
    lambda lines: "".join(text + sep for text, sep in lines))


@examples(800)
@given(BLOCKS_BODY)
def test_fast_path_on_lines_and_blocks(body):
    assert_same(body)


# Bodies of paragraphs, lists and blockquotes: blocks of lines, each line a marker and a text. The markers and texts
# are mostly the block's own and of the subset (so that whole bodies are often inside it), now and then one that
# changes what the block is: another list's marker, a missing or doubled one, an indented (nested) one, a quote in a
# list, an item a block processor takes, a lazy line; blocks are separated by blank lines or by none.
ITEM_TEXTS = ["Word.", "Word **b** c.", "a [t](http://t.example) b", "[t](https://t.example) x", "x_y z", "&amp; x",
              "1\\. x", "\\- x", "\\> x", "a > b", "Zé *em* “x”", "&#61;= x", "a < b", "x *em*, y"]
ODD_TEXTS = BAD_LINES + ["## Head", "**b** x", "*em* x", "a  ", "1) x", "- x", "> x", "1. x", "#", "x\\", "* * *",
                         "[x]: http://x.example", "-", "a *b", "<b>x</b>"]
BLOCK_MARKERS = {
    "p": [""],
    "ul": ["- ", "* ", "+ ", "- "],
    "ol": ["1. ", "2. ", "3. ", "10. ", "0. ", "01. "],
    "quote": ["> "],
}
ODD_MARKERS = ["", "-", "*", ">", ">  ", "-  ", "1.", "1) ", "  - ", "    - ", "   > ", "> > ", "> - ", "> 1. ",
               "- - ", "- > ", "1. - ", "- 1. ", "> ## ", "- ## ", "*[", " "]


def lines_of(kind: str) -> list[str]:
    """One kind of block's lines, most of them of the subset: each marker with each text, the odd ones rarer."""
    own = [m + t for m in BLOCK_MARKERS[kind] for t in ITEM_TEXTS]
    odd = [m + t for m in BLOCK_MARKERS[kind] for t in ODD_TEXTS] + [m + t for m in ODD_MARKERS for t in ITEM_TEXTS]
    return own * (len(odd) // len(own) * 6) + odd


LINE_BREAKS = ["\n"] * 8 + ["  \n", "\n>\n", "\n\n"]
MIXED_BLOCK = st.one_of([st.lists(st.tuples(st.sampled_from(lines_of(kind)), st.sampled_from(LINE_BREAKS)),
                                   min_size=1, max_size=4) for kind in BLOCK_MARKERS]).map(
    lambda lines: "".join(line + brk for line, brk in lines)[:-1])
MIXED_BODY = st.lists(st.tuples(MIXED_BLOCK, st.sampled_from(["\n\n"] * 8 + ["\n\n\n", "\n", "\n \n", ""])),
                      max_size=5).map(lambda blocks: "".join(text + sep for text, sep in blocks))


@examples(1500)
@given(MIXED_BODY)
def test_fast_path_on_lists_and_quotes(body):
    assert_same(body)


# Lists and quotes made of lines of the subset, in any order and with any markers: all must take the fast path.
TEXTS = st.lists(st.sampled_from(ITEM_TEXTS), min_size=1, max_size=4)
UL_BLOCK = st.lists(st.tuples(st.sampled_from(["- ", "* ", "+ "]), st.sampled_from(ITEM_TEXTS)), min_size=1,
                    max_size=4).map(lambda items: ("ul", "\n".join(m + t for m, t in items)))
OL_BLOCK = st.tuples(st.sampled_from(["1", "2", "10", "0", "01", "123"]), st.booleans(), TEXTS).map(
    lambda p: ("ol", "\n".join(f"{int(p[0]) + i if p[1] else p[0]}. {t}" for i, t in enumerate(p[2]))))
QUOTE_BLOCK = st.tuples(TEXTS, st.sampled_from(["\n", "  \n"])).map(
    lambda p: ("quote", p[1].join("> " + t for t in p[0])))
PARAGRAPH = TEXTS.map(lambda texts: ("p", "Word " + "\n".join(texts)))


def separated(blocks: list[tuple[str, str]]) -> str | None:
    """The blocks with blank lines between, or None where a list follows its kind or a quote a quote."""
    if any(a == b != "p" for (a, _), (b, _) in zip(blocks, blocks[1:])):
        return None
    return "\n\n".join(text for _, text in blocks)


@examples(500)
@given(st.lists(st.one_of(UL_BLOCK, OL_BLOCK, QUOTE_BLOCK, PARAGRAPH), min_size=1, max_size=5).map(separated).filter(
    lambda body: body is not None))
def test_lists_and_quotes_of_the_subset_take_the_fast_path(body):
    assert assert_same(body) is not None, body


CORPUS_BODY = """
Annual the families is opposition **port low** grid committee rising families likely than with oil capital.
To as parliament has which in not an, said film its. Approved former senior that oil major northern plans over.

Recently an are this services policy signed key coach are were partly over which late eastern low would strategy?

Delegation after has village said has the quickly farmers foreign, could that said. More background is available
in the [Health archive](https://news.example.org/health/0/related).
"""

# As site_gen/ingest/mdfile.py writes them: `\\`-escaped specials, `&amp;` and `&lt;`, `&#61;` for a leading `=`,
# a paragraph's own lines joined by hard line breaks.
INGEST_BODY = (
    "\nThe \\#MeToo campaign reached the harbour &amp; the shipyard, where 1\\. FC Köln fans \\[sic\\] met.\n\n"
    "HARBOUR OFFICE  \nQuay 4, Sfax  \nOpen \\*daily\\*\n\n"
    "&#61;= the tally so far: 3 &lt; 4 > 2, snake\\_case, x_y and a \\\\ backslash\\!\n"
)

OTHER_BODIES = [
    "## A heading with *em*\n\nThen a paragraph, **strong.** And [a link](https://a.example/x_y?p=1&amp;q=2).",
    "Ünïcödé “quotes” and *“guillemets”* — **dashes**, too; a < b & c > d.",
    "Line one\nline two with **bold**: and *em*?\n\n\n\nLast paragraph.",
    "Hard  \na **break**  \n[after](http://a.example)  \n&amp; a & b  \nend",
    "An escape that makes an entity after all: x&\\#38; y, &\\#x41; z.",
    "",
    "\n\n",
    "Intro.\n\n- One.\n- Two, **with bold**.\n- Three: [a link](https://a.example/x).\n\nAfter the list.",
    "- a list", "> a quote", "1. one", "- a\n* b\n+ c",
    "Steps:\n\n1. First.\n2. Second.\n3. Third.",
    "3. Third.\n4. Fourth.",
    "> A quote, *with em*.\n\nAfter it.",
    "> Two lines  \n> with a hard break\n> and a soft one.",
    "> ## A heading in a quote",
    "- a\n\n1. b\n\n- c\n\n> d\n\n- e",
    "## Head\n\n- item\n\n> quote\n\n\n\n1. item",
]


@pytest.mark.parametrize("body", [CORPUS_BODY, INGEST_BODY, *OTHER_BODIES])
def test_typical_bodies_take_the_fast_path(body):
    fast = assert_same(body)
    assert fast is not None, "the fast path fell back on a body it is meant for"


@pytest.mark.parametrize("body", [
    "Text\n---", "    code", "a [^1] note\n\n[^1]: n", "<b>html</b>",
    "*[HTML]: Hyper", "Term\n: definition", "a | b\n--|--", "```\ncode\n```", "a *b **c** d*", "a**b**c",
    "trailing  ", "&#61 x", "_em_", "**[link](http://x.example)**", "# Heading #",
    # Lists and quotes outside the subset: nested, loose, lazy, mixed, merged with the block before, or with
    # items a block processor would take.
    "- a\n    - b", "- a\n  - b", "- a\n\n- b", "- a\n\n\n* b", "1. a\n\n2. b", "- a\nlazy", "1. a\nlazy",
    "> a\nlazy", "> - a", "> 1. a", "> > a", "> a\n>\n> b", "> a\n\n> b", "- a\n1. b", "1. a\n- b", "Text\n- a",
    "Text\n1. a", "Text\n> a", "- > a", "- # a", "- 1. a", "- - a", "- **b** x", "-a", "- a  ", ">a", "- ", ">",
    "1) a", "-  a", " - a", "- a\n---", "> a  ", "* * *", "- a\n\n    b", "1.5 a",
])
def test_anything_else_falls_back(body):
    assert markdown_fast.convert(body) is None
    assert_same(body)


def test_fast_path_is_for_loads_converter():
    """The fast path copies Python-Markdown with these extensions: another set needs it checked again."""
    assert MARKDOWN_EXTENSIONS == ["extra", "sane_lists"]


def article_bodies() -> list[Path]:
    """The articles ingest wrote into content/articles, and the ones the golden tests keep (ingest's and Hugo's)."""
    files = sorted((REPO / "content/articles").glob("*.md"))
    files += sorted((REPO / "tests/data").glob("**/*.md"))
    return files


def test_every_article_body_converts_identically():
    files = article_bodies()
    assert len(files) > 20
    taken = 0
    for path in files:
        text = _decode(path.read_bytes())
        if not text.startswith(("---", "+++")):
            continue
        body = _front_matter(text)[3]
        taken += assert_same(body) is not None
    assert taken > len(files) // 2, "most article bodies are plain prose and should take the fast path"
