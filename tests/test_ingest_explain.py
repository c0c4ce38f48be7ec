"""`site-gen ingest --explain FILE`: every block with its verdict and the reason the cleaner gave."""

from __future__ import annotations

import re

from site_gen.ingest.clean import clean_text, explain_text
from tests.conftest import run_cli

PARA = [
    "The harbour board of Port Wendle voted on Tuesday to build a second ferry ramp, ending a dispute that "
    "had kept the old ramp closed for repairs on most weekends since the spring.",
    "Members said the new ramp would be paid for from the harbour's own reserves and would open before the "
    "summer timetable begins, when queues of cars often reach the market square.",
    "Ferry crews welcomed the vote but asked the board to keep the old ramp in service until the new one "
    "has been tested with the heaviest lorries that use the crossing.",
]
DUMP = "\n\n".join([
    "Harbour board backs second ferry ramp",
    "Menu", "Newsletter offers from Wendle Deals",
    "Cars wait for the morning ferry at the old ramp. Photo: Harbour Gazette",
    "By Mara Quillfeather",
    *PARA,
    "Related stories", "Market square to close for resurfacing", "New bus timetable starts in May",
    "12 Comments", "Great news, finally! The queues have been terrible for years and nobody did anything.",
    "Content retrieved from: https://gazette.example/news/harbour/second-ferry-ramp.",
]) + "\n"
SITE_RULE = {"gazette.example": {"name": "Harbour Gazette", "drop": ["Newsletter offers from .{1,40}"]}}


def _verdicts(text: str, overrides=None) -> dict[str, tuple[bool, str]]:
    found = explain_text(text, overrides)
    return {b: (i in found.kept, found.why.get(i, "")) for i, b in enumerate(found.blocks)}


def test_each_block_has_the_reason_the_pass_that_dropped_it_gave():
    v = _verdicts(DUMP, SITE_RULE)
    assert v["Menu"] == (False, "clutter phrase (phrases/clutter.txt)")
    assert v["Newsletter offers from Wendle Deals"][1].startswith("site rule")
    assert "caption" in v["Cars wait for the morning ferry at the old ramp. Photo: Harbour Gazette"][1]
    assert v["By Mara Quillfeather"] == (False, "byline: Mara Quillfeather")
    assert "related" in v["Market square to close for resurfacing"][1]
    assert v["12 Comments"][1].startswith("wall")
    assert "after the wall" in v[
        "Great news, finally! The queues have been terrible for years and nobody did anything."][1]
    assert all(v[p] == (True, "prose") for p in PARA)


def test_explanation_keeps_exactly_what_ingest_writes():
    found = explain_text(DUMP, SITE_RULE)
    assert tuple(found.blocks[i] for i in sorted(found.kept)) == clean_text(DUMP, SITE_RULE).paragraphs


def test_cli_explain_names_the_rule_file_and_writes_nothing(tree):
    root = tree({
        "site.toml": '[site]\ntitle = "T"\n\n[sources."gazette.example"]\nname = "Harbour Gazette"\n'
                     'drop = ["Newsletter offers from .{1,40}"]\n',
        "content/raw/ramp.txt": DUMP,
    })
    proc = run_cli("ingest", "--explain", "content/raw/ramp.txt", cwd=root)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert 'per-site rules: site.toml [sources."gazette.example"]' in out
    assert re.search(r"\]\s+drop\s+byline: Mara Quillfeather\n\s+By Mara Quillfeather", out)
    assert re.search(r"\]\s+KEEP\s+prose\n\s+The harbour board of Port Wendle", out)
    assert "3 of 12 blocks kept" in out
    assert not (root / "content" / "articles").exists()


def test_cli_explain_shows_an_html_pages_blocks(tree):
    page = ("<html><head><title>Harbour board backs second ferry ramp</title></head><body><nav><a>Home</a>"
            "<a>Sport</a></nav><article><h1>Harbour board backs second ferry ramp</h1>"
            + "".join(f"<p>{p}</p>" for p in PARA) + "</article><footer>Contact the newsroom</footer></body></html>")
    root = tree({"site.toml": '[site]\ntitle = "T"\n', "ramp.html": page})
    proc = run_cli("ingest", "--explain", "ramp.html", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"KEEP\s+trafilatura: article text\n\s+The harbour board", proc.stdout)
    assert re.search(r"drop\s+trafilatura: page furniture, not the article\n\s+Contact the newsroom", proc.stdout)


def test_cli_explain_of_a_missing_or_binary_file_fails_with_the_reason(tree):
    root = tree({"site.toml": '[site]\ntitle = "T"\n', "bin.txt": b"\x00\x01\x02\x03PK\x03\x04" * 200})
    proc = run_cli("ingest", "--explain", "bin.txt", cwd=root)
    assert proc.returncode == 1 and "binary" in proc.stderr
    proc = run_cli("ingest", "--explain", "nowhere.txt", cwd=root)
    assert proc.returncode == 1 and "nowhere.txt" in proc.stderr


def test_explanation_names_a_shipped_rule_file():
    text = DUMP.replace("https://gazette.example/news/harbour/", "https://www.rudaw.net/english/kurdistan/")
    assert explain_text(text).rules.origin == ("site_gen/ingest/rules/rudaw.net.toml",)
