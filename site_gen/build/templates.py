"""Templates: where they are looked up, what each one uses and reads, and the static files beside them.

Templates come from the site's own `templates/` folder first, then the defaults shipped with site_gen, so a
site may override one template (or one static file) and keep the rest.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterator

from site_gen.config import SiteConfig

_PACKAGE = Path(__file__).resolve().parent.parent  # site_gen/
# Installed from a wheel, the default templates are the package site_gen.default_templates; in a checkout of
# the repository (and an editable install) they are its top-level templates/ folder.
DEFAULT_TEMPLATES = next((d for d in (_PACKAGE / "default_templates", _PACKAGE.parent / "templates")
                          if (d / "base.html").is_file()), _PACKAGE.parent / "templates")
STATIC = "static"


def template_dirs(config: SiteConfig) -> list[Path]:
    """Return the folders templates are looked up in, the site's own first."""
    own = config.root / "templates"
    dirs = [own] if own.is_dir() else []
    return dirs + [DEFAULT_TEMPLATES] if DEFAULT_TEMPLATES not in dirs else dirs


_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(["'])([^"'\n]+)\1""")
_ANY_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s""")


def _templates(dirs: list[Path]) -> dict[str, bytes]:
    """Return every template's bytes by name (the first folder holding a name wins; static files left out)."""
    found: dict[str, bytes] = {}
    for root in dirs:
        for file in sorted(root.rglob("*")) if root.is_dir() else []:
            name = file.relative_to(root).as_posix()
            if name.split("/")[0] != STATIC and name not in found and file.is_file():
                found[name] = file.read_bytes()
    return found


def _uses(found: dict[str, bytes]) -> dict[str, set[str] | None]:
    """Return, by template name, the names of the templates it and those it uses extend, include or import:
    itself among them; None when one of them names a template through a variable (it may use any)."""
    refs: dict[str, set[str] | None] = {}
    for name, data in found.items():
        text = data.decode("utf-8", "replace")
        named = {m.group(2) for m in _REFERENCE.finditer(text)}
        refs[name] = named if len(named) == len(_ANY_REFERENCE.findall(text)) else None
    uses: dict[str, set[str] | None] = {}
    for name in found:
        seen: set[str] | None = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            named = refs.get(current, set())
            if named is None:
                seen = None
                break
            todo.extend(named)
        uses[name] = seen
    return uses


def template_sets(dirs: list[Path]) -> dict[str, bytes]:
    """Return, by template name, a hash of that template and every template it extends, includes or imports.

    A template naming another through a variable may use any of them: its hash covers them all.
    """
    found = _templates(dirs)
    digests = {name: hashlib.blake2b(data, digest_size=16).digest() for name, data in found.items()}
    everything = hashlib.blake2b(repr(sorted(digests.items())).encode(), digest_size=16).digest()
    return {name: everything if seen is None else hashlib.blake2b(
                repr(sorted((n, digests.get(n)) for n in seen)).encode(), digest_size=16).digest()
            for name, seen in _uses(found).items()}


def template_reads(dirs: list[Path]) -> dict[str, frozenset[str] | None]:
    """Return, by template name, the variables it and the templates it uses read (None: it may read any).

    Pages' keys leave out what their template never reads (the home page does not show how many articles
    there are, so a new article at the end of the list leaves its first pages as they were).
    """
    import jinja2
    from jinja2 import meta

    env = jinja2.Environment()
    found = _templates(dirs)
    own: dict[str, frozenset[str] | None] = {}
    for name, data in found.items():
        try:
            own[name] = frozenset(meta.find_undeclared_variables(env.parse(data.decode("utf-8", "replace"))))
        except jinja2.TemplateSyntaxError:
            own[name] = None  # reported when it is rendered
    reads: dict[str, frozenset[str] | None] = {}
    for name, seen in _uses(found).items():
        parts = [own.get(n, frozenset()) for n in seen] if seen is not None else [None]
        reads[name] = None if None in parts else frozenset().union(*parts)
    return reads


def static_files(dirs: list[Path]) -> Iterator[tuple[str, Path]]:
    """Yield (output path, source file) of each static asset; the site's own win over the defaults."""
    seen: set[str] = set()
    for root in dirs:
        base = root / STATIC
        for file in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = f"{STATIC}/{file.relative_to(base).as_posix()}"
            if file.is_file() and not file.name.startswith(".") and rel not in seen:
                seen.add(rel)
                yield rel, file
