"""What `pip install site_gen` gives a user: a wheel that carries the default templates and data files."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from tests.conftest import REPO, make_tree

DUMP = ("Ferry terminal opening delayed\n\nA+A-\n\nThe harbour authority said on Monday that the new ferry terminal "
        "would open in June, two months later than planned, after delays in the delivery of the steel.\n")


def test_the_wheel_carries_the_templates_and_builds_a_site_without_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q",
                           "-w", str(wheels)], check=True, cwd=tmp_path, capture_output=True, text=True)
    assert "Warning" not in made.stdout + made.stderr  # setuptools finds the package configuration in order
    [wheel] = wheels.glob("site_gen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()}
    assert templates and {f"site_gen/default_templates/{t}" for t in templates} <= names
    assert any(n.startswith("site_gen/ingest/phrases/") for n in names)

    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    site = make_tree(tmp_path / "site", {"site.toml": '[site]\ntitle = "Installed"\n', "content/raw/ferry.txt": DUMP})
    env = {**os.environ, "PYTHONPATH": str(installed)}  # ahead of any checkout of the repository
    for command in (["ingest"], ["build", "--no-search"]):
        run = subprocess.run([sys.executable, "-m", "site_gen", *command], cwd=site, env=env, capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr
    page = site / "output/articles/ferry-terminal-opening-delayed/index.html"
    assert "two months later than planned" in page.read_text(encoding="utf-8")
    assert (site / "output/static/site.css").is_file()
