"""Search: a Pagefind index of the built pages, for the in-browser search page.

Pagefind reads the written HTML (only elements marked `data-pagefind-body`) and writes its bundle: here into a
scratch folder inside the output folder, whose files the build then copies to `pagefind/` like any page, so
unchanged index files are not rewritten and stale ones are removed through the manifest.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from site_gen.errors import SiteError

BUNDLE = "pagefind"
SCRATCH = ".site-gen-search.tmp"


@contextmanager
def search_index(out: Path) -> Iterator[tuple[list[tuple[str, Path]], SiteError | None]]:
    """Index the site in `out`; yield its index files (output path, scratch file) or an error saying why none."""
    scratch = out / SCRATCH
    shutil.rmtree(scratch, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(out), "--output-path", str(scratch),
               "--keep-index-url", "--silent"]
    try:
        error = _run(command, out)
        files = [] if error else [(f"{BUNDLE}/{f.relative_to(scratch).as_posix()}", f)
                                  for f in sorted(scratch.rglob("*")) if f.is_file()]
        yield files, error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(command: list[str], out: Path) -> SiteError | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SiteError(str(out), f"search index not built: {exc}")
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    detail = lines[-1] if lines else f"Pagefind exited with code {done.returncode}"
    if "No module named pagefind" in done.stderr:
        detail = "Pagefind is not installed (pip install 'pagefind[bin]')"
    return SiteError(str(out), f"search index not built: {detail}")
