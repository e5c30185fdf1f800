"""`antrean setup --role ROLE`: install one device of an MPP, idempotently.

Steps, each reporting created / updated / unchanged / skipped: Debian packages (root only), the
service user, the application in a virtualenv, /etc/antrean/antrean.toml (commented; an existing
file is kept unless --force), the device token, and the role's systemd unit. Everything lands
under --root (default /), so a test can install into a throwaway folder.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import ConfigError, parse_config

REPO = Path(__file__).resolve().parents[2]
ROLE_PACKAGES = {
    "master": ["sqlite3"],
    "kiosk": ["cage", "libusb-1.0-0", "fonts-dejavu-core", "fonts-noto-core", "libegl1",
              "libxkbcommon0", "libfontconfig1"],
    "display": ["cage", "espeak-ng", "fonts-dejavu-core", "fonts-noto-core", "libegl1",
                "libxkbcommon0", "libfontconfig1", "libpulse0"],
    "counter": ["cage", "fonts-dejavu-core", "fonts-noto-core", "libegl1", "libxkbcommon0",
                "libfontconfig1"],
}


@dataclass
class SetupOptions:
    role: str
    root: Path = Path("/")
    venv: Path = Path("/opt/antrean/venv")
    site: str = ""
    master_url: str = ""
    token: str = ""
    printer: str = "dummy"
    paper: int = 58
    zone: str = ""
    db: str = "/var/lib/antrean/antrean.db"
    apt: bool = True
    systemctl: bool = True
    force: bool = False
    install_deps: bool = True  # pip dependencies too (tests pass False: --no-deps)
    upgrade: bool = False  # reinstall the application from the checkout


@dataclass
class Report:
    steps: list[tuple[str, str]] = field(default_factory=list)  # (what, outcome)

    def add(self, what: str, outcome: str) -> None:
        self.steps.append((what, outcome))

    @property
    def changed(self) -> bool:
        return any(o in ("created", "updated", "installed") for _, o in self.steps)


def config_text(o: SetupOptions) -> str:
    """The commented antrean.toml for this device."""
    lines = [
        "# Antrean device configuration (written by `antrean setup`; edit and restart the unit).",
        "# Check it with: antrean run --config /etc/antrean/antrean.toml --print-argv",
        f'role = "{o.role}"          # master | kiosk | display | counter',
    ]
    if o.role == "master":
        lines += [
            "",
            "[server]",
            f'db = "{o.db}"',
            'host = "0.0.0.0"         # listen on the LAN',
            "port = 8420",
            "# mdns_interfaces = [\"192.168.1.10\"]   # advertise only on these addresses",
            "",
            "[backup]                 # consistent online copies with retention",
            'dir = "/var/lib/antrean/backups"',
            'extra_dirs = []          # e.g. ["/media/antrean-backup"] (a mounted USB disk)',
            "every_hours = 6",
            "keep = 28",
        ]
        return "\n".join(lines) + "\n"
    site = f'site = "{o.site}"' if o.site else '# site = "mpp-purbaraya"'
    url = f'url = "{o.master_url}"' if o.master_url else '# url = "http://192.168.1.10:8420"'
    lines += [
        f"{site}       # the site id the master advertises on mDNS",
        'lang = "id"              # id (Bahasa Indonesia) | en',
        "",
        "[master]",
        f"{url}  # a fixed master URL instead of mDNS (when the Wi-Fi blocks multicast)",
        "# mdns_interfaces = [\"192.168.1.21\"]",
        "",
        "[device]",
        'token_file = "/etc/antrean/device.token"   # from `antrean device add` on the master',
    ]
    if o.role == "kiosk":
        lines += ["", "[kiosk]",
                  f'printer = "{o.printer}"  # usb:VID:PID | net:HOST:9100 | serial:/dev/ttyUSB0 | dummy',
                  f"paper = {o.paper}        # 58 or 80 (mm)"]
    if o.role == "display":
        lines += ["", "[display]", f'zone = "{o.zone}"        # show only this zone/floor; empty = all',
                  "agencies = []           # agency codes to show; empty = all",
                  "voice = true", "voice_rate = 150"]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str, report: Report, what: str, mode: int = 0o644,
           keep_existing: bool = False) -> None:
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            report.add(what, "unchanged")
            return
        if keep_existing:
            report.add(what, "kept (exists; --force replaces it)")
            return
        outcome = "updated"
    else:
        outcome = "created"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    report.add(what, outcome)


def _live(o: SetupOptions) -> bool:
    """Acting on the real machine (not a throwaway root) as root."""
    return o.root == Path("/") and os.geteuid() == 0


def setup(o: SetupOptions, run=subprocess.run) -> Report:
    text = config_text(o)
    try:
        parse_config(text, "antrean.toml")
    except ConfigError as exc:
        raise ConfigError("setup options", exc.problems) from None
    report = Report()
    etc = o.root / "etc" / "antrean"
    config_name = config_file_for(etc, o.role)
    token_name = "device.token" if config_name == "antrean.toml" else f"{o.role}.token"
    text = text.replace("/etc/antrean/device.token", f"/etc/antrean/{token_name}")
    _packages(o, report, run)
    _user(o, report, run)
    _application(o, report, run)
    _write(etc / config_name, text, report, "configuration", keep_existing=not o.force)
    if o.role != "master":
        if o.token:
            _write(etc / token_name, o.token.strip() + "\n", report, "device token", 0o640)
            _give_to_service_group(o, etc / token_name, run)
        elif not (etc / token_name).exists():
            report.add("device token", "missing: run `antrean device add` on the master, "
                                       "then setup again with --token")
    unit_name = f"antrean-{o.role}.service"
    unit = (REPO / "systemd" / unit_name).read_text(encoding="utf-8")
    unit = (unit.replace("@VENV@", str(o.venv)).replace("@CONFIG@", f"/etc/antrean/{config_name}")
            .replace("@CAGE@", shutil.which("cage") or "/usr/bin/cage").replace("@ROOT@", str(REPO)))
    _write(o.root / "etc" / "systemd" / "system" / unit_name, unit, report, "systemd unit")
    _enable(o, unit_name, report, run)
    return report


def config_file_for(etc: Path, role: str) -> str:
    """antrean.toml, unless another role on this machine has it already (a mini-PC running the
    master and the lobby display): then antrean-<role>.toml, so the two never mix."""
    main = etc / "antrean.toml"
    if not main.exists():
        return "antrean.toml"
    match = re.search(r'^role\s*=\s*"([a-z]+)"', main.read_text(encoding="utf-8"), re.M)
    return "antrean.toml" if match is None or match.group(1) == role else f"antrean-{role}.toml"


def _give_to_service_group(o: SetupOptions, path: Path, run) -> None:
    """The units run as user antrean: the token must be readable by its group, by nobody else."""
    if _live(o) and run(["getent", "group", "antrean"], capture_output=True).returncode == 0:
        run(["chgrp", "antrean", str(path)], check=True)


def _packages(o: SetupOptions, report: Report, run) -> None:
    if not o.apt or not _live(o) or not shutil.which("apt-get"):
        report.add("debian packages", "skipped (not root on this machine, or --no-apt)")
        return
    missing = [p for p in ROLE_PACKAGES[o.role]
               if run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True,
                      text=True).stdout != "install ok installed"]
    if not missing:
        report.add("debian packages", "unchanged")
        return
    run(["apt-get", "update", "-qq"], check=True)
    run(["apt-get", "install", "-y", "-qq", *missing], check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    report.add("debian packages", "installed " + " ".join(missing))


def _user(o: SetupOptions, report: Report, run) -> None:
    if not _live(o):
        report.add("service user", "skipped (throwaway root)")
        return
    if run(["id", "antrean"], capture_output=True).returncode == 0:
        report.add("service user", "unchanged")
        return
    run(["useradd", "--system", "--home-dir", "/var/lib/antrean", "--shell",
         "/usr/sbin/nologin", "antrean"], check=True)
    report.add("service user", "created")


def _application(o: SetupOptions, report: Report, run) -> None:
    """An editable install of this checkout (keep it at /opt/antrean/src): the units, the demo
    catalog and the web assets are read from the checkout, and `git pull` + `antrean setup
    --upgrade` upgrades in place (schema migrations run when the master starts)."""
    python = o.venv / "bin" / "python"
    installed = python.exists() and run(
        [str(python), "-c", "import shared.ops.install as m; print(m.REPO)"],
        capture_output=True, text=True, cwd="/")
    if installed and installed.returncode == 0 and installed.stdout.strip() == str(REPO) \
            and not o.upgrade:
        report.add("application", "unchanged")
        return
    if not python.exists():
        run([sys.executable, "-m", "venv", str(o.venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "-e", str(REPO)]
    run(pip if o.install_deps else [*pip, "--no-deps"], check=True)
    report.add("application", "installed" if not installed or installed.returncode else "updated")


def _enable(o: SetupOptions, unit: str, report: Report, run) -> None:
    if not o.systemctl or not _live(o) or not Path("/run/systemd/system").exists():
        report.add("service", f"not started (start it with: systemctl enable --now {unit})")
        return
    run(["systemctl", "daemon-reload"], check=True)
    run(["systemctl", "enable", "--now", unit], check=True)
    report.add("service", "enabled and started")
