"""Which panel action applies in which state, and why not (the master's own refusal code, so the
officer reads the same calm sentence whether the panel or the master says no). Plain Python.

The master decides in the end; these rules only keep buttons honest and spare a round trip.
"""
from __future__ import annotations

# action -> the master's endpoint under /counters/{id}/ (None: handled by the panel itself)
ENDPOINTS: dict[str, str | None] = {
    "call_next": "call-next", "recall": "recall", "skip": "skip", "start": "start",
    "finish": "finish", "transfer": "transfer", "call_ticket": "call", "pause": "pause",
    "resume": "resume", "open": "open", "logout": None, "confirm": None, "cancel": None,
}

# actions that open a sheet (a chooser over the ticket area) before they reach the master
SHEETS = {"transfer": "transfer", "finish": "finish", "pause": "pause", "call_ticket": "call"}


def why_not(action: str, counter_status: str | None, ticket_status: str | None) -> str | None:
    """None when ``action`` can be tried now; else the refusal code (texts.ERRORS)."""
    if action in ("logout", "confirm", "cancel"):
        return None
    if action == "open":
        return None if counter_status == "closed" else "counter_in_use"
    if counter_status == "closed":
        return "counter_closed"
    if action == "resume":
        return None if counter_status == "paused" else "not_paused"
    if counter_status == "paused":
        return "counter_paused"
    if action in ("call_next", "call_ticket"):
        return None
    if action == "pause":
        return "counter_busy" if ticket_status in ("called", "serving") else None
    if ticket_status not in ("called", "serving"):
        return "no_ticket"
    if action in ("recall", "skip", "start") and ticket_status != "called":
        return "wrong_state"
    return None  # finish, transfer


def resolve(action: str, counter_status: str | None) -> str:
    """The key for pause doubles as resume while paused (one key on a small keypad)."""
    if action == "pause" and counter_status == "paused":
        return "resume"
    return action
