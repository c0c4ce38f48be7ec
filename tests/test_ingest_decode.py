"""Decoding dumps written in legacy code pages and UTF-16, short and long, in many languages.

The texts are fictional (tests/data/encodings/). A short dump is the file's first line, where charset
detectors are least sure; a long one is the whole file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_gen.ingest.decode import NotText, decode_bytes

DATA = Path(__file__).parent / "data" / "encodings"
# The legacy code pages each language is written in by the scrapers we meet.
CODE_PAGES = {
    "en": ["cp1252"], "fr": ["cp1252", "iso-8859-15"], "de": ["cp1252"], "pl": ["cp1250", "iso-8859-2"],
    "cs": ["cp1250", "iso-8859-2"], "ru": ["cp1251", "koi8-r"], "uk": ["cp1251", "koi8-u"],
    "el": ["iso-8859-7", "cp1253"], "tr": ["cp1254"], "ar": ["cp1256"], "ja": ["shift_jis", "euc-jp"],
    "zh-hans": ["gb18030", "gbk"], "zh-hant": ["big5"], "ko": ["euc-kr"],
}
# Punctuation some code pages lack, as a writer on them would type it instead.
PLAIN = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "’": "'", "€": "EUR"})


def _cases():
    for lang, pages in CODE_PAGES.items():
        full = (DATA / f"{lang}.txt").read_text(encoding="utf-8")
        for size, text in (("short", full.splitlines()[0] + "\n"), ("long", full)):
            for codec in [*pages, "utf-16", "utf-16-le", "utf-16-be"]:
                try:
                    text.encode(codec)
                except UnicodeEncodeError:
                    text = text.translate(PLAIN)
                yield pytest.param(text, codec, id=f"{lang}-{size}-{codec}")


@pytest.mark.parametrize("text, codec", list(_cases()))
def test_dump_in_any_code_page_reads_as_written(text, codec):
    assert decode_bytes(text.encode(codec)) == text


def test_short_windows_1252_dump_keeps_its_quotes_euro_and_accents():
    # Windows-1257 decodes these bytes too, as "Cafķ owners ōwelcomeö the Ć5 rebate".
    assert decode_bytes(b"Caf\xe9 owners \x93welcome\x94 the \x805 rebate") == "Café owners “welcome” the €5 rebate"


@pytest.mark.parametrize("data, text", [
    ("Zażółć gęślą jaźń".encode("cp1250"), "Zażółć gęślą jaźń"),
    ("Příliš žluťoučký kůň".encode("iso-8859-2"), "Příliš žluťoučký kůň"),
    ("Съешь же ещё этих булок".encode("koi8-r"), "Съешь же ещё этих булок"),
    ("Ξεσκεπάζω την ψυχοφθόρα βδελυγμία".encode("iso-8859-7"), "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία"),
    ("いろはにほへと".encode("shift_jis"), "いろはにほへと"),
])
def test_one_line_pangrams_decode(data, text):
    assert decode_bytes(data) == text


def test_utf16_without_bom_is_not_mistaken_for_binary_in_any_script():
    for text in ("河東鎮的居民等待這座跨河新橋已近十年。\n", "Жители ждали мост.\n"):
        assert decode_bytes(text.encode("utf-16-le")) == text
        assert decode_bytes(text.encode("utf-16-be")) == text


def test_binary_with_nul_bytes_is_still_refused():
    with pytest.raises(NotText):
        decode_bytes(bytes(range(256)) * 16)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\x85", "\u2028"], ids=["LF", "CRLF", "CR", "NEL", "LS"])
def test_every_kind_of_line_end_reads_as_a_line_end(end):
    text = "Harbour wall finished\n\nOfficials said so on Tuesday.\nThe mayor agreed.\n"
    assert decode_bytes(text.replace("\n", end).encode("utf-8")) == text


def test_byte_0x85_is_an_ellipsis_in_windows_1252_and_a_letter_in_mojibake():
    assert decode_bytes(b"He paused\x85 then said the caf\xe9 would close for the winter.") == \
        "He paused… then said the café would close for the winter."
    assert decode_bytes("Ã\x85ngström units, the council's café said.".encode("utf-8")) == \
        "Ångström units, the council's café said."


@pytest.mark.parametrize("written, read", [
    ("Har\u200bbour wall\u00ad opens; Bundes\u00adregierung agrees\u2060.", "Harbour wall opens; Bundesregierung agrees."),
    ("\ufeffFerry\ufeff terminal", "Ferry terminal"),
    ("Pol\u00c3\u00adtica local", "Política local"),  # "í" as mojibake ends in the byte of a soft hyphen
    ("ภาษา\u200bไทย", "ภาษา\u200bไทย"),  # Thai marks where its words end with it
    ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ shapes Persian
    ("a family: 👩\u200d👩\u200d👧", "a family: 👩\u200d👩\u200d👧"),
    # a bidi override would show "Council backs \u202eevil\u202c" as "Council backs live"
    ("Council backs \u202eevil\u202c plan", "Council backs evil\u202c plan"),
    ("قال \u202dCEO\u202c الشركة", "قال CEO\u202c الشركة"),
    ("\u200fمرحبا\u200e", "\u200fمرحبا\u200e"),  # the direction marks stay: right-to-left text needs them
])
def test_marks_invisible_inside_a_word_do_not_split_it(written, read):
    assert decode_bytes(written.encode("utf-8")) == read


def test_a_bidi_override_written_as_a_character_reference_goes_too():
    from site_gen.ingest.dump import unescape_entities

    assert unescape_entities("Council backs &#x202E;evil&#x202C; plan &amp; more") == \
        "Council backs evil\u202c plan & more"
