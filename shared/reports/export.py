"""CSV, XLSX and JSON exports of report results (shared.reports.tables)."""
from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..domain import reports as r
from ..domain.skm import Grade, SkmResult
from .tables import DECIMALS, HOURS, INT, MINUTES, NRR, PCT, SCORE, Table, period_text, \
    report_period, report_title, tables_for


# --------------------------------------------------------------------------- CSV

def table_named(tables: list[Table], name: str | None) -> Table:
    if name is None:
        return tables[0]
    for table in tables:
        if table.name == name:
            return table
    raise KeyError(f"no table {name!r}; tables: {', '.join(t.name for t in tables)}")


def to_csv(report: Any, table: str | None = None, delimiter: str = ",") -> str:
    """One table of the report (the first unless named) as CSV text: plain numbers (decimal
    point, rounded as displayed), empty cell for no value. Written with a BOM by write_csv so
    spreadsheet programs read the UTF-8 names."""
    chosen = table_named(tables_for(report), table)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(chosen.headers)
    for row in chosen.rows:
        writer.writerow([_plain(v, c.kind) for v, c in zip(row, chosen.columns)])
    return out.getvalue()


def _plain(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind in DECIMALS:
        return round(float(value), DECIMALS[kind])
    return value


def write_csv(report: Any, path: Path, table: str | None = None, delimiter: str = ",") -> None:
    path.write_text(to_csv(report, table, delimiter), encoding="utf-8-sig", newline="")


# --------------------------------------------------------------------------- XLSX

_NUMBER_FORMATS = {INT: "#,##0", MINUTES: "0.0", HOURS: "0.0", PCT: "0.0", SCORE: "0.00",
                   NRR: "0.000"}


def write_xlsx(report: Any, path: Path, generated: datetime | None = None) -> None:
    """Every table of the report on its own sheet (header row frozen, filter on, numbers at full
    precision with a display format), after an 'Info' sheet with the title, MPP, period and the
    notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    tables = tables_for(report)
    wb = Workbook()
    info = wb.active
    info.title = "Info"
    start, end = report_period(report)
    generated = generated or datetime.now(timezone.utc)
    site = getattr(report, "site_name", "")
    lines = [("Laporan", report_title(report)), ("MPP", site), ("Periode", period_text(start, end)),
             ("Dari", start.isoformat()), ("Sampai", end.isoformat()),
             ("Dibuat", generated.astimezone().strftime("%Y-%m-%d %H:%M"))]
    for key, value in lines:
        info.append([key, value])
    info.append([])
    info.append(["Tabel", "Judul", "Catatan"])
    for table in tables:
        info.append([table.name, table.title, table.note])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 60
    info.column_dimensions["C"].width = 100
    for cell in info["A"]:
        cell.font = Font(bold=True)

    header_fill = PatternFill("solid", fgColor="DDE7F0")
    used: set[str] = set()
    for table in tables:
        name = table.name[:31]
        while name in used:  # a monthly workbook never repeats names, but be safe
            name = name[:29] + f"_{len(used)}"
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append(table.headers)
        for row in table.rows:
            ws.append(row)  # full precision; the number format rounds the display
        for i, column in enumerate(table.columns, start=1):
            letter = get_column_letter(i)
            head = ws.cell(row=1, column=i)
            head.font = Font(bold=True)
            head.fill = header_fill
            head.alignment = Alignment(wrap_text=True, vertical="top")
            width = max([len(column.header) * 0.8]
                        + [len(str(row[i - 1])) for row in table.rows[:500]
                           if row[i - 1] is not None]) + 2
            ws.column_dimensions[letter].width = min(60, max(8, width))
            fmt = _NUMBER_FORMATS.get(column.kind)
            if fmt:
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
        if table.rows:
            ws.auto_filter.ref = ws.dimensions
    wb.save(path)


# --------------------------------------------------------------------------- JSON

# Properties worth carrying into JSON (computed figures a reader would otherwise redo).
_PROPERTIES = {
    r.VisitorLine: ("priority", "served_pct"),
    r.BoothPresence: ("scheduled_days", "days_present", "coverage_pct", "presence_pct"),
    r.AgencyPresence: ("coverage_pct", "presence_pct"),
    r.EmptySlot: ("minutes",),
    r.SkmLine: ("target",),
}


def jsonable(value: Any) -> Any:
    """Report results as JSON-ready values (dates ISO, SKM results via their own to_json_dict)."""
    if isinstance(value, SkmResult):
        return value.to_json_dict()
    if isinstance(value, Grade):
        return {"letter": value.letter, "label": value.label}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in _PROPERTIES.get(type(value), ()):
            out[name] = jsonable(getattr(value, name))
        return out
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: jsonable(v) for k, v in value._asdict().items()}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (Decimal, Fraction)):
        return float(value)
    return value
