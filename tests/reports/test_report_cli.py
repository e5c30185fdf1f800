"""`antrean report ...`, `antrean skm index`, `antrean bench reports`."""
from __future__ import annotations

import argparse
import json
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from shared.cli import main as cli_main
from shared.cli import report_cmds
from shared.cli.errors import UserError
from shared.domain.skm import round_half_up

from .conftest import FIRST, LAST


def build_parser() -> argparse.ArgumentParser:
    """main's parser, with report_cmds registered after the others if main does not yet."""
    parser = cli_main.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "report" not in sub.choices:
        report_cmds.register(sub)
    return parser


def run(*argv: str) -> int:
    args = build_parser().parse_args([str(a) for a in argv])
    try:
        return args.handler(args) or 0
    except UserError as exc:
        print(f"antrean: {exc}")
        return 2


PERIOD = ("--from", FIRST.isoformat(), "--to", LAST.isoformat())


def test_registers_beside_bench_in_either_order():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    report_cmds.register(sub)  # no `bench` yet: report_cmds makes one
    args = parser.parse_args(["bench", "reports", "--db", "x.db"])
    assert args.handler is report_cmds.cmd_bench_reports
    args = build_parser().parse_args(["bench", "reports", "--db", "x.db", "--repeat", "1"])
    assert args.handler is report_cmds.cmd_bench_reports
    args = build_parser().parse_args(["bench", "store"])  # bench's own commands still there
    assert args.bench == "store"


def test_visitors_json_to_stdout(sim_db, capsys):
    assert run("report", "visitors", "--db", sim_db, *PERIOD, "--grain", "day") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grain"] == "day" and data["total"]["issued"] > 500
    assert {line["period"] for line in data["lines"]} == {"2025-01-06", "2025-01-07",
                                                          "2025-01-08"}


def test_visitors_csv_by_service_with_filter(sim_db, capsys):
    assert run("report", "visitors", "--db", sim_db, *PERIOD, "--agency", "dukcapil",
               "--by-service", "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Periode,Kode Instansi,Instansi,Kode Layanan,Layanan,")
    assert all(",dukcapil," in line for line in lines[1:-1])
    assert lines[-1].startswith("Total,")


def test_xlsx_and_pdf_outputs(sim_db, tmp_path, capsys):
    out = tmp_path / "times.xlsx"
    assert run("report", "times", "--db", sim_db, *PERIOD, "--by", "agency,officer,hour",
               "-o", out) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Info", "waktu", "waktu_agency", "waktu_officer", "waktu_hour"]
    pdf = tmp_path / "presence.pdf"
    assert run("report", "presence", "--db", sim_db, *PERIOD, "--format", "pdf", "-o", pdf) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    csv_file = tmp_path / "slots.csv"
    assert run("report", "presence", "--db", sim_db, *PERIOD, "--table", "slot_kosong",
               "-o", csv_file, "--min-gap", "30") == 0
    assert csv_file.read_text(encoding="utf-8-sig").startswith("Kode Instansi,Instansi,Gerai,")
    json_file = tmp_path / "skm.json"
    assert run("report", "skm", "--db", sim_db, *PERIOD, "--weight", "0.11", "-o", json_file) == 0
    assert json.loads(json_file.read_text())["weight"] == "0.11"
    assert "wrote" in capsys.readouterr().err


def test_monthly_pdf_and_xlsx(sim_db, tmp_path):
    pdf = tmp_path / "report.pdf"
    assert run("report", "monthly", "--db", sim_db, "--month", "2025-01", "-o", pdf) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "report.xlsx"
    assert run("report", "monthly", "--db", sim_db, "--month", "2025-01", "-o", xlsx) == 0
    assert "skm_instansi" in load_workbook(xlsx).sheetnames


@pytest.mark.parametrize("argv, message", [
    (("report", "visitors", "--db", "{db}", "--from", "2025-01-08", "--to", "2025-01-06"),
     "before --from"),
    (("report", "visitors", "--db", "{db}", *PERIOD, "--agency", "nope"), "unknown agency"),
    (("report", "skm", "--db", "{db}", *PERIOD, "--service", "nope"), "unknown service"),
    (("report", "visitors", "--db", "{db}", *PERIOD, "--format", "xlsx"), "needs -o"),
    (("report", "times", "--db", "{db}", *PERIOD, "--by", "agency,counter"), "--by takes"),
    (("report", "presence", "--db", "{db}", *PERIOD, "--format", "csv", "--table", "x"),
     "no table 'x'"),
    (("report", "monthly", "--db", "{db}", "--month", "2025-01"), "give -o"),
    (("report", "presence", "--db", "{db}", *PERIOD, "--service", "ktp"), "per booth"),
    (("report", "visitors", "--db", "{missing}", *PERIOD), "no database"),
])
def test_user_errors(sim_db, tmp_path, capsys, argv, message):
    argv = [a.format(db=sim_db, missing=tmp_path / "missing.db") for a in argv]
    assert run(*argv) == 2
    assert message in capsys.readouterr().out


def test_database_without_catalog(tmp_path, capsys):
    assert run("init", "--db", tmp_path / "empty.db") == 0
    assert run("report", "visitors", "--db", tmp_path / "empty.db", *PERIOD) == 2
    assert run("report", "monthly", "--db", tmp_path / "empty.db", "--month", "2025-01",
               "-o", tmp_path / "x.pdf") == 2
    assert "no site yet" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["2025-13", "2025-1", "januari"])
def test_bad_month_and_date_are_refused(sim_db, bad):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "monthly", "--db", str(sim_db), "--month", bad])
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "skm", "--db", str(sim_db), "--from", bad,
                                   "--to", "2025-01-01"])


SKM_CSV = """nama;U1;U2;U3;U4;U5;U6;U7;U8;U9
Ani;4;4;4;4;4;4;4;4;4
Budi;3;3;3;3;3;3;3;;3
Citra;2;;3;4;3;3;3;;4
Dedi;;;;;;;;;
"""


def test_skm_index_with_blanks(tmp_path, capsys):
    path = tmp_path / "skm.csv"
    path.write_text("\ufeff" + SKM_CSV, encoding="utf-8")
    assert run("skm", "index", path) == 0
    data = json.loads(capsys.readouterr().out)
    # NRR: U1 9/3, U2 7/2, U3 10/3, U4 11/3, U5..U7 10/3, U8 4/1 (blanks excluded), U9 11/3.
    # IKM = (3 + 3.5 + 4*10/3 + 2*11/3 + 4) / 9 = 187/54; NIK = 86.574... -> 86.57, B.
    assert data["respondents"] == 3  # Dedi answered nothing
    assert data["nrr"] == {"U1": 3.0, "U2": 3.5, "U3": 3.333, "U4": 3.667, "U5": 3.333,
                           "U6": 3.333, "U7": 3.333, "U8": 4.0, "U9": 3.667}
    assert data["ikm"] == float(round_half_up(Fraction(187, 54), 3)) == 3.463
    assert (data["nik"], data["nik_text"], data["grade"]) == (86.57, "86.57", "B")
    assert run("skm", "index", path, "--weight", "0.11") == 0
    legacy = json.loads(capsys.readouterr().out)
    assert (legacy["nik"], legacy["grade"]) == (85.71, "B")  # 187/6 * 0.11 * 25 = 85.708


def test_skm_index_errors(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n5,4,4,4,4,4,4,4,4\n", encoding="utf-8")
    assert run("skm", "index", bad) == 2
    assert "line 2" in capsys.readouterr().out
    assert run("skm", "index", tmp_path / "missing.csv") == 2
    assert "cannot read" in capsys.readouterr().out


def test_bench_reports(sim_db, tmp_path, capsys):
    assert run("bench", "reports", "--db", sim_db, "--repeat", "1", "--render") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["month"]["from"] == "2024-12-01"  # January 2025 is not complete
    assert data["year"]["tickets"] == data["tickets_total"] > 0
    for suite in ("month", "year"):
        for name in ("visitors", "times", "presence", "skm"):
            assert data[suite][name]["best_s"] >= 0
    assert data["month"]["monthly_pdf_render"]["best_s"] > 0
    assert run("bench", "reports", "--db", sim_db, "--repeat", "1", "--month", "2025-01") == 0
    assert json.loads(capsys.readouterr().out)["month"]["tickets"] > 0


def test_bench_reports_needs_tickets(tmp_path, capsys):
    assert run("init", "--db", tmp_path / "empty.db") == 0
    assert run("bench", "reports", "--db", tmp_path / "empty.db") == 2
    assert "no tickets" in capsys.readouterr().out
