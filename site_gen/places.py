"""Where commands may write: never the file system's root, the home folder, the site folder, its sources or
its templates; and, unless told to, no folder holding files of someone else."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping

from site_gen.config import SiteConfig
from site_gen.errors import SiteGenError

TEMPLATES = "templates"
HARMLESS = {".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db", "desktop.ini"}


def check_folder(path: Path, option: str, missing: str | None = None) -> None:
    """Raise (exit 2) when `path` is a file, or when it is missing and `missing` says what it should be."""
    if path.exists() and not path.is_dir():
        raise SiteGenError(path, f"{option} must be a folder, and this is a file")
    if missing is not None and not path.exists():
        raise SiteGenError(path, f"no such {missing} ({option})")


def site_sources(config: SiteConfig, own: Path, *extra: tuple[Path, str]) -> dict[Path, str]:
    """Return the site's folders a command writing into `own` must keep out of, with what each holds."""
    places = {
        config.path(config.raw_dir): "the raw dumps",
        config.path(config.articles_dir): "the articles",
        config.path(config.output_dir): "the built site",
        config.path(TEMPLATES): "the templates",
        config.path(".cache"): "the caches",
    }
    places.update({p.resolve(): what for p, what in extra})
    places.pop(own.resolve(), None)
    return places


def check_destination(out: Path, config: SiteConfig, option: str, sources: Mapping[Path, str]) -> None:
    """Raise (exit 2, with no --force to offer) when writing into `out` would write over the system, the
    user's home, the site folder, or mix results into one of `sources` (the folders it reads or others write)."""
    check_folder(out, option)
    real = out.resolve()
    root = config.root.resolve()
    if real == Path(real.anchor):
        reason = "is the file system's root folder"
    elif real == _home():
        reason = "is your home folder"
    elif real == root:
        reason = "is the site folder itself, which holds site.toml and the site's sources"
    elif root.is_relative_to(real):
        reason = f"holds the site folder {root}"
    else:
        reason = _mixes(real, sources)
    if reason:
        raise SiteGenError(out, f"refusing to write here: {option} {reason}; choose a folder of its own")


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no HOME and no account entry: no home folder to keep out of
        return None


def _mixes(real: Path, sources: Mapping[Path, str]) -> str:
    """Return why `real` would mix results into a source folder, or ""."""
    for source, what in sources.items():
        if real == source:
            return f"is the folder of {what}"
        if source.is_relative_to(real):
            return f"holds {what} ({source})"
        if real.is_relative_to(source):
            return f"lies inside the folder of {what} ({source})"
    return ""


def foreign_files(folder: Path, ours: Iterable[str] = (".md", ".markdown")) -> list[str]:
    """Return the names in `folder` of entries that are not articles (hidden files and the likes of
    .gitkeep aside): a folder holding any is someone else's."""
    suffixes = tuple(ours)
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(e.name for e in entries if not e.name.startswith(".") and e.name not in HARMLESS
                  and not (e.name.lower().endswith(suffixes) and e.is_file()))
