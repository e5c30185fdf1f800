"""Printer status: ``PrinterStatus`` and the decoding of ESC/POS DLE EOT answers.

Status uses the ESC/POS real-time requests DLE EOT 1 (printer), 2 (offline cause) and 4 (roll
paper sensor). Many cheap printers, and anything behind a plain file or a print server, never
answer: no valid answer within the caller's timeout means *unknown* (printing is still
attempted), not offline.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .printer_faults import FaultKind, PrinterFault

__all__ = [
    "DLE_EOT", "STATUS_OFFLINE_CAUSE", "STATUS_PAPER", "STATUS_PRINTER", "PaperLevel",
    "PrinterStatus", "status_byte", "status_from_bytes",
]

DLE_EOT = b"\x10\x04"
STATUS_PRINTER = DLE_EOT + b"\x01"
STATUS_OFFLINE_CAUSE = DLE_EOT + b"\x02"
STATUS_PAPER = DLE_EOT + b"\x04"


class PaperLevel(str, enum.Enum):
    OK = "ok"
    NEAR_END = "near_end"  # still prints; time to change the roll
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer reported. ``online`` None means it did not report (unknown)."""

    online: bool | None
    paper: PaperLevel = PaperLevel.UNKNOWN
    cover_open: bool | None = None
    fault: PrinterFault | None = field(default=None, compare=False)
    detail: str = ""

    @property
    def reported(self) -> bool:
        return self.online is not None

    @property
    def can_print(self) -> bool:
        """No known reason not to try (an unknown status still prints)."""
        return self.fault is None

    @property
    def state(self) -> str:
        """ready / near_end / unknown, or the fault kind (offline, paper_out, ...)."""
        if self.fault is not None:
            return self.fault.kind.value
        if self.online is None:
            return "unknown"
        return "near_end" if self.paper is PaperLevel.NEAR_END else "ready"

    def raise_for_fault(self) -> None:
        if self.fault is not None:
            raise self.fault

    @classmethod
    def ready(cls) -> PrinterStatus:
        return cls(online=True, paper=PaperLevel.OK, cover_open=False)

    @classmethod
    def unknown(cls, detail: str = "the printer does not report its status") -> PrinterStatus:
        return cls(online=None, detail=detail)

    @classmethod
    def from_fault(cls, fault: PrinterFault) -> PrinterStatus:
        return cls(
            online=False if fault.kind is not FaultKind.WRITE_ERROR else None,
            paper=PaperLevel.OUT if fault.kind is FaultKind.PAPER_OUT else PaperLevel.UNKNOWN,
            cover_open=True if fault.kind is FaultKind.COVER_OPEN else None,
            fault=fault, detail=fault.message)


def _valid_status_byte(byte: int) -> bool:
    # Every DLE EOT answer has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0.
    return byte & 0x93 == 0x12


def status_byte(answer: bytes | None) -> int | None:
    """The status byte in an answer (the last well-formed one), or None."""
    if not answer:
        return None
    valid = [b for b in answer if _valid_status_byte(b)]
    return valid[-1] if valid else None


def status_from_bytes(printer: int | None, offline_cause: int | None = None,
                      paper: int | None = None, where: str = "printer") -> PrinterStatus:
    """Decode DLE EOT 1 / 2 / 4 answers (None = no answer) into a PrinterStatus."""
    if printer is None:
        return PrinterStatus.unknown(f"{where} did not answer the status request")
    online = not (printer & 0x08)
    level = PaperLevel.UNKNOWN
    if paper is not None:
        if paper & 0x60:
            level = PaperLevel.OUT
        elif paper & 0x0C:
            level = PaperLevel.NEAR_END
        else:
            level = PaperLevel.OK
    cover: bool | None = False if online else None
    error = False
    if offline_cause is not None:
        cover = bool(offline_cause & 0x04)
        if offline_cause & 0x20:
            level = PaperLevel.OUT
        error = bool(offline_cause & 0x40)
    fault = None
    if cover:
        fault = PrinterFault(FaultKind.COVER_OPEN, f"{where} reports its cover open")
    elif level is PaperLevel.OUT:
        fault = PrinterFault(FaultKind.PAPER_OUT, f"{where} reports no paper")
    elif not online:
        why = "an error (cutter jam, head too hot?)" if error else "offline"
        fault = PrinterFault(FaultKind.OFFLINE, f"{where} reports {why}")
    return PrinterStatus(online=online, paper=level, cover_open=cover, fault=fault,
                         detail=fault.message if fault else "")
