"""Hostile article files: YAML bombs, anchors, huge front matter, deep nesting, arbitrary bytes.

Each goes through `site-gen build` in a process with bounded memory and time: the outcome is a page
or a one-line error naming the file; never a traceback, a hang or memory that grows without limit.
"""

from __future__ import annotations

import resource
import subprocess
import sys

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import make_tree

MEMORY = 1024 * 1024 * 1024  # 1 GiB of address space for the whole build process
SECONDS = 300  # a bound against hangs, not a timing check: CI machines may be busy

BOMB = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8)) + "title: *i\n---\n\nBody.\n"

CASES = {
    "yaml-bomb.md": BOMB,
    "anchors.md": "---\ntitle: &t Shared title\nsummary: *t\ntags: [*t, *t]\n---\n\nBody.\n",
    "huge-front-matter.md": "---\ntitle: Huge\nsummary: " + "x" * 5_000_000 + "\n---\n\nBody.\n",
    "many-keys.md": "---\ntitle: Keys\n" + "".join(f"k{i}: {i}\n" for i in range(200_000)) + "---\n\nBody.\n",
    "deep-yaml.md": "---\ntitle: Deep\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n\nBody.\n",
    "deep-markdown.md": "---\ntitle: Deep markdown\n---\n\n" + "> " * 20_000 + "quote\n\n" + "* " * 20_000 + "x\n",
    "nested-lists.md": "---\ntitle: Nested lists\n---\n\n" + "".join("  " * i + "- item\n" for i in range(3000)),
    "long-line.md": "---\ntitle: Long line\n---\n\n" + "word " * 400_000 + "\n",
    "links.md": "---\ntitle: Links\n---\n\n" + "[a](" * 20_000 + "\n",
    "emphasis.md": "---\ntitle: Emphasis\n---\n\n" + "*a **b _c " * 30_000 + "\n",
    "python-tag.md": "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n\nBody.\n",
    "toml-bomb.md": "+++\ntitle = \"T\"\n" + "x = [" * 3000 + "]" * 3000 + "\n+++\n\nBody.\n",
    "not-closed.md": "---\ntitle: Never closed\n\nBody without the closing line.\n",
    "binary.md": b"\x00\x01\x02\xff\xfe" * 1000,
    "latin1.md": "---\ntitle: Café\n---\n\nCafé body.\n".encode("latin-1"),
    "surrogates.md": b"---\ntitle: \xed\xa0\x80 lone\n---\n\nBody \xed\xbf\xbf.\n",
    "bom.md": "\ufeff---\ntitle: With BOM\n---\n\nBody.\n".encode("utf-8"),
    "empty.md": "",
    "list-front-matter.md": "---\n- a\n- b\n---\n\nBody.\n",
    "null-title.md": "---\ntitle: null\n---\n\nBody.\n",
    "date-garbage.md": "---\ntitle: Bad date\ndate: 99999-99-99\n---\n\nBody.\n",
    "ok.md": "---\ntitle: The one good article\ndate: 2025-03-01\n---\n\nAll is well here.\n",
}


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def build(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_gen", "build", "--no-search"], cwd=root, capture_output=True,
                          text=True, timeout=SECONDS, preexec_fn=limited)


def test_every_hostile_file_is_a_page_or_a_one_line_error(tmp_path):
    root = make_tree(tmp_path, {f"content/articles/{name}": data for name, data in CASES.items()})
    proc = build(root)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 1  # some files are bad: the exit code says so
    assert not (root / "pwned").exists()
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    for line in errors:
        assert "content/articles/" in line and len(line) < 600
    named = {name for name in CASES if any(name in ln for ln in errors)}
    pages = {p.parent.name for p in (root / "output/articles").glob("*/index.html")}
    assert "ok" in pages  # the good file built (its slug is its file name)
    for name in ("yaml-bomb.md", "binary.md", "not-closed.md", "python-tag.md", "empty.md", "list-front-matter.md"):
        assert name in named, f"{name} was neither reported nor built"
    assert len(pages) + len(named) >= len(CASES) - 2


FRONT = st.dictionaries(st.text(min_size=1, max_size=12), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20), max_size=8)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(FRONT, st.text(max_size=300))
def test_any_front_matter_values(tmp_path_factory, fields, body):
    import yaml

    root = tmp_path_factory.mktemp("fm")
    head = yaml.safe_dump({"title": "T", **fields}, allow_unicode=True)
    make_tree(root, {"content/articles/a.md": f"---\n{head}---\n\n{body}\n"})
    proc = build(root)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1)
    if proc.returncode == 1:
        assert any("a.md" in ln for ln in proc.stderr.splitlines() if ln.startswith("error:"))
