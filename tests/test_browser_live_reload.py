"""`site-gen serve` with a page open in Chromium: saving the article's Markdown updates the page by itself."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading

import pytest

from tests.browser_helpers import WAIT_MS
from tests.build_helpers import md
from tests.conftest import make_tree

BODY = "The harbour authority said the new ferry terminal would open in June, two months later than planned."


@pytest.fixture
def serving(tmp_path):
    """Run `site-gen serve --port 0` on a small site; yield (site folder, base URL) once it listens."""
    root = make_tree(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "Live Reader"\n',
        "content/articles/terminal.md": md("Ferry terminal opening delayed", BODY, slug="terminal",
                                           date="2025-03-01", topic="Harbour"),
        "content/articles/regatta.md": md("Regatta moved to Sunday", "Crews asked for calmer water.",
                                          slug="regatta", date="2025-03-02", topic="Harbour"),
    })
    proc = subprocess.Popen([sys.executable, "-m", "site_gen", "serve", "--port", "0", "--no-search"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] + [lines.put("")], daemon=True).start()
    try:
        while True:  # wait for the server's own word that it listens, and where
            line = lines.get(timeout=120)
            assert line, "site-gen serve exited early"
            if found := re.search(r"http://127\.0\.0\.1:\d+/", line):
                break
        yield root, found.group(0)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_saving_the_markdown_updates_the_open_page(browser, serving):
    root, base = serving
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "articles/terminal/")
        assert page.locator(".story-body").inner_text().strip() == BODY
        page.evaluate("() => { window.beforeTheEdit = true; }")  # a reload makes a new window without it
        article = root / "content/articles/terminal.md"
        new = BODY.replace("June", "September")
        article.write_text(article.read_text(encoding="utf-8").replace(BODY, new), encoding="utf-8")
        # While the page reloads, the new document may not have its story yet: query it optionally.
        page.wait_for_function(
            "text => !window.beforeTheEdit && document.readyState === 'complete'"
            " && document.querySelector('.story-body')?.innerText.trim() === text",
            arg=new, timeout=WAIT_MS * 4)
        assert page.url.endswith("/articles/terminal/")  # the page reloaded itself, in place
        assert page.locator("h1").inner_text() == "Ferry terminal opening delayed"
    finally:
        context.close()
