"""A built-in sample MPP (for ``antrean kiosk --screenshots`` without a master) and an offline
client that answers like the master (docs/api.md shapes) without a network."""
from __future__ import annotations

from concurrent.futures import Future
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.net.client import ApiError, ApiResponse, MasterUnavailable

TZ = ZoneInfo("Asia/Jakarta")
PRIORITY = [("lansia", "Lansia", "Elderly"),
            ("disabilitas", "Penyandang Disabilitas", "Person with disability"),
            ("ibu_hamil", "Ibu Hamil/Menyusui", "Pregnant/nursing mother"),
            ("anak", "Anak-anak", "Child"), ("korban_bencana", "Korban Bencana", "Disaster victim")]
# code, name, short name, prefix, services, open?
AGENCIES = [
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "A",
     ["Perekaman KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Kartu Identitas Anak (KIA)",
      "Surat Keterangan Pindah Datang", "Akta Kematian"], True),
    ("imigrasi", "Kantor Imigrasi Kelas II", "Imigrasi", "B", ["Paspor baru", "Penggantian paspor"], True),
    ("samsat", "Sistem Administrasi Manunggal Satu Atap", "Samsat", "C",
     ["Pajak kendaraan tahunan", "Balik nama kendaraan"], True),
    ("bpjs-kes", "BPJS Kesehatan", "BPJS Kesehatan", "D", ["Pendaftaran peserta JKN", "Ubah data"], True),
    ("bpjs-tk", "BPJS Ketenagakerjaan", "BPJS TK", "E", ["Klaim JHT", "Pendaftaran peserta"], True),
    ("polres", "Kepolisian Resor Purbaraya", "Polres", "F", ["SKCK baru", "Perpanjangan SKCK"], True),
    ("pajak", "Kantor Pelayanan Pajak Pratama", "KPP Pratama", "G", ["NPWP", "Konsultasi SPT"], True),
    ("pdam", "Perusahaan Daerah Air Minum Tirta Purbaraya", "PDAM", "H",
     ["Sambungan baru", "Pengaduan pelanggan"], True),
    ("dpmptsp", "Dinas Penanaman Modal dan PTSP", "DPMPTSP", "J", ["Perizinan berusaha (OSS)", "PBG"], True),
    ("kemenag", "Kantor Kementerian Agama", "Kemenag", "K", ["Pendaftaran haji", "Legalisasi buku nikah"], True),
    ("bpn", "Kantor Pertanahan (BPN)", "BPN", "L", ["Pengecekan sertifikat", "Peralihan hak"], True),
    ("dinsos", "Dinas Sosial", "Dinsos", "M", ["Surat keterangan tidak mampu", "Bantuan sosial"], True),
    ("pa", "Pengadilan Agama Purbaraya", "Pengadilan Agama", "N", ["Informasi perkara"], False),
    ("taspen", "PT Taspen (Persero)", "Taspen", "P", ["Klaim pensiun"], True),
    ("pln", "PT PLN (Persero) UP3 Purbaraya", "PLN", "Q", ["Pasang baru listrik"], True),
    ("bri", "Bank Rakyat Indonesia", "BRI", "R", ["Pembukaan rekening"], False),
]
KTP = {"requirements": ["Fotokopi Kartu Keluarga (KK)",
                        "Berusia 17 tahun, sudah kawin, atau pernah kawin",
                        "Surat pengantar dari kelurahan/desa bagi yang belum pernah merekam data",
                        "Surat keterangan pindah bagi penduduk pindahan"],
       "procedure": ["Ambil nomor antrean dan tunggu panggilan",
                     "Serahkan berkas persyaratan kepada petugas",
                     "Perekaman foto, sidik jari, iris mata dan tanda tangan",
                     "Terima bukti perekaman; KTP-el dicetak bila blangko tersedia"],
       "completion_time": "Perekaman 15 menit; pencetakan 1 hari kerja", "cost": "Gratis",
       "product": "KTP elektronik (KTP-el)",
       "complaints": "Loket pengaduan MPP, SP4N-LAPOR! (lapor.go.id) atau WhatsApp 0812-0000-0000"}


def sample_catalog(now: datetime | None = None) -> dict[str, Any]:
    now = (now or datetime.now(TZ)).astimezone(TZ)
    tomorrow = (now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    agencies, services = [], []
    for i, (code, name, short, prefix, names, open_) in enumerate(AGENCIES, 1):
        agencies.append({"id": i, "code": code, "name": name, "short_name": short, "sort": i})
        for j, service in enumerate(names):
            sid = i * 100 + j
            quota_full = code == "dukcapil" and j == 5
            closed = not open_ or quota_full
            reason = ("quota_full" if quota_full else "closed_today" if code == "pa"
                      else "not_staffed")
            msgs = {"quota_full": ("Kuota hari ini sudah habis", "Today's quota is full"),
                    "closed_today": ("Hari ini tidak buka", "Not open today"),
                    "not_staffed": ("Belum ada petugas di loket", "No officer at the counter yet")}
            std = KTP if sid == 100 else {}
            services.append({
                "id": sid, "code": f"{code}-{j}", "agency_id": i, "prefix": prefix, "name": service,
                "requirements": std.get("requirements", ["KTP-el asli", "Fotokopi Kartu Keluarga"]),
                "procedure": std.get("procedure", []),
                "completion_time": std.get("completion_time", "1 hari kerja"),
                "cost": std.get("cost", "Gratis"), "is_free": True,
                "product": std.get("product", ""), "complaints": std.get("complaints", ""),
                "daily_quota": 70 if quota_full else None, "priority_eligible": code != "bri",
                "sort": j, "waiting": (sid * 7) % 13,
                "availability": {
                    "issuable": not closed, "reason": reason if closed else None,
                    "message": msgs[reason][0] if closed else "",
                    "message_en": msgs[reason][1] if closed else "",
                    "next_opening": tomorrow.isoformat() if closed else None,
                    "hours": "Senin–Jumat 08.00–15.00" if code != "pa" else "Selasa & Kamis 08.00–12.00",
                    "hours_en": "Mon–Fri 08:00–15:00" if code != "pa" else "Tue & Thu 08:00–12:00"}})
    return {"seq": 1, "site": {
        "id": "mpp-purbaraya", "name": "Mal Pelayanan Publik Kabupaten Purbaraya",
        "timezone": "Asia/Jakarta", "ticket_footer": "Simpan tiket ini sebagai bukti antrean",
        "calling_rule_description": "Satu tiket prioritas dipanggil setelah setiap 3 tiket biasa.",
        "calling_rule_description_en": "One priority ticket is called after every 3 normal tickets."},
        "agencies": agencies, "booths": [], "counters": [], "services": services,
        "priority_classes": [{"id": p, "label": a, "label_en": b} for p, a, b in PRIORITY]}


def _done(value: Any = None, error: BaseException | None = None) -> Future:
    f: Future = Future()
    f.set_exception(error) if error is not None else f.set_result(value)
    return f


SAMPLE_BOOKING = "K7M3Q9XP"


class SampleClient:
    """Answers like the master from the sample catalog. ``fail_issue`` makes ticket requests
    fail with that exception (screenshots of the fault screens)."""

    base_url = "http://mpp-purbaraya.local:8420"

    def __init__(self) -> None:
        self.data = sample_catalog()
        self.count = 22
        self.fail_issue: BaseException | None = None

    def catalog(self) -> Future:
        return _done(ApiResponse(200, self.data))

    def post(self, path: str, body: Any = None, **kw: Any) -> Future:
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "bookings" and parts[2] == "check-in":
            return self.check_in(parts[1], (body or {}).get("priority"))
        return _done(error=ApiError(404, "not_found", "Alamat tidak ditemukan"))

    def check_in(self, code: str, priority: str | None = None) -> Future:
        """SAMPLE_BOOKING checks in (a ticket for the first open service); any other code is
        unknown, as the master answers."""
        if code.replace("-", "").upper() != SAMPLE_BOOKING:
            return _done(error=ApiError(404, "unknown_booking", "Kode booking tidak ditemukan "
                                        "atau tidak berlaku hari ini"))
        service = next(s for s in self.data["services"] if s.get("issuable", True))
        future = self.issue_ticket(service["id"], priority)
        if future.exception() is None:
            future.result().data["booking"] = {"code": "K7M3-Q9XP", "service_id": service["id"]}
        return future

    def issue_ticket(self, service_id: int, priority: str | None = None, **kw: Any) -> Future:
        if self.fail_issue is not None:
            return _done(error=self.fail_issue)
        service = next(s for s in self.data["services"] if s["id"] == service_id)
        agency = next(a for a in self.data["agencies"] if a["id"] == service["agency_id"])
        self.count += 1
        label = dict((p, a) for p, a, _ in PRIORITY).get(priority or "")
        ticket = {"id": self.count, "number": f"{service['prefix']}{self.count:03d}",
                  "service_id": service_id, "service_name": service["name"],
                  "agency_id": agency["id"], "agency_name": agency["name"],
                  "agency_short_name": agency["short_name"], "priority": priority,
                  "priority_label": label, "status": "waiting",
                  "issued_at": datetime.now(TZ).isoformat(), "token": "SAMPLE"}
        return _done(ApiResponse(201, {"ticket": ticket, "estimate": {"ahead": 7, "minutes": 35},
                                       "status_path": "/t/SAMPLE"}))


__all__ = ["SAMPLE_BOOKING", "SampleClient", "sample_catalog", "MasterUnavailable"]
