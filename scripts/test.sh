#!/usr/bin/env bash
# Install what the tests need (Python packages, and Debian packages when missing) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium (never a browser Playwright downloads); the HTML checker runs on Java.
need=()
[ -x "${SITE_GEN_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages the tests need: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "error: the tests need these Debian packages, which are not installed: ${need[*]}" >&2
    echo "  install them as root:  apt-get install --no-install-recommends ${need[*]}" >&2
    echo "  (or point SITE_GEN_CHROMIUM at another Chromium)" >&2
    exit 1
  fi
fi

bash scripts/setup.sh --test
.venv/bin/python -m pytest -q "$@"
