"""Build: articles -> the static site, in stages: load -> plan -> render -> write (-> search index)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from site_gen.config import SiteConfig
from site_gen.errors import SiteError, SiteGenError
from site_gen.load import load_articles
from site_gen.plan import plan
from site_gen.render import Renderer, template_dirs
from site_gen.reporter import Reporter
from site_gen.search import search_index
from site_gen.write import OutputFolder


@dataclass(frozen=True)
class BuildResult:
    """What a build did: files written, left as they were and removed, and the problems met on the way."""

    articles: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    errors: tuple[SiteError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def build(config: SiteConfig, content_dir: Path, out_dir: Path, reporter: Reporter,
          force: bool = False, search: bool = True) -> BuildResult:
    """Build the site from the articles in `content_dir` into `out_dir`; return what was done."""
    if not content_dir.is_dir():
        raise SiteGenError(content_dir, "no such content folder")
    out = OutputFolder(out_dir, force=force)
    errors: list[SiteError] = []

    loaded = load_articles(content_dir, config)
    errors += _report(reporter, loaded.errors)
    site = plan(loaded.articles, config, search=search)
    errors += _report(reporter, site.errors)
    renderer = Renderer(config, template_dirs(config))

    static = list(renderer.static_files())
    out.expect([page.path for page in site.pages] + [path for path, _ in static])
    with reporter.progress(len(site.pages), "pages") as progress:
        for page in site.pages:
            out.write(page.path, renderer.render(page))
            progress.update()
    for path, source in static:
        out.write(path, source.read_bytes())

    if search:
        with search_index(out.root) as (files, error):
            errors += _report(reporter, [error] if error else [])
            out.expect(path for path, _ in files)
            for path, source in files:
                out.write(path, source.read_bytes())
    removed = out.finish()
    return BuildResult(site.entries, tuple(out.written), tuple(out.unchanged), tuple(removed), tuple(errors))


def _report(reporter: Reporter, errors) -> list[SiteError]:
    for error in errors:
        reporter.error(error)
    return list(errors)
