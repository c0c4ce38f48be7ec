"""Site settings: a frozen, typed `SiteConfig` read from `site.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from site_gen.errors import SiteGenError

CONFIG_NAME = "site.toml"


@dataclass(frozen=True)
class SiteConfig:
    """Everything a command needs to know about the site, checked when read."""

    root: Path
    """The folder holding `site.toml`; relative paths below are taken from here."""
    title: str = "site_gen news"
    """The site's name, shown in every page header and feed."""
    description: str = ""
    """One line about the site, for the home page and feeds (none given: a line of our own, in the site's
    language)."""
    base_url: str = ""
    """Where the site is hosted (`https://news.example/`); empty means links stay relative only."""
    language: str = "en"
    """BCP 47 language of the site's own text and the default for articles."""
    timezone: str = "UTC"
    """IANA time zone for dates given without one."""
    per_page: int = 10
    """Articles per page on home, topic, author and tag lists."""
    directory_links: bool = False
    """Link pages by their folder (`topics/turkey/`, as canonical URLs are) rather than `.../index.html`; from
    disk, where no server turns a folder into its index.html, the site's script does (without it, a reader sees
    the folder's list of files and picks index.html)."""
    remote_images: bool = False
    """Show pictures that are only on another site by linking them there (readers' browsers then call it)."""
    raw_dir: str = "content/raw"
    articles_dir: str = "content/articles"
    output_dir: str = "output"
    sources: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    """Per-source rules keyed by host (`rudaw.net`): `name`, `topic_segment`, `drop` phrases."""

    def path(self, rel: str) -> Path:
        return (self.root / rel).resolve()


TEXT_SETTINGS = ("title", "description", "base_url", "language", "timezone")
FLAG_SETTINGS = ("remote_images", "directory_links")
PATH_SETTINGS = {"raw": "raw_dir", "articles": "articles_dir", "output": "output_dir"}
"""[paths] keys: the SiteConfig field each sets."""
SITE_KEYS = (*TEXT_SETTINGS, "per_page", *FLAG_SETTINGS)


def _did_you_mean(key: str, known: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(str(key).lower(), known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"


def load_config(root: Path | str = ".") -> SiteConfig:
    """Return the settings of the site at `root`; defaults when there is no `site.toml`."""
    root = Path(root).resolve()
    file = root / CONFIG_NAME
    if not file.exists():
        return SiteConfig(root=root)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SiteGenError(file, f"not valid TOML: {exc}") from None
    problems: list[str] = []
    site = data.get("site", {})
    paths = data.get("paths", {})
    kwargs: dict[str, Any] = {}
    for key in TEXT_SETTINGS:
        if key in site:
            if not isinstance(site[key], str):
                problems.append(f"[site] {key} must be a string")
            else:
                kwargs[key] = site[key]
    if "per_page" in site:
        if not isinstance(site["per_page"], int) or not 1 <= site["per_page"] <= 1000:
            problems.append("[site] per_page must be a whole number from 1 to 1000")
        else:
            kwargs["per_page"] = site["per_page"]
    for key in FLAG_SETTINGS:
        if key in site:
            if not isinstance(site[key], bool):
                problems.append(f"[site] {key} must be true or false")
            else:
                kwargs[key] = site[key]
    for key, name in PATH_SETTINGS.items():
        if key in paths:
            if not isinstance(paths[key], str) or not paths[key].strip():
                problems.append(f"[paths] {key} must be a folder name")
            else:
                kwargs[name] = paths[key]
    if "timezone" in kwargs:
        try:
            ZoneInfo(kwargs["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"[site] timezone {kwargs['timezone']!r} is not an IANA time zone")
    base = kwargs.get("base_url", "")
    if base and not base.startswith(("http://", "https://")):
        problems.append("[site] base_url must start with http:// or https://")
    elif base and not base.endswith("/"):
        kwargs["base_url"] = base + "/"
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or any(not isinstance(v, dict) for v in sources.values()):
        problems.append("[sources.<host>] entries must be tables")
        sources = {}
    unknown = set(data) - {"site", "paths", "sources"}
    if unknown:
        problems.append(f"unknown sections: {', '.join(sorted(unknown))}")
    for section, table, known in (("site", site, SITE_KEYS), ("paths", paths, tuple(PATH_SETTINGS))):
        if isinstance(table, dict):
            problems += [f"[{section}] unknown setting {key!r}{_did_you_mean(key, known)}"
                         for key in sorted(set(table) - set(known))]
    if problems:
        raise SiteGenError(file, "; ".join(problems))
    frozen = MappingProxyType({k.lower(): MappingProxyType(dict(v)) for k, v in sources.items()})
    return SiteConfig(root=root, sources=frozen, **kwargs)
