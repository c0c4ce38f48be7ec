"""`site-gen ingest --accept`: adopt articles edited by hand as they are, against what their dumps give now."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from site_gen.errors import SiteError
from site_gen.ingest.mdfile import baseline, is_hand_edited, rebase, to_markdown
from site_gen.ingest.known import dump_field
from site_gen.ingest.run import IngestResult, extract_file
from site_gen.reporter import Reporter
from site_gen.files import write_atomic


def accept(files: list[Path], root: Path, reporter: Reporter,
           overrides: Mapping[str, Mapping[str, Any]] | None = None) -> IngestResult:
    """Make each article's hand edit its new baseline: only the `checksum:` line changes, to that of what its
    dump gives now, so ingest keeps the edit without a word until the dump gives something else."""
    result = IngestResult()
    overrides = {k: dict(v) for k, v in (overrides or {}).items()}
    for file in files:
        done = _accept_one(file, root, overrides, reporter)
        if isinstance(done, SiteError):
            result.errors.append(done)
            reporter.error(done)
        elif done:
            result.kept.append(file)
        else:
            result.unchanged.append(file)
    return result


def _accept_one(file: Path, root: Path, overrides: dict, reporter: Reporter) -> SiteError | bool:
    """Accept one article's edit; return True when accepted, False when there was none to accept, or what
    stood in the way."""
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return SiteError(str(file), f"cannot read: {getattr(exc, 'strerror', None) or exc}")
    label = dump_field(file)
    if label is None or baseline(text) is None:
        return SiteError(str(file), "not an article ingest wrote (it has no dump: or checksum: field)")
    if not is_hand_edited(text):
        reporter.note(f"{file}: not edited by hand; nothing to accept")
        return False
    dump = root / label
    if not dump.is_file():
        reporter.note(f"{file}: its dump {label} is gone, so nothing will replace it; nothing to accept")
        return False
    art = extract_file(dump, overrides)
    if isinstance(art, str):
        return SiteError(str(file), f"its dump {label} gives no article now ({art}); nothing to accept")
    new = rebase(text, to_markdown(art, file.stem, label))
    if new != text:
        write_atomic(file, new.encode("utf-8"), sync=True)
    reporter.note(f"{file}: accepted your edit; ingest keeps it without a warning until {label} changes again")
    return True
