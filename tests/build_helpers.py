"""Helpers for the build tests: article files from fields, a built site in a temporary folder, a link checker."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from site_gen.build import BuildOptions, BuildResult, build
from site_gen.config import SiteConfig
from site_gen.reporter import RecordingReporter
from tests.conftest import make_tree


def md(title: str = "A headline", body: str = "Some words of the body.", **fields) -> str:
    """Return a front-matter Markdown article with `title`, the other fields as given and `body`."""
    head = yaml.safe_dump({"title": title, **fields}, sort_keys=False, allow_unicode=True)
    return f"---\n{head}---\n\n{body}\n"


def config(root: Path, **settings) -> SiteConfig:
    return SiteConfig(root=root, **settings)


def build_site(root: Path, files: dict[str, str | bytes], search: bool = False, force: bool = False,
               **settings) -> tuple[BuildResult, Path, RecordingReporter]:
    """Write `files` into root/content, build into root/out; return (result, out folder, reporter)."""
    make_tree(root / "content", files)
    reporter = RecordingReporter()
    out = root / "out"
    result = build(config(root, **settings), BuildOptions(root / "content", out, force=force, search=search), reporter)
    return result, out, reporter


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """Return {relative path: (inode, mtime_ns)} of every file under `out`."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file()}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src", "action"):
            if a.get(name) is not None and not (tag == "base"):
                self.links.append(a[name])
        if a.get("id"):
            self.ids.add(a["id"])


def broken_links(out: Path) -> list[str]:
    """Return 'page -> link' for every relative link or asset in the site's HTML that has no file behind it."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        if page.relative_to(out).parts[0] == "pagefind":
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("data:"):
                continue
            if page.name == "404.html" and link.startswith("/"):  # starts from base_url's path, by design
                continue
            if not parts.path:  # a fragment on this page
                if parts.fragment and parts.fragment not in parser.ids:
                    broken.append(f"{page.relative_to(out)} -> {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_relative_to(out.resolve()) or not target.is_file():
                broken.append(f"{page.relative_to(out)} -> {link}")
    return broken


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text))
