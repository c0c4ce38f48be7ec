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
from typing import TYPE_CHECKING, Iterator

from site_gen.errors import SiteError

if TYPE_CHECKING:
    from site_gen.build.state import StateStore
    from site_gen.build.write import OutputFolder

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


def update_index(out: "OutputFolder", store: "StateStore | None", before: dict, after: dict, later: bool = False
                 ) -> SiteError | None:
    """Index the site with Pagefind when a page changed since the last index; return the error if it failed.

    The index files are noted in `out` and `after` like pages. `later` (watch and serve): keep the last index
    as it is and note in the state that it is behind when pages changed (`refresh` brings it up to date).
    """
    state = store.state if store is not None else None
    gone = {p for p in out.previous - out.current if not p.startswith(f"{BUNDLE}/")}
    last = state.search if state is not None else None
    behind = any(p.endswith(".html") for p in out.written) or any(p.endswith(".html") for p in gone) or (
        state is not None and state.search_stale)
    kept = last is not None and all(p in before and out.intact(p, before[p][1], before[p][2]) for p in last)
    if kept and (later or not behind):
        for p in last:
            out.note(p, False)
            after[p] = before[p]
    if later and store is not None and (behind or not kept) != state.search_stale:
        store.change(search_stale=behind or not kept)
    if later or (kept and not behind):
        return None
    with search_index(out.root) as (files, error):
        out.expect(path for path, _ in files)
        for path, source in files:
            wrote, size, mtime = out.put(path, source.read_bytes())
            out.note(path, wrote)
            after[path] = (b"search", size, mtime, ())
    if store is not None:
        store.change(search=None if error else tuple(path for path, _ in files), search_stale=False)
    return error
