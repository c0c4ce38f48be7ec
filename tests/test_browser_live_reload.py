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


KEPT_DUMP = ("Ferry terminal opening delayed\n\nAdvertisement\n\n{body}\n\nOfficials said the delay would not change "
             "the cost of the project, which is paid for by a regional fund and a loan from the state bank.\n\n"
             "Content retrieved from: https://news.example/local/2025/03/10/ferry-terminal.\n")


def test_a_kept_hand_edit_shows_no_failure_banner(browser, tmp_path):
    """An article edited by hand whose dump has changed since is kept, with a warning in the terminal when
    serve starts: no page says the build failed."""
    root = make_tree(tmp_path / "site", {"site.toml": '[site]\ntitle = "Live Reader"\n',
                                         "content/raw/ferry.txt": KEPT_DUMP.format(body=BODY)})
    assert subprocess.run([sys.executable, "-m", "site_gen", "ingest"], cwd=root).returncode == 0
    article = root / "content/articles/ferry-terminal-opening-delayed.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "title: Ferry terminal opening delayed", "title: Ferry terminal late again"), encoding="utf-8")
    (root / "content/raw/ferry.txt").write_text(KEPT_DUMP.format(body=BODY.replace("June", "July")),
                                                encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "site_gen", "serve", "--port", "0", "--no-search"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said = []
    context = browser.new_context()
    try:
        while not (said and re.search(r"http://127\.0\.0\.1:\d+/", said[-1])):  # its word that it listens
            said.append(proc.stdout.readline())
            assert said[-1], "site-gen serve exited early: " + "".join(said)
        base = re.search(r"http://127\.0\.0\.1:\d+/", said[-1]).group(0)
        assert any(line.startswith("warning: ") and "edited by hand, so kept as it is" in line for line in said)
        assert any(re.match(r"build: 1 article; .*; 0 errors; ", line) for line in said), said
        page = context.new_page()
        page.goto(base + "articles/ferry-terminal-opening-delayed/")
        page.wait_for_function("() => document.readyState === 'complete'", timeout=WAIT_MS)
        assert page.locator("h1").inner_text() == "Ferry terminal late again"
        assert "June" in page.locator(".story-body").inner_text()  # the edited file's text, not the new dump's
        assert page.locator("#site-gen-errors").count() == 0
    finally:
        context.close()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
