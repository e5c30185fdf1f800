"""Which key does what on the counter panel: defaults plus an optional TOML or JSON file.

Keys are named as Qt writes them in portable text: ``F1``, ``Ctrl+N``, ``Esc``, and keypad keys
with the ``Num+`` prefix (``Num+1``, ``Num+Enter``, ``Num+-``). A cheap USB keypad sends keypad
keys, so a file like this turns one into a counter console (keep NumLock on)::

    # keypad.toml
    [keys]
    "Num+1" = "call_next"
    "Num+0" = "recall"
    "Num+Enter" = "confirm"
    "Num+." = "none"        # unbind a default

The same in JSON: ``{"keys": {"Num+1": "call_next", "Num+0": "recall"}}``. The file's entries
are laid over the defaults; ``replace_defaults = true`` (top level) starts from nothing instead.
No Qt here: the view turns the names into Qt key sequences (views/keys.py).
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

# Every action the panel can be asked to do, in the order the help and buttons list them.
ACTIONS = ("call_next", "recall", "skip", "start", "finish", "transfer", "call_ticket",
           "pause", "resume", "open", "logout", "confirm", "cancel")
UNBOUND = "none"

DEFAULT_KEYMAP: dict[str, str] = {
    "F1": "call_next", "F2": "recall", "F3": "skip", "F4": "start", "F5": "finish",
    "F6": "transfer", "F7": "pause", "F8": "call_ticket", "F9": "resume", "F12": "logout",
    "Num+1": "call_next", "Num+2": "recall", "Num+3": "skip", "Num+4": "start",
    "Num+5": "finish", "Num+6": "transfer", "Num+7": "pause", "Num+8": "call_ticket",
    "Num+9": "resume", "Num+Enter": "confirm", "Return": "confirm", "Enter": "confirm",
    "Esc": "cancel", "Num+-": "cancel",
}


class KeymapError(ValueError):
    """A key map file that cannot be used (the message says where and why)."""


def parse_keymap(data: object, source: str = "keymap") -> dict[str, str]:
    """Defaults overlaid with ``data`` (the parsed file). Raises KeymapError."""
    if not isinstance(data, dict):
        raise KeymapError(f"{source}: expected a table/object with a 'keys' table")
    unknown_top = set(data) - {"keys", "replace_defaults"}
    if unknown_top:
        raise KeymapError(f"{source}: unknown entries {sorted(unknown_top)}; "
                          "use 'keys' and 'replace_defaults'")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise KeymapError(f"{source}: 'keys' must be a table of \"KEY\" = \"action\"")
    replace = data.get("replace_defaults", False)
    if not isinstance(replace, bool):
        raise KeymapError(f"{source}: 'replace_defaults' must be true or false")
    out = {} if replace else dict(DEFAULT_KEYMAP)
    for key, action in keys.items():
        if not isinstance(key, str) or not key.strip():
            raise KeymapError(f"{source}: empty key name")
        if not isinstance(action, str) or action not in (*ACTIONS, UNBOUND):
            raise KeymapError(f"{source}: key {key!r}: unknown action {action!r}; use one of "
                              f"{', '.join(ACTIONS)} or {UNBOUND!r}")
        name = key.strip()
        for existing in [k for k in out if k.lower() == name.lower()]:  # "f3" replaces "F3"
            del out[existing]
        if action != UNBOUND:
            out[name] = action
    return out


def load_keymap(path: Path | None) -> dict[str, str]:
    """The defaults, or the defaults overlaid with a .toml/.json file. Raises KeymapError."""
    if path is None:
        return dict(DEFAULT_KEYMAP)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise KeymapError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        if Path(path).suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, TOMLDecodeError
        raise KeymapError(f"{path}: not valid {Path(path).suffix.lstrip('.') or 'TOML'}: {exc}"
                          ) from exc
    return parse_keymap(data, str(path))


def keys_for(keymap: dict[str, str], action: str) -> list[str]:
    """The keys bound to ``action``, F-keys first (for button labels)."""
    found = [k for k, a in keymap.items() if a == action]
    return sorted(found, key=lambda k: (not k.startswith("F"), len(k), k))
