"""Sign-in, sign-out and the idle timeout, as a mixin of CounterViewModel (presence: signing in
opens the counter, signing out or going idle closes it; the master records both with the officer
and the time)."""
from __future__ import annotations

from concurrent.futures import Future

from shared.net.client import ApiError

from ..texts import error_text

IDLE_WARNING_S = 60


class SessionFlow:
    """Mixin: needs the attributes and signals of CounterViewModel."""

    # -- sign-in and sign-out --------------------------------------------------------------------
    def login(self, username: str, pin: str, counter_id: int | None) -> None:
        if self.login_busy or self.phase == "work":
            return
        if not username.strip() or not pin:
            self.say(self.text("need_credentials"), "error")
            return
        if counter_id is None:
            self.say(self.text("need_counter"), "error")
            return
        self.login_busy, self.takeover_offered = True, False
        self.counter_id = counter_id
        self.changed.emit()
        self._watch(self.client.login(username.strip(), pin, counter_id), self._logged_in)

    def _logged_in(self, future: Future) -> None:
        if future.exception() is not None:
            self.login_busy = False
            self.changed.emit()
            self.fail(future.exception())
            return
        data = future.result().data
        self.officer, self.counter = data["officer"], data.get("counter") or {}
        self.tracker.set_services(self.catalog.counter_services(self.counter_id))
        self._open()

    def _open(self) -> None:
        self._watch(self.client.counter_action(self.counter_id, "open"), self._opened)

    def _opened(self, future: Future) -> None:
        self.login_busy = False
        exc = future.exception()
        if isinstance(exc, ApiError) and exc.code == "counter_in_use":
            self.takeover_offered = True  # e.g. a panel that crashed left it open
            self.changed.emit()
            self.say(error_text(exc.code, exc.message, self.lang), "error")
            return
        if exc is not None:
            self.changed.emit()
            self.fail(exc)
            self._watch(self.client.logout(), lambda f: None)
            return
        self._accept(future.result().data)
        self.phase, self.takeover_offered, self._seq = "work", False, 0
        self.note_activity()
        self.changed.emit()
        self.say(self.text("msg_opened", name=(self.officer or {}).get("name", "")))
        self.refresh()

    def take_over(self) -> None:
        """Close the counter another session left open, then open it for this officer."""
        if not self.takeover_offered or self.login_busy:
            return
        self.login_busy = True
        self.changed.emit()
        self._watch(self.client.counter_action(self.counter_id, "close"), self._closed_for_take_over)

    def _closed_for_take_over(self, future: Future) -> None:
        if future.exception() is None:
            self._open()
            return
        self.login_busy = False
        self.changed.emit()
        self.fail(future.exception())

    def logout(self, message_key: str = "msg_logged_out", **fields: object) -> None:
        if self.phase != "work" and not self.takeover_offered:
            return
        self._watch(self.client.logout(), lambda f: self.fail(f.exception()))
        self._to_login()
        self.say(self.text(message_key, **fields))

    def show_state(self, officer: dict, counter_id: int, view: dict) -> None:
        """Show a counter's state without signing in (screenshots and demos without a master)."""
        self.officer, self.counter_id, self.phase, self._seq = officer, counter_id, "work", 0
        self.tracker.set_services(self.catalog.counter_services(counter_id))
        self.apply_counter_view(view)

    def _to_login(self) -> None:
        self.phase, self.officer, self.ticket, self.sheet = "login", None, None, ""
        self.takeover_offered = self.busy = self.login_busy = False
        self.counter, self.history, self.idle_left = {}, [], None
        self.sheetChanged.emit()
        self.changed.emit()

    # -- idle ------------------------------------------------------------------------------------
    def note_activity(self) -> None:
        self._last_input = self.monotonic()
        if self.idle_left is not None:
            self.idle_left = None
            self.changed.emit()

    def check_idle(self) -> None:
        """No input for ``idle_minutes`` (serving a visitor does not count): sign out."""
        if self.phase != "work" or self.idle_seconds <= 0:
            return
        if self.ticket and self.ticket.get("status") == "serving":
            self._last_input = self.monotonic()
        left = self.idle_seconds - (self.monotonic() - self._last_input)
        if left <= 0:
            self.logout("msg_idle_out", minutes=f"{self.idle_seconds / 60:g}")
            return
        shown = int(left) + 1 if left <= IDLE_WARNING_S else None
        if shown != self.idle_left:
            self.idle_left = shown
            self.changed.emit()
