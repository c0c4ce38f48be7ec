"""HTML extraction by reader: trafilatura alone, readability-lxml alone, jusText alone, the text cleaner alone
on the page's visible text, and what `site-gen ingest` writes (their combination), overall and per language.

Usage: python bench/extraction_html.py [--data DIR] [--pages DIR] [--json] [--worst N]

Two page sets are scored with the article-extraction benchmark's metric (bench/scoring.py):

- `--data` (default `../shared/data/extraction-dev` beside the repository): its `html/` pages and `truth.json`;
- `--pages` (default tests/data/html_pages): fictional pages in Greek, Polish, Russian, Chinese, English,
  Japanese, Arabic, Sorani and Turkish,
  each `<name>.html` beside `<name>.txt`, its true body (paragraphs separated by a blank line).

A page's language is the one its true body is written in (py3langid, as ingest detects it). The
combination is run in-process (`clean_html`), as the command line runs it on each page.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring import DocScore, Summary, score_doc, summarise  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction-dev"
DEFAULT_PAGES = REPO / "tests" / "data" / "html_pages"
READERS = ("trafilatura", "readability", "justext", "cleaner", "combined")


def load_pages(data: Path | None, pages: Path | None) -> dict[str, list[tuple[str, str, str]]]:
    """Return {set name: [(page id, html, true body)]} for the page sets that exist."""
    sets: dict[str, list[tuple[str, str, str]]] = {}
    if data is not None and (data / "truth.json").is_file():
        truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
        sets["dev"] = [(doc_id, (data / "html" / f"{doc_id}.html").read_text(encoding="utf-8"), item["articleBody"])
                       for doc_id, item in sorted(truth.items()) if (data / "html" / f"{doc_id}.html").is_file()]
    if pages is not None and pages.is_dir():
        sets["fictional"] = [(p.stem, p.read_text(encoding="utf-8"), p.with_suffix(".txt").read_text(encoding="utf-8"))
                             for p in sorted(pages.glob("*.html")) if p.with_suffix(".txt").is_file()]
    return sets


def trafilatura_text(html: str) -> str:
    """trafilatura alone, called as ingest calls it."""
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                        include_images=False, deduplicate=False)
    doc = found.as_dict() if found is not None and hasattr(found, "as_dict") else found
    return (doc or {}).get("text") or ""


def readability_text(html: str) -> str:
    from site_gen.ingest.agree import readability_text as text

    return text(html)


def justext_text(html: str) -> str:
    """jusText alone, with the stop list of the language of the page's visible text."""
    import justext

    from site_gen.ingest import lang as langmod
    from site_gen.ingest.visible import page_blocks

    code = langmod.detect("\n".join(sorted(page_blocks(html), key=len, reverse=True)[:12]))
    stop = langmod.stopwords(code)
    try:
        paragraphs = justext.justext(html.encode("utf-8"), stop, encoding="utf-8")
    except Exception:  # jusText raises on pages lxml cannot parse
        return ""
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def cleaner_text(html: str) -> str:
    """The text cleaner alone on the page's visible blocks, as it reads a dump."""
    from site_gen.ingest.clean import clean_text
    from site_gen.ingest.dump import NoArticle
    from site_gen.ingest.html import _canonical
    from site_gen.ingest.visible import page_blocks
    from lxml import html as lxml_html

    try:
        title = " ".join((lxml_html.document_fromstring(html).findtext(".//title") or "").split())
    except Exception:
        title = ""
    url = _canonical(html)
    dump = "\n\n".join([title or "-", *page_blocks(html), f"Content retrieved from: {url}." if url else ""]) + "\n"
    try:
        return "\n\n".join(clean_text(dump).paragraphs)
    except NoArticle:
        return ""


def combined_text(html: str) -> str:
    """What `site-gen ingest` writes for the page."""
    from site_gen.ingest.dump import NoArticle
    from site_gen.ingest.html import clean_html

    try:
        return "\n\n".join(clean_html(html).paragraphs)
    except NoArticle:
        return ""


EXTRACT = {"trafilatura": trafilatura_text, "readability": readability_text, "justext": justext_text,
           "cleaner": cleaner_text, "combined": combined_text}


def score_set(pages: list[tuple[str, str, str]]) -> tuple[dict, dict[str, dict[str, DocScore]]]:
    """Return ({reader: {language: Summary}} with "all", {reader: {page id: DocScore}})."""
    from site_gen.ingest import lang as langmod

    per_doc: dict[str, dict[str, DocScore]] = {r: {} for r in READERS}
    langs = {}
    for doc_id, html, truth in pages:
        langs[doc_id] = langmod.detect(truth)
        for reader in READERS:
            per_doc[reader][doc_id] = score_doc(EXTRACT[reader](html), truth)
    table: dict[str, dict[str, Summary]] = {}
    for reader in READERS:
        groups: dict[str, list[DocScore]] = defaultdict(list)
        for doc_id, s in per_doc[reader].items():
            groups["all"].append(s)
            groups[langs[doc_id]].append(s)
        table[reader] = {lang: summarise(scores) for lang, scores in groups.items()}
    return table, per_doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where the combination loses most")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    results = {}
    for name, pages in load_pages(args.data, args.pages).items():
        table, per_doc = score_set(pages)
        results[name] = {r: {lang: round(s.f1, 4) for lang, s in t.items()} for r, t in table.items()}
        if args.json:
            continue
        langs = ["all"] + sorted(k for k in table["combined"] if k != "all")
        counts = {lang: table["combined"][lang].n for lang in langs}
        print(f"{name}: HTML body F1 by reader and language of the page (pages: "
              + ", ".join(f"{lang} {counts[lang]}" for lang in langs) + ")")
        print(f"  {'reader':12}" + "".join(f"{lang:>8}" for lang in langs))
        for reader in READERS:
            print(f"  {reader:12}" + "".join(f"{table[reader][lang].f1:8.3f}" for lang in langs))
        best_single = {lang: max(table[r][lang].f1 for r in READERS if r != "combined") for lang in langs}
        beaten = [lang for lang in langs if table["combined"][lang].f1 < best_single[lang] - 1e-9]
        print("  combined " + ("beats or ties the best single reader everywhere" if not beaten
                               else "loses to a single reader in: " + ", ".join(beaten)))
        if args.worst:
            gap = {d: max(per_doc[r][d].f1 for r in READERS if r != "combined") - per_doc["combined"][d].f1
                   for d in per_doc["combined"]}
            for d in sorted(gap, key=gap.get, reverse=True)[: args.worst]:
                print(f"    {d[:24]:24} combined {per_doc['combined'][d].f1:.2f}  " + "  ".join(
                    f"{r} {per_doc[r][d].f1:.2f}" for r in READERS if r != "combined"))
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
