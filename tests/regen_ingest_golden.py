"""Regenerate the ingest golden files: `python -m tests.regen_ingest_golden`.

Each dump in tests/data/ingest_golden/cases/ and in content/raw/ (the demo dumps) is ingested
and its Markdown written to tests/data/ingest_golden/expected/<group>/. Review the diff before
committing it: the golden files are the record of what the cleaner keeps and drops.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from site_gen.ingest import ingest
from site_gen.reporter import RecordingReporter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "data" / "ingest_golden"
GROUPS = {"cases": GOLDEN / "cases", "demo": REPO / "content" / "raw"}


def ingest_group(name: str, out: Path) -> RecordingReporter:
    """Ingest one group of dumps into `out`, with the dumps' folder as the site root."""
    reporter = RecordingReporter()
    src = GROUPS[name]
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
