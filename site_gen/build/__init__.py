"""Build: `content/articles/*.md` -> the static site in `output/`.

The flow, one module a stage: `load` (files -> articles), `plan` (every page: path, template, what it shows),
`render` (Jinja2), `write` (atomic writes, pruning), `search` and `pagefind` (the index); `state` keeps what
the next build can reuse; `run` holds a build's lifetime (the state's lock) and `phases` the build itself, a
sequence of named phases.
"""

from site_gen.build.options import BuildOptions, BuildResult
from site_gen.build.run import build, building, refresh_search

__all__ = ["BuildOptions", "BuildResult", "build", "building", "refresh_search"]
