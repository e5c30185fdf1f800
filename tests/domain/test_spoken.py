"""Tests for shared.domain.spoken (Indonesian/English reading of queue calls)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.domain.spoken import (
    DEFAULT_TEMPLATE,
    MAX_NUMBER,
    AnnouncementTemplate,
    announcement_speech,
    announcement_text,
    announcement_utterances,
    english_number_words,
    letter_name,
    number_words,
    parse_ticket_number,
    spoken_number,
)

# ---------------------------------------------------------------------------
# Independent oracle: place-value recursion, structured differently from the
# module (which works in thousand-groups with explicit branches).

_DIGITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan".split()
_PLACES = ((1000, "ribu"), (100, "ratus"), (10, "puluh"))


def oracle(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n) or f"{_DIGITS[n - 10]} belas"
    for value, name in _PLACES:
        if n >= value:
            q, r = divmod(n, value)
            head = f"se{name}" if q == 1 else f"{oracle(q)} {name}"
            return head if r == 0 else f"{head} {oracle(r)}"
    raise AssertionError("unreachable")  # pragma: no cover


# Parser from words back to int, strict about the "se-" rule so that a
# round trip proves both correctness and that the reading is unambiguous.
_UNIT_VALUE = {w: i for i, w in enumerate(_DIGITS) if i}
_MULT = {"puluh": 10, "ratus": 100}


def parse_words(text: str) -> int:
    if text == "nol":
        return 0
    tokens = text.split(" ")
    total = group = last = 0
    prev = None
    for tok in tokens:
        if tok in _UNIT_VALUE:
            group += _UNIT_VALUE[tok]
            last = _UNIT_VALUE[tok]
        elif tok == "belas":
            assert prev in _UNIT_VALUE and prev != "satu", text
            group += 10
        elif tok in _MULT:
            assert prev in _UNIT_VALUE and prev != "satu", text
            group += last * (_MULT[tok] - 1)
        elif tok in ("sepuluh", "sebelas", "seratus"):
            group += {"sepuluh": 10, "sebelas": 11, "seratus": 100}[tok]
        elif tok == "ribu":
            # "satu ribu" is only legal inside a larger multiplier (dua puluh satu ribu).
            assert group > 1 and prev is not None, text
            total, group = total + group * 1000, 0
        elif tok == "seribu":
            assert prev is None, text
            total += 1000
        else:
            raise AssertionError(f"unknown token {tok!r} in {text!r}")
        prev = tok
    return total + group


# ---------------------------------------------------------------------------
# number_words

HAND = {
    0: "nol",
    1: "satu",
    2: "dua",
    3: "tiga",
    4: "empat",
    5: "lima",
    6: "enam",
    7: "tujuh",
    8: "delapan",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    13: "tiga belas",
    15: "lima belas",
    17: "tujuh belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    30: "tiga puluh",
    45: "empat puluh lima",
    58: "lima puluh delapan",
    66: "enam puluh enam",
    70: "tujuh puluh",
    81: "delapan puluh satu",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    105: "seratus lima",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    112: "seratus dua belas",
    119: "seratus sembilan belas",
    120: "seratus dua puluh",
    123: "seratus dua puluh tiga",
    199: "seratus sembilan puluh sembilan",
    200: "dua ratus",
    201: "dua ratus satu",
    211: "dua ratus sebelas",
    310: "tiga ratus sepuluh",
    999: "sembilan ratus sembilan puluh sembilan",
    1000: "seribu",
    1001: "seribu satu",
    1010: "seribu sepuluh",
    1011: "seribu sebelas",
    1100: "seribu seratus",
    1111: "seribu seratus sebelas",
    1999: "seribu sembilan ratus sembilan puluh sembilan",
    2000: "dua ribu",
    2001: "dua ribu satu",
    2024: "dua ribu dua puluh empat",
    5000: "lima ribu",
    9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
    10_000: "sepuluh ribu",
    11_000: "sebelas ribu",
    12_345: "dua belas ribu tiga ratus empat puluh lima",
    19_000: "sembilan belas ribu",
    20_000: "dua puluh ribu",
    21_000: "dua puluh satu ribu",
    21_001: "dua puluh satu ribu satu",
    99_999: "sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
    100_000: "seratus ribu",
    100_001: "seratus ribu satu",
    101_000: "seratus satu ribu",
    110_000: "seratus sepuluh ribu",
    111_111: "seratus sebelas ribu seratus sebelas",
    200_000: "dua ratus ribu",
    201_101: "dua ratus satu ribu seratus satu",
    500_500: "lima ratus ribu lima ratus",
    999_999: "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
}


@pytest.mark.parametrize(("n", "words"), sorted(HAND.items()))
def test_number_words_hand_written(n: int, words: str) -> None:
    assert number_words(n) == words


def test_hand_table_is_large_enough() -> None:
    assert len(HAND) >= 50


def test_oracle_agrees_with_hand_table() -> None:
    # Guards the oracle itself, so the bulk comparison below means something.
    assert all(oracle(n) == w for n, w in HAND.items())


# Coverage of the input space without tracing a million calls on every run:
# everything below 20 000 (all of "seribu", "sepuluh ribu" .. "sembilan belas
# ribu"), a stride of 7 (coprime with 10, so every last-digit/tens pattern
# recurs under every thousands prefix), every round thousand, and t*1000+t.
SAMPLE = sorted(
    set(range(20_000))
    | set(range(0, MAX_NUMBER + 1, 7))
    | set(range(0, MAX_NUMBER + 1, 1000))
    | {t * 1000 + t for t in range(1000)}
    | {MAX_NUMBER}
)


@pytest.fixture(scope="module")
def sample_words() -> dict[int, str]:
    return {n: number_words(n) for n in SAMPLE}


def test_number_words_matches_oracle(sample_words: dict[int, str]) -> None:
    mismatches = [n for n, w in sample_words.items() if w != oracle(n)]
    assert mismatches == []


def test_round_trip_words_to_int(sample_words: dict[int, str]) -> None:
    assert [n for n, w in sample_words.items() if parse_words(w) != n] == []
    # Injective: no two numbers share a reading.
    assert len(set(sample_words.values())) == len(sample_words)


def test_se_prefix_properties(sample_words: dict[int, str]) -> None:
    # One regex pass over all readings, one per line, instead of a Python loop.
    blob = "\n".join(sample_words.values())
    assert re.search(r"\bsatu (ratus|puluh|belas)\b", blob) is None
    # "satu ribu" is correct only inside a larger multiplier: dua puluh satu ribu,
    # seratus satu ribu; never on its own (that is "seribu").
    before = set(re.findall(r"(?m)(?:^|(\w+) )satu ribu", blob))
    assert before == {"puluh", "ratus", "seratus"}
    assert blob.count("nol") == 1 and sample_words[0] == "nol"
    assert set(blob) <= set("abcdefghijklmnopqrstuvwxyz \n")
    assert "  " not in blob and " \n" not in blob and "\n " not in blob


@pytest.mark.parametrize("bad", [-1, MAX_NUMBER + 1, 10**9])
def test_number_words_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        number_words(bad)
    with pytest.raises(ValueError, match="out of range"):
        english_number_words(bad)


@pytest.mark.parametrize("bad", [True, False, 1.0, "1", None])
def test_number_words_rejects_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        number_words(bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# English

EN_HAND = {
    0: "zero",
    1: "one",
    5: "five",
    10: "ten",
    11: "eleven",
    13: "thirteen",
    19: "nineteen",
    20: "twenty",
    21: "twenty-one",
    40: "forty",
    99: "ninety-nine",
    100: "one hundred",
    101: "one hundred one",
    110: "one hundred ten",
    123: "one hundred twenty-three",
    999: "nine hundred ninety-nine",
    1000: "one thousand",
    1001: "one thousand one",
    12_345: "twelve thousand three hundred forty-five",
    100_000: "one hundred thousand",
    101_000: "one hundred one thousand",
    999_999: "nine hundred ninety-nine thousand nine hundred ninety-nine",
}


@pytest.mark.parametrize(("n", "words"), sorted(EN_HAND.items()))
def test_english_number_words(n: int, words: str) -> None:
    assert english_number_words(n) == words


def test_english_words_are_distinct_and_well_formed() -> None:
    seen = set()
    for n in range(0, MAX_NUMBER + 1, 31):
        w = english_number_words(n)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)?( [a-z]+(-[a-z]+)?)*", w), (n, w)
        assert ("zero" in w) == (n == 0)
        seen.add(w)
    assert len(seen) == len(range(0, MAX_NUMBER + 1, 31))


# ---------------------------------------------------------------------------
# letter names

ID_NAMES = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "a be ce de e ef ge ha i je ka el em en o pe ki er es te u fe we eks ye zet".split(),
    )
)


@pytest.mark.parametrize(("ch", "name"), sorted(ID_NAMES.items()))
def test_letter_name_indonesian(ch: str, name: str) -> None:
    assert letter_name(ch) == name
    assert letter_name(ch.lower()) == name
    assert letter_name(ch, "id") == name


def test_letter_name_english_covers_alphabet() -> None:
    names = [letter_name(ch, "en") for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    assert len(set(names)) == 26
    assert letter_name("B", "en") == "bee"
    assert letter_name("W", "en") == "double-u"
    # Not "a": English voices read it as the article.
    assert letter_name("A", "en") not in ("a", "A")


@pytest.mark.parametrize("bad", ["", "AB", "1", "-", " ", "é", "ı", "ſ", None, 65])
def test_letter_name_rejects_non_letters(bad: object) -> None:
    with pytest.raises(ValueError, match="single letter"):
        letter_name(bad)  # type: ignore[arg-type]


def test_letter_name_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="unsupported language 'jv'"):
        letter_name("A", "jv")


# ---------------------------------------------------------------------------
# ticket numbers


@pytest.mark.parametrize(
    ("number", "parts"),
    [("A123", ("A", "123")), ("A005", ("A", "005")), ("AB1", ("AB", "1")), ("XYZ999999", ("XYZ", "999999"))],
)
def test_parse_ticket_number(number: str, parts: tuple[str, str]) -> None:
    assert parse_ticket_number(number) == parts


@pytest.mark.parametrize(
    "bad",
    ["", "A", "123", "a123", "ABCD1", "A1234567", "A-1", "A 1", " A1", "A1 ", "A١٢٣", "Ä1", "A1B", None, 123],
)
def test_invalid_ticket_numbers_raise_clear_error(bad: object) -> None:
    with pytest.raises(ValueError, match=r"invalid ticket number .*1-3 capital letters"):
        parse_ticket_number(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="invalid ticket number"):
        announcement_text(bad, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="invalid ticket number"):
        spoken_number(bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# spoken_number


def test_spoken_number_uses_letter_names_and_values() -> None:
    assert spoken_number("B123") == "be seratus dua puluh tiga"
    assert spoken_number("A005") == "a lima"
    assert spoken_number("A000") == "a nol"
    assert spoken_number("QX12") == "ki eks dua belas"
    assert spoken_number("A1000") == "a seribu"


def test_spoken_number_digit_by_digit() -> None:
    t = AnnouncementTemplate(digit_by_digit=True)
    assert spoken_number("A005", t) == "a, nol nol lima"
    assert spoken_number("B120", t) == "be, satu dua nol"
    assert spoken_number("ZZ9", t) == "zet zet, sembilan"


def test_spoken_number_english() -> None:
    assert spoken_number("B123", AnnouncementTemplate(lang="en")) == "bee one hundred twenty-three"
    t = AnnouncementTemplate(lang="en", digit_by_digit=True)
    assert spoken_number("C015", t) == "see, zero one five"


# ---------------------------------------------------------------------------
# announcements


def test_default_announcement_matches_domain_doc_exactly() -> None:
    assert announcement_text("A123", 5, None, AnnouncementTemplate()) == (
        "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima."
    )
    assert announcement_text("A123", 5) == announcement_text("A123", 5, None, DEFAULT_TEMPLATE)


def test_speech_spells_letters_text_keeps_raw_letters() -> None:
    assert announcement_text("B123", 5) == "Nomor antrean B seratus dua puluh tiga, silakan menuju loket lima."
    assert announcement_speech("B123", 5) == "Nomor antrean be seratus dua puluh tiga, silakan menuju loket lima."


def test_zero_padding_read_as_value() -> None:
    assert announcement_text("A005", 1) == "Nomor antrean A lima, silakan menuju loket satu."
    assert announcement_text("A011", 11) == "Nomor antrean A sebelas, silakan menuju loket sebelas."


def test_digit_by_digit_follows_domain_doc() -> None:
    t = AnnouncementTemplate(digit_by_digit=True)
    assert announcement_text("A005", 5, None, t) == "Nomor antrean A, nol nol lima, silakan menuju loket lima."
    assert announcement_speech("D005", 5, None, t) == "Nomor antrean de, nol nol lima, silakan menuju loket lima."
    # The counter is still read as a value: only the ticket goes digit by digit.
    assert announcement_text("A005", 12, None, t).endswith("loket dua belas.")


def test_include_agency() -> None:
    t = AnnouncementTemplate(include_agency=True)
    assert announcement_text("A123", 5, "Dukcapil", t) == (
        "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima, gerai Dukcapil."
    )
    assert announcement_speech("B123", 5, "  Dukcapil ", t) == (
        "Nomor antrean be seratus dua puluh tiga, silakan menuju loket lima, gerai Dukcapil."
    )


@pytest.mark.parametrize("agency", [None, "", "   "])
def test_include_agency_without_a_name_omits_the_clause(agency: str | None) -> None:
    t = AnnouncementTemplate(include_agency=True)
    assert announcement_text("A123", 5, agency, t) == announcement_text("A123", 5)


def test_agency_ignored_unless_template_asks() -> None:
    assert announcement_text("A123", 5, "Dukcapil") == announcement_text("A123", 5)


def test_english_announcement() -> None:
    t = AnnouncementTemplate(lang="en")
    assert announcement_text("A123", 5, None, t) == (
        "Queue number A one hundred twenty-three, please proceed to counter five."
    )
    assert announcement_speech("A123", 5, None, t) == (
        "Queue number eigh one hundred twenty-three, please proceed to counter five."
    )
    t2 = AnnouncementTemplate(lang="en", include_agency=True, digit_by_digit=True)
    assert announcement_text("A005", 21, "Dukcapil", t2) == (
        "Queue number A, zero zero five, please proceed to counter twenty-one, booth Dukcapil."
    )


def test_utterances_repeat_the_same_speech() -> None:
    t = AnnouncementTemplate(repeats=3)
    out = announcement_utterances("B007", 2, None, t)
    assert out == (announcement_speech("B007", 2),) * 3
    assert announcement_utterances("B007", 2) == (announcement_speech("B007", 2),)


@pytest.mark.parametrize("counter", [0, -1, True, 1.0, "5", None, MAX_NUMBER + 1])
def test_invalid_counter_numbers(counter: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        announcement_text("A1", counter)  # type: ignore[arg-type]


@pytest.mark.parametrize("counter", [0, -1, True, 1.0, "5", None])
def test_invalid_counter_numbers_are_value_errors(counter: object) -> None:
    with pytest.raises(ValueError, match="counter number"):
        announcement_speech("A1", counter)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# template


def test_template_defaults_and_frozen() -> None:
    t = AnnouncementTemplate()
    assert (t.digit_by_digit, t.include_agency, t.repeats, t.lang) == (False, False, 1, "id")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.repeats = 2  # type: ignore[misc]
    assert AnnouncementTemplate(repeats=2) == AnnouncementTemplate(repeats=2)
    assert hash(AnnouncementTemplate(lang="en")) == hash(AnnouncementTemplate(lang="en"))


@pytest.mark.parametrize("repeats", [0, -1, True, 1.5, "2"])
def test_template_rejects_bad_repeats(repeats: object) -> None:
    with pytest.raises(ValueError, match="repeats"):
        AnnouncementTemplate(repeats=repeats)  # type: ignore[arg-type]


def test_template_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        AnnouncementTemplate(lang="fr")


# ---------------------------------------------------------------------------
# properties over arbitrary ticket numbers

_prefix = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3)
_digits = st.text(alphabet="0123456789", min_size=1, max_size=6)
_templates = st.builds(
    AnnouncementTemplate,
    digit_by_digit=st.booleans(),
    include_agency=st.booleans(),
    repeats=st.integers(1, 5),
    lang=st.sampled_from(["id", "en"]),
)


@given(_prefix, _digits, st.integers(1, 200), _templates)
def test_text_and_speech_differ_only_in_the_prefix(
    prefix: str, digits: str, counter: int, template: AnnouncementTemplate
) -> None:
    number = prefix + digits
    text = announcement_text(number, counter, "Dukcapil", template)
    speech = announcement_speech(number, counter, "Dukcapil", template)
    spelled = " ".join(letter_name(c, template.lang) for c in prefix)
    lead = "Nomor antrean " if template.lang == "id" else "Queue number "
    assert text.startswith(lead + prefix)
    assert speech == text.replace(lead + prefix, lead + spelled, 1)
    assert spoken_number(number, template) in speech
    assert text.endswith(".") and text.count(".") == 1
    assert ("Dukcapil" in text) == template.include_agency
    assert len(announcement_utterances(number, counter, "Dukcapil", template)) == template.repeats


@given(_prefix, _digits)
def test_value_reading_ignores_zero_padding(prefix: str, digits: str) -> None:
    assert spoken_number(prefix + digits) == spoken_number(prefix + digits.lstrip("0").rjust(1, "0"))


@given(_prefix, _digits)
def test_digit_by_digit_reads_every_digit(prefix: str, digits: str) -> None:
    spoken = spoken_number(prefix + digits, AnnouncementTemplate(digit_by_digit=True))
    tail = spoken.split(", ", 1)[1].split(" ")
    assert [_DIGITS.index(w) for w in tail] == [int(d) for d in digits]
