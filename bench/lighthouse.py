"""Lighthouse scores of the demo site's pages (mobile, as Lighthouse runs by default), with Debian's Chromium.

Usage: .venv/bin/python bench/lighthouse.py [PAGE ...] [--work DIR] [--desktop]

Builds the demo site (content/raw/ of this repository) into a work folder, serves it on 127.0.0.1, installs
Lighthouse 12 from the npm registry into the work folder (once) and runs it on each PAGE (default: `PAGES`),
printing the four category
scores, the cumulative layout shift and every audit that did not pass.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = ["", "articles/ferry-operators-raise-fares-as-fuel-costs-climb/",
         "articles/breakwater-lighthouse-shines-again-after-lamp-restoration/",
         "articles/myn-sfqs-ydshwn-mkhzn-mbrwd-ld-m-sdrt-lsmk/", "topics/turkey/", "search/", "search/?q=ferry"]
"""The demo's home page, an English article, the article with a picture, the Arabic article, a topic page and
the search page with and without a query."""
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
         "--disable-sync --no-first-run --disable-quic")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-lighthouse")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset (default: mobile)")
    args = parser.parse_args()
    site = args.work / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(REPO / "content" / "raw", site / "content" / "raw")
    shutil.copy(REPO / "site.toml", site / "site.toml")
    for command in (["ingest"], ["build"]):
        subprocess.run([sys.executable, "-m", "site_gen", "-q", *command], cwd=site, check=True)
    if not (args.work / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(args.work), "lighthouse@12"],
                       check=True, stdout=subprocess.DEVNULL)
    handler = functools.partial(_Quiet, directory=str(site / "output"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    failed = 0
    try:
        for page in args.pages:
            report = args.work / "report.json"
            subprocess.run([str(args.work / "node_modules" / ".bin" / "lighthouse"), base + page, "--quiet",
                            f"--chrome-flags={FLAGS}", "--output=json", f"--output-path={report}",
                            *(["--preset=desktop"] if args.desktop else [])],
                           env=dict(os.environ, CHROME_PATH=os.environ.get("SITE_GEN_CHROMIUM", "/usr/bin/chromium")),
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
            data = json.loads(report.read_text(encoding="utf-8"))
            scores = {name: round(cat["score"] * 100) for name, cat in data["categories"].items()}
            cls = data["audits"]["cumulative-layout-shift"]["numericValue"]
            print(f"/{page}: {scores}, CLS {cls:.3f}")
            failed += any(score < 100 for score in scores.values())
            for name, audit in data["audits"].items():
                if audit.get("score") is not None and audit["score"] < 1 and \
                        audit.get("scoreDisplayMode") in ("binary", "numeric"):
                    print(f"   {name}: {audit['score']} {audit.get('displayValue', '')}")
    finally:
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
