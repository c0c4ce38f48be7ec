"""Bytes of a dump -> clean Unicode text, whatever encoding the scraper wrote."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy

from site_gen.ingest import charset

# Repair mojibake ("Mayorâ€™s" -> "Mayor’s") but otherwise leave the text exactly as written:
# no quote straightening, no width folding, no HTML unescaping (a dump's "&lt;" is literal text).
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False,
    explain=False, normalization="NFC",
)
# UTF-8 read as Windows-1252 or Latin-1: a lead byte's letter followed by a continuation byte's
# character. Only text showing this signature goes through ftfy (slow, and needless otherwise).
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Invisible marks a CMS leaves inside words: soft hyphens, word joiners, byte order marks, and zero-width
# spaces between two letters of a script written with spaces (Thai and Khmer mark word ends with them, and
# ZWJ / ZWNJ shape Persian, Indic scripts and emoji: those stay). They split a word for search and slugs.
# And the two bidi overrides, which no language needs (its letters carry their own direction) and which
# make a line read differently than its text: "Headline \u202eevil" shows "live".
BIDI_OVERRIDES = "\u202d\u202e"  # left-to-right and right-to-left
_INSIDE_WORDS = re.compile(f"[\u00ad\u2060\ufeff{BIDI_OVERRIDES}]|(?<=[A-Za-z\u00c0-\u024f\u0370-\u052f])\u200b"
                           "(?=[A-Za-z\u00c0-\u024f\u0370-\u052f])")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(ValueError):
    """The bytes are not a text dump (binary, or no text in any encoding)."""


def _utf16_without_bom(data: bytes) -> str | None:
    """Return `data` as UTF-16 when it reads as such: ASCII has a NUL in every other byte, and other
    scripts (Cyrillic, Chinese) still have them in their spaces and line ends."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < 1:
        return None
    best, best_score = None, 0.5  # below this, the bytes are binary, whatever the order
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) // 2 * 2].decode(codec)
        except UnicodeDecodeError:
            continue
        if (s := charset.score(text)) > best_score:
            best, best_score = text, s
    return best


def decode_bytes(data: bytes) -> str:
    """Return the text of a dump: BOM or UTF-16 sniffed, else UTF-8, else the likeliest charset."""
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            break
    if text is None:
        text = _utf16_without_bom(data)
    if text is None:
        if b"\x00" in data[:8192]:
            raise NotText("binary file (contains NUL bytes), not a text dump")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = charset.best_decoding(data)
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) * 0.05):
        raise NotText("binary file (mostly control characters), not a text dump")
    return normalise(text)


def normalise(text: str) -> str:
    """Return `text` with line ends (CR LF, CR, NEL, U+2028, U+2029) as \\n, control characters and marks
    invisible inside words removed, and mojibake repaired."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    # Lone surrogates cannot be written as UTF-8: replace them rather than fail later.
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    if not _MOJIBAKE.search(text):
        # NEL (U+0085) ends a line in text converted from EBCDIC and some mainframe exports; a dump in
        # Windows-1252 has its byte 0x85 read as "…" by then. Under mojibake ftfy reads it as that byte.
        text = unicodedata.normalize("NFC", text.replace("\x85", "\n"))
    else:
        text = ftfy.fix_text(text, _FTFY)
    return _INSIDE_WORDS.sub("", text)  # after ftfy, which reads "Ã\u00ad" as "í"
