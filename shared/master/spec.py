"""The route table's vocabulary: Route specs, body schemas, validation, OpenAPI generation.

A body schema is a small dict, field name -> field spec:

    {"service_id": {"type": "integer", "required": True},
     "priority": {"type": "string", "nullable": True, "enum": ["lansia", ...]}}

Field spec keys: type (integer | number | string | boolean | array | object), required, nullable,
enum, minimum, maximum, min_length, max_length, items (a field spec, for arrays), max_items,
properties (a body schema, for objects), default, description. Unknown body fields are ignored
(newer clients may send more).

Both the Starlette routes and the OpenAPI document are generated from the same table, so the
auth test that walks the table covers every route there is.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

API_PREFIX = "/api/v1"
MAX_BODY = 64 * 1024
INT_MIN, INT_MAX = -(2 ** 53), 2 ** 53  # what JSON numbers carry exactly; SQLite takes it

# The protocol version: devices send it as the X-Antrean-Api header on every request (a missing
# header is accepted: curl, browsers); one below MIN_API is answered 426 upgrade_required.
API_VERSION = 1
MIN_API = 1
API_HEADER = "X-Antrean-Api"

PUBLIC, DEVICE, OFFICER = "public", "device", "officer"


class ApiError(Exception):
    """An expected refusal: becomes {"error": {"code", "message"}} with the status."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Route:
    method: str  # GET, POST, DELETE, or WS (a WebSocket, opened with GET)
    path: str  # below API_PREFIX, Starlette syntax ("/counters/{counter_id:int}/open")
    handler: Callable[..., Any]
    auth: str  # PUBLIC | DEVICE (roles) | OFFICER (a counter device + an officer session)
    roles: tuple[str, ...] = ()  # device roles admitted (DEVICE); OFFICER implies ("counter",)
    body: dict[str, dict[str, Any]] | None = None  # JSON object schema, or None: no body read
    summary: str = ""
    status: int = 200  # success status
    errors: tuple[int, ...] = ()  # refusals documented besides the auth and validation ones
    headers: tuple[tuple[str, str], ...] = ()  # (name, description) of request headers it reads
    name: str = ""  # operationId
    response: str = "object"  # JSON type of the success body (object | array)

    def __post_init__(self) -> None:
        if self.method not in ("GET", "POST", "DELETE", "WS"):
            raise ValueError(f"unsupported method {self.method}")
        if self.auth not in (PUBLIC, DEVICE, OFFICER):
            raise ValueError(f"route {self.path}: auth must be public, device or officer")
        if self.auth == DEVICE and not self.roles:
            raise ValueError(f"route {self.path}: a device route names the roles it admits")
        if self.auth != DEVICE and self.roles:
            raise ValueError(f"route {self.path}: roles only apply to device routes")

    @property
    def full_path(self) -> str:
        return API_PREFIX + self.path

    @property
    def openapi_path(self) -> str:
        return API_PREFIX + re.sub(r"\{(\w+):\w+\}", r"{\1}", self.path)

    @property
    def path_params(self) -> list[tuple[str, str]]:
        return [(m.group(1), m.group(2) or "str")
                for m in re.finditer(r"\{(\w+)(?::(\w+))?\}", self.path)]

    @property
    def device_roles(self) -> tuple[str, ...]:
        return ("counter",) if self.auth == OFFICER else self.roles


# -- validation ------------------------------------------------------------------------------------
_TYPE_NAMES = {"integer": "bilangan bulat", "string": "teks", "boolean": "true/false",
               "array": "daftar", "number": "angka", "object": "objek"}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    if not raw.strip():
        raise ApiError(400, "empty_body", "Badan permintaan kosong; kirim objek JSON")
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError):  # JSONDecodeError, bad UTF-8, NaN, absurd nesting
        raise ApiError(400, "invalid_json", "Badan permintaan bukan JSON yang sah") from None


def _check(name: str, spec: dict[str, Any], value: Any) -> Any:
    if value is None:
        if spec.get("nullable"):
            return None
        raise ApiError(422, "invalid_field", f"Kolom '{name}' tidak boleh kosong")
    kind = spec["type"]
    ok = {
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": (isinstance(value, (int, float)) and not isinstance(value, bool)
                   and math.isfinite(value)),  # 1e999 parses as inf
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }[kind]
    if not ok:
        raise ApiError(422, "invalid_field",
                       f"Kolom '{name}' harus berupa {_TYPE_NAMES.get(kind, kind)}")
    if kind in ("integer", "number"):
        lo, hi = spec.get("minimum", INT_MIN), spec.get("maximum", INT_MAX)
        if not lo <= value <= hi:
            raise ApiError(422, "invalid_field", f"Kolom '{name}' di luar rentang {lo}..{hi}")
    if kind == "string":
        if not spec.get("min_length", 0) <= len(value) <= spec.get("max_length", 1000):
            raise ApiError(422, "invalid_field", f"Panjang kolom '{name}' tidak sah")
        if "\x00" in value:
            raise ApiError(422, "invalid_field", f"Kolom '{name}' memuat karakter tidak sah")
    if "enum" in spec and value not in spec["enum"]:
        raise ApiError(422, "invalid_field",
                       f"Kolom '{name}' harus salah satu dari: {', '.join(map(str, spec['enum']))}")
    if kind == "array":
        if len(value) > spec.get("max_items", 100):
            raise ApiError(422, "invalid_field", f"Kolom '{name}' terlalu banyak isinya")
        return [_check(f"{name}[{i}]", spec["items"], v) for i, v in enumerate(value)]
    if kind == "object":
        return _fields(spec["properties"], value, f"{name}.")
    return value


def validate(schema: dict[str, dict[str, Any]], payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise ApiError(422, "invalid_body", "Badan permintaan harus berupa objek JSON")
    return _fields(schema, payload, "")


def _fields(schema: dict[str, dict[str, Any]], payload: dict[str, Any],
            prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in schema.items():
        if name not in payload:
            if spec.get("required"):
                raise ApiError(422, "missing_field", f"Kolom '{prefix}{name}' wajib diisi")
            out[name] = spec.get("default")
            continue
        out[name] = _check(prefix + name, spec, payload[name])
    return out


# -- OpenAPI ---------------------------------------------------------------------------------------
def _json_schema(spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec["type"]
    out: dict[str, Any] = {"type": [kind, "null"] if spec.get("nullable") else kind}
    if kind in ("integer", "number"):
        out["minimum"] = spec.get("minimum", INT_MIN)
        out["maximum"] = spec.get("maximum", INT_MAX)
    if kind == "string":
        out["minLength"] = spec.get("min_length", 0)
        out["maxLength"] = spec.get("max_length", 1000)
    if "enum" in spec:
        out["enum"] = list(spec["enum"]) + ([None] if spec.get("nullable") else [])
    if kind == "array":
        out["items"] = _json_schema(spec["items"])
        out["maxItems"] = spec.get("max_items", 100)
    if kind == "object":
        out.update({k: v for k, v in body_json_schema(spec["properties"]).items() if k != "type"})
    if "default" in spec:
        out["default"] = spec["default"]
    if "description" in spec:
        out["description"] = spec["description"]
    return out


def body_json_schema(schema: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _json_schema(spec) for name, spec in schema.items()},
        "required": [name for name, spec in schema.items() if spec.get("required")],
    }


_STATUS_TEXT = {200: "OK", 201: "Created", 400: "Bad request", 401: "No or invalid credentials",
                403: "Wrong role, agency or counter", 404: "Not found", 409: "Refused by the queue",
                413: "Body larger than 64 KiB", 415: "Content-Type is not application/json",
                422: "Invalid field", 423: "Officer locked", 429: "Too many requests waiting",
                101: "Switching to WebSocket",
                426: "Device protocol too old (X-Antrean-Api below the minimum): upgrade_required"}


def openapi(routes: list[Route], version: str) -> dict[str, Any]:
    error_ref = {"$ref": "#/components/schemas/Error"}
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        method = "get" if route.method == "WS" else route.method.lower()
        op: dict[str, Any] = {
            "operationId": route.name or route.handler.__name__.lstrip("_"),
            "summary": route.summary,
            "x-auth": route.auth,
        }
        if route.method == "WS":
            op["x-websocket"] = True
        if route.auth != PUBLIC:
            op["x-device-roles"] = list(route.device_roles)
            op["security"] = ([{"deviceToken": [], "officerSession": []}]
                              if route.auth == OFFICER else [{"deviceToken": []}])
        else:
            op["security"] = []
        params = [{"name": n, "in": "path", "required": True,
                   "schema": {"type": "integer" if t == "int" else "string"}}
                  for n, t in route.path_params]
        params += [{"name": n, "in": "header", "required": False, "description": d,
                    "schema": {"type": "string"}} for n, d in route.headers]
        params.append({"name": API_HEADER, "in": "header", "required": False,
                       "description": f"the device's protocol version (this master: "
                                      f"{API_VERSION}, at least {MIN_API}); without it: accepted",
                       "schema": {"type": "integer"}})
        if params:
            op["parameters"] = params
        if route.body is not None:
            op["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": body_json_schema(route.body)}}}
        statuses = {101 if route.method == "WS" else route.status, 426, *route.errors}
        if route.auth != PUBLIC:
            statuses |= {401, 403}
        if route.body is not None:
            statuses |= {400, 413, 415, 422}
        responses = {}
        for status in sorted(statuses):
            item: dict[str, Any] = {"description": _STATUS_TEXT.get(status, str(status))}
            if status >= 400:
                item["content"] = {"application/json": {"schema": error_ref}}
            else:
                item["content"] = {"application/json": {"schema": {"type": route.response}}}
            responses[str(status)] = item
        op["responses"] = responses
        paths.setdefault(route.openapi_path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "Antrean master API", "version": version,
                 "description": "See docs/api.md. Errors: {\"error\": {\"code\", \"message\"}}."},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "deviceToken": {"type": "http", "scheme": "bearer",
                                "description": "Device token (antrean device add); "
                                               "WebSocket: also ?token="},
                "officerSession": {"type": "apiKey", "in": "header",
                                   "name": "X-Officer-Session"},
            },
            "schemas": {"Error": {
                "type": "object", "required": ["error"],
                "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}},
        },
    }
