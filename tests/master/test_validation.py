"""Bad input gets a 4xx with {"error": {"code", "message"}}, never a 500; plus a fuzz of every
route with random JSON, asserting status < 500 and no "unhandled error" in the log."""
from __future__ import annotations

import json
import logging
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.master.app import build_routes
from shared.master.spec import MAX_BODY, OFFICER

from .conftest import auth, event_count


def error_code(r) -> str:
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    return body["error"]["code"]


def post_raw(api, path: str, content: bytes, ctype: str = "application/json",
             token: str = "kiosk", extra: dict | None = None):
    headers = auth(api.site.tokens[token])
    headers["Content-Type"] = ctype
    headers.update(extra or {})
    return api.http.post(path, content=content, headers=headers)


@pytest.mark.parametrize("content, code", [
    (b"{", "invalid_json"),
    (b"{'service_id': 1}", "invalid_json"),
    (b'{"service_id": NaN}', "invalid_json"),
    (b"\xff\xfe\x00garbage", "invalid_json"),
    (b"[" * 50_000 + b"]" * 10_000, "invalid_json"),  # nesting deeper than the parser's limit
    (b"[]", "invalid_body"),
    (b'"text"', "invalid_body"),
    (b"null", "invalid_body"),
    (b"{}", "missing_field"),
    (b"", "missing_field"),
    (b'{"service_id": "1"}', "invalid_field"),
    (b'{"service_id": true}', "invalid_field"),
    (b'{"service_id": 1.5}', "invalid_field"),
    (b'{"service_id": null}', "invalid_field"),
    (b'{"service_id": 100000000000000000000000000000}', "invalid_field"),
    (b'{"service_id": 0}', "invalid_field"),
    (b'{"service_id": 1, "priority": "vip"}', "invalid_field"),
    (b'{"service_id": 1, "priority": 3}', "invalid_field"),
    (b'{"service_id": 4242}', "unknown_service"),
])
def test_bad_ticket_bodies(shared_master, content, code):
    assert error_code(post_raw(shared_master, "/tickets", content)) == code


def test_size_type_key_and_path_refusals(shared_master):
    api = shared_master
    big = json.dumps({"service_id": 1, "pad": "x" * (MAX_BODY + 10)}).encode()
    r = post_raw(api, "/tickets", big)
    assert r.status_code == 413 and error_code(r) == "body_too_large"

    def chunks():  # no Content-Length: the limit holds while reading the stream
        yield b'{"service_id": 1, "pad": "'
        for _ in range(20):
            yield b"x" * 8192
        yield b'"}'

    r = api.http.post("/tickets", content=chunks(),
                      headers={**auth(api.site.tokens["kiosk"]), "Content-Type": "application/json"})
    assert r.status_code == 413
    assert error_code(post_raw(api, "/tickets", b'{"service_id": 1}', "text/plain")) == \
        "unsupported_media_type"
    assert error_code(post_raw(api, "/tickets", b'{"service_id": 1}', "")) == \
        "unsupported_media_type"
    for key in ["", "x" * 101, "has space", "tab\tkey", "kunci-é".encode()]:
        r = post_raw(api, "/tickets", b'{"service_id": 1}', extra={"Idempotency-Key": key})
        assert error_code(r) == "invalid_idempotency_key", key
    assert error_code(api.http.get("/nowhere")) == "not_found"
    assert error_code(api.http.put("/tickets")) == "method_not_allowed"
    assert error_code(api.http.get("/counters/abc", headers=auth(api.site.tokens["counter"]))) == \
        "not_found"
    r = api.http.get("/counters/99999999999999999999999999",
                     headers=auth(api.site.tokens["counter"]))
    assert error_code(r) == "unknown_counter"


def test_domain_refusals_are_409(shared_master):
    api = shared_master
    r = api.issue("jkn", priority="lansia")  # JKN has no priority lane
    assert r.status_code == 409 and error_code(r) == "priority_not_allowed"
    session = api.login("admin", "l3")
    r = api.act(session, "l3", "call", {"ticket_id": "7"})
    assert error_code(r) == "invalid_field"
    r = api.act(session, "l3", "transfer", {"service_id": 999})
    assert error_code(r) == "unknown_service"
    r = api.act(session, "l3", "finish", {"services_done": [1, "x"]})
    assert error_code(r) == "invalid_field"
    r = api.act(session, "l3", "pause", {"reason": "tidur"})
    assert error_code(r) == "invalid_field"
    r = api.http.post("/sessions", headers=auth(api.site.tokens["counter"]),
                      json={"username": "budi", "pin": 1234, "counter_id": 1})
    assert error_code(r) == "invalid_field"
    r = api.http.post("/sessions", headers=auth(api.site.tokens["counter"]),
                      json={"username": "budi", "pin": "1234", "counter_id": 77})
    assert error_code(r) == "unknown_counter"


# -- fuzz ------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12)


def bodies_for(route):
    """Random JSON, plus objects with the route's own field names holding random values."""
    names = list(route.body or {}) or ["service_id", "ticket_id"]
    plausible = st.integers(min_value=-3, max_value=5) | json_values
    shaped = st.dictionaries(st.sampled_from(names), plausible, max_size=len(names))
    return json_values | shaped


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


FUZZ_ROUTES = [r for r in build_routes() if r.method != "WS"]


@pytest.mark.parametrize("route", FUZZ_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_fuzz_random_json_never_500(shared_master, route):
    api = shared_master
    site = api.site
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    session = api.login("admin", "l1")
    token = site.tokens["kiosk" if "kiosk" in route.device_roles else "counter"]
    path = route.full_path.replace("{counter_id:int}", str(site.counters["l1"]))
    path = path.replace("{token:str}", "abcdefghijklmnop")

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(body=bodies_for(route), raw=st.booleans())
    def check(body, raw):
        headers = auth(token, session if route.auth == OFFICER else None)
        if raw:  # the same value, re-encoded as possibly-invalid bytes
            content = json.dumps(body).encode()[: max(1, len(json.dumps(body)) - 1)]
        else:
            content = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
        r = api.http.request(route.method, api.url + path, content=content, headers=headers)
        assert r.status_code < 500, (route.path, body, r.text)
        if r.status_code >= 400:
            assert set(r.json()["error"]) == {"code", "message"}

    try:
        check()
    finally:
        logging.getLogger().removeHandler(errors)
    assert not errors.records, [r.getMessage() for r in errors.records]
    assert event_count(site.db) >= 0


def test_a_bug_becomes_a_logged_500_with_error_json(master, monkeypatch):
    from shared.master import payloads

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(payloads, "snapshot_json", broken)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        r = master.http.get("/snapshot", headers=auth(master.site.tokens["display"]))
        time.sleep(0.2)  # anything else the server might log about it
    finally:
        logging.getLogger().removeHandler(errors)
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    (record,) = errors.records  # logged once, by us, with the traceback
    assert record.getMessage() == "unhandled error: this is a bug" and record.exc_info


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(min_size=1, max_size=80))
def test_fuzz_path_segments_never_500(shared_master, segment):
    from urllib.parse import quote

    api = shared_master
    if not api.__dict__.get("_has_ticket"):
        assert api.issue("ktp").status_code == 201  # a ticket in memory to compare tokens with
        api._has_ticket = True
    counter = auth(api.site.tokens["counter"])
    quoted = quote(segment, safe="")
    for path, headers in [(f"/tickets/{quoted}", {}), (f"/counters/{quoted}", counter),
                          (f"/counters/{quoted}/call-next", counter)]:
        r = api.http.get(path, headers=headers) if "call-next" not in path else \
            api.http.post(path, headers=headers)
        assert r.status_code < 500, (path, r.text)
