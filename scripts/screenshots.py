"""Take the README's screenshots of the demo site: the front page, an article (a saved page with its picture), an
Arabic article, a topic page and a month of the archive; light, dark and phone.

    .venv/bin/python scripts/screenshots.py [--site OUTPUT_DIR] [--dest docs/screenshots]

Without --site the demo is built (ingest content/raw, build) in a temporary folder first. The site is served on
127.0.0.1 and photographed by Debian's Chromium through Playwright (SITE_GEN_CHROMIUM overrides /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SITE_GEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTICLE = "articles/breakwater-lighthouse-shines-again-after-lamp-restoration/index.html"  # a saved page's picture
ARABIC = "articles/myn-sfqs-ydshwn-mkhzn-mbrwd-ld-m-sdrt-lsmk/index.html"
PAGES = {"home": "index.html", "article": ARTICLE, "arabic": ARABIC, "topic": "topics/turkey/index.html",
         "archive": "2025/03/index.html"}
DEMO_DAY = "2025-07-01"
LOOKS = {  # name: browser context options
    "light": {"viewport": {"width": 1024, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1024, "height": 900}, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light", "is_mobile": True,
              "has_touch": True},
}


def build_demo(root: Path) -> Path:
    """Build the demo site as scripts/demo.sh does, in `root`; return its output folder."""
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "content/raw", root / "content/raw")  # pictures saved beside a page come along
    site_gen = [sys.executable, "-m", "site_gen", "--quiet", "--root", str(root)]
    # The copy is ingested, inside the site folder: the build shows only pictures there.
    subprocess.run([*site_gen, "ingest", str(root / "content/raw")], check=True)
    # As on a day soon after the demo's newest article, so that only the really old one says it is old news.
    subprocess.run([*site_gen, "build", "--out", str(root / "output"), "--date", DEMO_DAY], check=True)
    return root / "output"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def shoot(site: Path, dest: Path) -> list[Path]:
    """Photograph every page in every look; return the PNG files written."""
    from playwright.sync_api import sync_playwright

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for look, options in LOOKS.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for name, rel in PAGES.items():
                if not (site / rel).is_file():
                    sys.exit(f"error: {site / rel} is missing: is {site} the demo site?")
                page.goto(base + rel, wait_until="load")
                page.evaluate("document.fonts.ready")
                path = dest / f"{name}-{look}.png"
                page.screenshot(path=str(path))
                written.append(path)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built demo site (default: build one in a temporary folder)")
    parser.add_argument("--dest", type=Path, default=REPO / "docs/screenshots", help="where the PNGs go")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"error: no Chromium at {CHROMIUM} (apt-get install chromium, or set SITE_GEN_CHROMIUM)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="site-gen-shots-") as tmp:
        site = args.site or build_demo(Path(tmp))
        for path in shoot(site, args.dest):
            print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
