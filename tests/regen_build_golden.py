"""Regenerate the golden site: `python -m tests.regen_build_golden`.

Builds tests/data/golden_site/content (with that folder's site.toml and the default templates, without the search
index) into tests/data/golden_site/expected/. Review the diff before committing it: the expected folder is the
record of every byte the build writes for a small fixed site, so a template or styling change shows up there.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from site_gen.build import BuildOptions, BuildResult, build
from site_gen.config import load_config
from site_gen.reporter import RecordingReporter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "data" / "golden_site"
TODAY = date(2025, 6, 1)  # the build's date: which articles say they are old news


def build_golden(out: Path) -> BuildResult:
    """Build the golden site into `out`."""
    options = BuildOptions(GOLDEN / "content", out, search=False, cache=False, today=TODAY)
    return build(load_config(GOLDEN), options, RecordingReporter())


def main() -> None:
    target = GOLDEN / "expected"
    with tempfile.TemporaryDirectory() as tmp:
        result = build_golden(Path(tmp) / "site")
        if result.errors:
            raise SystemExit("\n".join(map(str, result.errors)))
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(tmp) / "site", target)
    count = sum(1 for p in target.rglob("*") if p.is_file())
    print(f"wrote {count} files to {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
