"""The words and numbers around articles, in the reader's language: message catalogues and CLDR formats.

The site's own words (labels, pagers, "By", "min read") are looked up in gettext catalogues, one per language,
in `site_gen/locale/<lang>/LC_MESSAGES/messages.po` (a translator edits those; they are compiled when a build
starts). Dates and numbers come from Babel's CLDR data. A language with no catalogue has its chrome in the
site's language: `Chrome.lang` says which language the words around a text in `lang` are in, so pages can
mark them (`lang`/`dir`) apart from the text.
"""

from __future__ import annotations

import gettext
import io
from datetime import date, datetime
from pathlib import Path
from typing import Callable

CATALOGUES = Path(__file__).resolve().parent.parent / "locale"
"""Where the message catalogues are: `<lang>/LC_MESSAGES/messages.po`."""
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
"""The language the messages are written in (the templates' own words): it needs no catalogue."""
# Catalogues named by another tag of the same language: "ku" as language detectors give it is Kurmanji (the
# Latin-script Kurdish; Sorani is "ckb").
_ALIASES = {"ku": "kmr"}
# A bare "en" reads dates the way the demo's islands do (2 January 2022); Babel's "en" is the United States'.
_REGION = {"en": "en_GB"}


def N_(message: str) -> str:
    """Return `message` as it is: it marks words for the catalogues that a page translates when it is made."""
    return message


def shipped() -> list[str]:
    """Return the languages with a catalogue, and the source language."""
    found = sorted(p.name for p in CATALOGUES.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()) \
        if CATALOGUES.is_dir() else []
    return [SOURCE_LANGUAGE, *(n for n in found if n != SOURCE_LANGUAGE)]


def primary(lang: str) -> str:
    """Return the language subtag of a BCP 47 tag, lowercased (`ar-IQ` -> `ar`)."""
    return lang.replace("_", "-").split("-")[0].lower()


def load_catalogue(lang: str) -> gettext.NullTranslations | None:
    """Return the compiled catalogue of `lang`, or None when none ships (the source language needs none)."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po = CATALOGUES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return None
    from babel.messages.mofile import write_mo  # only now: an English site's plan needs no Babel
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Chrome:
    """The site's own words and formats, per language; languages without a catalogue fall back to the site's."""

    def __init__(self, site_lang: str, formats: dict | None = None):
        self.site_lang = site_lang
        self._catalogues: dict[str, gettext.NullTranslations | None] = {}
        self._locales: dict[str, object] = {}
        self._langs: dict[str, str] = {}
        self.formats: dict[tuple, object] = formats if formats is not None else {}
        """What CLDR's data gave so far (dates, numbers, months, plural forms, Open Graph locales), by what was
        asked, as plain data: lists show the same dates again and again, and a build keeps these with its
        state, so that a small edit's pages need no Babel (loading it and a locale's data costs ~40 ms)."""
        site = self._catalogue(primary(site_lang))
        self.site = site if site is not None else gettext.NullTranslations()
        self.fallback = site_lang if site is not None else SOURCE_LANGUAGE
        """The chrome's language for texts in a language with no catalogue: the site's, or, when the site's
        language has none either, the language the messages are written in (words and dates then agree)."""

    def _catalogue(self, code: str) -> gettext.NullTranslations | None:
        if code not in self._catalogues:
            found = load_catalogue(code)
            self._catalogues[code] = found if found is not None or code not in _ALIASES \
                else load_catalogue(_ALIASES[code])
        return self._catalogues[code]

    def lang(self, lang: str) -> str:
        """Return the language the chrome around a text in `lang` is in: its own, or the site's."""
        found = self._langs.get(lang)
        if found is None:  # asked for every date and label a page shows: remembered per tag
            code = primary(lang or self.site_lang)
            found = self._langs[lang] = lang if self._catalogue(code) is not None else self.fallback
        return found

    def words(self, lang: str) -> gettext.NullTranslations:
        """Return the catalogue for chrome around a text in `lang`."""
        found = self._catalogue(primary(self.lang(lang)))
        return found if found is not None else self.site

    def gettext(self, lang: str, message: str, **values) -> str:
        """Return `message` in the chrome language of `lang`, with `%(name)s` values filled in."""
        text = self.words(lang).gettext(message)
        return text % values if values else text

    def ngettext(self, lang: str, singular: str, plural: str, n: int, **values) -> str:
        text = self.words(lang).ngettext(singular, plural, n)
        return text % {"num": self.number(n, lang), **values}

    def plural_forms(self, lang: str, singular: str, plural: str) -> dict[str, str]:
        """Return the message for a number in the chrome language of `lang` for each CLDR plural category of
        that language (`one`, `few`, `other`...), with its `%(name)s` values not filled in.

        The catalogue's plural rule picks a form by number; CLDR's categories (what `Intl.PluralRules` gives a
        script) each get the form of the smallest number in them.
        """
        def make() -> dict[str, str]:
            words, locale = self.words(lang), self.locale(lang)
            forms: dict[str, str] = {}
            for n in (*range(1000), 1_000_000):
                category = locale.plural_form(n)
                if category not in forms:
                    forms[category] = words.ngettext(singular, plural, n)
            return {c: forms[c] for c in ("zero", "one", "two", "few", "many", "other") if c in forms}

        return dict(self._formatted(("plural", self.lang(lang), singular, plural), make))

    def locale(self, lang: str):
        """Return Babel's locale for the chrome of `lang` (CLDR data: dates, numbers, territory)."""
        from babel import Locale, UnknownLocaleError

        lang = self.lang(lang)
        if lang not in self._locales:
            tag = _REGION.get(lang.lower(), lang).replace("-", "_")
            try:
                self._locales[lang] = Locale.parse(tag)
            except (ValueError, UnknownLocaleError):
                self._locales[lang] = Locale.parse(_REGION.get(primary(self.fallback), self.fallback)
                                                   .replace("-", "_"), sep="_")
        return self._locales[lang]

    def day(self, when: datetime | None, lang: str, with_time: bool = False) -> str:
        """Return a date for readers of `lang` (`2 January 2022`, `٢ يناير ٢٠٢٢`), with the time when asked."""
        if when is None:
            return ""

        def make_day() -> str:
            from babel.dates import format_date

            return format_date(when.date(), "long", locale=self.locale(lang))

        def make_clock() -> str:
            from babel.dates import format_time

            return format_time(when, "short", locale=self.locale(lang))

        lang = self.lang(lang)
        text = self._formatted(("day", when.year, when.month, when.day, lang), make_day)
        if not with_time:
            return text
        # CLDR's short time shows hours and minutes (and the day's period) only, in every locale: times are
        # formatted once per minute of the day, not once per article.
        return f"{text}, {self._formatted(('clock', when.hour, when.minute, lang), make_clock)}"

    def pattern(self, day: date, pattern: str, lang: str) -> str:
        """Return `day` in a CLDR date pattern (`LLLL y`: `January 2022`) for readers of `lang`."""
        def make() -> str:
            from babel.dates import format_date

            return format_date(day, pattern, locale=self.locale(lang))

        return self._formatted(("pattern", day.isoformat(), pattern, self.lang(lang)), make)

    def number(self, n: int, lang: str) -> str:
        def make() -> str:
            from babel.numbers import format_decimal

            return format_decimal(n, locale=self.locale(lang), numbering_system="default")

        return self._formatted(("number", n, self.lang(lang)), make)

    def og_locale(self, lang: str) -> str:
        """Return `og_locale(lang)`, kept with the other formats."""
        return self._formatted(("og", lang), lambda: og_locale(lang))

    def _formatted(self, key: tuple, make: Callable[[], object]):
        """Return what `formats` holds under `key`, else `make()`, remembered there."""
        found = self.formats.get(key)
        if found is None:
            found = make()
            self._remember(key, found)
        return found

    def _remember(self, key: tuple, value) -> None:
        if len(self.formats) >= _MEMO:  # a long-running serve stays bounded
            self.formats.clear()
        self.formats[key] = value


_MEMO = 50_000
"""Formats kept at most (a site of 10,000 articles uses about 13,000: each article's date and time, and the
days, months and numbers lists show)."""


def og_locale(lang: str) -> str:
    """Return Open Graph's `language_TERRITORY` for a BCP 47 tag (`ar` -> `ar_EG`, `en` -> `en_GB`)."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    tag = _REGION.get(lang.lower(), lang).replace("-", "_")
    try:
        locale = Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        return primary(lang)
    if locale.territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        parts = likely.split("_")
        territory = parts[-1] if len(parts) > 1 and parts[-1].isupper() else ""
        return f"{locale.language}_{territory}" if territory else locale.language
    return f"{locale.language}_{locale.territory}"
