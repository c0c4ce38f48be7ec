"""A dump of an article already on the site: the text to write, and the text that would mean "no news".

A re-scraped page updates its article in place: the same file and slug, `date` kept as the first
publication date, and `updated:` set to when the dump that changed it was saved (its modification time).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

from site_gen.ingest.clean import Extracted
from site_gen.ingest.known import Recorded, recorded
from site_gen.ingest.mdfile import baseline, checksum, to_markdown


@dataclass(frozen=True)
class Version:
    """What a dump makes of an article."""

    text: str
    """The article file to write."""
    before: str | None
    """The file as it is when the dump brings nothing new (None: there is no article yet)."""
    old: Recorded | None
    """What the article file on disk records of its versions (None: there is none)."""

    def unchanged(self, old_text: str) -> bool:
        """Return True when `old_text` is exactly what this dump gives, bar the dump it names."""
        return self.before is not None and old_text == self.before

    def same_as_baseline(self, old_text: str, fresh: str) -> bool:
        """Return True when an article edited by hand was written (or accepted) from what this dump gives."""
        base = baseline(old_text)
        return base is not None and base in (baseline(self.before or ""), checksum(fresh))


def versions(art: Extracted, slug: str, label: str, old_text: str | None, saved: float, story: str) -> Version:
    """Return what the dump `label` (saved at `saved`, a POSIX time) makes of the article `slug`, which
    `old_text` holds now (None: it is new, a copy of the wire story `story` when that is not "")."""
    if old_text is None:
        return Version(to_markdown(art, slug, label, story=story), None, None)
    old = recorded(old_text)
    first = replace(art, date=old.date) if old.date else art  # the first publication date stays
    story = old.story or ""  # an article stays in its story
    before = to_markdown(first, slug, old.dump or label, old.updated, story)
    return Version(to_markdown(first, slug, label, stamp(saved), story), before, old)


def stamp(saved: float) -> str:
    """Return a modification time as front matter writes `updated:` (UTC, to the second)."""
    return datetime.fromtimestamp(int(saved), timezone.utc).isoformat()
