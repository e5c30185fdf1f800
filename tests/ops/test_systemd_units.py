"""Every unit in systemd/ passes `systemd-analyze verify` once installed (placeholders filled)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "systemd"
ROLES = ("master", "kiosk", "display", "counter")


def render(text: str, venv: Path) -> str:
    return (text.replace("@VENV@", str(venv)).replace("@CONFIG@", "/etc/antrean/antrean.toml")
            .replace("@CAGE@", shutil.which("cage") or "/usr/bin/cage")
            .replace("@ROOT@", str(UNITS.parent)))


def test_one_unit_per_role():
    assert sorted(p.name for p in UNITS.glob("*.service")) == sorted(
        f"antrean-{r}.service" for r in ROLES)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd not present")
@pytest.mark.parametrize("role", ROLES)
def test_unit_verifies(tmp_path, role):
    if role != "master" and not shutil.which("cage"):
        pytest.skip("cage (the kiosk compositor) is not installed")
    venv = Path(sys.prefix)
    unit = tmp_path / f"antrean-{role}.service"
    unit.write_text(render((UNITS / unit.name).read_text(), venv))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd not present")
def test_verify_catches_a_broken_unit(tmp_path):
    """The check above can fail: a typo in a unit is reported."""
    unit = tmp_path / "antrean-broken.service"
    unit.write_text(render((UNITS / "antrean-master.service").read_text(), Path(sys.prefix))
                    .replace("Restart=on-failure", "Restart=sometimes"))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit)],
                            capture_output=True, text=True)
    assert "restart specifier" in result.stderr
