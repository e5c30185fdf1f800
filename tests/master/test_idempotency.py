"""Idempotency-Key on POST /tickets: a retry returns the first response, never a second ticket."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from shared.store.database import open_database

from .conftest import auth


def ticket_count(db) -> int:
    conn = open_database(db)
    try:
        return conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    finally:
        conn.close()


def test_same_key_twice_same_ticket(master):
    first = master.issue("ktp", headers={"Idempotency-Key": "kiosk1-0001"})
    again = master.issue("ktp", headers={"Idempotency-Key": "kiosk1-0001"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    other = master.issue("ktp", headers={"Idempotency-Key": "kiosk1-0002"})
    assert other.json()["ticket"]["number"] == "A002"
    assert master.issue("ktp").json()["ticket"]["number"] == "A003"  # no key: always new
    assert ticket_count(master.site.db) == 3


def test_reusing_a_key_for_another_request_is_refused(master):
    assert master.issue("ktp", headers={"Idempotency-Key": "k"}).status_code == 201
    r = master.issue("kk", headers={"Idempotency-Key": "k"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"
    assert ticket_count(master.site.db) == 1


def test_keys_are_per_device(master):
    conn = open_database(master.site.db)
    from shared.store import auth_db
    with auth_db.transaction(conn):
        _, second_kiosk = auth_db.add_device(conn, "kiosk", "kiosk 2")
    conn.close()
    a = master.issue("ktp", headers={"Idempotency-Key": "same"})
    b = master.http.post("/tickets", json={"service_id": master.site.services["ktp"]},
                         headers={**auth(second_kiosk), "Idempotency-Key": "same"})
    assert a.json()["ticket"]["id"] != b.json()["ticket"]["id"]


def test_a_refusal_is_replayed_too(master):
    r1 = master.issue("jkn", priority="lansia", headers={"Idempotency-Key": "refused"})
    r2 = master.issue("jkn", priority="lansia", headers={"Idempotency-Key": "refused"})
    assert r1.status_code == r2.status_code == 409
    assert r1.json() == r2.json()


def test_twenty_concurrent_requests_with_one_key_make_one_ticket(master):
    url = master.url + "/api/v1/tickets"
    headers = {**auth(master.site.tokens["kiosk"]), "Idempotency-Key": "storm-1"}
    body = {"service_id": master.site.services["kk"]}

    def post(_):
        with httpx.Client(timeout=10) as client:  # separate connections: truly concurrent
            return client.post(url, json=body, headers=headers)

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(post, range(20)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["ticket"]["id"] for r in responses}) == 1
    assert sum(1 for r in responses if "idempotent-replayed" not in r.headers) == 1
    assert ticket_count(master.site.db) == 1


def test_key_row_and_ticket_share_one_transaction(tmp_path):
    """At the store level: the key row exists exactly when the ticket does."""
    from shared.domain import commands as c
    from shared.store.idempotency import IdempotencyKey
    from shared.store.queue_store import QueueStore

    from .conftest import make_site

    site = make_site(tmp_path)
    store = QueueStore(site.db)

    def respond(outcome):
        raise RuntimeError("boom")  # fails inside the transaction: nothing may remain

    key = IdempotencyKey(1, "k1", "h", respond)
    try:
        store.execute_many([c.IssueTicket(site.services["ktp"])], idempotency=[key])
    except RuntimeError:
        pass
    conn = store.conn
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM idempotency_keys").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    ok = IdempotencyKey(1, "k1", "h", lambda o: (201, {"id": o.ticket.id}))
    outcome = store.execute_many([c.IssueTicket(site.services["ktp"])], idempotency=[ok])[0]
    assert outcome.response.status == 201 and not outcome.response.replayed
    again = store.execute_many([c.IssueTicket(site.services["ktp"])] * 2, idempotency=[ok, ok])
    assert all(o.response.replayed and o.response.body == outcome.response.body for o in again)
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    store.close()
