"""Language of a text (BCP 47) and its stop words (its direction: `site_gen.content.direction`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _marks() -> str:
    r"""Return the combining marks of the Basic Multilingual Plane as a regex class's ranges. Python's \w leaves
    them out, and Devanagari, Bengali, Tamil or Thai write most vowels with them: "सरकार ने" is two words, not
    "सरक", "र", "न"."""
    ranges: list[list[int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


MARKS = _marks()
WORD_CHAR = rf"[\w{MARKS}]"  # a letter, digit or underscore, or a mark combined with one


# py3langid codes -> jusText stop-list names (the languages news is written in most).
_STOPLIST = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian",
    "bn": "Bengali", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ms": "Malay", "mt": "Maltese",
    "nb": "Norwegian_Bokmal", "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "pl": "Polish", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "ku": "Kurdish", "kmr": "Kurdish",
}
# Languages jusText has no list for (its "Kurdish" is Kurmanji, in Latin letters): a list of our own in
# phrases/stopwords-<code>.txt.
_OWN_STOPLISTS = {"ckb"}
_SORANI = re.compile("[ڕڵێۆەڤ]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Thai, Lao, Myanmar and Khmer: alphabets written without spaces between words (a space parts phrases), nor
# full stops at the end of sentences.
_SPACELESS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
SPACELESS_WORD = 4  # letters (with their marks) in a word of those scripts, about


SAMPLE = 800  # characters of a text the language model reads at most
SURE_WITHIN, SURE = 400, 0.95  # ... and when it is this sure of the first 400, no more (half the time)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, default: str = "en") -> str:
    """Return the BCP 47 code of the language `text` is written in."""
    sample = text[:SAMPLE]
    if not sample.strip():
        return default
    arabic = len(_ARABIC.findall(sample))
    if arabic > len(sample) * 0.3 and _SORANI.search(sample):
        return "ckb"  # Sorani Kurdish: Arabic script with letters Arabic and Persian lack.
    # The model reads a text byte by byte in Python, so its cost grows with the sample: most texts are
    # told apart in SURE_WITHIN characters, and only a text it is unsure of is read to SAMPLE.
    code, prob = _identifier().classify(sample[:SURE_WITHIN])
    if prob < SURE and len(sample) > SURE_WITHIN:
        code, prob = _identifier().classify(sample)
    if prob < 0.5 and len(sample) < 40:
        return default
    return {"sdh": "ckb", "no": "nb"}.get(code, code)


def confidence(text: str) -> float:
    """Return how sure the language model is of the language `text` is in (0 to 1)."""
    return _identifier().classify(text[:1200])[1]


def is_cjk(text: str) -> bool:
    return len(_CJK.findall(text)) > len(text) * 0.3


# The letters of scripts whose words run on without a space between them: those above, Chinese and Japanese.
_RUN_ON = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff]")


def runs_on(before: str, after: str) -> bool:
    """Return True when two characters side by side may be letters of one word, in a script written without
    spaces between words: there, no space does not tell a word glued to another (a kicker to a caption)."""
    return _RUN_ON.match(before) is not None and _RUN_ON.match(after) is not None


def spaceless_words(text: str) -> int:
    """Return about how many words a text in Thai, Lao, Myanmar or Khmer holds; 0 when it is not such text."""
    letters = len(_SPACELESS.findall(text))
    return letters // SPACELESS_WORD if letters > len(text) * 0.3 else 0


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """Return the language's stop words (jusText's lists), or all lists together when unknown."""
    import justext

    code = lang.split("-")[0].lower()
    if code in _OWN_STOPLISTS:
        from site_gen.ingest.phrases import word_list

        return frozenset(word_list(f"stopwords-{code}.txt"))
    name = _STOPLIST.get(code)
    if name:
        return frozenset(justext.get_stoplist(name))
    return _all_stopwords()


@lru_cache(maxsize=1)
def _all_stopwords() -> frozenset[str]:
    import justext

    words: set[str] = set()
    for name in justext.get_stoplists():
        words |= justext.get_stoplist(name)
    return frozenset(words)
