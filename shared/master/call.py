"""``Call``: one authenticated request as a handler sees it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket

from ..store import auth_db

__all__ = ["Call"]


@dataclass
class Call:
    """One authenticated request as a handler sees it."""

    request: Request | WebSocket
    params: dict[str, Any]
    body: dict[str, Any] = field(default_factory=dict)
    device: auth_db.Device | None = None
    officer: auth_db.Officer | None = None
    session: auth_db.Session | None = None
