"""SKM - Survei Kepuasan Masyarakat, PermenPANRB 14/2017 (domain.md §5).

Pure computation: the nine unsur as data, the index (NRR, IKM, NIK, grade),
the Krejcie-Morgan sample size and a CSV reader for imported answers.

Arithmetic is exact (fractions.Fraction) throughout; only the published
figures are rounded, half-up, at the very end, because legacy spreadsheets
that round NRR early or use the 0,11 weight can drop a unit a grade.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "GRADES",
    "UNSUR",
    "UNSUR_BY_KEY",
    "UNSUR_KEYS",
    "WEIGHT_LABELS",
    "Grade",
    "SkmCsvError",
    "SkmResult",
    "Unsur",
    "WeightMode",
    "grade",
    "krejcie_morgan",
    "parse_skm_csv",
    "round_half_up",
    "skm_index",
]

WeightMode = Literal["exact", "0.11"]

# Shown next to every published figure so the compatibility mode is never mistaken
# for the regulation's weight.
WEIGHT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "exact": "Bobot 1/9 (PermenPANRB 14/2017)",
        "0.11": "Bobot 0,11 (mode kompatibilitas spreadsheet lama; nilai maksimum 99,00)",
    }
)


@dataclass(frozen=True)
class Unsur:
    """One survey element with the regulation's standard question and answer labels 1..4."""

    key: str
    name: str
    question: str
    labels: tuple[str, str, str, str]

    def label(self, answer: int) -> str:
        """Label of answer 1..4, e.g. U4 answer 4 -> "Gratis"."""
        if not _valid_answer(answer):
            raise ValueError(f"{self.key}: answer must be 1..4, got {answer!r}")
        return self.labels[answer - 1]


# Keyed by unsur, never by position: the regulation's sample form asks U9 as
# question 8 and U8 as question 9, and units may reorder or reword per service.
UNSUR: tuple[Unsur, ...] = (
    Unsur(
        "U1",
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U2",
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Unsur(
        "U3",
        "Waktu Penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Unsur(
        "U4",
        "Biaya/Tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Unsur(
        "U5",
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U6",
        "Kompetensi Pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Unsur(
        "U7",
        "Perilaku Pelaksana",
        "Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    Unsur(
        "U8",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
    Unsur(
        "U9",
        "Sarana dan Prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat Baik"),
    ),
)
UNSUR_KEYS: tuple[str, ...] = tuple(u.key for u in UNSUR)
UNSUR_BY_KEY: Mapping[str, Unsur] = MappingProxyType({u.key: u for u in UNSUR})


@dataclass(frozen=True)
class Grade:
    """Mutu pelayanan; ``minimum`` is the lowest NIK (2 decimals) that earns it."""

    letter: str
    label: str
    minimum: Decimal


# PermenPANRB 14/2017 table (not the superseded 2004 one), highest first.
GRADES: tuple[Grade, ...] = (
    Grade("A", "Sangat Baik", Decimal("88.31")),
    Grade("B", "Baik", Decimal("76.61")),
    Grade("C", "Kurang Baik", Decimal("65.00")),
    Grade("D", "Tidak Baik", Decimal("-Infinity")),
)

_CENT = Decimal("0.01")


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """Exact half-up rounding of a rational to ``places`` decimals (88.305 -> 88.31)."""
    scaled = Fraction(value) * 10**places
    # floor(x + 1/2) on the absolute value: half away from zero, which is what
    # "half-up" means in the regulation's spreadsheets (values here are >= 0).
    units = math.floor(abs(scaled) + Fraction(1, 2))
    sign = -1 if scaled < 0 else 1
    return Decimal(sign * units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def grade(score: Decimal | Fraction | int | float | str) -> Grade:
    """Grade of a converted score (NIK, or NRR x 25 per unsur).

    The score is first rounded half-up to 2 decimals, as published. Floats are
    taken at their shortest repr (88.31 means 88.31, not the binary neighbour).
    """
    if isinstance(score, bool):
        raise TypeError("score must be a number, not bool")
    exact = Fraction(repr(score)) if isinstance(score, float) else Fraction(score)
    rounded = round_half_up(exact)
    return next(g for g in GRADES if rounded >= g.minimum)


@dataclass(frozen=True)
class SkmResult:
    """Outcome of :func:`skm_index`. ``ikm``/``nik``/``grade`` are None when nothing was answered."""

    weight: str
    respondents: int  # responses with at least one non-blank answer
    answered: Mapping[str, int]  # non-blank answers per unsur
    nrr: Mapping[str, Fraction | None]  # None = unsur wholly blank
    ikm: Fraction | None
    nik: Decimal | None
    grade: Grade | None

    @property
    def grade_letter(self) -> str | None:
        return self.grade.letter if self.grade else None

    @property
    def grade_label(self) -> str | None:
        return self.grade.label if self.grade else None

    @property
    def blank_unsur(self) -> tuple[str, ...]:
        """Unsur nobody answered; reports should say they were not assessed."""
        return tuple(k for k in UNSUR_KEYS if self.nrr[k] is None)

    def unsur_score(self, key: str) -> Decimal | None:
        """Converted per-unsur score NRR x 25, 2 decimals half-up."""
        nrr = self.nrr[key]
        return None if nrr is None else round_half_up(nrr * 25)

    def unsur_grade(self, key: str) -> Grade | None:
        score = self.unsur_score(key)
        return None if score is None else grade(score)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: floats rounded for display (NRR/IKM 3, NIK 2 decimals)."""

        def num(x: Fraction | Decimal | None, places: int) -> float | None:
            return None if x is None else float(round_half_up(Fraction(x), places))

        unsur: dict[str, dict[str, Any]] = {}
        for u in UNSUR:
            g = self.unsur_grade(u.key)
            unsur[u.key] = {
                "name": u.name,
                "answered": self.answered[u.key],
                "nrr": num(self.nrr[u.key], 3),
                "score": num(self.unsur_score(u.key), 2),
                "grade": g.letter if g else None,
                "grade_label": g.label if g else None,
            }
        return {
            "weight": self.weight,
            "weight_label": WEIGHT_LABELS[self.weight],
            "respondents": self.respondents,
            "nrr": {k: v["nrr"] for k, v in unsur.items()},
            "ikm": num(self.ikm, 3),
            "nik": num(self.nik, 2),
            # Keeps the trailing zero ("100.00") that a float would lose.
            "nik_text": None if self.nik is None else str(self.nik),
            "grade": self.grade_letter,
            "grade_label": self.grade_label,
            "blank_unsur": list(self.blank_unsur),
            "unsur": unsur,
        }


def _valid_answer(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and 1 <= value <= 4


def skm_index(
    responses: Iterable[Mapping[str, int | None]],
    weight: WeightMode = "exact",
) -> SkmResult:
    """Compute the SKM index of PermenPANRB 14/2017.

    Each response maps unsur keys "U1".."U9" to an answer 1..4 or None (blank);
    a missing key is blank and keys other than U1..U9 (profile fields) are
    ignored. Blanks are excluded from an unsur's average, never counted as 0:

        NRR_i = sum of answers to unsur i / number of non-blank answers to unsur i
        IKM   = sum of NRR_i x w        NIK = IKM x 25   (rounded half-up, 2 dp, last)

    ``weight="exact"``: w = 1/9 when all nine unsur were answered. An unsur that
    *nobody* answered has NRR None and is left out, and the weight is re-spread
    as w = 1/k over the k answered unsur - i.e. IKM stays the mean NRR, so a
    survey that omitted a question is still on the 25..100 scale instead of
    being silently pulled down as if that unsur scored 0. ``blank_unsur`` on the
    result lists what was left out so reports can say so.

    ``weight="0.11"``: legacy-spreadsheet compatibility, w = 0.11 for every
    answered unsur (no re-spreading, as those spreadsheets do). All-4 answers
    give NIK 99.00 instead of 100.00; a wholly blank unsur lowers the maximum
    further. Label results from this mode as such (``WEIGHT_LABELS``).

    With no answers at all, ``ikm``, ``nik`` and ``grade`` are None.

    Raises ValueError for an answer that is not an int 1..4, naming the unsur
    and the 0-based respondent index.
    """
    if weight not in WEIGHT_LABELS:
        raise ValueError(f"weight must be 'exact' or '0.11', got {weight!r}")
    sums = dict.fromkeys(UNSUR_KEYS, 0)
    counts = dict.fromkeys(UNSUR_KEYS, 0)
    respondents = 0
    for index, response in enumerate(responses):
        any_answer = False
        for key in UNSUR_KEYS:
            value = response.get(key)
            if value is None:
                continue
            if not _valid_answer(value):
                raise ValueError(
                    f"respondent index {index}: {key} answer {value!r} is not an integer 1..4 "
                    "(use None for a blank answer)"
                )
            sums[key] += value
            counts[key] += 1
            any_answer = True
        respondents += any_answer

    nrr: dict[str, Fraction | None] = {
        k: Fraction(sums[k], counts[k]) if counts[k] else None for k in UNSUR_KEYS
    }
    answered_nrr = [v for v in nrr.values() if v is not None]
    ikm: Fraction | None = None
    nik: Decimal | None = None
    if answered_nrr:
        w = Fraction(1, len(answered_nrr)) if weight == "exact" else Fraction(11, 100)
        ikm = sum(answered_nrr, Fraction(0)) * w
        nik = round_half_up(ikm * 25)
    return SkmResult(
        weight=weight,
        respondents=respondents,
        answered=counts,
        nrr=nrr,
        ikm=ikm,
        nik=nik,
        grade=None if nik is None else grade(nik),
    )


# Krejcie & Morgan (1970) with the constants the regulation cites.
_CHI2 = Fraction("3.841")
_P = Fraction(1, 2)
_D = Fraction(5, 100)


def krejcie_morgan(population: int) -> int:
    """Target sample size for ``population`` service users (100 -> 80, 1000 -> 278, 10000 -> 370).

    s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P)), X^2 = 3.841, P = 0.5, d = 0.05,
    computed exactly and rounded half-up to the nearest integer.
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise TypeError(f"population must be an int, got {type(population).__name__}")
    if population < 0:
        raise ValueError(f"population must be >= 0, got {population}")
    pq = _P * (1 - _P)
    s = _CHI2 * population * pq / (_D**2 * (population - 1) + _CHI2 * pq)
    return math.floor(s + Fraction(1, 2))


class SkmCsvError(ValueError):
    """Every problem found in an SKM CSV; ``errors`` holds (line number, message) pairs."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "\n".join(f"line {n}: {msg}" for n, msg in errors)
        super().__init__(f"SKM CSV has {len(errors)} error(s):\n{lines}")


_UNSUR_HEADER = re.compile(r"[Uu][1-9]")
_ANSWERS = {"1": 1, "2": 2, "3": 3, "4": 4}


def _guess_delimiter(text: str) -> str:
    # Indonesian-locale Excel writes ";" (the comma is the decimal separator).
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def parse_skm_csv(text: str) -> list[dict[str, int | str | None]]:
    """Read SKM answers from CSV text into dicts for :func:`skm_index`.

    The header must name U1..U9 (any order, case-insensitive); other columns
    are kept as stripped strings under their header name (e.g. profile
    fields), unnamed columns are dropped. The delimiter (",", ";" or tab) is
    taken from the header line; a UTF-8 BOM is ignored. Empty cells are blank
    (None); rows whose cells are all empty are skipped. Every bad line is
    reported at once in a :class:`SkmCsvError` (a ValueError), with the
    1-based line number where the record starts.
    """
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_guess_delimiter(text), strict=True)
    errors: list[tuple[int, str]] = []
    header: list[str] | None = None
    rows: list[dict[str, int | str | None]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append((start, f"malformed CSV ({exc})"))
            if header is None:  # without a header no later line can be checked
                raise SkmCsvError(errors) from None
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().upper() if _UNSUR_HEADER.fullmatch(h.strip()) else h.strip() for h in row]
            named = [h for h in header if h]
            dupes = sorted({h for h in named if named.count(h) > 1})
            missing = [k for k in UNSUR_KEYS if k not in header]
            if dupes:
                errors.append((start, f"duplicate column(s) {', '.join(dupes)}"))
            if missing:
                errors.append((start, f"header lacks column(s) {', '.join(missing)}"))
            if errors:
                raise SkmCsvError(errors)
            continue
        if len(row) != len(header):
            errors.append((start, f"expected {len(header)} fields, got {len(row)}"))
            continue
        record: dict[str, int | str | None] = {}
        for name, cell in zip(header, row):
            value = cell.strip()
            if name in UNSUR_BY_KEY:
                if value and value not in _ANSWERS:
                    errors.append((start, f"{name} = {value!r} is not 1, 2, 3, 4 or empty"))
                record[name] = _ANSWERS.get(value)
            elif name:
                record[name] = value
        # U1..U9 first, in order, then the extra columns as they appeared.
        rows.append({k: record[k] for k in UNSUR_KEYS} | record)
    if header is None:
        raise SkmCsvError([(1, "no header line (expected columns U1..U9)")])
    if errors:
        raise SkmCsvError(errors)
    return rows
