#!/usr/bin/env bash
# Install what the tests need (Python packages, and Debian packages when missing) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/python -m pytest -q "$@"
