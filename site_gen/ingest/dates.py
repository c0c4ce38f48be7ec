"""The date pass: the publication date from date lines in the text, the URL, or the page."""

from __future__ import annotations

import calendar
import re
import unicodedata
import warnings
from datetime import date, datetime, timedelta, timezone

from site_gen.ingest.lang import MARKS

_YEAR = re.compile(r"(?<!\d)(?:19[7-9]\d|20\d\d)(?!\d)")
# Every script's decimal digits (Arabic-Indic, Persian, Devanagari, Bengali, Thai...), read as the ASCII ones:
# a date line "١٧ مارس ٢٠٢٥" or "১২ মার্চ ২০২৫" is found, and left out of the body, as "17 مارس 2025" is.
_DIGITS = {c: 0x30 + unicodedata.digit(chr(c)) for c in range(0x80, 0x20000)
           if unicodedata.category(chr(c)) == "Nd" and unicodedata.digit(chr(c), None) is not None}


def _ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


# What a scraper glued together from a page's separate bits: a year and the time after it ("February 18,
# 20252:37 PM UTC"), a time zone and the label after it ("UTCUpdated").
_GLUED = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\d{1,2}:\d\d(?!\d))|(?<=\b[A-Z]{3})(?=(?:Updated|Published)\b)")


# The part of the day after a time, as Malay writes it: "10:15 pagi" (morning), "3.40 petang", "9:00 malam".
_DAY_PART = re.compile(r"(\d{1,2}[:.]\d\d)\s*(pagi|pg|tengah hari|petang|ptg|malam)\b", re.I)
# ... and as Chinese, Japanese and Korean write it, before the time: "下午3:40", "午前10:15", "오전 10:15".
_DAY_PART_BEFORE = re.compile(r"(上午|下午|午前|午後|오전|오후)\s*(\d{1,2}[:：]\d\d)")
_MORNING = frozenset({"上午", "午前", "오전"})
_JA_TIME = re.compile(r"(\d{1,2})\s*時\s*(\d{1,2})\s*分")  # "10時15分", "10時5分"
# A label in Korean, Chinese or Japanese glued to the year after it ("입력2025.03.12."): a scraper joined them.
_LABEL_GLUED = re.compile(r"(?<=[\uac00-\ud7af\u4e00-\u9fff\u3040-\u30ff])(?=(?:19|20)\d\d[-./年])")


def _unglued(text: str) -> str:
    """Return a block's text with ASCII digits, a part of the day written in words as AM or PM, a space between
    the pieces a scraper glued (see _GLUED, _LABEL_GLUED), and a Thai or Persian date written as an ISO one."""
    text = _ascii_digits(text)
    if _THAI.search(text):
        text = _THAI_DATE.sub(_iso_thai, text)
    elif _PERSIAN_MONTH.search(text):
        text = _PERSIAN_DATE.sub(_iso_persian, text)
    if ":" in text:
        text = _GLUED.sub(lambda m: (m.group(1) or "") + " ", text)
    if not _YEAR.search(text):
        return text  # no date line: nothing more to mend (most blocks)
    if "時" in text:
        text = _JA_TIME.sub(lambda m: f"{m.group(1)}:{int(m.group(2)):02d}", text)
    if _CLOCK.search(text):
        text = _DAY_PART.sub(lambda m: f"{m.group(1)} {'AM' if m.group(2).lower() in ('pagi', 'pg') else 'PM'}", text)
        text = _DAY_PART_BEFORE.sub(lambda m: f"{m.group(2)} {'AM' if m.group(1) in _MORNING else 'PM'}", text)
    return _LABEL_GLUED.sub(" ", text)


# A Thai date: "12 มี.ค. 2568 10:15 น.", "วันพุธที่ 12 มีนาคม พ.ศ. 2568 เวลา 10.15 น.": the month's name or its
# abbreviation, the year of the Buddhist era (543 years ahead; two digits, as "68", count from 2500).
_THAI = re.compile("[\u0e00-\u0e7f]")
_THAI_MONTHS = {name: i for i, names in enumerate((
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."), ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."), ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค.")), 1) for name in names}
_THAI_DATE = re.compile(
    r"(?:วัน\S{0,12}?ที่\s*)?(?P<d>\d{1,2})\s*(?P<m>" + "|".join(map(re.escape, _THAI_MONTHS)) + r")\s*"
    r"(?:พ\.\s?ศ\.\s*)?(?P<y>\d{4}|\d{2})(?!\d)(?:\s*(?:เวลา\s*)?(?P<h>\d{1,2})[:.](?P<min>\d\d)\s*(?:น\.)?)?")


# A date of the Solar Hijri calendar, as Iran and Afghanistan write it: "۱۲ اسفند ۱۴۰۳ - ۱۰:۱۵".
_PERSIAN_MONTHS = {name: i for i, name in enumerate((
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"), 1)}
_PERSIAN_MONTH = re.compile("|".join(_PERSIAN_MONTHS))
_PERSIAN_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+(?P<m>" + "|".join(_PERSIAN_MONTHS) + r")\s+(?P<y>1[34]\d\d)(?!\d)")


def _iso_persian(m: re.Match) -> str:
    from convertdate import persian

    try:
        year, month, day = persian.to_gregorian(int(m["y"]), _PERSIAN_MONTHS[m["m"]], int(m["d"]))
        return date(year, month, day).isoformat()
    except ValueError:
        return m.group()


def _iso_thai(m: re.Match) -> str:
    year = int(m["y"]) + (2500 if len(m["y"]) == 2 else 0)
    year -= 543 if year > 2400 else 0
    day = f"{year}-{_THAI_MONTHS[m['m']]:02d}-{int(m['d']):02d}"
    return f"{day} {int(m['h']):02d}:{m['min']}" if m["h"] else day


# The words that label a date as the one a story was published, and as the one it last changed, in the languages
# read here; and other labels of a date line.
_PUBLISHED_WORDS = (
    "published", "posted", "publicado", "publié", "veröffentlicht", "diterbitkan", "опубликовано", "نُشر", "نشر",
    "بڵاوکراوەتەوە", "opublikowano", "dodano", "δημοσιεύθηκε", "δημοσίευση", "प्रकाशित", "기사입력", "입력", "등록",
    "公開日", "发布时间", "发布日期", "發佈時間", "發布時間", "publicerad", "publisert", "publiceret", "julkaistu",
    "publikováno", "publikované", "publicat", "publikálva", "objavljeno", "опубліковано", "פורסם", "เผยแพร่", "شائع",
    "iliyochapishwa", "nailathala",
)
_UPDATED_WORDS = (
    "updated", "last updated", "atualizado", "actualizado", "mis à jour", "modifié le", "modificado", "aggiornato",
    "aktualisiert", "diperbarui", "обновлено", "تحديث", "aktualizacja", "zaktualizowano", "ενημερώθηκε", "ενημέρωση",
    "अपडेटेड", "अपडेट", "수정", "업데이트", "更新日", "更新时间", "更新時間", "uppdaterad", "oppdatert", "opdateret",
    "päivitetty", "aktualizováno", "aktualizované", "actualizat", "frissítve", "ažurirano", "оновлено", "עודכן",
    "อัปเดต", "อัพเดท",
)
_DATE_WORDS = ("date", "data publikacji", "дата публикации", "дата", "ημερομηνία", "日期", "时间")


def _either(*words: str) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))  # the longest first


_LABEL = re.compile(
    r"^(?:.{0,40}?\b(?:" + _either(*_PUBLISHED_WORDS, *_UPDATED_WORDS, *_DATE_WORDS) + r")\b"
    r"(?:\s+(?:on|at|em|el|le|am|pada|في))?|.{0,60}?\bon(?=\s+\w+\.?\s+\d))\s*[:：]?\s*",
    re.I,
)
_URL_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-]?(?P<m>0[1-9]|1[0-2])[/_-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_URL_8 = re.compile(r"(?<![\d])(?P<a>\d\d)(?P<b>\d\d)(?P<y>(?:19|20)\d\d)(?![\d])")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
# A block that is nothing but a labelled date and time, in English or numbers.
_DATE_LINE = re.compile(
    rf"(?:(?:published|updated|posted|last updated|date|on)\s*:?\s*)?(?:{_DAY}\s*)?"
    rf"(?:\d{{1,2}}:\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{{2,4}}\s*)?,?\s*)?(?:{_DAY}\s*)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    rf"\d{{4}}-\d\d-\d\d|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}:\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\s*[|•·,]?\s*",
    re.I,
)
_UPDATED = re.compile(r"\b(?:" + _either(*_UPDATED_WORDS) + r")\b", re.I)
_PUBLISHED = re.compile(r"\b(?:" + _either(*_PUBLISHED_WORDS) + r")\b", re.I)
# The same in any language: a label, a weekday, a day, a month's name, a year ("Opublikowano: wtorek, 12 marca
# 2019 r., 14:05", "12 марта 2019 г. в 14:05", "Τρίτη, 12 Μαρτίου 2019, 14:05", "2019年3月12日 14:05").
_WORDS = rf"(?:[^\W\d_]|[{MARKS}]){{2,20}}(?:\s+(?:[^\W\d_]|[{MARKS}]){{2,20}})?"
_ANY_DATE_LINE = re.compile(
    rf"(?:{_WORDS}\s*[:：]\s*)?(?:(?:[^\W\d_]|[{MARKS}]){{3,15}},?\s+)?"  # (the marks: "মার্চ", "मार्च")
    rf"(?:\d{{1,2}}\.?\s+(?:[^\W\d_]|[{MARKS}]){{3,12}}\.?,?\s+\d{{4}}(?:\s*(?:r\.|г\.|года|roku))?"
    # the month's name first, in a script other than the Latin one (whose months _DATE_LINE knows): "மார்ச் 12, 2025"
    rf"|(?:(?![A-Za-zÀ-ɏ])(?:[^\W\d_]|[{MARKS}])){{3,12}}\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    # the year first, a dot after it: "2025. március 12.", "2025. márc. 12.", "2025. 03. 12."
    rf"|\d{{4}}\.\s+(?:(?:[^\W\d_]|[{MARKS}]){{3,12}}\.?|\d{{1,2}}\.)\s*\d{{1,2}}\.?)"
    r"(?:\s*[,|•·\-–—]?\s*(?:[^\W\d_]{1,6}\.?\s+)?\d{1,2}[:：.]\d\d(?:[:：]\d\d)?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+[A-Z]{2,4}\b)?)?\s*[|•·,]?\s*",
    re.I,
)
_ANY_LABEL = re.compile(rf"{_WORDS}\s*[:：]\s*(?=\d)")
# A line's dates apart: at a bar or a dot between them, or where "Updated ..." follows "Published ..." on
# the same line ("Publié le 14 mars 2025 à 09h12 Mis à jour le 14 mars 2025 à 11h30").
_PIECES = re.compile(rf"\s*[|•·]\s*|\s+(?={_UPDATED.pattern})", re.I)
_H_TIME = re.compile(r"\b(\d{1,2})\s?h\s?(\d\d)\b")  # "09h12", as French and Portuguese write the time
# "kl. 10.15", "klo 10.15", "o 14.30": a time written with a dot after the word for "at" (Nordic, Finnish, Slavic)
_DOT_TIME = re.compile(r"\b(?:kl|klo|kello|godz|ore|alle|saat|o|в|о|um|à|at)\.?\s+(\d{1,2})\.(\d\d)\b"
                       r"|\b(\d{1,2})\.(\d\d)(?=\s*(?:Uhr|(?-i:GMT|BST|UTC|CET|CEST|EET|EEST|IST|AEST|AEDT))\b)",
                       re.I)  # "10.15 Uhr", "10.15 GMT"
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
_WEEKDAYS = {
    "en": list(calendar.day_name),
    "pt": ["segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "ar": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
}


_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
_EN_DATE = re.compile(
    r"\b(?:(?P<mon1>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?,?)"
    r"\s+(?P<year>(?:19|20)\d\d)\b|\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b",
    re.I,
)
# An offset from UTC written after its name: "GMT+1", "UTC-05:00", "GMT+5:30".
_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+\-−])\s*(\d{1,2})(?::?(\d\d))?")
_TIME = re.compile(r"\b(?P<h>\d{1,2}):(?P<m>\d\d)(?::\d\d)?\s*(?P<ap>[ap]\.?m\b\.?)?\s*\(?"
                   rf"(?P<tz>{_OFFSET.pattern}(?!\d)|[A-Z]{{2,4}}\b|Z\b)?", re.I)
_TZ = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
       "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AEST": 10, "JST": 9,
       "IST": 5.5,  # (India's: far more news sites print it than Israel's or Ireland's)
       "WET": 0, "WEST": 1, "WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3, "PKT": 5, "ICT": 7, "WIB": 7, "WITA": 8,
       "WIT": 9, "HKT": 8, "SGT": 8, "KST": 9, "AEDT": 11, "NZST": 12, "NZDT": 13, "BRT": -3, "ART": -3,
       "HST": -10, "AKST": -9, "AKDT": -8}
_ZONE_WORD = re.compile(r"\b(?:" + "|".join(k for k in _TZ if len(k) > 1) + r")\b")
# Zones named without saying summer or winter time ("8:00 ET"): their offset on the day.
_TZ_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}


def _fast_english(text: str) -> date | datetime | None:
    """Return the date in "Nov 20, 2019 2:16 AM EST"-style English text; None when it is not that simple."""
    m = _EN_DATE.search(text)
    if not m:
        return None
    try:
        if m.group("iy"):
            day = date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            mon = _MONTHS[(m.group("mon1") or m.group("mon2")).lower()[:3]]
            day = date(int(m.group("year")), mon, int(m.group("day1") or m.group("day2")))
    except (ValueError, KeyError):
        return None
    return _at_time(day, _TIME.search(text))


def _at_time(day: date, t: re.Match | None, unknown_zone: bool = False) -> date | datetime | None:
    """Return `day` at the time `t` matched (a `_TIME` match), or the day alone when there is none or it is no
    time of day; None for a zone we do not know, unless `unknown_zone` (then the time is read without it)."""
    if not t:
        return day
    hour, minute = int(t.group("h")), int(t.group("m"))
    ap = (t.group("ap") or "").lower()[:1]
    if ap == "p" and hour < 12:
        hour += 12
    elif ap == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return day
    tz = (t.group("tz") or "").upper()
    when = datetime(day.year, day.month, day.day, hour, minute)
    tzinfo = _zone(tz, when)
    if tzinfo is None and tz and not unknown_zone:
        return None  # a zone we do not know: let dateparser read it
    return when.replace(tzinfo=tzinfo)


def _zone(name: str, when: datetime) -> timezone | None:
    """Return the offset a zone's name (_TZ, _TZ_ZONES) has at the local time `when`; None for another name."""
    if name in _TZ:
        return timezone(timedelta(hours=_TZ[name]))
    if (m := _OFFSET.fullmatch(name)) and int(m.group(2)) <= 14:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return timezone(timedelta(minutes=-minutes if m.group(1) in "-−" else minutes))
    if name in _TZ_ZONES:
        from zoneinfo import ZoneInfo

        offset = when.replace(tzinfo=ZoneInfo(_TZ_ZONES[name])).utcoffset()
        return timezone(offset) if offset is not None else None
    return None


# A dotted all-numeric date ("01.12.2026", "12.03.2019, 14:05", "02.12.2025 - 06:34").
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.])")
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
# An all-numeric date with dots or slashes, whose day and month may be read either way ("01/12/2026").
_NUMERIC = re.compile(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d\d)(?![\d./])")


def _ymd(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dotted(text: str, pattern: re.Pattern = _DOTTED) -> date | datetime | None:
    """Return the dotted numeric date in `text` (or the one `pattern` finds) read day first, and the time after
    it; None when there is none.

    Dots are the day-first way of writing a date nearly everywhere, on English pages too (the US writes
    slashes): "01.12.2026" is 1 December. Only when day first is impossible and month first is not
    ("12.31.2025") is it read month first. dateparser reads dots month first in English, and month first
    in every language when both readings are dates ("12.03.2019" in Russian is 3 December to it).
    """
    m = pattern.search(text)
    if not m:
        return None
    a, b, year = int(m[1]), int(m[2]), int(m[3])
    day = _ymd(year, b, a) or _ymd(year, a, b)
    if day is None:
        return None
    t = _TIME.search(text, m.end())
    if t and (t.start() - m.end() > 8 or any(c.isdigit() for c in text[m.end():t.start()])):
        t = None  # a time only when it follows the date ("12.03.2019, 14:05", "12.03.2019 в 14:05")
    return _at_time(day, t, unknown_zone=True)


_DATEPARSER_CALLS = 0


def dateparser_calls() -> int:
    """Return how often this process has asked dateparser, which may read a date relative to the clock
    ("3 hours ago"): an article whose extraction asked it may come out differently at another time."""
    return _DATEPARSER_CALLS


def _as_the_url_says(found: date | datetime, text: str, url_day: date | None) -> date | datetime:
    """Return `found` with its day and month swapped when the all-numeric date it was read from reads both ways
    ("01.12.2026": 1 December or 12 January) and the other reading is the date in the page's URL."""
    if url_day is None:
        return found
    m = _NUMERIC.search(text)
    if not m:
        return found
    a, b, year = int(m[1]), int(m[3]), int(m[4])
    readings = {_ymd(year, b, a), _ymd(year, a, b)}
    day = found.date() if isinstance(found, datetime) else found
    if day == url_day or url_day not in readings or day not in readings:
        return found
    return found.replace(year=url_day.year, month=url_day.month, day=url_day.day)


# A word for "hours" after a time: "10:15 hs", "10:15 hrs.", "10.15 Uhr".
_HOURS = re.compile(r"(\d{1,2}[:.]\d\d)\s*(?:hs|hrs|hr|horas|uhr|h)\b\.?", re.I)


def parse_date(text: str, lang: str, url_day: date | None = None) -> date | datetime | None:
    """Return the date or date-time written in a short text, in the article's language or English; of the two
    readings of an all-numeric date, the one that is `url_day` (the date in the page's URL) when one is."""
    global _DATEPARSER_CALLS
    found = _fast_english(text)
    if found is not None:
        return found if 1970 <= found.year <= datetime.now().year + 1 else None
    found = _dotted(text)
    if found is None and not lang.lower().startswith("en"):
        found = _dotted(text, _SLASHED)  # "12/03/2025" is 12 March outside English (dateparser: 3 December)
    if found is None:
        import dateparser

        text = _HOURS.sub(r"\1", text)  # "10:15 hs": dateparser reads no date at all with it
        _DATEPARSER_CALLS += 1
        langs = [lang, "en"] if lang != "en" else ["en"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = dateparser.parse(text, languages=langs, settings=_SETTINGS)
            except Exception:  # dateparser raises assorted errors on odd text; no date is the answer
                return None
    if found is None or not 1970 <= found.year <= datetime.now().year + 1:
        return None
    found = _as_the_url_says(found, text, url_day)
    if not isinstance(found, datetime):
        return found
    if found.tzinfo is not None and (zone := _ZONE_WORD.search(text)) and not _OFFSET.search(text):
        found = found.replace(tzinfo=_zone(zone.group(), found.replace(tzinfo=None)))  # ours: "IST" is India's
    if found.hour == found.minute == found.second == 0 and not re.search(r"\d:\d\d|\d\s*[ap]\.?m", text, re.I):
        return found.date()
    return found


def has_year(text: str, within: int) -> bool:
    """Return True when a year (1970-2099) stands in the first `within` characters."""
    return _YEAR.search(_ascii_digits(text[:within])) is not None  # only what is searched is translated


def leading_date(text: str) -> int:
    """Return the length of the date (and time) a block opens with, 0 when it opens with none."""
    text = _ascii_digits(text)  # one character for one: lengths stay those of the block
    if not _YEAR.search(text, 0, 60):
        return 0
    ends = [m.end() for m in (_DATE_LINE.match(text), _ANY_DATE_LINE.match(text)) if m and _YEAR.search(m.group())]
    # Not inside a word: "14:05 Autor:" is no time zone "Auto" and a byline "r: ...".
    ends = [e for e in ends if e == len(text) or not (text[e - 1].isalnum() and text[e].isalnum())]
    return max(ends, default=0)


def date_lines(blocks: list[str], skip: frozenset[int] = frozenset()) -> frozenset[int]:
    """Return the indexes of blocks that are only a date line ("Updated: Sat 8:31 PM, Feb 17, 2018")."""
    found = set()
    for i, b in enumerate(blocks):
        if i in skip or len(b) > 160:
            continue
        b = _unglued(b)
        if len(b) > 160 or not _YEAR.search(b):
            continue
        if _is_date_line(b):
            found.add(i)
        elif len(pieces := [p for p in _PIECES.split(b) if p]) > 1 and _CLOCK.search(b) and all(
                _is_date_line(p) or _BARE_TIME.fullmatch(p) for p in pieces):
            # "Published March 12, 2025 at 6:05 a.m. | Updated March 12, 2025 at 9:41 a.m.", with its times
            # (an event's "29 November 2018 | 20 January 2019" is the story's)
            found.add(i)
    return frozenset(found)


def only_date(block: str) -> bool:
    """Return True for a block that is only a date line (`date_lines` of one block)."""
    return bool(date_lines([block]))


_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}")
_BARE_TIME = re.compile(r"(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?", re.I)


# The same with a word before its "at" ("Posted at 09:42").
_CLOCK_LINE = re.compile(r"(?:\w+\s+(?=at\s))?" + _BARE_TIME.pattern, re.I)


def is_clock_line(text: str) -> bool:
    """Return True for a line giving only a time of day ("13:48", "9.05am BST", "Posted at 09:42")."""
    return len(text) <= 30 and _CLOCK_LINE.fullmatch(text) is not None


def _is_date_line(text: str) -> bool:
    return len(text) <= 80 and _YEAR.search(text) is not None and (
        _DATE_LINE.fullmatch(text) is not None or _ANY_DATE_LINE.fullmatch(text) is not None)


def date_in_blocks(
    blocks: list[str], lang: str, skip: frozenset[int] = frozenset(), url_day: date | None = None
) -> tuple[date | datetime | None, int | None]:
    """Return the first publication date written as a date line ("Published 2:16 AM EST Nov 20, 2019"); a
    date that reads two ways is read as `url_day`, the date in the page's URL, when that is one of them."""
    fallback: tuple[date | datetime | None, int | None] = (None, None)
    for i, b in enumerate(blocks):
        if i in skip or len(b) > 140:
            continue
        b = _unglued(b)
        if len(b) > 140 or not _YEAR.search(b):
            continue
        for piece in _with_times(_PIECES.split(b)):
            if not _YEAR.search(piece) or len(piece.split()) > 12:
                continue
            stripped = _DOT_TIME.sub(_colon_time, _H_TIME.sub(r"\1:\2", _LABEL.sub("", piece, count=1)))
            found = parse_date(stripped, lang, url_day)
            if found is None and (label := _ANY_LABEL.match(stripped)):  # a label we do not know: "প্রকাশ: ..."
                stripped = stripped[label.end():]
                found = parse_date(stripped, lang, url_day)
            if found is None and 0 < (opening := leading_date(stripped)) < len(stripped):
                # a date line that goes on with the source and the author ("2025-03-12 10:15 来源：… 作者：…")
                found = parse_date(stripped[:opening], lang, url_day)
            if found is None:
                continue
            if _UPDATED.search(piece) and not _PUBLISHED.search(piece):
                fallback = fallback if fallback[0] else (found, i)
                continue
            return found, i
    return fallback


def _colon_time(m: re.Match) -> str:
    return f"{m[1] or m[3]}:{m[2] or m[4]}"


_COLON_TIME = re.compile(r"\d[:：]\d\d")


def _with_times(pieces: list[str]) -> list[str]:
    """Return a line's pieces with a bare time joined to the date before it ("12.03.2025 | 14:35")."""
    out: list[str] = []
    for piece in pieces:
        if out and _BARE_TIME.fullmatch(piece) and _YEAR.search(out[-1]) and not _COLON_TIME.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def weekdays_named(text: str, lang: str) -> set[int]:
    """Return the weekdays (0 = Monday) the text names, as in "on Sunday"."""
    names = _WEEKDAYS.get(lang, []) + (_WEEKDAYS["en"] if lang != "en" else [])
    found = set()
    low = text.lower()
    for idx, name in enumerate(names):
        if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", low):
            found.add(idx % 7)
    return found


def date_in_url(url: str | None, text: str = "", lang: str = "en") -> date | None:
    """Return the date in a URL path (/2019/11/19/, 20191119, or 02012022 settled by the weekday the text names)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for m in _URL_YMD.finditer(path):
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
    for m in _URL_8.finditer(path):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        options = []
        for d, mo in ((a, b), (b, a)):  # day-month-year first, as most of the world writes it
            try:
                options.append(date(y, mo, d))
            except ValueError:
                pass
        options = list(dict.fromkeys(options))
        if len(options) > 1:
            named = weekdays_named(text, lang)
            matching = [o for o in options if o.weekday() in named]
            if len(matching) == 1:
                return matching[0]
            return None  # truly ambiguous: omit rather than guess
        if options:
            return options[0]
    return None


def iso(value: date | datetime) -> str:
    """Return ISO 8601 text for a date or date-time (with its offset when it has one)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    return value.isoformat()
