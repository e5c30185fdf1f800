"""`antrean setup` into a throwaway root with a fresh virtualenv: files, config, idempotence."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from shared.ops.config import load_config

ROOT = Path(__file__).resolve().parents[2]


def setup(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shared.cli.main", "setup", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("venv") / "antrean"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path


def test_kiosk_install_is_complete_and_idempotent(tmp_path, venv):
    root = tmp_path / "root"
    args = ["--role", "kiosk", "--root", str(root), "--venv", str(venv), "--site", "mpp-purbaraya",
            "--token", "tok-123", "--printer", "net:192.168.1.50:9100", "--paper", "58",
            "--no-deps", "--no-apt", "--no-systemctl"]
    first = setup(*args)
    assert first.returncode == 0, first.stderr
    assert "application      installed" in first.stdout
    config = root / "etc/antrean/antrean.toml"
    unit = root / "etc/systemd/system/antrean-kiosk.service"
    token = root / "etc/antrean/device.token"
    assert token.read_text() == "tok-123\n" and token.stat().st_mode & 0o777 == 0o640
    assert "ExecStart=" in unit.read_text() and str(venv) in unit.read_text()
    assert not re.search(r"@[A-Z]+@", unit.read_text())  # every placeholder replaced
    parsed = load_config(config)
    assert parsed.argv()[:1] == ["kiosk"]
    assert "net:192.168.1.50:9100" in parsed.argv()
    # The venv really holds the application.
    check = subprocess.run([str(venv / "bin/python"), "-c", "import shared.ops.install"], cwd="/")
    assert check.returncode == 0
    before = {p: p.read_bytes() for p in (config, unit, token)}
    second = setup(*args)
    assert second.returncode == 0, second.stderr
    for line in second.stdout.splitlines():
        assert line.split()[-1] in ("unchanged",) or "skipped" in line or "not started" in line, line
    assert {p: p.read_bytes() for p in before} == before


def test_existing_config_is_kept_unless_forced(tmp_path, venv):
    root = tmp_path / "root"
    base = ["--role", "display", "--root", str(root), "--venv", str(venv), "--no-deps",
            "--no-apt", "--no-systemctl", "--token", "t"]
    assert setup(*base, "--site", "mpp-a").returncode == 0
    kept = setup(*base, "--site", "mpp-b")
    assert "configuration    kept" in kept.stdout
    assert 'site = "mpp-a"' in (root / "etc/antrean/antrean.toml").read_text()
    assert setup(*base, "--site", "mpp-b", "--force").returncode == 0
    assert 'site = "mpp-b"' in (root / "etc/antrean/antrean.toml").read_text()


def test_unclear_input_is_refused_and_nothing_written(tmp_path, venv):
    root = tmp_path / "root"
    r = setup("--role", "kiosk", "--root", str(root), "--venv", str(venv), "--no-deps",
              "--no-apt", "--site", "MPP Purbaraya!", "--printer", "lpt1")
    assert r.returncode == 2
    assert "site must be a site id" in r.stderr and "printer must be a printer" in r.stderr
    assert not root.exists()
    r = setup("--role", "counter", "--root", str(root), "--venv", str(venv), "--no-deps", "--no-apt")
    assert r.returncode == 2 and "a device needs site" in r.stderr


def test_master_and_display_on_one_machine_keep_separate_configs(tmp_path, venv):
    root = tmp_path / "root"
    common = ["--root", str(root), "--venv", str(venv), "--no-deps", "--no-apt", "--no-systemctl"]
    assert setup("--role", "master", *common).returncode == 0
    r = setup("--role", "display", "--master", "http://192.168.1.10:8420", "--token", "t", *common)
    assert r.returncode == 0, r.stderr
    etc = root / "etc/antrean"
    assert load_config(etc / "antrean.toml").role == "master"
    display = load_config(etc / "antrean-display.toml")
    argv = display.argv()
    assert argv[0] == "display" and argv[argv.index("--master") + 1] == "http://192.168.1.10:8420"
    assert "--site" not in argv and argv[argv.index("--token-file") + 1] == "/etc/antrean/display.token"
    unit = (root / "etc/systemd/system/antrean-display.service").read_text()
    assert "--config /etc/antrean/antrean-display.toml" in unit
    assert (etc / "display.token").read_text() == "t\n"
