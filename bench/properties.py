"""Long, unseeded runs of the property tests, on the oldest and newest Python-Markdown that site_gen allows.

Usage: python bench/properties.py [--times 10] [--markdown 3.7 3.11.3] [--work DIR]

The test suite runs its property tests with fixed seeds (a run passes or fails the same way every time); here
they run with new random cases each time and `--times` as many examples: the Markdown fast path against
Python-Markdown (tests/test_markdown_fast.py, tests/test_build_markdown.py) in one virtual environment per
Markdown version, and the incremental-build state machine (tests/test_incremental.py), whose every build must
equal a clean one. A failure prints Hypothesis' smallest failing example; add it to the tests as a case.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speedlib import REPO, ensure_venv  # noqa: E402

PROPERTIES = ["tests/test_markdown_fast.py", "tests/test_build_markdown.py"]
STATE_MACHINE = "tests/test_incremental.py::TestIncrementalSite"


def run(python: Path, tests: list[str], times: int) -> bool:
    env = dict(os.environ, SITE_GEN_LONG_PROPERTIES=str(times))
    started = time.monotonic()
    done = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=REPO, env=env)
    print(f"  {'passed' if done.returncode == 0 else 'FAILED'} in {time.monotonic() - started:.0f} s", flush=True)
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, default=10, help="times the suite's examples (default 10)")
    parser.add_argument("--markdown", nargs="+", default=["3.7", "3.11.3"],
                        help="Python-Markdown versions (default: the oldest and newest allowed)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-properties")
    args = parser.parse_args()
    ok = True
    for version in args.markdown:
        python = ensure_venv(args.work / f"markdown-{version}", [f"-e {REPO}[test]", f"markdown=={version}"])
        found = subprocess.run([str(python), "-c", "import markdown; print(markdown.__version__)"],
                               capture_output=True, text=True).stdout.strip()
        print(f"Markdown {found}: property tests, {args.times}x the examples, unseeded", flush=True)
        ok &= run(python, PROPERTIES, args.times)
    print(f"state machine: {args.times}x the examples, unseeded", flush=True)
    ok &= run(python, [STATE_MACHINE], args.times)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
