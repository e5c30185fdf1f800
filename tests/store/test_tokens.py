"""Device tokens are safe to pass as `--token TOKEN` (argparse takes a leading '-' for an option)."""
from __future__ import annotations

from shared.store import auth_db


def test_new_token_never_starts_with_a_dash(monkeypatch):
    answers = iter(["-starts-with-dash", "-again", "fine_token"])
    monkeypatch.setattr(auth_db.secrets, "token_urlsafe", lambda n: next(answers))
    assert auth_db.new_token() == "fine_token"


def test_real_tokens_are_long_and_dash_free_at_the_start():
    tokens = [auth_db.new_token() for _ in range(300)]
    assert all(len(t) >= 43 and not t.startswith("-") for t in tokens)
    assert len(set(tokens)) == 300
