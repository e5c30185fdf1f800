"""JSON-lines logging to stderr: one object per line with ts, level, msg and any fields.

    log.info("master listening", extra={"fields": {"url": url}})
    -> {"ts": "2026-11-02T08:00:00.123+07:00", "level": "info", "msg": "master listening", "url": ...}
"""
from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime, timezone
from typing import Any

_STD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "fields", "color_message"}
# Device tokens travel in the WebSocket URL (browsers cannot set headers there): never log them.
_SECRET_QUERY = re.compile(r"((?:^|[?&])(?:token|session)=)[^&\s\"]+")


def redact(text: str) -> str:
    return _SECRET_QUERY.sub(r"\1[redacted]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).astimezone().isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(),
            "msg": redact(record.getMessage()),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        for key, value in vars(record).items():  # plain extra={...} keys too
            if key not in _STD and key not in out:
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def setup_logging(level: int = logging.INFO, stream=None) -> None:
    """Route every logger (ours, uvicorn's) to one JSON handler on stderr."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        lg = logging.getLogger(name)
        lg.handlers.clear()
        lg.propagate = True


def fields(**kw: Any) -> dict[str, Any]:
    """extra= helper: log.info("msg", extra=fields(seq=3))."""
    return {"fields": kw}
