"""Error answers: the error JSON every refusal uses, and the middleware that turns a handler's
bug into a logged 500 with that JSON."""
from __future__ import annotations

import logging

from starlette.responses import JSONResponse

from .logs import fields

__all__ = ["CatchAll", "error_response"]

log = logging.getLogger("antrean.master")


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers=headers)


class CatchAll:
    """Any exception a handler lets out is a bug: log it loudly (once, with its traceback) and
    answer 500 with the error JSON. (Starlette's own handler would re-raise it to the server.)"""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("unhandled error: this is a bug", exc_info=exc,
                      extra=fields(path=scope.get("path"), method=scope.get("method")))
            if started:
                raise
            response = error_response(500, "internal_error", "Terjadi kesalahan pada server")
            await response(scope, receive, send)
