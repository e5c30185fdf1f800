"""/etc/antrean/antrean.toml: one commented file per device, validated with line numbers.

The file names the device's role and its settings; `antrean run --config FILE` turns it into the
role's command line, so a setting means exactly what the matching CLI option means."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROLES = ("master", "kiosk", "display", "counter")


class ConfigError(Exception):
    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}:{line}: {msg}" for line, msg in problems))


@dataclass(frozen=True)
class Setting:
    section: str  # "" for top-level keys
    key: str
    check: Callable[[Any], str | None]  # returns an error message or None
    flag: str | None  # CLI option it becomes; None = used by `run` itself
    roles: tuple[str, ...] = ROLES


def _str(v: Any) -> str | None:
    return None if isinstance(v, str) else "must be a string in quotes"


def _url(v: Any) -> str | None:
    if not isinstance(v, str):
        return "must be a string in quotes"
    if v and not re.fullmatch(r"https?://[^\s/]+(:\d+)?/?", v):
        return f"{v!r} is not a master URL like \"http://10.0.0.2:8420\""
    return None


def _slug(v: Any) -> str | None:
    if not isinstance(v, str) or not re.fullmatch(r"[a-z0-9-]{1,40}", v):
        return "must be a site id of lowercase letters, digits and '-' (e.g. \"mpp-purbaraya\")"
    return None


def _int_range(lo: int, hi: int) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            return f"must be a whole number from {lo} to {hi}"
        return None
    return check


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be true or false (no quotes)"


def _ip_list(v: Any) -> str | None:
    if not isinstance(v, list) or not all(
            isinstance(x, str) and re.fullmatch(r"[0-9a-fA-F:.]+", x) for x in v):
        return "must be a list of interface addresses, e.g. [\"192.168.1.10\"]"
    return None


def _str_list(v: Any) -> str | None:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        return "must be a list of strings, e.g. [\"dukcapil\", \"samsat\"]"
    return None


def _one_of(*choices: Any) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        return None if v in choices else "must be one of " + ", ".join(repr(c) for c in choices)
    return check


def _printer(v: Any) -> str | None:
    if not isinstance(v, str) or not re.fullmatch(r"(usb:[0-9a-fA-F]{4}:[0-9a-fA-F]{4}(:.*)?|"
                                                  r"net:\S+|serial:\S+|file:\S+|dummy)", v):
        return ("must be a printer like \"usb:0416:5011\", \"net:192.168.1.50:9100\", "
                "\"serial:/dev/ttyUSB0\" or \"dummy\"")
    return None


DEVICES = ("kiosk", "display", "counter")
SETTINGS = (
    Setting("", "role", _one_of(*ROLES), None),
    Setting("", "site", _slug, "--site", DEVICES),
    Setting("", "lang", _one_of("id", "en"), "--lang", DEVICES),
    Setting("master", "url", _url, "--master", DEVICES),
    Setting("master", "mdns_interfaces", _ip_list, "--mdns-interface", DEVICES),
    Setting("device", "token_file", _str, "--token-file", DEVICES),
    Setting("server", "db", _str, "--db", ("master",)),
    Setting("server", "host", _str, "--host", ("master",)),
    Setting("server", "port", _int_range(1, 65535), "--port", ("master",)),
    Setting("server", "mdns_interfaces", _ip_list, "--mdns-interface", ("master",)),
    Setting("backup", "dir", _str, "--backup-dir", ("master",)),
    Setting("backup", "extra_dirs", _str_list, "--backup-extra-dir", ("master",)),
    Setting("backup", "every_hours", _int_range(1, 168), "--backup-every-hours", ("master",)),
    Setting("backup", "keep", _int_range(1, 1000), "--backup-keep", ("master",)),
    Setting("kiosk", "printer", _printer, "--printer", ("kiosk",)),
    Setting("kiosk", "paper", _one_of(58, 80), "--paper", ("kiosk",)),
    Setting("display", "zone", _str, "--zone", ("display",)),
    Setting("display", "agencies", _str_list, "--agency", ("display",)),
    Setting("display", "voice", _bool, "--voice", ("display",)),
    Setting("display", "voice_rate", _int_range(80, 450), "--voice-rate", ("display",)),
    Setting("counter", "counter", _int_range(1, 100000), "--counter", ("counter",)),
)
_BY_KEY = {(s.section, s.key): s for s in SETTINGS}


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """Line of each `key = ...` per [section]; tomllib keeps no positions."""
    lines: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0].strip()
        if m := re.fullmatch(r"\[\s*([A-Za-z0-9_.-]+)\s*\]", stripped):
            section = m.group(1)
            lines.setdefault((section, ""), number)
        elif m := re.match(r"([A-Za-z0-9_-]+)\s*=", stripped):
            lines.setdefault((section, m.group(1)), number)
    return lines


@dataclass(frozen=True)
class DeviceConfig:
    path: str
    role: str
    values: dict[tuple[str, str], Any]

    def argv(self) -> list[str]:
        """The role's command line (`antrean <role> ...`)."""
        args = [self.role]
        fixed_url = bool(self.values.get(("master", "url")))
        for (section, key), value in self.values.items():
            setting = _BY_KEY[(section, key)]
            if setting.flag is None or self.role not in setting.roles:
                continue
            if fixed_url and (section, key) == ("", "site"):
                continue  # a fixed URL overrides mDNS discovery
            if isinstance(value, bool):
                args.append(setting.flag if value else "--no-" + setting.flag[2:])
            elif isinstance(value, list):
                for item in value:
                    args += [setting.flag, str(item)]
            elif value != "":
                args += [setting.flag, str(value)]
        return args


def parse_config(text: str, path: str = "antrean.toml") -> DeviceConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise ConfigError(path, [(line, f"not valid TOML: {exc}")]) from None
    lines = _key_lines(text)
    problems: list[tuple[int, str]] = []
    values: dict[tuple[str, str], Any] = {}
    for section, body in data.items():
        items = [("", section, body)] if not isinstance(body, dict) else [
            (section, k, v) for k, v in body.items()]
        if isinstance(body, dict) and not any(s.section == section for s in SETTINGS):
            problems.append((lines.get((section, ""), 0), f"unknown section [{section}]"))
            continue
        for sec, key, value in items:
            line = lines.get((sec, key), 0)
            setting = _BY_KEY.get((sec, key))
            if setting is None:
                where = f"[{sec}] " if sec else ""
                problems.append((line, f"unknown setting {where}{key!r}"))
                continue
            if (error := setting.check(value)) is not None:
                problems.append((line, f"{key} {error}"))
                continue
            values[(sec, key)] = value
    role = values.get(("", "role"))
    if role is None and not any("role" in m for _, m in problems):
        problems.append((0, "role is missing: role = \"master\", \"kiosk\", \"display\" or \"counter\""))
    if role in DEVICES and not values.get(("master", "url")) and not values.get(("", "site")):
        problems.append((lines.get(("", "role"), 0),
                         "a device needs site = \"...\" (mDNS) or [master] url = \"http://...\""))
    if role == "master" and ("server", "db") not in values:
        problems.append((lines.get(("", "role"), 0), "the master needs [server] db = \"/var/lib/antrean/antrean.db\""))
    for (sec, key), value in values.items():
        setting = _BY_KEY[(sec, key)]
        if role and role not in setting.roles:
            problems.append((lines.get((sec, key), 0),
                             f"{key} does not apply to role {role!r} (remove it)"))
    if problems:
        raise ConfigError(path, sorted(problems))
    return DeviceConfig(path, role, values)  # type: ignore[arg-type]


def load_config(path: str | Path) -> DeviceConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), [(0, "no such file (create it with `antrean setup --role ...`)")]) from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), [(0, "not UTF-8 text")]) from None
    return parse_config(text, str(path))
