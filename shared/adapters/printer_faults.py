"""The one printer exception, ``PrinterFault(kind, message)``, and what the kiosk shows for it.

``kind`` is one of offline / paper_out / cover_open / write_error / not_configured; ``message`` is
the technical detail for the log and the admin; ``kiosk_id`` / ``kiosk_en`` are what the kiosk
shows.
"""
from __future__ import annotations

import enum

__all__ = ["KIOSK_MESSAGES", "FaultKind", "PrinterFault"]


class FaultKind(str, enum.Enum):
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    WRITE_ERROR = "write_error"
    NOT_CONFIGURED = "not_configured"


KIOSK_MESSAGES: dict[FaultKind, tuple[str, str]] = {
    FaultKind.OFFLINE: (
        "Printer tiket tidak terhubung. Silakan hubungi petugas.",
        "The ticket printer is not connected. Please ask a staff member."),
    FaultKind.PAPER_OUT: (
        "Kertas tiket habis. Silakan hubungi petugas.",
        "The ticket printer is out of paper. Please ask a staff member."),
    FaultKind.COVER_OPEN: (
        "Penutup printer tiket terbuka. Silakan hubungi petugas.",
        "The ticket printer cover is open. Please ask a staff member."),
    FaultKind.WRITE_ERROR: (
        "Tiket gagal dicetak. Silakan coba lagi atau hubungi petugas.",
        "The ticket could not be printed. Please try again or ask a staff member."),
    FaultKind.NOT_CONFIGURED: (
        "Printer tiket belum diatur. Silakan hubungi petugas.",
        "The ticket printer is not set up. Please ask a staff member."),
}


class PrinterFault(Exception):
    """The one printer exception. ``str()`` is ``"kind: message"``."""

    def __init__(self, kind: FaultKind | str, message: str = "") -> None:
        self.kind = FaultKind(kind)
        self.message = message or KIOSK_MESSAGES[self.kind][1]
        super().__init__(f"{self.kind.value}: {self.message}")

    @property
    def kiosk_id(self) -> str:
        return KIOSK_MESSAGES[self.kind][0]

    @property
    def kiosk_en(self) -> str:
        return KIOSK_MESSAGES[self.kind][1]

    def __reduce__(self):  # picklable (multiprocessing, logging handlers)
        return (PrinterFault, (self.kind, self.message))
