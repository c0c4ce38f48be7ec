"""Markdown converters without the inline patterns a body cannot match give the same HTML as the full one."""

from __future__ import annotations

import markdown
from hypothesis import given
from hypothesis import strategies as st

from site_gen.config import SiteConfig
from site_gen.build.parse import MARKDOWN_EXTENSIONS, Loader
from tests.properties import examples

PIECES = ["word", " ", "  ", "\n", "\n\n", "\t", "\r\n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "[", "]",
          "(", ")", "![", "[^1]", "[^1]: note", "<", ">", "<b>", "</b>", "<http://x.example/a>", "<a@b.example>",
          "&", "&amp;", "&#35;", "&copy;", "#", "# ", "> ", "- ", "1. ", "    ", "---", "===", "|", "| a | b |",
          ":", ": ", "*[HTML]: Hyper", "HTML", "{: .x }", "~~~", "```", "[x]: http://x.example", "[x]", "[y][x]",
          "[t](http://t.example)", "é", "—", "\u00a0", "<!-- c -->", "<div markdown=\"1\">", "</div>"]


def full(body: str) -> str:
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return md.convert(body)


LOADER = Loader(SiteConfig(root="."))


def pruned(body: str) -> str:
    md = LOADER.markdown_for(body)
    md.reset()
    return md.convert(body)


@examples(600)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_leaving_out_unmatchable_patterns_changes_nothing(pieces):
    body = "".join(pieces)
    assert pruned(body) == full(body)


def test_typical_bodies():
    bodies = ["Plain words.\n\nMore words.", "Some **bold** and a [link](https://x.example/a?b=1&c=2).",
              "Escaped \\# hash and 1\\. number", "Tabs\tand  \ntrailing spaces", "snake_case_name and *em*"]
    for body in bodies:
        assert pruned(body) == full(body)
