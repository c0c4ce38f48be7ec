"""A full disk and a read-only output folder: a clear error, the previous output intact, the next build right."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import make_tree, run_cli


def article(i: int, words: int = 40) -> str:
    head = yaml.safe_dump({"title": f"Harbour story number {i}", "topic": ["Economy", "Weather"][i % 2],
                           "date": f"2025-03-{1 + i % 28:02}"}, sort_keys=False)
    body = " ".join(f"word{j}" for j in range(words))
    return f"---\n{head}---\n\n{body}\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def tiny_disk(tmp_path):
    """A small tmpfs: writing a site bigger than it fills the disk for real."""
    if os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_gives_a_clear_error_and_keeps_the_previous_output(tmp_path, tiny_disk):
    site = make_tree(tmp_path / "site", {f"content/articles/a{i}.md": article(i) for i in range(5)})
    out = tiny_disk / "out"
    first = run_cli("build", "--out", str(out), "--no-search", cwd=site)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    for i in range(5, 400):
        (site / f"content/articles/a{i}.md").write_text(article(i, 400), encoding="utf-8")
    full = run_cli("build", "--out", str(out), "--no-search", cwd=site)
    assert full.returncode != 0
    assert "Traceback" not in full.stderr
    assert "space" in full.stderr.lower() or "No space" in full.stderr
    after = snapshot(out)
    for rel, data in after.items():  # whatever is there is whole: old bytes or complete new bytes
        assert not rel.endswith(".tmp"), f"temporary file left: {rel}"
    for rel in before:
        assert rel in after, f"{rel} of the previous build was lost"
    # The next build on a healthy disk is correct: the same as a clean build of the same content.
    healthy = tmp_path / "healthy"
    shutil.copytree(out, healthy)
    again = run_cli("build", "--out", str(healthy), "--no-search", cwd=site)
    assert again.returncode == 0, again.stderr
    clean = tmp_path / "clean"
    shutil.rmtree(site / ".cache", ignore_errors=True)
    assert run_cli("build", "--out", str(clean), "--no-search", cwd=site).returncode == 0
    assert snapshot(healthy) == snapshot(clean)


def test_read_only_output_gives_a_clear_error_and_keeps_it(tmp_path):
    if os.geteuid() == 0:
        # root ignores file modes; a read-only bind mount is what stops root
        if not os.environ.get("CI") and shutil.which("mount") is None:
            pytest.skip("needs mount")
    site = make_tree(tmp_path / "site", {f"content/articles/a{i}.md": article(i) for i in range(3)})
    out = tmp_path / "out"
    assert run_cli("build", "--out", str(out), "--no-search", cwd=site).returncode == 0
    before = snapshot(out)
    (site / "content/articles/a0.md").write_text(article(0).replace("word1 ", "changed "), encoding="utf-8")
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(out), str(out)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(out)], check=True)
    else:
        for p in [out, *out.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        proc = run_cli("build", "--out", str(out), "--no-search", cwd=site)
        assert proc.returncode != 0
        assert "Traceback" not in proc.stderr
        assert "read-only" in proc.stderr.lower() or "permission" in proc.stderr.lower()
        assert snapshot(out) == before
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(out)], check=False)
        else:
            for p in [out, *out.rglob("*")]:
                p.chmod(0o755 if p.is_dir() else 0o644)
    proc = run_cli("build", "--out", str(out), "--no-search", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert "changed" in (out / "index.html").read_text(encoding="utf-8") or snapshot(out) != before
