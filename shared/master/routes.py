"""The route table: the single list of what the master serves. The Starlette routes and the
OpenAPI document are both generated from it (see app.py and spec.py)."""
from __future__ import annotations

from ..domain.model import PriorityClass
from .handlers_catalog import get_catalog, get_snapshot, health, openapi_doc
from .handlers_counters import ACTIONS, _action_handler, counter_state, waiting_list
from .handlers_devices import STATUS_BODY, report_status
from .handlers_events import events
from .handlers_pairing import PAIRING_BODY, poll_pairing, request_pairing
from .handlers_sessions import login, logout
from .handlers_tickets import issue_ticket, ticket_status
from .spec import DEVICE, OFFICER, PUBLIC, Route

__all__ = ["ANY_DEVICE", "build_routes"]

ANY_DEVICE = ("kiosk", "display", "counter")


def build_routes() -> list[Route]:
    routes = [
        Route("GET", "/health", health, PUBLIC, summary="liveness, site id and last event seq"),
        Route("GET", "/openapi.json", openapi_doc, PUBLIC, summary="this document"),
        Route("GET", "/catalog", get_catalog, DEVICE, ANY_DEVICE,
              summary="site, agencies, booths, counters, services with availability"),
        Route("GET", "/snapshot", get_snapshot, DEVICE, ANY_DEVICE,
              summary="counters, waiting counts, recent calls; then follow /events?since=seq"),
        Route("WS", "/events", events, DEVICE, ANY_DEVICE,
              summary="WebSocket: events with seq > since, then live; token also as ?token="),
        Route("POST", "/tickets", issue_ticket, DEVICE, ("kiosk",), status=201, errors=(409,),
              body={"service_id": {"type": "integer", "required": True, "minimum": 1},
                    "priority": {"type": "string", "nullable": True,
                                 "enum": [p.value for p in PriorityClass]}},
              headers=(("Idempotency-Key", "1-100 visible ASCII characters; a retry with the "
                        "same key returns the first response"),),
              summary="issue a ticket"),
        Route("GET", "/tickets/{token:str}", ticket_status, PUBLIC, errors=(404,),
              summary="a ticket's status page data (for the holder of its token)"),
        Route("POST", "/sessions", login, DEVICE, ("counter",), errors=(423,),
              body={"username": {"type": "string", "required": True, "min_length": 1,
                                 "max_length": 64},
                    "pin": {"type": "string", "required": True, "min_length": 1,
                            "max_length": 64},
                    "counter_id": {"type": "integer", "required": True, "minimum": 1}},
              summary="officer sign-in at a counter device"),
        Route("DELETE", "/sessions/current", logout, OFFICER,
              summary="sign out (closes the counter if this officer has it open)"),
        Route("GET", "/counters/{counter_id:int}", counter_state, DEVICE, ("counter",),
              errors=(404,), summary="a counter's state, current ticket, waiting, last tickets"),
        Route("GET", "/counters/{counter_id:int}/waiting", waiting_list, OFFICER, errors=(404,),
              response="array",
              summary="the tickets waiting for this counter in calling order (at most 200)"),
        Route("POST", "/devices/me/status", report_status, DEVICE, ANY_DEVICE, body=STATUS_BODY,
              summary="health report (every 30 s): version, printer, disk, temperature, uptime",
              name="device_status"),
        Route("POST", "/pairing", request_pairing, PUBLIC, body=PAIRING_BODY, status=201,
              errors=(429,), summary="a new device asks to be paired: a request id to poll "
                                     "and a 6-digit code to show (approved in the back office)"),
        Route("GET", "/pairing/{request:str}", poll_pairing, PUBLIC, errors=(404,),
              summary="pending | approved (with the device token, exactly once) | rejected | "
                      "expired"),
    ]
    for name, (schema, build, summary) in ACTIONS.items():
        routes.append(Route("POST", f"/counters/{{counter_id:int}}/{name}",
                            _action_handler(name, build), OFFICER, body=schema,
                            errors=(404, 409), summary=summary,
                            name="counter_" + name.replace("-", "_")))
    return routes
