"""Part of :mod:`shared.domain.reports` (definitions in its docstring): the SKM (community
satisfaction survey) report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .reports_common import Labels, check_period
from .skm import (WEIGHT_LABELS, SkmResult, UNSUR_KEYS, WeightMode, grade, krejcie_morgan,
                  round_half_up)


# --------------------------------------------------------------------------- SKM

@dataclass(frozen=True)
class SkmRow:
    """Identical responses (same agency, service, answers and profile), ``count`` times.

    ``answers``: U1..U9 in order, None = blank."""

    agency_id: int | None
    service_id: int | None
    answers: tuple[int | None, ...]
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    count: int = 1


@dataclass(frozen=True)
class SkmLine:
    level: str  # 'agency', 'service' or 'total'
    agency_id: int | None
    agency_code: str
    agency: str
    service_id: int | None
    service: str
    result: SkmResult
    population: int  # served tickets in the period (N)

    @property
    def target(self) -> int:
        """Krejcie-Morgan sample size for N."""
        return krejcie_morgan(self.population)


AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("< 20", 0, 19), ("20–29", 20, 29), ("30–39", 30, 39), ("40–49", 40, 49),
    ("50–59", 50, 59), ("≥ 60", 60, 10_000))
NOT_FILLED = "Tidak diisi"


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_FILLED
    return next((name for name, lo, hi in AGE_BANDS if lo <= age <= hi), NOT_FILLED)


@dataclass(frozen=True)
class SkmReport:
    from_day: date
    to_day: date
    weight: str
    total: SkmLine
    agencies: tuple[SkmLine, ...]
    services: tuple[SkmLine, ...]
    profile: Mapping[str, Mapping[str, int]]  # gender/age/education/occupation -> value -> count
    site_name: str = ""


class SkmTotals(NamedTuple):
    """Answers of one agency and service, summed: all the index needs (NRR = sum / count)."""

    agency_id: int | None
    service_id: int | None
    respondents: int  # responses with at least one answer
    sums: tuple[int, ...]  # U1..U9
    counts: tuple[int, ...]  # non-blank answers, U1..U9


class SkmProfileCount(NamedTuple):
    """Respondents (at least one answer) with one combination of profile answers."""

    gender: str | None
    age: int | None
    education: str | None
    occupation: str | None
    count: int


def skm_totals(rows: Iterable[SkmRow]) -> list[SkmTotals]:
    """Reference implementation of the SKM totals query in ``reports_db``."""
    acc: dict[tuple, list] = {}
    for row in rows:
        entry = acc.setdefault((row.agency_id, row.service_id), [0, [0] * 9, [0] * 9])
        if all(a is None for a in row.answers):
            continue
        entry[0] += row.count
        for i, answer in enumerate(row.answers):
            if answer is not None:
                entry[1][i] += answer * row.count
                entry[2][i] += row.count
    return [SkmTotals(a, s, n, tuple(sums), tuple(counts))
            for (a, s), (n, sums, counts) in acc.items()]


def skm_profile_counts(rows: Iterable[SkmRow]) -> list[SkmProfileCount]:
    """Reference implementation of the SKM profile query in ``reports_db``."""
    acc: dict[tuple, int] = {}
    for row in rows:
        if any(a is not None for a in row.answers):
            key = (row.gender, row.age, row.education, row.occupation)
            acc[key] = acc.get(key, 0) + row.count
    return [SkmProfileCount(*key, n) for key, n in acc.items()]


def skm_result(respondents: int, sums: Sequence[int], counts: Sequence[int],
               weight: WeightMode = "exact") -> SkmResult:
    """``skm.skm_index`` computed from per-unsur sums and counts instead of the responses (so a
    year of answers is summed in SQL). The same arithmetic, step for step; the tests check that
    both give equal results."""
    if weight not in WEIGHT_LABELS:
        raise ValueError(f"weight must be 'exact' or '0.11', got {weight!r}")
    nrr: dict[str, Fraction | None] = {
        k: Fraction(total, n) if n else None for k, total, n in zip(UNSUR_KEYS, sums, counts)}
    answered_nrr = [v for v in nrr.values() if v is not None]
    ikm: Fraction | None = None
    nik: Decimal | None = None
    if answered_nrr:
        w = Fraction(1, len(answered_nrr)) if weight == "exact" else Fraction(11, 100)
        ikm = sum(answered_nrr, Fraction(0)) * w
        nik = round_half_up(ikm * 25)
    return SkmResult(weight=weight, respondents=respondents,
                     answered=dict(zip(UNSUR_KEYS, counts)), nrr=nrr, ikm=ikm, nik=nik,
                     grade=None if nik is None else grade(nik))


def skm_report(totals: Iterable[SkmTotals], from_day: date, to_day: date,
               served: Mapping[tuple[int, int], int] | None = None,
               labels: Labels | None = None, weight: WeightMode = "exact",
               profile: Iterable[SkmProfileCount] = ()) -> SkmReport:
    """SKM per agency, per service and in total, with the respondent profile (gender, age band,
    education, occupation; blanks as 'Tidak diisi').

    ``served``: (agency_id, service_id) -> served tickets, the population N; agencies and services
    with served visitors but no responses are listed too (no index, respondents 0)."""
    check_period(from_day, to_day)
    labels = labels or Labels()
    served = served or {}
    empty = (0, (0,) * 9, (0,) * 9)
    services: dict[tuple, tuple] = {k: empty for k in served}
    for t in totals:
        services[(t.agency_id, t.service_id)] = _sum_skm(
            services.get((t.agency_id, t.service_id), empty), (t.respondents, t.sums, t.counts))
    agencies: dict[int | None, tuple] = {}
    for (a, _), value in services.items():
        agencies[a] = _sum_skm(agencies.get(a, empty), value)
    everything = empty
    for value in agencies.values():
        everything = _sum_skm(everything, value)
    population_agency: dict[int | None, int] = {}
    for (a, _), n in served.items():
        population_agency[a] = population_agency.get(a, 0) + n
    agency_lines = tuple(
        SkmLine("agency", a, labels.agency_code(a), labels.agency(a), None, "",
                skm_result(*value, weight), population_agency.get(a, 0))
        for a, value in sorted(agencies.items(), key=lambda e: labels.agency_order(e[0])))
    service_lines = tuple(
        SkmLine("service", a, labels.agency_code(a), labels.agency(a), s, labels.service(s),
                skm_result(*value, weight), served.get((a, s), 0))  # type: ignore[arg-type]
        for (a, s), value in sorted(services.items(), key=lambda e: (
            labels.agency_order(e[0][0]), labels.service_order(e[0][1]))))
    total = SkmLine("total", None, "", "Semua instansi", None, "",
                    skm_result(*everything, weight), sum(served.values()))
    counted: dict[str, dict[str, int]] = {"gender": {}, "age": {}, "education": {},
                                          "occupation": {}}
    for p in profile:
        for name, value in (("gender", p.gender), ("age", age_band(p.age)),
                            ("education", p.education), ("occupation", p.occupation)):
            value = value or NOT_FILLED
            counted[name][value] = counted[name].get(value, 0) + p.count
    return SkmReport(from_day, to_day, weight, total, agency_lines, service_lines,
                     {k: _in_profile_order(k, v) for k, v in counted.items()}, labels.site_name)


def _sum_skm(a: tuple, b: tuple) -> tuple:
    return (a[0] + b[0], tuple(x + y for x, y in zip(a[1], b[1])),
            tuple(x + y for x, y in zip(a[2], b[2])))


# Profile answers in the order of the regulation's form (domain.md §5); others after, A-Z.
PROFILE_ORDER: Mapping[str, tuple[str, ...]] = {
    "gender": ("L", "P"),
    "age": tuple(name for name, _, _ in AGE_BANDS),
    "education": ("SD", "SMP", "SMA", "D1–D3", "S1", "S2", "S3"),
    "occupation": ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya"),
}


def _in_profile_order(name: str, counts: Mapping[str, int]) -> dict[str, int]:
    order = PROFILE_ORDER[name]

    def rank(value: str) -> tuple:
        if value == NOT_FILLED:
            return (2, "")
        return (0, order.index(value), "") if value in order else (1, value)
    return {value: counts[value] for value in sorted(counts, key=rank)}
