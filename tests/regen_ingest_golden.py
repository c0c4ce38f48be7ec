"""Regenerate the ingest golden files: `python -m tests.regen_ingest_golden`.

Each dump in tests/data/ingest_golden/cases/ and in content/raw/ (the demo dumps) is ingested
and its Markdown written to tests/data/ingest_golden/expected/<group>/. Review the diff before
committing it: the golden files are the record of what the cleaner keeps and drops.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from site_gen.ingest import ingest
from site_gen.reporter import RecordingReporter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "data" / "ingest_golden"
GROUPS = {"cases": GOLDEN / "cases", "demo": REPO / "content" / "raw"}
SAVED = 1_751_328_000  # 2025-07-01, when the copies of the dumps are said to have been saved


def ingest_group(name: str, out: Path) -> RecordingReporter:
    """Ingest a copy of one group of dumps into `out`, with the copy's folder as the site root. The copies are
    saved one second apart in path order, so that a page saved twice (content/raw/refetched/) gives the same
    `updated:` in every checkout."""
    reporter = RecordingReporter()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dumps"
        shutil.copytree(GROUPS[name], src, ignore=shutil.ignore_patterns(".*"))
        for i, dump in enumerate(sorted(p for p in src.rglob("*") if p.is_file())):
            os.utime(dump, (SAVED + i, SAVED + i))
        ingest([src], out, src, reporter)
    return reporter


def main() -> None:
    for name in GROUPS:
        target = GOLDEN / "expected" / name
        with tempfile.TemporaryDirectory() as tmp:
            reporter = ingest_group(name, Path(tmp))
            if reporter.errors:
                raise SystemExit("\n".join(map(str, reporter.errors)))
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(tmp, target)
        print(f"wrote {len(list(target.glob('*.md')))} files to {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
