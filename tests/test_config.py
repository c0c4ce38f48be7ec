"""site.toml: typed settings, every problem reported at once."""

from __future__ import annotations

import pytest

from site_gen.config import load_config
from site_gen.errors import SiteGenError
from tests.conftest import REPO, run_cli


def test_defaults_without_site_toml(tmp_path):
    config = load_config(tmp_path)
    assert config.title and config.articles_dir == "content/articles" and config.per_page == 10


def test_repository_site_toml_is_valid():
    config = load_config(REPO)
    assert config.timezone == "Europe/Malta"


def test_every_problem_is_reported_at_once(tmp_path):
    (tmp_path / "site.toml").write_text(
        '[site]\ntitle = 3\ntimezone = "Mars/Olympus"\nper_page = 0\nbase_url = "ftp://x"\n[bogus]\n', encoding="utf-8")
    with pytest.raises(SiteGenError) as info:
        load_config(tmp_path)
    message = str(info.value)
    for part in ("site.toml", "title", "Mars/Olympus", "per_page", "base_url", "bogus"):
        assert part in message


def test_a_mistyped_setting_is_named_with_the_one_meant_and_nothing_is_built(tmp_path):
    (tmp_path / "site.toml").write_text('[site]\ntitel = "Harbour"\nper_page = 5\n[paths]\nouput = "public"\n'
                                        'colour = "red"\n', encoding="utf-8")
    proc = run_cli("build", cwd=tmp_path)
    assert proc.returncode == 2 and not (tmp_path / "public").exists() and not (tmp_path / "output").exists()
    assert "[site] unknown setting 'titel' (did you mean 'title'?)" in proc.stderr
    assert "[paths] unknown setting 'ouput' (did you mean 'output'?)" in proc.stderr
    assert "[paths] unknown setting 'colour' (known: raw, articles, output)" in proc.stderr
    assert "per_page" not in proc.stderr


def test_bad_site_toml_exits_2_with_the_file_named(tmp_path):
    (tmp_path / "site.toml").write_text("[site\n", encoding="utf-8")
    proc = run_cli("ingest", cwd=tmp_path)
    assert proc.returncode == 2 and "site.toml" in proc.stderr and "Traceback" not in proc.stderr


def test_per_source_rules_from_site_toml_apply(tmp_path):
    (tmp_path / "site.toml").write_text('[sources."news.example"]\nname = "The Example"\ntopic = "Local"\n'
                                        'drop = ["Most Popular"]\n', encoding="utf-8")
    para = ("The harbour authority said on Monday that the new ferry terminal would open in June, two months "
            "later than planned, after delays in the delivery of steel.")
    dump = f"Ferry terminal delayed\n\n{para}\n\nMost Popular\n\n{para.replace('Monday', 'Friday')}\n\n" \
           "Content retrieved from: https://www.news.example/a/b.\n"
    (tmp_path / "content/raw").mkdir(parents=True)
    (tmp_path / "content/raw/a.txt").write_text(dump, encoding="utf-8")
    assert run_cli("ingest", cwd=tmp_path).returncode == 0
    text = (tmp_path / "content/articles/ferry-terminal-delayed.md").read_text(encoding="utf-8")
    assert "source: The Example" in text and "topic: Local" in text and "Most Popular" not in text
