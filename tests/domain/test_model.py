"""The catalog model (model.py), ticket/counter records (tickets.py) and event data (events.py)."""
from __future__ import annotations

import enum
import json
from datetime import date, datetime, time, timezone

import pytest

from shared.domain import commands as c
from shared.domain.calling import CallingRule, RuleMode
from shared.domain.events import Event, EventType, jsonable
from shared.domain.model import (
    Catalog,
    Channel,
    Interval,
    PriorityClass,
    Service,
    ServiceStandard,
    Site,
    WeeklyHours,
)
from shared.domain.tickets import CounterState, CounterStatus, PauseReason, TicketStatus

from .builders import MON, OFFICE_HOURS, SAT, SUN, CatalogBuilder, iv, weekly


# -- enums and labels ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("klass", "label_id", "label_en"),
    [
        (PriorityClass.LANSIA, "Lansia", "Elderly"),
        (PriorityClass.DISABILITAS, "Penyandang Disabilitas", "Person with disability"),
        (PriorityClass.IBU_HAMIL, "Ibu Hamil/Menyusui", "Pregnant/nursing mother"),
        (PriorityClass.ANAK, "Anak-anak", "Child"),
        (PriorityClass.KORBAN_BENCANA, "Korban Bencana", "Disaster victim"),
    ],
)
def test_priority_class_labels(klass, label_id, label_en):
    assert klass.label_id == label_id
    assert klass.label_en == label_en


def test_every_priority_class_has_labels():
    # The five groups of UU 25/2009 Pasal 29, each labelled in both languages.
    assert len(PriorityClass) == 5
    for klass in PriorityClass:
        assert klass.label_id and klass.label_en


def test_enums_are_string_values_for_storage():
    assert PriorityClass("lansia") is PriorityClass.LANSIA
    assert Channel("online") is Channel.ONLINE
    assert TicketStatus("no_show") is TicketStatus.NO_SHOW
    assert CounterStatus("paused") is CounterStatus.PAUSED
    assert PauseReason("sholat") is PauseReason.SHOLAT


def test_site_defaults():
    site = Site("s", "MPP")
    assert site.timezone == "Asia/Jakarta"
    assert site.number_padding == 3
    assert site.calling_rule == CallingRule(RuleMode.RATIO, 3)
    assert site.require_staffed is True
    assert site.open_24h is False
    assert "bukti antrean" in site.ticket_footer


# -- service standard -----------------------------------------------------------------------------
@pytest.mark.parametrize("cost", ["", "  ", "0", "Gratis", "GRATIS ", "free", "Rp0", "rp 0"])
def test_service_standard_free(cost):
    assert ServiceStandard(cost=cost).is_free


@pytest.mark.parametrize("cost", ["Rp10.000", "10000", "Rp 50.000 (PNBP)", "berbayar"])
def test_service_standard_not_free(cost):
    assert not ServiceStandard(cost=cost).is_free


def test_service_defaults():
    service = Service(1, "KTP", 1, "A", "KTP-el")
    assert service.standard == ServiceStandard()
    assert service.standard.is_free
    assert service.daily_quota is None
    assert service.cutoff_minutes == 30
    assert service.priority_eligible and service.active


# -- intervals and weekly hours -----------------------------------------------------------------
def test_interval_accepts_opens_before_closes():
    interval = Interval(time(7, 30), time(16, 0))
    assert (interval.opens, interval.closes) == (time(7, 30), time(16, 0))


@pytest.mark.parametrize(("opens", "closes"), [(time(16), time(7, 30)), (time(8), time(8))])
def test_interval_rejects_empty_or_reversed(opens, closes):
    with pytest.raises(ValueError, match="before it opens"):
        Interval(opens, closes)


def test_weekly_hours_on():
    assert OFFICE_HOURS.on(MON) == (iv("07:30-16:00"),)
    assert OFFICE_HOURS.on(5) == (iv("07:30-11:00"), iv("13:00-16:00"))
    assert OFFICE_HOURS.on(SAT) == (iv("08:00-12:00"),)
    assert OFFICE_HOURS.on(SUN) == ()
    assert WeeklyHours().on(MON) == ()


# -- catalog indexes ----------------------------------------------------------------------------
@pytest.fixture
def catalog() -> Catalog:
    # Agency 1: booth 1, counters 1-3, services 1 (A), 2 (B), 3 (C, inactive), 4 (D, sort first).
    # Agency 2: booth 2, counter 4, service 5 (E). Agency 3 has no booth; service 6 (F).
    return (
        CatalogBuilder()
        .agency("DUKCAPIL", counters=3, services=3)
        .add_service(1, "D", sort=-1)
        .service(3, active=False)
        .agency("BPJS", counters=1, services=["E"])
        .agency("BANK", booth=False, services=["F"])
        .profile(2, (2, 0), (1, 1), (3, 0), (99, 0))  # inactive 3 and unknown 99 are dropped
        .profile(3, (1, 5), (5, 2))  # a counter may serve another agency's service
        .build()
    )


def test_default_profile_is_every_active_service_of_the_agency_by_sort(catalog):
    assert catalog.counter_services(1) == (4, 1, 2)  # service 4 sorts first; 3 is inactive
    assert catalog.counter_services(4) == (5,)


def test_explicit_profile_ordered_by_position_then_id(catalog):
    assert catalog.counter_services(2) == (2, 1)
    assert catalog.counter_services(3) == (5, 1)


def test_service_position(catalog):
    assert catalog.service_position(2, 2) == 0
    assert catalog.service_position(2, 1) == 1
    assert catalog.service_position(3, 1) == 5
    assert catalog.service_position(3, 5) == 2
    assert catalog.service_position(1, 1) == 0  # no profile: everything at position 0
    assert catalog.service_position(2, 4) == 0  # not in the profile


def test_counters_for_service(catalog):
    assert catalog.counters_for_service(1) == (1, 2, 3)
    assert catalog.counters_for_service(2) == (1, 2)
    assert catalog.counters_for_service(4) == (1,)
    assert catalog.counters_for_service(5) == (3, 4)
    assert catalog.counters_for_service(3) == ()  # inactive: nobody serves it
    assert catalog.counters_for_service(6) == ()
    assert catalog.counters_for_service(404) == ()


def test_booths_for_service(catalog):
    assert catalog.booths_for_service(1) == (1,)
    assert catalog.booths_for_service(5) == (1, 2)  # counter 3 (booth 1) also serves it
    # Nobody serves service 3 (inactive): fall back to every booth of its agency.
    assert catalog.booths_for_service(3) == (1,)
    # Agency 3 has no booth at all.
    assert catalog.booths_for_service(6) == ()


def test_agency_of_counter(catalog):
    assert catalog.agency_of_counter(1).code == "DUKCAPIL"
    assert catalog.agency_of_counter(4).code == "BPJS"


def test_hours_fall_back_booth_to_agency_to_site():
    agency_hours = weekly({MON: "08:00-12:00"})
    booth_hours = weekly({SAT: "09:00-10:00"})
    catalog = (
        CatalogBuilder()
        .agency(counters=1)
        .agency(counters=1)
        .agency(counters=1)
        .hours(agency_hours, agency=2)
        .hours(booth_hours, booth=3)
        .hours(agency_hours, agency=3)  # the booth's own hours win over its agency's
        .build()
    )
    assert catalog.hours_for_booth(1) is catalog.site_hours
    assert catalog.hours_for_agency(1) is catalog.site_hours
    assert catalog.hours_for_booth(2) is agency_hours
    assert catalog.hours_for_agency(2) is agency_hours
    assert catalog.hours_for_booth(3) is booth_hours


def test_catalog_indexes_are_computed_once(catalog):
    assert catalog.counter_services(1) is catalog.counter_services(1)
    assert catalog.counters_for_service(1) is catalog.counters_for_service(1)


def test_empty_explicit_profile_means_default():
    cat = CatalogBuilder().agency(counters=1, services=2).profile(1).build()
    assert cat.counter_services(1) == (1, 2)


# -- tickets and counters -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "final", "at_counter"),
    [
        (TicketStatus.WAITING, False, False),
        (TicketStatus.CALLED, False, True),
        (TicketStatus.SERVING, False, True),
        (TicketStatus.DONE, True, False),
        (TicketStatus.NO_SHOW, False, False),  # may still be re-queued
        (TicketStatus.CANCELLED, True, False),
        (TicketStatus.EXPIRED, True, False),
    ],
)
def test_ticket_status_properties(status, final, at_counter):
    assert status.final is final
    assert status.at_counter is at_counter


def test_counter_state_defaults_and_history_not_shared():
    a, b = CounterState(1), CounterState(2)
    assert a.status is CounterStatus.CLOSED
    assert a.ticket_id is None and a.officer_id is None and a.normals_since_priority == 0
    a.history.append(5)
    assert b.history == []


def test_commands_are_immutable_values():
    assert c.Finish(1) == c.Finish(1, ())
    assert c.IssueTicket(1).channel is Channel.WALK_IN
    assert c.PauseCounter(1).reason is PauseReason.ISTIRAHAT
    with pytest.raises(AttributeError):
        c.CallNext(1).counter_id = 2  # type: ignore[misc]


# -- event data ---------------------------------------------------------------------------------
class _Color(enum.Enum):
    RED = "red"


def test_jsonable_converts_nested_values():
    value = {
        "at": datetime(2025, 1, 6, 1, 2, 3, tzinfo=timezone.utc),
        "day": date(2025, 1, 6),
        "priority": PriorityClass.LANSIA,
        "plain_enum": _Color.RED,
        "services": (1, 2),
        "nested": [{"reason": PauseReason.SHOLAT, "none": None}],
        "n": 3,
        "text": "A001",
    }
    result = jsonable(value)
    assert result == {
        "at": "2025-01-06T01:02:03+00:00",
        "day": "2025-01-06",
        "priority": "lansia",
        "plain_enum": "red",
        "services": [1, 2],
        "nested": [{"reason": "sholat", "none": None}],
        "n": 3,
        "text": "A001",
    }
    json.dumps(result)  # really JSON-ready


def test_event_defaults():
    at = datetime(2025, 1, 6, tzinfo=timezone.utc)
    event = Event(EventType.DAY_STARTED, at)
    assert event.ticket_id is None and event.counter_id is None and event.data == {}
    assert Event(EventType.DAY_STARTED, at).data is not event.data
