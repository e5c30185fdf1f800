"""Complaints (pengaduan, domain.md §2): categories, statuses, validation, and the rows handed on
to SP4N-LAPOR! (lapor.go.id), the national complaint system. Pure."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

BARU, DIPROSES, SELESAI = "baru", "diproses", "selesai"
STATUSES = (BARU, DIPROSES, SELESAI)
STATUS_LABELS: Mapping[str, tuple[str, str]] = {
    BARU: ("Baru", "New"), DIPROSES: ("Diproses", "In progress"), SELESAI: ("Selesai", "Resolved"),
}

# key -> (Bahasa Indonesia, English); the Indonesian label is what LAPOR! receives.
CATEGORIES: Mapping[str, tuple[str, str]] = {
    "waktu_tunggu": ("Waktu tunggu / antrean", "Waiting time / queue"),
    "petugas": ("Sikap atau kompetensi petugas", "Staff attitude or competence"),
    "persyaratan": ("Persyaratan dan prosedur", "Requirements and procedure"),
    "biaya": ("Biaya atau pungutan", "Fees or illegal charges"),
    "sarana": ("Sarana dan prasarana", "Facilities"),
    "sistem": ("Sistem antrean atau aplikasi", "Queue system or app"),
    "lainnya": ("Lainnya", "Other"),
}

TEXT_MIN, TEXT_MAX, CONTACT_MAX = 10, 2000, 120
MAX_PER_TICKET = 3

LAPOR_FIELDS = ("tanggal", "kategori", "uraian", "instansi", "layanan", "nomor_tiket", "kontak")


def category_label(key: str, lang: str = "id") -> str:
    pair = CATEGORIES.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def status_label(key: str, lang: str = "id") -> str:
    pair = STATUS_LABELS.get(key, (key, key))
    return pair[1] if lang == "en" else pair[0]


@dataclass(frozen=True)
class Draft:
    category: str
    text: str
    contact: str


def clean(category: str, text: str, contact: str) -> tuple[Draft | None, dict[str, str]]:
    """A valid complaint, or the problems per field (codes: required, too_short, too_long,
    invalid)."""
    errors: dict[str, str] = {}
    # spaces and tabs collapsed, line breaks kept (blank lines dropped)
    text = "\n".join(filter(None, (" ".join(line.split()) for line in (text or "").splitlines())))
    contact = (contact or "").strip()
    if category not in CATEGORIES:
        errors["category"] = "required" if not category else "invalid"
    if not text:
        errors["text"] = "required"
    elif len(text) < TEXT_MIN:
        errors["text"] = "too_short"
    elif len(text) > TEXT_MAX:
        errors["text"] = "too_long"
    if len(contact) > CONTACT_MAX:
        errors["contact"] = "too_long"
    if any(ord(ch) < 32 and ch != "\n" for ch in text):
        errors.setdefault("text", "invalid")
    if any(ord(ch) < 32 for ch in contact):
        errors.setdefault("contact", "invalid")
    if errors:
        return None, errors
    return Draft(category, text, contact), {}


def lapor_row(*, tanggal: str, category: str, text: str, agency: str, service: str,
              ticket_number: str, contact: str) -> dict[str, str]:
    """One complaint as SP4N-LAPOR! takes it (field names in LAPOR_FIELDS order)."""
    return {"tanggal": tanggal, "kategori": category_label(category), "uraian": text,
            "instansi": agency, "layanan": service, "nomor_tiket": ticket_number,
            "kontak": contact}


_NUMBER = re.compile(r"\+?[0-9][0-9 ]*")


def _safe(value: str) -> str:
    # A cell a spreadsheet would run as a formula (=, +, -, @) is quoted with a leading '
    # (a phone number such as +62812... is left alone).
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def lapor_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """CSV text (header + rows, comma separated, CRLF) of lapor_row dicts."""
    out = io.StringIO()
    writer = csv.DictWriter(out, LAPOR_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(str(row.get(k, ""))) for k in LAPOR_FIELDS})
    return out.getvalue()
