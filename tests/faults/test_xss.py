"""Markup from content never goes live: XSS payloads in every field and body, checked in Chromium over HTTP."""

from __future__ import annotations

import pytest
import yaml

from tests.browser_helpers import WAIT_MS, serve
from tests.conftest import make_tree, run_cli

MARK = "window.__pwned=(window.__pwned||0)+1"
PAYLOADS = [
    f"<script>{MARK}</script>",
    f"</script><script>{MARK}</script>",
    f"<img src=x onerror=\"{MARK}\">",
    f"<svg onload=\"{MARK}\"></svg>",
    f"<svg><script>{MARK}</script></svg>",
    f"\" onmouseover=\"{MARK}\" x=\"",
    f"' onfocus='{MARK}' autofocus='",
    f"<a href=\"javascript:{MARK}\">click</a>",
    f"[click](javascript:{MARK})",
    f"[data](data:text/html,<script>{MARK}</script>)",
    f"<iframe src=\"javascript:{MARK}\"></iframe>",
    f"<div style=\"background:url(javascript:{MARK})\">styled</div>",
    f"<style>body{{background:url('javascript:{MARK}')}}</style>",
    f"<details open ontoggle=\"{MARK}\">x</details>",
    f"<object data=\"javascript:{MARK}\"></object>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=\"{MARK}\">",
    f"<form action=\"javascript:{MARK}\"><button>go</button></form>",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{MARK}\">",
    f"<base href=\"javascript:{MARK}//\">",
    f"{{{{ 7*7 }}}} {{% raw %}} <!-- {MARK} -->",
    f"<<script>script>{MARK}<</script>/script>",
]
FIELDS = ["title", "topic", "summary", "description", "dateline", "source", "source_url", "author", "lang"]


def articles() -> dict[str, str]:
    files = {}
    for i, payload in enumerate(PAYLOADS):
        meta = {f: f"{payload} {f}" for f in FIELDS}
        meta["lang"] = "en"
        meta["source_url"] = f"https://news.example/a?q={payload}"
        meta["authors"] = [f"{payload} one", "Plain Name"]
        meta["tags"] = [payload, "plain"]
        meta["images"] = [{"caption": payload, "credit": payload}]
        meta["related"] = [payload]
        meta["date"] = "2025-03-01"
        meta["slug"] = f"payload-{i}"
        body = f"{payload}\n\nA second paragraph with {payload} inside it.\n\n> {payload}\n"
        files[f"p{i:02}.md"] = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" + body
        # The same payload where only a URL or a language tag may stand: refused or made harmless, never live.
        files[f"q{i:02}.md"] = "---\n" + yaml.safe_dump(
            {"title": f"Odd fields {i}", "slug": f"odd-{i}", "lang": payload, "source_url": f"javascript:{MARK}",
             "date": "2025-03-02"}, sort_keys=False, allow_unicode=True) + "---\n\nBody.\n"
    return files


def dump(i: int, payload: str) -> str:
    para = ("The council said on Monday that the plan would go ahead, and officials added that more details "
            "would follow in a statement later in the week, after a meeting with residents.")
    return (f"{payload} headline {i}\n\n{payload}\n\nBy {payload}\n\n{para} {payload}\n\n{payload} {para}\n\n"
            f"Content retrieved from: javascript:{MARK}.\n")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_tree(tmp_path_factory.mktemp("xss"), {
        **{f"content/articles/{k}": v for k, v in articles().items()},
        **{f"raw/d{i:02}.txt": dump(i, p) for i, p in enumerate(PAYLOADS)},
    })
    ingested = run_cli("ingest", "raw", cwd=root)
    assert ingested.returncode in (0, 1) and "Traceback" not in ingested.stderr
    built = run_cli("build", "--no-search", cwd=root)
    assert "Traceback" not in built.stderr, built.stderr
    out = root / "output"
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) > 2 * len(PAYLOADS)
    with serve(out) as base:
        yield base, pages


def test_no_payload_runs_in_any_page(browser, hostile_site):
    base, pages = hostile_site
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    dialogs, errors = [], []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for rel in pages:
            page.goto(base + rel, wait_until="load")
            # Hover and focus everything a payload might have hooked, then look for its mark.
            page.evaluate("""() => {
                for (const el of document.querySelectorAll('body *')) {
                    for (const type of ['mouseover', 'focus', 'click', 'toggle', 'load', 'error']) {
                        if (el.tagName === 'A' || el.tagName === 'BUTTON' || el.tagName === 'FORM') continue;
                        el.dispatchEvent(new Event(type));
                    }
                }
            }""")
            pwned = page.evaluate("() => window.__pwned || 0")
            assert pwned == 0, f"a payload ran in {rel}"
            live = page.evaluate("""() => {
                const bad = [];
                for (const el of document.querySelectorAll('*')) {
                    for (const a of el.attributes) {
                        const v = a.value.trim().toLowerCase();
                        if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
                        if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(a.name)
                            && (v.startsWith('javascript:') || v.startsWith('data:text/html'))) bad.push(el.tagName + ' ' + a.name + '=' + v);
                    }
                    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'STYLE'].includes(el.tagName) && el.closest('body')) bad.push(el.tagName);
                    if (['FORM', 'INPUT', 'BUTTON', 'IMG', 'SVG', 'MATH'].includes(el.tagName) && el.closest('.story-body, figure, h1')) bad.push(el.tagName);
                    if (el.tagName === 'META' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') bad.push('META refresh');
                }
                return bad;
            }""")
            assert live == [], f"{rel}: {live}"
            scripts = page.evaluate("() => [...document.scripts].map(s => s.src || s.type || 'inline:' + s.text.slice(0, 60))")
            for s in scripts:
                assert "pwned" not in s, f"{rel}: script from content: {s}"
    finally:
        context.close()
    assert dialogs == [] and not any("pwned" in e for e in errors)


def test_json_ld_stays_one_valid_object(browser, hostile_site):
    base, pages = hostile_site
    context = browser.new_context()
    page = context.new_page()
    try:
        for rel in [p for p in pages if p.startswith("articles/") and p != "articles/index.html"]:  # (the archive)
            page.goto(base + rel)
            blocks = page.evaluate("""() => [...document.querySelectorAll('script[type="application/ld+json"]')]
                                          .map(s => JSON.parse(s.textContent)['@graph'].map(o => o['@type']))""")
            assert blocks == [["NewsArticle", "BreadcrumbList"]], f"{rel}: {blocks}"
    finally:
        context.close()
