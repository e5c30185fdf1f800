"""`antrean device pair`: pair this device with the master from the device itself.

Asks the master for pairing (POST /api/v1/pairing), prints the 6-digit code for the admin, who
approves it on the back office's Devices page, polls every 2 s and writes the token it gets
(once) to --token-file (mode 0640). Exit 0 when paired, 2 when rejected, expired or unreachable.
"""
from __future__ import annotations

import argparse
import grp
import os
import tempfile
import time
from pathlib import Path

from ..store import auth_db
from .errors import UserError

POLL_S = 2.0
API_HEADERS = {"X-Antrean-Api": "1"}


def add_parser(dev_sub) -> None:
    p = dev_sub.add_parser("pair", help="pair THIS device with the master: shows a code to "
                                        "approve in the back office, then writes the token")
    p.add_argument("--master", required=True,
                   help="the master's URL, e.g. http://192.168.1.10:8420")
    p.add_argument("--role", required=True, choices=auth_db.DEVICE_ROLES)
    p.add_argument("--name", required=True, help="how the device shows in the back office (≤ 60)")
    p.add_argument("--token-file", required=True, type=Path,
                   help="where to write the token (e.g. /etc/antrean/device.token), mode 0640")
    p.add_argument("--interval", type=float, default=POLL_S, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_device_pair)


def _error(r) -> str:
    try:
        return r.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return f"HTTP {r.status_code}"


def write_token(path: Path, token: str) -> None:
    """Atomically, mode 0640 whatever the umask; group antrean when run as root and that group
    exists (the units run as user antrean and must read it)."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".token-", dir=folder)
    try:
        os.fchmod(fd, 0o640)
        if os.geteuid() == 0:
            try:
                os.fchown(fd, -1, grp.getgrnam("antrean").gr_gid)
            except KeyError:
                pass  # no service group on this machine (a laptop, a test)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(token + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def cmd_device_pair(args) -> int:
    import httpx

    name = args.name.strip()
    if not name or len(name) > 60:
        raise UserError("--name must be 1-60 characters")
    folder = args.token_file.expanduser().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UserError(f"cannot write the token file in {folder}")
    base = args.master.rstrip("/") + "/api/v1/pairing"
    with httpx.Client(timeout=10, headers=API_HEADERS) as http:
        try:
            r = http.post(base, json={"role": args.role, "name": name})
        except httpx.HTTPError as exc:
            raise UserError(f"cannot reach the master at {args.master}: {exc}") from None
        if r.status_code != 201:
            raise UserError(f"the master refused the pairing request: {_error(r)}")
        body = r.json()
        request_id, code = body["request"], body["code"]
        deadline = time.monotonic() + int(body.get("expires_in_s", 600)) + 30
        shown = f"{code[:3]} {code[3:]}"
        print(f"Kode pemasangan: {shown} — setujui di halaman pengelola › Perangkat", flush=True)
        print(f"Pairing code: {shown} — approve it in the back office › Devices", flush=True)
        url = f"{base}/{request_id}"
        while True:
            time.sleep(args.interval)
            try:
                r = http.get(url)
            except httpx.HTTPError:
                r = None  # the master restarting, Wi-Fi gone: keep trying until the deadline
            if r is not None:
                if r.status_code == 404:
                    raise UserError("the master no longer knows this pairing request; "
                                    "run antrean device pair again")
                if r.status_code == 200:
                    status = r.json().get("status")
                    if status == "approved":
                        write_token(args.token_file, r.json()["token"])
                        print(f"Perangkat dipasangkan; token ditulis ke {args.token_file}\n"
                              f"Paired; token written to {args.token_file}", flush=True)
                        return 0
                    if status == "rejected":
                        raise UserError("Permintaan pemasangan ditolak / the pairing request "
                                        "was rejected")
                    if status == "expired":
                        raise UserError("Permintaan pemasangan kedaluwarsa / the pairing request "
                                        "expired; run antrean device pair again")
            if time.monotonic() > deadline:
                raise UserError("no answer from the master in time; "
                                "run antrean device pair again")
