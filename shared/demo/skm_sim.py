"""Simulated SKM survey responses (PermenPANRB 14/2017) for demo and benchmark databases.

About a quarter of the served visitors of a day answer the survey a few minutes after service:
mostly 3s and 4s, each agency with its own (seeded) quality so grades differ between agencies,
U4 (biaya) mostly "Gratis" for free services, a few blank answers (U8, pengaduan, most often:
many visitors never complained) and an optional respondent profile and comment.
Written through ``reports_db.insert_skm_responses`` on the store's connection.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from ..domain.skm import UNSUR_KEYS
from ..store.queue_store import QueueStore
from ..store.reports_db import insert_skm_responses

EDUCATION = ("SD", "SMP", "SMA", "D1–D3", "S1", "S2", "S3")
EDUCATION_WEIGHT = (8, 14, 42, 10, 21, 4, 1)
OCCUPATION = ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya")
OCCUPATION_WEIGHT = (10, 2, 2, 34, 28, 24)
COMMENTS = (
    "Pelayanan cepat dan ramah, terima kasih.",
    "Ruang tunggu agak panas, mohon tambah kipas.",
    "Petugas datang terlambat, loket kosong pagi hari.",
    "Persyaratan sebaiknya diumumkan lebih jelas.",
    "Antrean tertib, layar panggilan jelas.",
    "Parkir penuh.",
    "Mohon ditambah petugas di jam sibuk.",
)
BLANK_RATE = {"U8": 0.15}  # unsur -> probability of a blank answer; others DEFAULT_BLANK
DEFAULT_BLANK = 0.02


def agency_quality(agency_id: int, seed: int) -> float:
    """-1 (poorer: grade C) .. 2.2 (excellent: grade A), fixed per agency and seed."""
    return random.Random(seed * 7919 + agency_id).uniform(-1.0, 2.2)


def _answer(rng: random.Random, quality: float) -> int:
    weights = (max(0.5, 3 - 2 * quality), max(1.0, 10 - 5 * quality), 55.0,
               max(5.0, 30 + 25 * quality))
    return rng.choices((1, 2, 3, 4), weights)[0]


def make_response(rng: random.Random, ticket: tuple, quality: float, free: bool) -> dict:
    ticket_id, day, agency_id, service_id, finished_at = ticket
    response: dict = {
        "ticket_id": ticket_id, "day": day, "agency_id": agency_id, "service_id": service_id,
        "submitted_at": finished_at + rng.randint(30, 15 * 60) * 1000,
    }
    for key in UNSUR_KEYS:
        if rng.random() < BLANK_RATE.get(key, DEFAULT_BLANK):
            response[key] = None
        elif key == "U4" and free:
            response[key] = 4 if rng.random() < 0.9 else 3
        else:
            response[key] = _answer(rng, quality)
    response["gender"] = rng.choice(("L", "P")) if rng.random() < 0.95 else None
    response["age"] = round(rng.triangular(17, 75, 33)) if rng.random() < 0.85 else None
    response["education"] = (rng.choices(EDUCATION, EDUCATION_WEIGHT)[0]
                             if rng.random() < 0.9 else None)
    response["occupation"] = (rng.choices(OCCUPATION, OCCUPATION_WEIGHT)[0]
                              if rng.random() < 0.9 else None)
    response["comment"] = rng.choice(COMMENTS) if rng.random() < 0.12 else ""
    return response


def simulate_skm_days(store: QueueStore, from_day: date, to_day: date, seed: int = 2026,
                      rate: float = 0.25) -> int:
    """Responses for about ``rate`` of the served tickets of [from_day, to_day] (the same tickets
    and answers for the same seed, however the days are batched; tickets that have a response
    are left alone, so a second run adds nothing); returns how many were stored. Inside the caller's transaction if one is open (e.g.
    ``store.bulk()``), else in its own."""
    catalog = store.state.catalog
    free = {s.id: s.standard.is_free for s in catalog.services.values()}

    def write(conn) -> int:
        tickets = conn.execute(
            "SELECT t.id, t.day, t.agency_id, t.service_id, t.finished_at FROM tickets t "
            "WHERE t.day BETWEEN ? AND ? AND t.status = 'done' AND t.finished_at IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM skm_responses s WHERE s.ticket_id = t.id) "
            "ORDER BY t.id", (from_day.isoformat(), to_day.isoformat())).fetchall()
        qualities: dict[int, float] = {}
        responses = []
        for ticket in tickets:
            # One generator per ticket: whether and how a visitor answers does not depend on how
            # the days are batched, and a second run adds nothing.
            rng = random.Random(seed * 1_000_003 + ticket[0])
            if rng.random() >= rate:
                continue
            agency_id = ticket[2]
            if agency_id not in qualities:
                qualities[agency_id] = agency_quality(agency_id, seed)
            responses.append(make_response(rng, ticket, qualities[agency_id],
                                           free.get(ticket[3], True)))
        return insert_skm_responses(conn, responses)

    if store.conn.in_transaction:
        return write(store.conn)
    return store.write(write)


def simulate_skm_day(store: QueueStore, day: date, seed: int = 2026, rate: float = 0.25) -> int:
    """One day's responses: the call simulate_history makes after each simulated day."""
    return simulate_skm_days(store, day, day, seed, rate)


def simulate_skm_history(store: QueueStore, from_day: date, to_day: date, seed: int = 2026,
                         rate: float = 0.25) -> int:
    """Back-fill a database simulated without responses, one transaction per 31 days."""
    stored = 0
    start = from_day
    while start <= to_day:
        end = min(to_day, start + timedelta(days=30))
        stored += simulate_skm_days(store, start, end, seed, rate)
        start = end + timedelta(days=1)
    return stored
