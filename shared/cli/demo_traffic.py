"""Live traffic for the demo: visitors take tickets and a few counters call and serve them,
all through the master's public API (exactly what real kiosks and panels do)."""
from __future__ import annotations

import random
import threading
import time

import httpx

TRAFFIC_COUNTERS = 4  # loket numbers 2..5: loket 1 is left to the person trying the panel


class LiveTraffic:
    def __init__(self, url: str, kiosk_token: str, counter_token: str, officer: str, pin: str,
                 speed: float = 1.0, seed: int = 7) -> None:
        self.api = httpx.Client(base_url=url + "/api/v1", timeout=10, trust_env=False)
        self.url = url
        self.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        self.counter_token = counter_token
        self.officer, self.pin = officer, pin
        self.speed = speed
        self.rng = random.Random(seed)
        self.issued = 0
        self.status_urls: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-traffic", daemon=True)

    def start(self) -> LiveTraffic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(15)
        self.api.close()

    def first_status_url(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while not self.status_urls and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.status_urls[0] if self.status_urls else None

    def _sleep(self, seconds: float) -> bool:
        return not self._stop.wait(seconds / self.speed)

    def _run(self) -> None:
        catalog = self.api.get("/catalog", headers=self.kiosk).json()
        counters = sorted(catalog["counters"], key=lambda c: c["number"])[1:1 + TRAFFIC_COUNTERS]
        services = {c["id"]: c["services"] for c in counters}
        sessions = {}
        for counter in counters:
            headers = {"Authorization": f"Bearer {self.counter_token}"}
            r = self.api.post("/sessions", headers=headers, json={
                "username": self.officer, "pin": self.pin, "counter_id": counter["id"]})
            if r.status_code != 200:
                continue
            headers["X-Officer-Session"] = r.json()["session"]
            if self.api.post(f"/counters/{counter['id']}/open", headers=headers).status_code == 200:
                sessions[counter["id"]] = headers
        while self._sleep(self.rng.uniform(2, 6)):
            counter_id = self.rng.choice(list(sessions)) if sessions else None
            pool = services.get(counter_id) or [s["id"] for s in catalog["services"]]
            r = self.api.post("/tickets", headers=self.kiosk,
                              json={"service_id": self.rng.choice(pool)})
            if r.status_code == 201:
                self.issued += 1
                self.status_urls.append(self.url + r.json()["status_path"])
            if counter_id is not None and self.rng.random() < 0.7:
                self.api.post(f"/counters/{counter_id}/call-next", headers=sessions[counter_id])
