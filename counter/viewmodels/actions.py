"""The officer's actions, as a mixin of CounterViewModel (counter_vm.py holds the state).

A button or a key goes through ``trigger(action)``: actions that need a choice open a sheet
(transfer, finish, pause, call a number), the others go straight to the master. One request at
a time: a second press while the first is on its way (a bouncing keypad key, a double tap) is
dropped, so it can never call two tickets.
"""
from __future__ import annotations

from concurrent.futures import Future

from ..texts import error_text
from . import choices, rules
from .present import history_rows, hhmm, ticket_card, waiting_breakdown

_DONE_MESSAGES = {"call_next": "msg_called", "call_ticket": "msg_called",
                  "recall": "msg_recalled", "start": "msg_started", "finish": "msg_finished",
                  "skip": "msg_skipped", "transfer": "msg_transferred", "pause": "msg_paused",
                  "resume": "msg_resumed"}


class CounterActions:
    """Mixin: needs the attributes and signals of CounterViewModel."""

    # -- what the view may offer -----------------------------------------------------------------
    def _ticket_status(self) -> str | None:
        return (self.ticket or {}).get("status")

    def enabled(self, action: str) -> bool:
        if self.phase != "work":
            return False
        action = rules.resolve(action, self.status)
        return rules.why_not(action, self.status, self._ticket_status()) is None

    def ticket_card(self) -> dict | None:
        return ticket_card(self.ticket, self.catalog, self.lang, self.clock()) if self.ticket else None

    def history_rows(self) -> list[dict]:
        return history_rows(self.history, self.catalog, self.lang)

    def waiting_text(self) -> str:
        return waiting_breakdown(self.waiting_by_service, self.catalog)

    def transfer_choices(self) -> list[choices.Choice]:
        return choices.transfer_choices(self.catalog, self.ticket, self.lang)

    def finish_choices(self) -> list[choices.Choice]:
        return choices.finish_choices(self.catalog, self.ticket, self.counter_id)

    def pause_choices(self) -> list[choices.Choice]:
        return choices.pause_choices(self.lang)

    def call_choices(self) -> list[choices.Choice]:
        return choices.call_choices(self.catalog, self.tracker, self.lang)

    def pause_text(self) -> str:
        return self.text("paused_since", reason=choices.reason_label(self.counter.get("pause_reason"),
                                                                    self.lang),
                       time=hhmm(self.counter.get("since")))

    # -- input -----------------------------------------------------------------------------------
    def handle_key(self, name: str) -> bool:
        """A key from the window; True when it was used (the view then swallows it)."""
        action = self.keymap.get(name)
        if action is None or self.phase != "work":
            return False
        self.note_activity()
        if self.sheet:
            if action == "cancel":
                self.close_sheet()
                return True
            if action == "confirm":
                self.sheetAction.emit("confirm")
                return True
            return False  # digits and arrows belong to the sheet's own widgets
        return self.trigger(action)

    def trigger(self, action: str) -> bool:
        """A button or a mapped key. False when it means nothing here (e.g. confirm, no sheet)."""
        if self.phase != "work" or action in ("confirm", "cancel"):
            return False
        self.note_activity()
        action = rules.resolve(action, self.status)
        if action == "logout":
            self.logout()
            return True
        reason = rules.why_not(action, self.status, self._ticket_status())
        if reason is not None:
            self.say(error_text(reason, "", self.lang), "error")
            return True
        sheet = rules.SHEETS.get(action)
        if sheet is not None:
            self.open_sheet(sheet)
        else:
            self._act(action)
        return True

    def open_sheet(self, name: str) -> None:
        self.sheet = name
        self.sheetChanged.emit()

    # -- actions (the sheets' confirm, tests and the bench call these directly) ------------------
    def call_next(self) -> bool:
        return self._act("call_next")

    def recall(self) -> bool:
        return self._act("recall")

    def skip(self) -> bool:
        return self._act("skip")

    def start_service(self) -> bool:
        return self._act("start")

    def finish(self, services_done: list[int] | None = None) -> bool:
        return self._act("finish", {"services_done": list(services_done or [])})

    def transfer(self, service_id: int | None) -> bool:
        if service_id is None:
            self.say(self.text("msg_pick_service"), "error")
            return False
        return self._act("transfer", {"service_id": int(service_id)})

    def call_ticket(self, ticket_id: int | None = None, number: str = "") -> bool:
        """Call a waiting ticket by id, or by its number as typed (``a12`` finds ``A012``)."""
        if ticket_id is None:
            found = self.tracker.by_number(number) or self._loose_match(number)
            if found is None:
                self.say(self.text("msg_not_found", number=number.strip().upper() or "?"), "error")
                return False
            ticket_id = found.id
        return self._act("call_ticket", {"ticket_id": int(ticket_id)})

    def _loose_match(self, number: str):
        text = number.strip().upper()
        prefix = text.rstrip("0123456789")
        digits = text[len(prefix):]
        if not digits:
            return None
        for w in self.tracker.ordered():
            p = w.number.rstrip("0123456789")
            if p == prefix and w.number[len(p):].lstrip("0") == digits.lstrip("0"):
                return w
        return None

    def pause(self, reason: str = "istirahat") -> bool:
        return self._act("pause", {"reason": reason})

    def resume(self) -> bool:
        return self._act("resume")

    def open_counter(self) -> bool:
        return self._act("open")

    # -- plumbing --------------------------------------------------------------------------------
    def _act(self, action: str, body: dict | None = None) -> bool:
        if self.phase != "work" or self.busy or self.client is None:
            return False
        self.busy = True
        self.note_activity()
        self.close_sheet()
        future = self.client.counter_action(self.counter_id, rules.ENDPOINTS[action], body)
        self._watch(future, lambda f: self._acted(action, body, f))
        return True

    def _acted(self, action: str, body: dict | None, future: Future) -> None:
        self.busy = False
        if self.phase != "work":
            return
        exc = future.exception()
        if exc is not None:
            self.changed.emit()
            self.fail(exc)
            self.refresh()  # e.g. queue_empty: the waiting count was stale
            return
        data = future.result().data or {}
        self._accept(data)
        ticket = data.get("ticket")
        number = (ticket or self.ticket or {}).get("number", "")
        if (ticket and ticket.get("counter_id") == self.counter_id
                and ticket.get("status") in ("called", "serving")):
            self.ticket = ticket
        elif action in ("skip", "finish", "transfer"):
            self.ticket = None
        if action in ("call_next", "call_ticket") and ticket:
            self.tracker.forget(ticket["id"])
            self.ticketCalled.emit(ticket)
        key = _DONE_MESSAGES.get(action)
        if key:
            self.say(self.text(key, number=number,
                             service=self.catalog.service_name((body or {}).get("service_id")),
                             reason=choices.reason_label((body or {}).get("reason"), self.lang)))
        self.changed.emit()
        self.refresh()
