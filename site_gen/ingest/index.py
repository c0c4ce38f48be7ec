"""What the last ingests wrote, so that a dump unchanged since is passed over without extracting it again.

One small JSON file per articles folder, under the site's `.cache/site-gen/` (safe to delete: that costs
only time). For each dump (by its label, the `dump:` field) it records the digest of the dump's bytes, the
article's slug and the digest of the article file's bytes as ingest wrote or found them, under a key of
everything else the article depends on: site_gen's ingest code and data, the versions of Python and of the
extraction libraries, the site's `[sources]` settings, and the day and time zone (dates are checked
against the clock).

A dump is passed over only when its bytes, its article's slug and the article file's bytes are all as
recorded under the current key: extracting it again would give the very text the file holds, which ingest
reports as unchanged. Anything else (a new or changed dump, an article edited by hand or gone, other code
or settings, another day, `--force`) goes through extraction as before. An article whose extraction asked
dateparser (which reads "3 hours ago" against the clock) is never recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from site_gen import __version__

FORMAT = 1
FOLDER = Path(".cache") / "site-gen"
# Distributions whose code or data shape an article (text and HTML dumps alike).
_LIBRARIES = (
    "ftfy", "charset-normalizer", "py3langid", "numpy", "jusText", "dateparser", "regex", "python-dateutil",
    "pytz", "tzdata", "tzlocal", "PyYAML", "python-slugify", "text-unidecode", "trafilatura", "htmldate", "courlan",
    "lxml", "lxml_html_clean", "tld", "markdown-it-py",
)

Entry = tuple[str, str, str]
"""(digest of the dump's bytes, slug, digest of the article file's bytes)."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the code and data extraction runs on: ours (by content) and the libraries' (by version)."""
    from importlib import metadata

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    here = Path(__file__).resolve().parent
    ours = sorted(p for p in here.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".toml"))
    for path in ours + [here.parent / "content.py", here.parent / "__init__.py"]:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"?"
        h.update(f"{path.relative_to(here.parent).as_posix()}\0{len(data)}\0".encode())
        h.update(data)
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    try:
        import yaml

        h.update(f"libyaml={yaml.__with_libyaml__ and yaml._yaml.get_version_string()}\0".encode())
    except (ImportError, AttributeError):
        pass
    return h.hexdigest()


def run_key(overrides: Mapping[str, Any] | None) -> str:
    """Return the key entries are valid under: the code, the `[sources]` settings, the day and the time zone."""
    settings = json.dumps(overrides or {}, sort_keys=True, default=repr)
    clock = time.strftime("%Y-%m-%d %z") + "\0" + os.environ.get("TZ", "")
    return digest(f"{code_digest()}\0{settings}\0{clock}".encode())


def index_path(root: Path, out: Path) -> Path:
    where = str(out.resolve()).encode("utf-8", "surrogateescape")
    return root / FOLDER / f"ingest-{hashlib.blake2b(where, digest_size=8).hexdigest()}.json"


class Index:
    """The entries of one articles folder, read when opened, written back by `save()`."""

    def __init__(self, path: Path | None, key: str, entries: dict[str, Entry], raw: bytes = b"") -> None:
        self.path, self.key, self.entries, self._raw = path, key, entries, raw

    @classmethod
    def open(cls, root: Path, out: Path, overrides: Mapping[str, Any] | None, slugs: set[str]) -> Index:
        """Read the index of `out`; entries under another key, or naming an article not in `slugs`, are dropped."""
        key = run_key(overrides)
        try:
            path = index_path(root, out)
        except (OSError, RuntimeError):
            return cls(None, key, {})
        entries: dict[str, Entry] = {}
        raw = b""
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
            if isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == key:
                for label, entry in data.get("articles", {}).items():
                    if (isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry)
                            and entry[1] in slugs):
                        entries[label] = (entry[0], entry[1], entry[2])
        except (OSError, ValueError, AttributeError):
            entries = {}
        return cls(path, key, entries, raw)

    def unchanged(self, dump: Path, label: str, slug: str | None, out: Path) -> bool:
        """Return True when the dump's bytes, its slug and its article file's bytes are as recorded."""
        entry = self.entries.get(label)
        if entry is None or slug is None or entry[1] != slug:
            return False
        try:
            return digest(dump.read_bytes()) == entry[0] and digest((out / f"{slug}.md").read_bytes()) == entry[2]
        except OSError:
            return False

    def slug_of(self, label: str) -> str | None:
        """Return the slug recorded for a dump (a copy of another article's dump is recorded under its own)."""
        entry = self.entries.get(label)
        return entry[1] if entry else None

    def record(self, label: str, dump_digest: str, slug: str, text: str) -> None:
        """Record that the dump with these bytes gives this article text (the file holds exactly it)."""
        if "\r" in text:  # read back as text, "\r" becomes "\n": such an article never compares unchanged
            self.entries.pop(label, None)
            return
        self.entries[label] = (dump_digest, slug, digest(text.encode("utf-8")))

    def forget(self, label: str) -> None:
        self.entries.pop(label, None)

    def save(self) -> None:
        """Write the index back when it changed; a site folder we cannot write to just goes without."""
        if self.path is None:
            return
        data = json.dumps({"format": FORMAT, "key": self.key, "articles": dict(sorted(self.entries.items()))},
                          separators=(",", ":")).encode("ascii")
        if data == self._raw:
            return
        from site_gen.files import write_atomic

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data, sync=False)
            self._raw = data
        except OSError:
            pass
