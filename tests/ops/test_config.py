"""Device configuration: valid files become the role's command line; bad ones are refused
with every problem and its line number."""
from __future__ import annotations

import pytest

from shared.cli.main import build_parser
from shared.ops.config import ConfigError, parse_config

MASTER = """\
# master of MPP Purbaraya
role = "master"

[server]
db = "/var/lib/antrean/antrean.db"
host = "0.0.0.0"
port = 8420
mdns_interfaces = ["192.168.1.10"]

[backup]
dir = "/var/lib/antrean/backups"
extra_dirs = ["/media/antrean-backup"]
every_hours = 6
keep = 28
"""

KIOSK = """\
role = "kiosk"
site = "mpp-purbaraya"
lang = "id"

[master]
url = ""

[device]
token_file = "/etc/antrean/device.token"

[kiosk]
printer = "usb:0416:5011"
paper = 80
"""


def test_master_config_becomes_its_command_line():
    argv = parse_config(MASTER).argv()
    assert argv[:3] == ["master", "--db", "/var/lib/antrean/antrean.db"]
    assert ["--port", "8420"] == argv[argv.index("--port"):argv.index("--port") + 2]
    assert "--backup-extra-dir" in argv
    args = build_parser().parse_args(argv)  # the CLI accepts exactly what the file says
    assert args.port == 8420 and args.backup_keep == 28
    assert args.mdns_interface == ["192.168.1.10"]


def test_kiosk_config_skips_empty_url_and_keeps_mdns_site():
    argv = parse_config(KIOSK).argv()
    assert argv[0] == "kiosk"
    assert "--master" not in argv
    assert argv[argv.index("--site") + 1] == "mpp-purbaraya"
    assert argv[argv.index("--printer") + 1] == "usb:0416:5011"


def test_every_bad_value_is_reported_with_its_line():
    text = KIOSK.replace('lang = "id"', 'lang = "jv"').replace("paper = 80", "paper = 57") \
        .replace('printer = "usb:0416:5011"', 'printer = "lpt1"') \
        .replace('url = ""', 'url = "10.0.0.2"') + "\n[kiosk_extra]\nx = 1\n"
    with pytest.raises(ConfigError) as err:
        parse_config(text, "/etc/antrean/antrean.toml")
    lines = str(err.value).splitlines()
    assert lines == [
        "/etc/antrean/antrean.toml:3: lang must be one of 'id', 'en'",
        "/etc/antrean/antrean.toml:6: url '10.0.0.2' is not a master URL like \"http://10.0.0.2:8420\"",
        "/etc/antrean/antrean.toml:12: printer must be a printer like \"usb:0416:5011\", "
        "\"net:192.168.1.50:9100\", \"serial:/dev/ttyUSB0\" or \"dummy\"",
        "/etc/antrean/antrean.toml:13: paper must be one of 58, 80",
        "/etc/antrean/antrean.toml:15: unknown section [kiosk_extra]",
    ]


def test_syntax_errors_unknown_keys_and_wrong_role():
    with pytest.raises(ConfigError, match=r":2: not valid TOML"):
        parse_config('role = "kiosk"\nsite = mpp\n')
    with pytest.raises(ConfigError) as err:
        parse_config(MASTER.replace("keep = 28", "keep = 28\nkeeep = 3") + '\n[kiosk]\npaper = 58\n')
    text = str(err.value)
    assert ":15: unknown setting [backup] 'keeep'" in text
    assert ":18: paper does not apply to role 'master' (remove it)" in text


def test_missing_role_and_missing_master_location():
    with pytest.raises(ConfigError, match="role is missing"):
        parse_config('site = "mpp-purbaraya"\n')
    with pytest.raises(ConfigError, match=r":1: a device needs site"):
        parse_config('role = "display"\n')
    with pytest.raises(ConfigError, match="the master needs \\[server\\] db"):
        parse_config('role = "master"\n')
