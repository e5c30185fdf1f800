"""What the master's REST API answers, as the client sees it: the errors (``MasterUnavailable``,
``ApiError``), ``ApiResponse`` and idempotency keys (see :mod:`shared.net.client`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping


API_PREFIX = "/api/v1"
API_HEADER = "X-Antrean-Api"  # our protocol version, on every request (426: upgrade required)


# -- errors and results ----------------------------------------------------------------------------
class MasterUnavailable(ConnectionError):
    """No answer from the master (not found, refused, timed out, dropped)."""


class ApiError(Exception):
    """The master answered with an error status (docs/api.md error body)."""

    def __init__(self, status: int, code: str, message: str, body: Any = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message  # Bahasa Indonesia, for the user
        self.body = body


@dataclass(frozen=True)
class ApiResponse:
    status: int
    data: Any
    headers: Mapping[str, str] = field(default_factory=dict)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex
