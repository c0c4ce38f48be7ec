"""Shared fixtures: temporary trees built from dicts, the evaluation data beside the repository."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITE_GEN_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seeds" / "000_93c4837e9acaa4b1.txt"
DEV = SHARED / "data" / "extraction-dev"


def pytest_configure(config):
    # A shell starts a background job with Ctrl-C ignored, and commands inherit that: the tests of what
    # Ctrl-C does send it to commands started from here, as a terminal would, whoever started the tests.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def need_shared() -> None:
    """Skip outside CI when the evaluation data is not beside the repository; in CI its absence fails."""
    if not DEV.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"evaluation data missing: {DEV} (set SITE_GEN_SHARED)")
        pytest.skip("evaluation data not beside the repository (set SITE_GEN_SHARED)")


def make_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` ({relative path: text or bytes}) under `root` and return `root`."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `site-gen ARGS` as a user would, in `cwd`; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "site_gen", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def tree(tmp_path):
    return lambda files: make_tree(tmp_path, files)


# The demo site, its HTTP server and Chromium, for the browser and site checks (tests/browser_helpers.py).
from tests.browser_helpers import browser, demo, new_page, served  # noqa: E402,F401
