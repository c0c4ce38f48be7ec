"""The output folder: writes only inside it, only changed bytes, and removes only its own old files."""

from __future__ import annotations

import bisect
import errno
import json
import os
import stat
from json.encoder import ESCAPE as _JSON_ESCAPED, encode_basestring
from pathlib import Path
from typing import Iterable, Mapping

from site_gen.build.look import Look, changed_files, outputs_changed
from site_gen.errors import SiteGenError
from site_gen.files import holding, write_atomic, write_if_changed


MANIFEST = ".site-gen-manifest.json"
"""The list of files a build wrote, kept in the output folder: only these are ever removed."""
_HARMLESS = {".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db", "desktop.ini"}


class OutputFolder:
    """The build's output folder: writes only inside it, only changed bytes, and removes only its own old files.

    A crash part way leaves every page either old or new (atomic writes) and every file the build may have
    written listed in the manifest, so the next build can still clean up after it.
    """

    def __init__(self, root: Path, force: bool = False, trust: bool = False):
        if root.exists() and not root.is_dir():
            raise SiteGenError(root, "--out must be a folder")
        self.root = root
        self.real_root = root.resolve()
        previous = _read_manifest(root)
        if previous is None and not force and _holds_other_files(root):
            raise SiteGenError(root, (
                "this folder holds files site-gen did not make (it has no " + MANIFEST + "); "
                "choose an empty or new folder for --out, or pass --force to write into it anyway"))
        self.previous: frozenset[str] = frozenset(previous or ())
        self.listed: frozenset[str] | set[str] = self.previous
        """The manifest's files: the last build's, and those this one expects. Always the list this build last
        saved, or the one it read when it saved none (`_saved` or `previous`), so `finish` compares with it alone."""
        self._read: list[str] = previous or []  # the manifest's files as read: in order, unless edited by hand
        self._saved: set[str] | None = None  # what this build last wrote to the manifest
        self._saved_order: list[str] = []  # the same, in order: the next manifest is made from it (`_in_order`)
        self.current: set[str] = set()
        self.written: list[str] = []
        self.unchanged: list[str] = []
        self._safe_dirs: set[Path] = set()
        self._prefix = folder_prefix(root)
        self.trust = trust
        """Take every file as the last build left it (`intact`): watch and serve, which alone write here."""
        self._look: tuple[Mapping[str, tuple], Look] | None = None
        self._looked: tuple[Mapping[str, tuple], set[str]] | None = None
        self._put: set[str] = set()

    @property
    def prefix(self) -> str:
        """The folder's path, ending with a separator: a file's path relative to it is `prefix + rel`."""
        return self._prefix

    def looked_at(self, before: Mapping[str, tuple], look: Look) -> None:
        """Take the files of `before` (the last build's outputs) as `look` finds them (see
        `look.look_at_outputs`) instead of looking at each again: as that build left them, or not."""
        self._look = (before, look)

    def _verdict(self) -> tuple[Mapping[str, tuple], set[str]] | None:
        if self._look is not None:
            before, look = self._look
            self._look = None
            changed = outputs_changed(look)
            self._looked = (before, changed) if changed is not None else None
        return self._looked

    def expect(self, paths: Iterable[str]) -> None:
        """Note in the manifest, before writing them, files this build is about to write."""
        new = {p for p in paths if p not in self.listed}
        if new or not (self.root / MANIFEST).exists():
            self.listed = self.listed | new  # a new set: the last build's list stays as read
            self._save(self.listed)

    def put(self, rel: str, data: bytes) -> tuple[bool, int, int]:
        """Write one file unless it already holds `data`; return (wrote, size, mtime_ns) of the file now there."""
        target = self.target(rel)
        held = holding(target, len(data), lambda: data)
        if held is not None:
            return False, held.st_size, held.st_mtime_ns
        write_atomic(target, data, sync=False)
        return self._wrote(rel, target)

    def move_in(self, rel: str, source: Path) -> tuple[bool, int, int]:
        """`put` the bytes of a file made elsewhere by moving it in (one rename, the same as `put`'s last
        step), unless the target already holds them; `source` may be gone afterwards. Written when it is on
        another file system."""
        target = self.target(rel)
        held = holding(target, os.stat(source).st_size, source.read_bytes)
        if held is not None:
            return False, held.st_size, held.st_mtime_ns
        try:
            os.replace(source, target)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            write_atomic(target, source.read_bytes(), sync=False)
        return self._wrote(rel, target)

    def move_folder_in(self, rel: str, source: Path, files: Iterable[str]) -> bool:
        """Move a folder made elsewhere in as `rel`, with one rename, when the site has nothing there yet and
        `source` is on the same file system; return False, having moved nothing, when not. `files` are the
        paths (in the site) of the files in it, which the build expects (`expect`) and notes."""
        target = self.target(rel)  # its parent made, and known to be inside the folder
        try:
            os.lstat(target)
        except FileNotFoundError:
            pass
        else:
            return False
        try:
            os.rename(source, target)
        except OSError:  # on another file system, or made meanwhile
            return False
        self._put.update(files)  # no longer as a look before the build found them
        return True

    def _wrote(self, rel: str, target: Path) -> tuple[bool, int, int]:
        self._put.add(rel)  # no longer as a look before the build found it
        st = os.stat(target)
        return True, st.st_size, st.st_mtime_ns

    def note(self, rel: str, wrote: bool) -> None:
        """Count a file this build made (written, or found already holding the right bytes)."""
        self.current.add(rel)
        (self.written if wrote else self.unchanged).append(rel)

    def note_unchanged(self, rels: Iterable[str]) -> None:
        """Count many files this build made, all found holding the right bytes (`note` for each, quicker)."""
        rels = list(rels)
        self.current.update(rels)
        self.unchanged.extend(rels)

    def all_intact(self, outputs: dict[str, tuple]) -> bool:
        """Return True when every file of `outputs` ({path: (fingerprint, size, mtime_ns, ...)}) is `intact`.
        A large site has hundreds of thousands: one loop over them (`look.changed_files`), not `intact` for each."""
        if self.trust:
            return True
        looked = self._verdict()
        if looked is not None:  # the look's answer for the files it looked at, as it found them
            before, changed, todo = *looked, {}
            if outputs is before and not self._put:  # all of them, as it knew them
                return not changed
            for rel, value in outputs.items():
                if before.get(rel) is not value or rel in self._put:
                    todo[rel] = value  # not as the look knew it: looked at here
                elif rel in changed:
                    return False
            outputs = todo
        return next(changed_files(self._prefix, outputs), None) is None

    def intact(self, rel: str, size: int, mtime_ns: int) -> bool:
        """Return True when the file is there with the size and time the build that wrote it saw."""
        if self.trust:
            return True
        looked = self._verdict()
        if looked is not None and rel not in self._put:
            old = looked[0].get(rel)
            if old is not None and old[1] == size and old[2] == mtime_ns:
                return rel not in looked[1]
        try:
            st = os.stat(self._prefix + rel)
        except (OSError, ValueError):
            return False
        return st.st_size == size and st.st_mtime_ns == mtime_ns

    def finish(self) -> list[str]:
        """Remove the files earlier builds wrote that this one did not, save the manifest; return those removed."""
        removed = []
        # Most builds make the files the manifest lists already: one comparison of the two sets says so
        # (at 100,000 articles ~270,000 paths, where a difference, a second comparison and a copy took 0.1 s).
        same = self.current == self.listed
        for rel in sorted(self.listed - self.current) if not same else ():
            try:
                target = self.target(rel, create=False)
            except SiteGenError:
                continue  # a manifest entry pointing outside the folder: never act on it
            try:
                target.unlink()
            except FileNotFoundError:
                continue
            removed.append(rel)
            _remove_empty_parents(target.parent, self.root)
        if not same or not (self.root / MANIFEST).exists():
            self._save(self.current)
            self.listed = set(self.current)
        return removed

    def target(self, rel: str, create: bool = True) -> Path:
        """Return where `rel` goes; refuse any path that would land outside the output folder."""
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or "\x00" in rel or any(p in ("", ".", "..") for p in parts):
            raise SiteGenError(rel, "refusing to write outside the output folder")
        target = self.root.joinpath(*parts)
        parent = target.parent
        if parent not in self._safe_dirs:
            if create and self._make_dirs(parent):
                return target
            if not parent.resolve().is_relative_to(self.real_root):  # a symlinked folder pointing elsewhere
                raise SiteGenError(target, "refusing to write outside the output folder")
            if create:
                parent.mkdir(parents=True, exist_ok=True)
                self._safe_dirs.add(parent)
        return target

    def _make_dirs(self, folder: Path) -> bool:
        """Make `folder` under a folder known to be safe; return True when it is then known safe too.

        A folder this build made, or a real folder (not a link) inside a safe one, is safe: one system call
        each instead of resolving the whole path.
        """
        if folder == self.root:
            self.root.mkdir(parents=True, exist_ok=True)
            self._safe_dirs.add(folder)
            return True
        parent = folder.parent
        if parent not in self._safe_dirs and not self._make_dirs(parent):
            return False
        try:
            os.mkdir(folder)
        except FileExistsError:
            try:
                if not stat.S_ISDIR(os.lstat(folder).st_mode):
                    return False
            except OSError:
                return False
        self._safe_dirs.add(folder)
        return True

    def _save(self, files: set[str]) -> None:
        if self._saved is None:  # the list as read is sorted already: timsort takes one pass over it
            read = self._read
            ordered = _in_order(files, sorted(read if len(read) == len(self.previous) else self.previous),
                                self.previous)
        else:
            ordered = _in_order(files, self._saved_order, self._saved)
        self.root.mkdir(parents=True, exist_ok=True)
        write_if_changed(self.root / MANIFEST, _manifest_text(ordered).encode("utf-8"))
        self._saved = set(files)
        self._saved_order = ordered


def folder_prefix(root: Path) -> str:
    """Return the folder's path ending with a separator: a file's path relative to it is `prefix + rel`."""
    return os.path.join(str(root), "")


def _in_order(files: set[str], ordered: list[str], known: frozenset[str] | set[str]) -> list[str]:
    """Return `files` sorted, from `ordered` (the sorted `known`) when few came or went: sorting the 270,000
    files of a 100,000-article site takes ~0.3 s, an edit adds and removes a few dozen."""
    added = files - known
    gone = known - files if len(known) != len(files) - len(added) else ()
    if len(added) + len(gone) > len(ordered) // 8:
        return sorted(files)
    found = [p for p in ordered if p not in gone] if gone else list(ordered)
    for path in sorted(added):
        bisect.insort(found, path)
    return found


def _manifest_text(ordered: list[str]) -> str:
    """Return the manifest for the files (sorted), as `json.dumps(..., indent=1, ensure_ascii=False)` writes
    it, without its encoder's Python loop."""
    if not ordered:
        return '{\n "generator": "site-gen",\n "files": []\n}\n'
    if _JSON_ESCAPED.search("".join(ordered)) is None:  # no path needs escaping: each between quotes as it is
        listed = '",\n  "'.join(ordered)
    else:
        listed = ",\n  ".join(map(encode_basestring, ordered))[1:-1]
    return '{\n "generator": "site-gen",\n "files": [\n  "' + listed + '"\n ]\n}\n'


def _read_manifest(root: Path) -> list[str] | None:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return None  # unreadable: we cannot tell which files are ours
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return files


def _holds_other_files(root: Path) -> bool:
    try:
        return any(entry.name not in _HARMLESS for entry in root.iterdir())
    except FileNotFoundError:
        return False


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
