#!/usr/bin/env bash
# Set everything up and build the demo site from the dumps in content/raw/ into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/site-gen ingest
if .venv/bin/site-gen build --help >/dev/null 2>&1; then
  .venv/bin/site-gen build
  echo "Demo site built: open output/index.html, or run .venv/bin/site-gen serve"
fi
