"""`site-gen ingest --explain FILE`: every block of a dump, kept or dropped, and why."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Mapping

from site_gen.ingest.clean import Explanation, explain_text
from site_gen.ingest.decode import NotText, decode_bytes
from site_gen.ingest.dump import NoArticle

PREVIEW = 160  # characters of each block shown


def explain_file(path: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Explanation:
    """Return the decisions the cleaner makes on one dump file (raises NotText, NoArticle, OSError)."""
    from site_gen.ingest.html import explain_html, looks_like_html

    text = decode_bytes(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        return explain_html(text, overrides)
    return explain_text(text, overrides)


def explain_command(path: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[str, int]:
    """Return what `site-gen ingest --explain FILE` prints and its exit code (1: the file cannot be read)."""
    try:
        return render(explain_file(path, overrides)), 0
    except (NotText, NoArticle) as exc:
        return f"{path}: {exc}\n", 1
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}\n", 1


def render(found: Explanation, width: int = 100) -> str:
    """Return the explanation as plain text: one line of verdict and reason per block, then its start."""
    lines = [f"title: {found.title}"]
    if found.rules.origin:
        lines.append("per-site rules: " + "; ".join(found.rules.origin))
    else:
        lines.append("per-site rules: none for this host")
    art = found.article
    if art is not None:
        fields = {"source_url": art.source_url, "source": art.source, "topic": art.topic, "date": art.date, "lang": art.lang,
                  "dateline": art.dateline, "authors": ", ".join(art.authors) or None}
        lines.append("  ".join(f"{k}: {v}" for k, v in fields.items() if v))
    lines.append("")
    for i, block in enumerate(found.blocks):
        verdict = "KEEP" if i in found.kept else "drop"
        lines.append(f"[{i:>3}] {verdict}  {found.why.get(i, 'not judged')}")
        preview = " ".join(block.split())
        if len(preview) > PREVIEW:
            preview = preview[: PREVIEW - 1] + "…"
        lines.extend(textwrap.wrap(preview, width, initial_indent="        ", subsequent_indent="        "))
    kept = len(found.kept)
    lines.append("")
    lines.append(f"{kept} of {len(found.blocks)} blocks kept" if art else "no article: every block dropped")
    return "\n".join(lines) + "\n"


