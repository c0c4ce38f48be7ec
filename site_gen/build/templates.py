"""Templates: where they are looked up, what each one uses and reads, and the static files beside them.

Templates come from the site's own `templates/` folder first, then the defaults shipped with site_gen, so a
site may override one template (or one static file) and keep the rest.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from site_gen.config import SiteConfig

if TYPE_CHECKING:
    from site_gen.build.state import StateStore

_PACKAGE = Path(__file__).resolve().parent.parent  # site_gen/
# Installed from a wheel, the default templates are the package site_gen.default_templates; in a checkout of
# the repository (and an editable install) they are its top-level templates/ folder.
DEFAULT_TEMPLATES = next((d for d in (_PACKAGE / "default_templates", _PACKAGE.parent / "templates")
                          if (d / "base.html").is_file()), _PACKAGE.parent / "templates")
STATIC = "static"
MISSING = (-1, -1, b"")
"""What the build state keeps of a picture an article names that was not there (see `SiteTemplates.missing`)."""


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

    from site_gen.build.fragments import FragmentCache

    env = jinja2.Environment(extensions=[FragmentCache])
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


def digest(data) -> bytes:
    """Return a hash of plain data (what `marshal` can write)."""
    return hashlib.blake2b(marshal.dumps(data, 2), digest_size=16).digest()


class SiteTemplates:
    """The templates and static files a build makes pages with, and what the state knows of them."""

    def __init__(self, config: SiteConfig, search: bool, store: StateStore | None):
        self.dirs = template_dirs(config)
        self.sets = template_sets(self.dirs)
        self.static = list(static_files(self.dirs))
        self._files = dict(store.state.files) if store is not None else {}
        self._known = dict(self._files)
        self._moved: bool | None = None
        self.frame = digest((search, sorted(self.sets.items()), [(p, self.filedigest(s)) for p, s in self.static]))
        """A hash of what pages are made with besides the articles and settings: templates, static files."""
        if store is not None and self._files != store.state.files:
            store.change(files=self._files)

    def filedigest(self, source: Path) -> bytes:
        """Return a hash of a static file's bytes, hashing again only when its stat changed."""
        st = os.stat(source)
        known = self._files.get(str(source))
        if known is not None and known[0] == st.st_mtime_ns and known[1] == st.st_size:
            return known[2]
        digest = hashlib.blake2b(source.read_bytes(), digest_size=16).digest()
        self._files[str(source)] = (st.st_mtime_ns, st.st_size, digest)
        return digest

    def missing(self, sources: Iterable[Path]) -> None:
        """Note pictures articles name that were not there (`media.Missing`): one that comes is a change."""
        for source in sources:
            self._files[str(source)] = MISSING

    def pictures_moved(self) -> bool:
        """Return True when a file the last build hashed besides the static ones (a picture it converted) has
        changed since, or is gone, or one it found missing is there now: its variants must be made (or
        removed) and the pages showing it made again, which a build that keeps everything (nothing changed,
        or only the pages of edited articles) would not see."""
        if self._moved is None:
            static = {str(source) for _, source in self.static}
            self._moved = False
            for name, known in self._known.items():
                if name in static:
                    continue
                try:
                    st = os.stat(name)
                except OSError:
                    if known == MISSING:
                        continue
                    self._moved = True
                    break
                if known == MISSING or st.st_mtime_ns != known[0] or st.st_size != known[1]:
                    self._moved = True
                    break
        return self._moved

    def keep(self, store: StateStore | None, used: set[str] | None) -> None:
        """Keep the hashes of the static files and of the files in `used` (all known ones when None) with the
        state, for the next build."""
        if store is None:
            return
        static = {str(source) for _, source in self.static}
        files = {k: v for k, v in self._files.items() if used is None or k in static or k in used}
        if files != store.state.files:
            store.change(files=files)

    def inputs(self, store: StateStore) -> bytes:
        """Return a hash of everything the pages are made from: the articles' files and the `frame` (the
        settings and code are the state's keys)."""
        return digest((self.frame, [(rel, s.digest) for rel, s in store.state.sources.items()]))

    def reads(self, store: StateStore | None) -> dict[str, frozenset[str] | None]:
        """Return the variables each template reads; kept with the state, as parsing templates takes a while."""
        key = digest((sorted(self.sets.items()), [str(d) for d in self.dirs]))
        if store is not None and store.state.reads and store.state.reads[0] == key:
            return {name: None if names is None else frozenset(names) for name, names in store.state.reads[1].items()}
        reads = template_reads(self.dirs)
        if store is not None:
            store.change(reads=(key, {name: None if names is None else tuple(sorted(names))
                                      for name, names in reads.items()}))
        return reads
