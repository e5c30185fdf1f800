"""What a printed queue ticket says and how it is laid out, independent of any device.

``layout_lines(ticket, columns)`` turns a ``TicketPrint`` into a list of typed blocks (text lines
with size/bold/align, QR code, rule, feed, logo). It is the single source for both outputs:
``printer.render_escpos`` turns the blocks into ESC/POS bytes and ``ticket_preview`` into a PNG.

Geometry follows ESC/POS font A: a character cell is 12 x 24 dots, so 58 mm paper (384 dots)
holds 32 columns and 80 mm paper (576 dots) 48. A text block with width multiplier ``w`` uses
``len(text) * w`` columns; every block this module emits fits its paper. Text is cleaned so one
character is one printed column (no ellipsis character, no smart quotes, no control characters).

Pure: no I/O (the logo is only referenced by path), no device, no Qt.
"""
from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, Union
from zoneinfo import ZoneInfo

from ..domain.eta import Estimate
from ..domain.model import Agency, Service, Site
from ..domain.schedule import DAY_NAMES_ID
from ..domain.tickets import Ticket

MONTH_NAMES_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                  "September", "Oktober", "November", "Desember")

DEFAULT_FOOTER = "Simpan tiket ini sebagai bukti antrean"
QR_CAPTION = "Pindai untuk cek status antrean"
MAX_REQUIREMENTS = 3  # the ticket is a reminder; the kiosk and the status page show them all
REQUIREMENT_MAX_LINES = 2  # per requirement; longer ones are cut with "..."
MAX_NUMBER_SIZE = 8  # ESC/POS GS ! allows 1..8

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Paper:
    """A paper roll: printable dots (203 dpi heads) and font-A columns."""

    mm: int
    columns: int
    dots: int

    @property
    def char_dots(self) -> int:  # width of one font-A cell
        return self.dots // self.columns


PAPER_58 = Paper(58, 32, 384)
PAPER_80 = Paper(80, 48, 576)
PAPERS = {58: PAPER_58, 80: PAPER_80}


def paper_for(width: int | Paper) -> Paper:
    """58 or 80 (mm), or 32 or 48 (columns), or a Paper."""
    if isinstance(width, Paper):
        return width
    for paper in PAPERS.values():
        if width in (paper.mm, paper.columns):
            return paper
    raise ValueError(f"unsupported paper width {width!r}: use 58 or 80 (mm), or 32 or 48 (columns)")


# --------------------------------------------------------------------------- the ticket


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on one ticket, already in the visitor's language and local time."""

    mpp_name: str
    agency_name: str
    service_name: str
    number: str  # "A123"
    issued_at: datetime  # site-local wall time (an aware datetime is printed in its own zone)
    people_ahead: int
    estimated_minutes: int | None  # None: no estimate is printed
    requirements: tuple[str, ...] = ()  # the layout prints the first MAX_REQUIREMENTS, shortened
    priority_label: str | None = None  # "Lansia" -> "PRIORITAS – Lansia"
    status_url: str | None = None  # the QR code; None prints no QR
    footer: str = DEFAULT_FOOTER
    logo_path: Path | None = None


def ticket_print_for(site: Site, agency: Agency, service: Service, ticket: Ticket,
                     estimate: Estimate, status_url: str | None,
                     logo_path: Path | None = None) -> TicketPrint:
    """Build the printout of a freshly issued ticket from the domain objects."""
    issued = ticket.issued_at
    if issued.tzinfo is not None:
        issued = issued.astimezone(ZoneInfo(site.timezone))
    return TicketPrint(
        mpp_name=site.name,
        agency_name=agency.name,
        service_name=service.name,
        number=ticket.number,
        issued_at=issued,
        people_ahead=estimate.ahead,
        estimated_minutes=estimate.minutes,
        requirements=tuple(service.standard.requirements),
        priority_label=ticket.priority.label_id if ticket.priority is not None else None,
        status_url=status_url,
        footer=site.ticket_footer,
        logo_path=logo_path,
    )


def sample_ticket() -> TicketPrint:
    """The fixed sample used by ``antrean ticket preview --sample`` and the tests."""
    return TicketPrint(
        mpp_name="Mal Pelayanan Publik Kabupaten Purbaraya",
        agency_name="Dukcapil",
        service_name="Perekaman KTP-el",
        number="A123",
        issued_at=datetime(2026, 11, 23, 9, 15),
        people_ahead=7,
        estimated_minutes=35,
        requirements=(
            "Fotokopi Kartu Keluarga (KK)",
            "Berusia 17 tahun, sudah kawin, atau pernah kawin",
            "Surat pengantar dari kelurahan/desa bagi penduduk yang belum pernah merekam data "
            "kependudukan di daerah lain",
            "Surat keterangan pindah bagi penduduk pindahan",
        ),
        priority_label="Lansia",
        status_url="http://mpp.local:8420/t/SAMPLE",
    )


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Text:
    """One printed line (already wrapped): ``len(text) * width <= columns``."""

    text: str
    width: int = 1  # character width multiplier (1..8)
    height: int = 1  # character height multiplier (1..8)
    bold: bool = False
    align: Align = "center"
    invert: bool = False  # white on black (the text is padded to the full line)


@dataclass(frozen=True)
class Qr:
    data: str
    module_dots: int  # dots per QR module (ESC/POS "size", 1..16)
    ec: Literal["L", "M", "Q", "H"] = "M"


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Logo:
    path: Path
    max_width_dots: int
    max_height_dots: int


Block = Union[Text, Qr, Rule, Feed, Logo]


# --------------------------------------------------------------------------- text helpers

_REPLACEMENTS = {
    "\u2026": "...", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2212": "-", "\u2011": "-", "\u2010": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\u200b": "",
}
_NBSP = "\u00a0"  # used internally to keep "± 35 menit" on one line, turned back into a space


def clean(text: str, keep_nbsp: bool = False) -> str:
    """One character per printed column: NFC, no ellipsis/smart quotes/controls, single spaces.

    With ``keep_nbsp`` no-break spaces survive (``wrap`` honours them, then prints a space)."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(ch if keep_nbsp and ch == _NBSP else _REPLACEMENTS.get(ch, ch) for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = "".join(ch for ch in text if unicodedata.east_asian_width(ch) not in ("W", "F")
                   and not unicodedata.combining(ch))
    return re.sub(r" +", " ", text).strip()


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap to ``width`` columns; words longer than a line are broken. NBSPs glue words."""
    lines = textwrap.wrap(text, width=max(1, width), break_long_words=True,
                          break_on_hyphens=True) or [""]
    return [line.replace(_NBSP, " ") for line in lines]


def truncate_lines(lines: list[str], max_lines: int, width: int) -> list[str]:
    """Keep ``max_lines`` lines; if text was dropped, end the last one with '...' at a word."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = " ".join([kept[-1], lines[max_lines]])[: max(0, width - 3)]
    cut = last.rfind(" ")
    if cut > width // 2:
        last = last[:cut]
    kept[-1] = last.rstrip(" ,;:-") + "..."
    return kept


def format_datetime_id(moment: datetime) -> str:
    """'Senin, 23 November 2026 09.15' (Indonesian day and month names, '.' in the time)."""
    day = DAY_NAMES_ID[moment.isoweekday() - 1]
    month = MONTH_NAMES_ID[moment.month - 1]
    return f"{day}, {moment.day} {month} {moment.year} {moment:%H}.{moment:%M}"


def priority_text(label: str) -> str:
    return f"PRIORITAS \u2013 {label}"


def number_size(number: str, columns: int) -> int:
    """Largest square multiplier (<= 8) at which the number fits on one line."""
    return max(1, min(MAX_NUMBER_SIZE, columns // max(1, len(number))))


# --------------------------------------------------------------------------- layout


def layout_lines(ticket: TicketPrint, width_chars: int | Paper = 32) -> list[Block]:
    """The ticket as blocks for a paper of ``width_chars`` font-A columns (32 or 48)."""
    paper = paper_for(width_chars)
    cols = paper.columns
    out: list[Block] = []

    def para(text: str, *, width: int = 1, height: int = 1, bold: bool = False,
             align: Align = "center", invert: bool = False) -> None:
        line_cols = cols // width
        for line in wrap(clean(text, keep_nbsp=True), line_cols):
            if invert:  # pad so the black band spans the whole line, text centred in it
                line = line.center(line_cols)
            out.append(Text(line, width, height, bold, align, invert))

    if ticket.logo_path is not None:
        out.append(Logo(Path(ticket.logo_path), max_width_dots=paper.dots * 2 // 3,
                        max_height_dots=120))
        out.append(Feed(1))
    para(ticket.mpp_name, bold=True)
    out.append(Rule())
    para(ticket.agency_name, bold=True)
    para(ticket.service_name, bold=True, height=2)
    out.append(Feed(1))
    para("Nomor Antrean")
    number = clean(ticket.number).replace(" ", "")
    size = number_size(number, cols)
    if len(number) * size <= cols:
        out.append(Text(number, size, size, bold=True))
    else:  # absurdly long number: still printed, wrapped at the smallest size
        para(number, bold=True)
    label = clean(ticket.priority_label or "")
    if label:
        out.append(Feed(1))
        para(priority_text(label), bold=True, height=2, invert=True)
    out.append(Feed(1))
    para(format_datetime_id(ticket.issued_at))
    out.append(Rule())
    para(f"Jumlah antrean di depan Anda:{_NBSP}{max(0, ticket.people_ahead)}")
    if ticket.estimated_minutes is not None:
        minutes = max(0, int(ticket.estimated_minutes))
        if minutes == 0:
            para("Perkiraan waktu tunggu: segera dipanggil")
        else:
            para(f"Perkiraan waktu tunggu: \u00b1{_NBSP}{minutes}{_NBSP}menit")
    requirements = [clean(r) for r in ticket.requirements if clean(r)]
    if requirements:
        out.append(Rule())
        out.append(Text("Persyaratan:", bold=True, align="left"))
        for req in requirements[:MAX_REQUIREMENTS]:
            lines = textwrap.wrap(req, width=cols - 2, break_long_words=True) or [""]
            lines = truncate_lines(lines, REQUIREMENT_MAX_LINES, cols - 2)
            for i, line in enumerate(lines):
                out.append(Text(("- " if i == 0 else "  ") + line, align="left"))
        if len(requirements) > MAX_REQUIREMENTS:
            para(f"(dan {len(requirements) - MAX_REQUIREMENTS} persyaratan lainnya)",
                 align="left")
    out.append(Rule())
    if ticket.status_url:
        out.append(Qr(ticket.status_url.strip(), module_dots=6 if cols <= 32 else 7))
        para(QR_CAPTION)
        out.append(Feed(1))
    if ticket.footer:
        para(ticket.footer, bold=True)
    return out


def max_columns(blocks: list[Block]) -> int:
    """Widest text line in columns (for tests and sanity checks)."""
    return max((len(b.text) * b.width for b in blocks if isinstance(b, Text)), default=0)
