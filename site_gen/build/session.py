"""What one process keeps between builds of one site: the only memory a build has besides its state on disk.

A one-off `site-gen build` starts with an empty session and throws it away. `watch` and `serve` own one for
their whole run and pass it to every build, so that a rebuild after one save reuses the state as the last
build committed it (not read again from disk), the plan's layout decoded, the Jinja environment and the
Markdown converters. Each slot holds the last one only: what a session keeps is bounded by one site's size,
however many builds it sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class BuildSession:
    """Reusable things from the last build of this process, each under the key it was made for."""

    def __init__(self) -> None:
        self._state: tuple | None = None
        self._made: dict[str, tuple[Any, Any]] = {}

    def keep_state(self, folder: Path, identities: tuple, kept: tuple) -> None:
        """Keep the state just committed in `folder`, whose files then had these `identities`."""
        self._state = (folder, identities, kept)

    def take_state(self, folder: Path, identities: tuple | None) -> tuple | None:
        """Return (and forget) the kept state of `folder` when its files are still the ones it was kept with."""
        kept, self._state = self._state, None
        if kept is None or kept[0] != folder or kept[1] != identities:
            return None
        return kept[2]

    def reuse(self, slot: str, key: Any, make: Callable[[], T]) -> T:
        """Return what was made for `slot` under `key` by the last build, else `make()` (kept in its place)."""
        known = self._made.get(slot)
        if known is not None and known[0] == key:
            return known[1]
        value = make()
        self._made[slot] = (key, value)
        return value

    def forget(self, slot: str) -> None:
        self._made.pop(slot, None)
