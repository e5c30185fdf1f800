"""Demo catalog data: the building (site settings, agency order, booths, counters, opening
hours, closures, counter work profiles). Services are in agencies_*.py."""

SITE = [  # site.csv, in this order
    ("id", "mpp-purbaraya"),
    ("name", "Mal Pelayanan Publik Kabupaten Purbaraya"),
    ("timezone", "Asia/Jakarta"),
    ("number_padding", "3"),
    ("calling_rule", "ratio:3"),
    ("require_staffed", "ya"),
    ("ticket_footer", "Simpan tiket ini sebagai bukti antrean"),
]

# Booths in walking order; counters get loket numbers 1..N in this order, building-wide.
# (booth code, agency code, booth name, zone, [counter names; "" = no name])
BOOTHS = [
    ("dukcapil-1", "dukcapil", "Gerai Dukcapil 1 (KTP-el, KK, Pindah Datang)", "Lantai 1",
     ["KTP-el", "Kartu Keluarga", "", "", ""]),
    ("dukcapil-2", "dukcapil", "Gerai Dukcapil 2 (Akta Pencatatan Sipil)", "Lantai 1",
     ["Akta Kelahiran dan Kematian", "", ""]),
    ("samsat-1", "samsat", "Gerai Samsat 1 (Pajak Tahunan)", "Lantai 1", ["", "", "", ""]),
    ("samsat-2", "samsat", "Gerai Samsat 2 (Lima Tahunan, BBN, Mutasi)", "Lantai 1", ["", ""]),
    ("dpmptsp", "dpmptsp", "Gerai DPMPTSP (Perizinan)", "Lantai 1", ["", "", "", ""]),
    ("bpn", "bpn", "Gerai Kantor Pertanahan", "Lantai 1", ["", "", "", ""]),
    ("polres", "polres", "Gerai Polres (SKCK dan SIM)", "Lantai 1", ["", "", ""]),
    ("bapenda", "bapenda", "Gerai Bapenda Kabupaten (PBB dan BPHTB)", "Lantai 1", ["", "", ""]),
    ("kpp-pratama", "kpp-pratama", "Gerai KPP Pratama", "Lantai 1", ["", "", ""]),
    ("bpjs-kesehatan", "bpjs-kesehatan", "Gerai BPJS Kesehatan", "Lantai 1", ["", "", ""]),
    ("pln", "pln", "Gerai PLN", "Lantai 1", ["", ""]),
    ("perumda-air-minum", "perumda-air-minum", "Gerai Perumda Air Minum", "Lantai 1", ["", ""]),
    ("bank-daerah", "bank-daerah", "Gerai Bank Daerah Purbaraya", "Lantai 1", ["", "", ""]),
    ("pos-indonesia", "pos-indonesia", "Gerai Pos Indonesia", "Lantai 1", [""]),
    ("imigrasi", "imigrasi", "Gerai Imigrasi (Paspor)", "Lantai 2", ["", "", ""]),
    ("bpjs-ketenagakerjaan", "bpjs-ketenagakerjaan", "Gerai BPJS Ketenagakerjaan", "Lantai 2", ["", ""]),
    ("kemenag", "kemenag", "Gerai Kementerian Agama", "Lantai 2", ["", ""]),
    ("taspen", "taspen", "Gerai Taspen", "Lantai 2", [""]),
    ("disnaker", "disnaker", "Gerai Disnaker", "Lantai 2", ["", ""]),
    ("dinsos", "dinsos", "Gerai Dinas Sosial", "Lantai 2", ["", ""]),
    ("pengadilan-agama", "pengadilan-agama", "Gerai Pengadilan Agama", "Lantai 2", ["", ""]),
    ("kejaksaan", "kejaksaan", "Gerai Kejaksaan Negeri (Tilang)", "Lantai 2", [""]),
    ("dishub", "dishub", "Gerai Dinas Perhubungan", "Lantai 2", ["", ""]),
]

# agencies.csv order (sort = 10, 20, ...): the order of first booth above.
AGENCY_ORDER = list(dict.fromkeys(agency for _, agency, *_ in BOOTHS))

# schedules.csv: (agency, booth, days, opens, closes); empty agency = the site's default hours.
SCHEDULES = [
    ("", "", "Sen-Kam", "07:30", "16:00"),
    ("", "", "Jum", "07:30", "11:00"),
    ("", "", "Jum", "13:00", "16:00"),
    ("", "", "Sab", "08:00", "12:00"),
    ("samsat", "samsat-2", "Sen-Kam", "08:00", "15:00"),  # this booth: no Saturday
    ("samsat", "samsat-2", "Jum", "08:00", "11:00"),
    ("bpn", "", "Sen-Kam", "08:00", "15:00"),
    ("bpn", "", "Jum", "08:00", "11:00"),
    ("polres", "", "Sen-Kam", "08:00", "14:00"),
    ("polres", "", "Jum", "08:00", "11:00"),
    ("polres", "", "Sab", "08:00", "12:00"),
    ("kpp-pratama", "", "Sen-Jum", "08:00", "15:00"),
    ("bpjs-kesehatan", "", "Sen-Jum", "08:00", "15:00"),
    ("pln", "", "Sen-Kam", "08:00", "15:00"),
    ("pln", "", "Jum", "08:00", "11:00"),
    ("bank-daerah", "", "Sen-Jum", "08:00", "15:00"),
    ("imigrasi", "", "Sel,Kam", "08:00", "12:00"),
    ("bpjs-ketenagakerjaan", "", "Sen-Jum", "08:00", "15:00"),
    ("kemenag", "", "Sen-Kam", "08:00", "14:00"),
    ("kemenag", "", "Jum", "08:00", "11:00"),
    ("taspen", "", "Sen,Rab", "08:00", "15:00"),
    ("pengadilan-agama", "", "Rab", "08:00", "14:00"),
    ("kejaksaan", "", "Jum", "08:00", "11:00"),
    ("dishub", "", "Sen-Kam", "08:00", "14:00"),
]

# closures.csv: (date, agency, booth, from, until, reason). Only fixed-date national holidays;
# holidays that follow the lunar calendars (Idulfitri, Iduladha, Waisak, ...) and cuti bersama are
# set each year by joint ministerial decree and must be added by the MPP staff.
_HOLIDAYS = [
    ("01-01", "Tahun Baru Masehi"),
    ("05-01", "Hari Buruh Internasional"),
    ("06-01", "Hari Lahir Pancasila"),
    ("08-17", "Hari Proklamasi Kemerdekaan Republik Indonesia"),
    ("12-25", "Hari Raya Natal"),
]
CLOSURES = [(f"{year}-{md}", "", "", "", "", f"Libur Nasional: {name}")
            for year in (2026, 2027) for md, name in _HOLIDAYS]
CLOSURES.append(("2026-12-10", "bpn", "", "12:00", "15:00", "Rapat koordinasi"))
CLOSURES.sort(key=lambda c: c[0])

# profiles.csv: counter number -> [(service codes, position)]. Other counters serve every service
# of their booth's agency.
_KTP = ["ktp-el-pemula", "ktp-el-cetak", "ktp-el-hilang", "ktp-el-rusak", "ktp-el-ubah", "ktp-el-wna"]
_KK = ["kk-baru", "kk-tambah-lahir", "kk-tambah-numpang", "kk-kurang", "kk-ubah", "kk-hilang", "kk-pisah"]
_AKTA = ["akta-lahir", "akta-lahir-sptjm", "akta-lahir-ulang", "akta-mati", "lahir-mati"]
PROFILES = {
    1: [(["dukcapil-" + s for s in _KTP], 0), (["dukcapil-" + s for s in _KK], 1)],
    2: [(["dukcapil-" + s for s in _KK], 0), (["dukcapil-" + s for s in _KTP], 1)],
    6: [(["dukcapil-" + s for s in _AKTA], 0)],
}
