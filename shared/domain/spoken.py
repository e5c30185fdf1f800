"""Spoken form of queue numbers and call announcements (domain.md §4).

Pure functions only: the voice player (TTS engine, chime, sequencing so calls
never overlap) lives elsewhere and consumes the strings built here.

Two strings are produced for every call, on purpose:

* ``announcement_text``  - what a human reads on screen/logs; the prefix keeps
  its raw letter ("Nomor antrean B seratus ...").
* ``announcement_speech`` - what the TTS engine is fed; the prefix is spelled
  by letter name ("Nomor antrean be seratus ...") because a lone capital is
  read unpredictably by engines (English voices read "A" as the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DEFAULT_TEMPLATE",
    "MAX_NUMBER",
    "AnnouncementTemplate",
    "announcement_speech",
    "announcement_text",
    "announcement_utterances",
    "english_number_words",
    "letter_name",
    "number_words",
    "parse_ticket_number",
    "spoken_number",
]

MAX_NUMBER = 999_999  # a day's ticket count and counter numbers stay far below this

_ID_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Indonesian alphabet names (as taught in school / read on radio call signs).
_ID_LETTERS = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge",
    "H": "ha", "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en",
    "O": "o", "P": "pe", "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u",
    "V": "fe", "W": "we", "X": "eks", "Y": "ye", "Z": "zet",
}
# English names spelled so that a TTS engine says the letter, not a word:
# "eigh" because espeak-ng reads "a"/"ay" as the article or "aye".
_EN_LETTERS = {
    "A": "eigh", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "gee",
    "H": "aitch", "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en",
    "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "you",
    "V": "vee", "W": "double-u", "X": "ex", "Y": "why", "Z": "zed",
}
_LETTERS = {"id": _ID_LETTERS, "en": _EN_LETTERS}

# Phrasing per language; the "{agency}" part is only added when asked for.
_PHRASES = {
    "id": ("Nomor antrean {number}, silakan menuju loket {counter}", ", gerai {agency}"),
    "en": ("Queue number {number}, please proceed to counter {counter}", ", booth {agency}"),
}

# Prefix: 1-3 ASCII capitals; digits: ASCII only (str.isdigit would accept "٣").
_TICKET_RE = re.compile(r"([A-Z]{1,3})([0-9]{1,6})")


def _check_range(n: int) -> None:
    # bool is an int subclass; number_words(True) == "satu" would hide a bug.
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number out of range 0..{MAX_NUMBER}: {n}")


def _id_below_thousand(n: int) -> list[str]:
    """Words for 1..999 (empty for 0, so callers can join parts freely)."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")  # never "satu ratus"
    elif hundreds:
        words += [_ID_UNITS[hundreds], "ratus"]
    tens, ones = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [_ID_UNITS[ones], "belas"]
    else:
        if tens:
            words += [_ID_UNITS[tens], "puluh"]
        if ones:
            words.append(_ID_UNITS[ones])
    return words


def number_words(n: int) -> str:
    """Indonesian reading of 0..999 999: 123 -> "seratus dua puluh tiga".

    "se-" replaces "satu" only as the leading multiplier of puluh/belas/
    ratus/ribu; inside a larger multiplier "satu" stays ("dua puluh satu ribu").
    """
    _check_range(n)
    if n == 0:
        return "nol"
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands == 1:
        words.append("seribu")  # never "satu ribu"
    elif thousands:
        words += _id_below_thousand(thousands) + ["ribu"]
    words += _id_below_thousand(rest)
    return " ".join(words)


def _en_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[ones]}" if ones else ""))
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def english_number_words(n: int) -> str:
    """English reading of 0..999 999 in US style, no "and": 123 -> "one hundred twenty-three"."""
    _check_range(n)
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        words += _en_below_thousand(thousands) + ["thousand"]
    words += _en_below_thousand(rest)
    return " ".join(words)


def _lang_table(lang: str) -> dict[str, str]:
    try:
        return _LETTERS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; expected one of {sorted(_LETTERS)}") from None


def letter_name(ch: str, lang: str = "id") -> str:
    """Name of a Latin letter as a TTS voice should say it: "B" -> "be" (id), "bee" (en)."""
    table = _lang_table(lang)
    # isascii: "ı".upper() == "I" and "ſ".upper() == "S" must not slip through.
    if not isinstance(ch, str) or len(ch) != 1 or not ch.isascii() or ch.upper() not in table:
        raise ValueError(f"expected a single letter A-Z, got {ch!r}")
    return table[ch.upper()]


@dataclass(frozen=True)
class AnnouncementTemplate:
    """How a call is phrased. ``repeats`` is how many times the player speaks it."""

    digit_by_digit: bool = False  # "A, nol nol lima" instead of "A lima"
    include_agency: bool = False  # counter numbers repeat across agencies
    repeats: int = 1
    lang: str = "id"  # "id" or "en"

    def __post_init__(self) -> None:
        if self.lang not in _PHRASES:
            raise ValueError(f"unsupported language {self.lang!r}; expected one of {sorted(_PHRASES)}")
        if isinstance(self.repeats, bool) or not isinstance(self.repeats, int) or self.repeats < 1:
            raise ValueError(f"repeats must be an int >= 1, got {self.repeats!r}")


DEFAULT_TEMPLATE = AnnouncementTemplate()


def parse_ticket_number(number: str) -> tuple[str, str]:
    """Split "A005" into ("A", "005"); raise ValueError if it is not a ticket number."""
    m = _TICKET_RE.fullmatch(number) if isinstance(number, str) else None
    if m is None:
        raise ValueError(
            f"invalid ticket number {number!r}: expected 1-3 capital letters A-Z "
            "followed by 1-6 digits, e.g. 'A005'"
        )
    return m.group(1), m.group(2)


def _words(n: int, lang: str) -> str:
    return number_words(n) if lang == "id" else english_number_words(n)


def _read_number(number: str, template: AnnouncementTemplate, spell_letters: bool) -> str:
    prefix, digits = parse_ticket_number(number)
    if spell_letters:
        prefix = " ".join(letter_name(ch, template.lang) for ch in prefix)
    if template.digit_by_digit:
        # The comma gives the listener a pause between prefix and digits.
        return prefix + ", " + " ".join(_words(int(d), template.lang) for d in digits)
    return f"{prefix} {_words(int(digits), template.lang)}"


def spoken_number(number: str, template: AnnouncementTemplate = DEFAULT_TEMPLATE) -> str:
    """TTS reading of a ticket number: "B123" -> "be seratus dua puluh tiga"."""
    return _read_number(number, template, spell_letters=True)


def _sentence(
    number: str,
    counter_number: int,
    agency_name: str | None,
    template: AnnouncementTemplate,
    spell_letters: bool,
) -> str:
    if isinstance(counter_number, bool) or not isinstance(counter_number, int) or counter_number < 1:
        raise ValueError(f"counter number must be an int >= 1, got {counter_number!r}")
    main, agency_part = _PHRASES[template.lang]
    text = main.format(
        number=_read_number(number, template, spell_letters),
        counter=_words(counter_number, template.lang),
    )
    agency = (agency_name or "").strip()
    if template.include_agency and agency:
        text += agency_part.format(agency=agency)
    return text + "."


def announcement_text(
    number: str,
    counter_number: int,
    agency_name: str | None = None,
    template: AnnouncementTemplate = DEFAULT_TEMPLATE,
) -> str:
    """Human-readable call: "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima."

    The agency is appended only when the template asks for it and a
    non-blank name is given.
    """
    return _sentence(number, counter_number, agency_name, template, spell_letters=False)


def announcement_speech(
    number: str,
    counter_number: int,
    agency_name: str | None = None,
    template: AnnouncementTemplate = DEFAULT_TEMPLATE,
) -> str:
    """The same sentence for the TTS engine, with the prefix spelled by letter name."""
    return _sentence(number, counter_number, agency_name, template, spell_letters=True)


def announcement_utterances(
    number: str,
    counter_number: int,
    agency_name: str | None = None,
    template: AnnouncementTemplate = DEFAULT_TEMPLATE,
) -> tuple[str, ...]:
    """The speech sentence ``template.repeats`` times, for a player that pauses between them."""
    return (announcement_speech(number, counter_number, agency_name, template),) * template.repeats
