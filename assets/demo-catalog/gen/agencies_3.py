"""Demo catalog data, part 3: Kantor Pertanahan (30), Samsat (15), Imigrasi (12)."""
from common import A, COMPLAINTS, GRATIS, SELESAI, S, steps

# ---------------------------------------------------------------- Kantor Pertanahan (BPN)
_FORM = "Formulir permohonan bermeterai yang ditandatangani pemohon atau kuasanya"
_ID = "Fotokopi KTP-el dan KK pemohon (dan kuasa beserta surat kuasa bila dikuasakan)"
_SHM = "Sertifikat asli"
_SPPT = "Fotokopi SPPT PBB tahun berjalan"
_PAJAK = "Bukti pelunasan BPHTB dan PPh"
BASE = steps(_FORM, _ID)
P_BPN = steps("Ambil nomor antrean di anjungan", "Serahkan berkas di loket pelayanan pertanahan",
              "Petugas memeriksa kelengkapan berkas", "Bayar PNBP sesuai Surat Perintah Setor",
              "Berkas diproses di Kantor Pertanahan",
              "Produk diambil di loket sesuai tanggal pada tanda terima")
P_UKUR = P_BPN.replace("Berkas diproses", "Pengukuran lapangan oleh petugas ukur; Berkas diproses")
PNBP = "Sesuai tarif PNBP Kementerian ATR/BPN"
PNBP_NILAI = "PNBP: (nilai tanah per m² × luas ÷ 1.000) + Rp50.000"
PNBP_UKUR = "PNBP pengukuran dan pendaftaran sesuai luas tanah (tarif ATR/BPN)"
SERT = "Sertifikat hak atas tanah yang telah dicatat"


def T(slug, name, reqs, time, cost=PNBP, product=SERT, proc=P_BPN, **opts):
    return S(slug, name, steps(BASE, reqs), proc, time, cost, product, **opts)


BPN = A(
    "bpn", "Kantor Pertanahan Kabupaten Purbaraya", "BPN", "D",
    complaints=steps(COMPLAINTS, "Loket pengaduan Kantor Pertanahan"),
    avg=15, cutoff=60, booking=5,
    services=[
        T("konversi", "Pendaftaran Tanah Pertama Kali (Pengakuan/Penegasan Hak)",
          "Alas hak (letter C, girik, petuk); Surat pernyataan penguasaan fisik bidang tanah; " + _SPPT,
          "Sesuai tahapan pengukuran, pengumuman dan penetapan hak", PNBP_UKUR, "Sertifikat Hak Milik",
          P_UKUR, avg=20),
        T("pemberian-hm", "Pemberian Hak Milik atas Tanah Negara (Perorangan)",
          "Bukti perolehan tanah; Surat pernyataan penguasaan fisik; " + _SPPT,
          "Sesuai tahapan pemeriksaan tanah", PNBP_UKUR, "Sertifikat Hak Milik", P_UKUR, avg=20),
        T("pemberian-hgb", "Pemberian Hak Guna Bangunan (Badan Hukum)",
          "Akta pendirian dan pengesahan badan hukum; PKKPR; Bukti perolehan tanah; " + _SPPT,
          "Sesuai tahapan pemeriksaan tanah", PNBP_UKUR, "Sertifikat Hak Guna Bangunan", P_UKUR,
          prio=False, avg=20),
        T("pemberian-hp", "Pemberian Hak Pakai",
          "Bukti perolehan tanah; Dasar penguasaan dari instansi (bagi instansi pemerintah); " + _SPPT,
          "Sesuai tahapan pemeriksaan tanah", PNBP_UKUR, "Sertifikat Hak Pakai", P_UKUR, avg=20),
        T("jual-beli", "Peralihan Hak karena Jual Beli",
          steps(_SHM, "Akta jual beli dari PPAT", _SPPT, _PAJAK), "5 hari kerja", PNBP_NILAI,
          booking=10),
        T("waris", "Peralihan Hak karena Pewarisan",
          steps(_SHM, "Surat keterangan ahli waris", "Akta kematian pewaris", _SPPT,
                "Bukti pelunasan BPHTB waris"), "5 hari kerja", PNBP_NILAI, booking=10),
        T("hibah", "Peralihan Hak karena Hibah",
          steps(_SHM, "Akta hibah dari PPAT", _SPPT, _PAJAK), "5 hari kerja", PNBP_NILAI),
        T("lelang", "Peralihan Hak karena Lelang",
          steps(_SHM, "Kutipan risalah lelang", _SPPT, _PAJAK), "5 hari kerja", PNBP_NILAI),
        T("pemecahan", "Pemecahan Bidang Tanah",
          steps(_SHM, "Rencana pemecahan (site plan bila perumahan)", _SPPT),
          "15 hari kerja", PNBP_UKUR, "Sertifikat hasil pemecahan", P_UKUR),
        T("pemisahan", "Pemisahan Bidang Tanah",
          steps(_SHM, "Rencana pemisahan bidang", _SPPT),
          "15 hari kerja", PNBP_UKUR, "Sertifikat bidang yang dipisahkan", P_UKUR),
        T("penggabungan", "Penggabungan Bidang Tanah",
          steps("Sertifikat asli bidang-bidang yang digabung", _SPPT),
          "15 hari kerja", PNBP_UKUR, "Sertifikat hasil penggabungan", P_UKUR),
        T("peningkatan-hak", "Perubahan Hak Guna Bangunan menjadi Hak Milik (Rumah Tinggal)",
          steps(_SHM, "PBG/IMB rumah tinggal", _SPPT), "5 hari kerja", PNBP, "Sertifikat Hak Milik"),
        T("perpanjangan-hgb", "Perpanjangan Hak Guna Bangunan",
          steps(_SHM, "PBG/IMB", _SPPT), "Sesuai tahapan pemeriksaan tanah", PNBP,
          "Sertifikat dengan catatan perpanjangan hak"),
        T("pembaruan-hak", "Pembaruan Hak Guna Bangunan atau Hak Pakai",
          steps(_SHM, "PBG/IMB", _SPPT), "Sesuai tahapan pemeriksaan tanah", PNBP,
          "Sertifikat dengan catatan pembaruan hak"),
        T("pengganti-rusak", "Penggantian Sertifikat Rusak",
          steps("Sertifikat yang rusak", _SPPT), "15 hari kerja", PNBP, "Sertifikat pengganti"),
        T("pengganti-hilang", "Penggantian Sertifikat Hilang",
          steps("Surat keterangan kehilangan dari kepolisian", "Surat pernyataan di bawah sumpah", _SPPT),
          "Setelah pengumuman 30 hari di surat kabar dan pemeriksaan", PNBP, "Sertifikat pengganti"),
        T("alih-media", "Alih Media Sertifikat Analog menjadi Sertifikat Elektronik",
          steps(_SHM, "Akun Sentuh Tanahku aktif"), "5 hari kerja", PNBP, "Sertifikat Elektronik"),
        T("ganti-nama", "Perubahan Nama Pemegang Hak",
          steps(_SHM, "Penetapan pengadilan atau akta perubahan nama badan hukum"), "5 hari kerja",
          PNBP, SERT),
        T("hak-tanggungan", "Pendaftaran Hak Tanggungan Elektronik (HT-el)",
          steps(_SHM, "Akta Pemberian Hak Tanggungan dari PPAT", "Perjanjian kredit"),
          "7 hari (sertifikat HT-el terbit otomatis)",
          "PNBP berdasarkan nilai Hak Tanggungan (mulai Rp50.000)", "Sertifikat Hak Tanggungan Elektronik",
          prio=False, avg=10),
        T("roya", "Penghapusan Hak Tanggungan (Roya)",
          steps(_SHM, "Sertifikat Hak Tanggungan", "Surat roya/pelunasan dari kreditur"),
          "5 hari kerja", "PNBP Rp50.000 per sertifikat", "Sertifikat dengan catatan roya", avg=10),
        T("pengecekan", "Pengecekan Sertifikat",
          _SHM, "1 hari kerja", "PNBP Rp50.000 per sertifikat", "Catatan hasil pengecekan", avg=8,
          booking=10),
        T("skpt", "Surat Keterangan Pendaftaran Tanah (SKPT)",
          "Fotokopi sertifikat", "1 hari kerja", "PNBP Rp50.000 per bidang", "SKPT", avg=8),
        T("pengembalian-batas", "Pengukuran Pengembalian Batas Bidang Tanah",
          steps(_SHM, _SPPT, "Kesediaan pemohon dan tetangga berbatasan hadir di lapangan"),
          "Sesuai jadwal pengukuran", PNBP_UKUR, "Berita acara pengembalian batas", P_UKUR),
        T("ukur-kadastral", "Pengukuran dan Pemetaan Kadastral",
          steps("Alas hak atau sertifikat", _SPPT, "Patok batas terpasang"),
          "Sesuai jadwal pengukuran", PNBP_UKUR, "Peta bidang tanah", P_UKUR),
        T("znt", "Informasi Zona Nilai Tanah (ZNT)",
          "Fotokopi sertifikat atau lokasi bidang tanah", "1 hari kerja", PNBP,
          "Surat keterangan zona nilai tanah", avg=8),
        T("titik-koordinat", "Informasi Titik Koordinat dan Peta Bidang (Plotting)",
          "Fotokopi sertifikat atau sketsa lokasi bidang tanah", "3 hari kerja", PNBP,
          "Peta informasi plotting bidang tanah", avg=8),
        T("blokir", "Pencatatan Blokir",
          steps(_SHM + " atau fotokopinya", "Alasan dan bukti kepentingan atas bidang tanah"),
          "1 hari kerja", PNBP, "Catatan blokir pada buku tanah", avg=10),
        T("sita", "Pencatatan Sita",
          steps("Penetapan sita dari pengadilan atau instansi berwenang", "Berita acara sita"),
          "1 hari kerja", PNBP, "Catatan sita pada buku tanah", prio=False, avg=10),
        T("wakaf", "Pendaftaran Tanah Wakaf",
          steps("Akta ikrar wakaf dari PPAIW (KUA)", "Sertifikat atau alas hak", "Surat pengesahan nazhir"),
          "Sesuai tahapan pendaftaran", GRATIS, "Sertifikat Tanah Wakaf"),
        S("pengaduan", "Informasi, Pengaduan dan Penanganan Sengketa Pertanahan",
          "Fotokopi KTP-el; Dokumen terkait bidang tanah",
          steps("Ambil nomor antrean di anjungan", "Sampaikan pertanyaan atau pengaduan",
                "Petugas mencatat dan menelaah", "Tindak lanjut diinformasikan kepada pemohon"),
          "Informasi selesai di tempat; pengaduan sesuai hasil penelaahan", GRATIS,
          "Informasi atau tanda terima pengaduan", avg=10, booking=0),
    ],
)

# ---------------------------------------------------------------- Samsat
STNK = "STNK asli"
KTP_PEMILIK = "KTP-el asli pemilik sesuai STNK (atau surat kuasa dan KTP-el penerima kuasa)"
BPKB = "BPKB asli dan fotokopinya"
CEK = "Hasil cek fisik kendaraan"
PKB = "PKB dan SWDKLLJ sesuai notice pajak"
PNBP_STNK = "PNBP STNK R2 Rp100.000, R4 Rp200.000"
PNBP_TNKB = "PNBP TNKB R2 Rp60.000, R4 Rp100.000"
P_SAMSAT = steps("Ambil nomor antrean di anjungan", "Serahkan berkas di loket pendaftaran Samsat",
                 "Penetapan pajak oleh petugas Bapenda", "Bayar di kasir/bank",
                 "Penyerahan dokumen di loket penyerahan")
P_CEK = steps("Cek fisik nomor rangka dan mesin di area cek fisik", P_SAMSAT)
COMPL_SAMSAT = steps(COMPLAINTS, "Loket pengaduan Samsat")

SAMSAT = A(
    "samsat", "Kantor Bersama Samsat Purbaraya (Bapenda Provinsi)", "Samsat", "B",
    complaints=COMPL_SAMSAT, avg=8,
    services=[
        S("pkb-tahunan", "Pembayaran Pajak Kendaraan Bermotor dan Pengesahan STNK Tahunan",
          steps(STNK, KTP_PEMILIK), P_SAMSAT, SELESAI,
          steps(PKB, "PNBP pengesahan STNK R2 Rp25.000, R4 Rp50.000"), "STNK sah dan notice pajak",
          booking=30, avg=5),
        S("stnk-5-tahunan", "Perpanjangan STNK 5 Tahunan dan Penggantian TNKB",
          steps(STNK, KTP_PEMILIK, BPKB, CEK), P_CEK, "Selesai di tempat (TNKB sesuai ketersediaan)",
          steps(PKB, PNBP_STNK, PNBP_TNKB), "STNK baru, TNKB baru dan notice pajak",
          booking=20, cutoff=60, avg=12),
        S("bbn-baru", "Pendaftaran Kendaraan Baru (BBNKB I)",
          steps("Faktur kendaraan", "Sertifikat NIK dan SUT/SRUT", KTP_PEMILIK, CEK), P_CEK,
          "Sesuai proses registrasi Satlantas",
          steps("BBNKB, " + PKB, PNBP_STNK, PNBP_TNKB, "PNBP BPKB"), "STNK, TNKB dan notice pajak",
          cutoff=60, avg=15),
        S("bbn-dua", "Balik Nama Kendaraan Bermotor (BBNKB II)",
          steps(STNK, BPKB, "KTP-el pemilik baru", "Kuitansi atau bukti jual beli", CEK), P_CEK,
          "Sesuai proses registrasi Satlantas",
          steps("BBNKB, " + PKB, PNBP_STNK, PNBP_TNKB, "PNBP BPKB"), "STNK dan BPKB atas nama pemilik baru",
          booking=10, cutoff=60, avg=15),
        S("mutasi-keluar", "Mutasi Kendaraan Keluar Daerah",
          steps(STNK, BPKB, KTP_PEMILIK, CEK, "Pajak kendaraan telah lunas"), P_CEK, "Sesuai proses Satlantas",
          "PNBP surat mutasi R2 Rp150.000, R4 Rp250.000", "Surat mutasi dan berkas kendaraan", cutoff=60, avg=12),
        S("mutasi-masuk", "Mutasi Kendaraan Masuk (Lapor Datang)",
          steps("Berkas mutasi dari daerah asal", BPKB, "KTP-el pemilik alamat Purbaraya", CEK), P_CEK,
          "Sesuai proses registrasi Satlantas", steps("BBNKB II bila berganti pemilik", PKB, PNBP_STNK, PNBP_TNKB),
          "STNK dan TNKB daerah Purbaraya", cutoff=60, avg=15),
        S("stnk-hilang", "Penggantian STNK Hilang",
          steps("Surat keterangan kehilangan dari kepolisian", KTP_PEMILIK, BPKB, CEK,
                "Bukti pengumuman kehilangan"), P_CEK, "Sesuai proses Satlantas", PNBP_STNK, "STNK pengganti",
          avg=12),
        S("stnk-rusak", "Penggantian STNK Rusak",
          steps("STNK yang rusak", KTP_PEMILIK, BPKB, CEK), P_CEK, SELESAI, PNBP_STNK, "STNK pengganti",
          avg=10),
        S("tnkb", "Penggantian TNKB Hilang atau Rusak",
          steps(STNK, KTP_PEMILIK, "TNKB rusak atau surat keterangan kehilangan"), P_SAMSAT,
          "Sesuai ketersediaan TNKB", PNBP_TNKB, "TNKB pengganti", avg=6),
        S("ubah-bentuk", "Perubahan Bentuk, Warna atau Penggantian Mesin Kendaraan",
          steps(STNK, BPKB, KTP_PEMILIK, "Rekomendasi/izin perubahan dari Satlantas", "Bukti asal-usul mesin",
                CEK), P_CEK, "Sesuai proses registrasi Satlantas", steps(PKB, PNBP_STNK, "PNBP BPKB"),
          "STNK dan BPKB dengan data baru", prio=True, cutoff=60, avg=15),
        S("cek-fisik", "Cek Fisik Kendaraan Bermotor",
          steps(STNK, "Kendaraan dibawa ke lokasi cek fisik"),
          steps("Ambil nomor antrean di anjungan", "Petugas menggesek nomor rangka dan mesin",
                "Blanko cek fisik diserahkan"), SELESAI, GRATIS, "Blanko hasil cek fisik", avg=5),
        S("blokir", "Blokir Data Kepemilikan Kendaraan (Lapor Jual)",
          steps("Fotokopi STNK", "KTP-el pemilik lama", "Bukti jual beli atau surat pernyataan"),
          P_SAMSAT, SELESAI, GRATIS, "Tanda bukti blokir kepemilikan", avg=5),
        S("keringanan", "Pengajuan Keringanan atau Penghapusan Sanksi Pajak Kendaraan",
          steps(STNK, KTP_PEMILIK, "Surat permohonan", "Dokumen pendukung sesuai program keringanan"),
          P_SAMSAT, "Sesuai ketentuan program", GRATIS, "Keputusan keringanan/penghapusan sanksi", avg=8),
        S("hilang-rusak-berat", "Lapor Kendaraan Hilang atau Rusak Berat (Penghentian Tagihan PKB)",
          steps(STNK, KTP_PEMILIK, "Surat keterangan kehilangan kendaraan dari kepolisian atau bukti rusak berat"),
          P_SAMSAT, "1 hari kerja", GRATIS, "Catatan penghentian tagihan PKB", avg=8),
        S("informasi", "Informasi Pajak Kendaraan dan Tunggakan",
          "Nomor polisi kendaraan atau STNK",
          steps("Ambil nomor antrean di anjungan", "Petugas memeriksa data pajak kendaraan",
                "Informasi besaran pajak dan tunggakan diberikan"), SELESAI, GRATIS, "Informasi pajak", avg=3),
    ],
)

# ---------------------------------------------------------------- Imigrasi
_BERKAS = steps("KTP-el", "Kartu Keluarga",
                "Akta kelahiran, ijazah, buku nikah atau surat baptis (salah satu)")
_MPASPOR = "Bukti pendaftaran dan pembayaran PNBP melalui aplikasi M-Paspor"
P_PASPOR = steps("Daftar dan pilih jadwal melalui aplikasi M-Paspor", "Bayar PNBP sesuai kode billing",
                 "Datang sesuai jadwal dan ambil nomor antrean", "Pemeriksaan berkas asli",
                 "Foto, perekaman sidik jari dan wawancara", "Verifikasi dan adjudikasi",
                 "Paspor diambil sesuai tanggal pada tanda terima")
PASPOR = "Paspor biasa nonelektronik Rp350.000; paspor elektronik Rp650.000"
EMPAT = "4 hari kerja setelah wawancara"
PRODUK = "Paspor Republik Indonesia"

IMIGRASI = A(
    "imigrasi", "Kantor Imigrasi (Unit Layanan Paspor MPP Purbaraya)", "Imigrasi", "N",
    complaints=steps(COMPLAINTS, "Pengaduan Kantor Imigrasi melalui aplikasi M-Paspor"),
    avg=15, cutoff=60, booking=20,
    services=[
        S("paspor-baru", "Permohonan Paspor Baru (Dewasa)", steps(_BERKAS, _MPASPOR), P_PASPOR, EMPAT,
          PASPOR, PRODUK, quota=50, booking=40),
        S("paspor-ganti", "Penggantian Paspor Habis Masa Berlaku atau Halaman Penuh",
          steps("KTP-el", "Paspor lama", _MPASPOR), P_PASPOR, EMPAT, PASPOR, PRODUK, quota=50, booking=40),
        S("paspor-anak", "Paspor Anak (Belum Berusia 17 Tahun)",
          steps("Kutipan akta kelahiran anak", "Kartu Keluarga", "KTP-el dan paspor kedua orang tua",
                "Buku nikah/akta perkawinan orang tua", "Kehadiran anak dan orang tua", _MPASPOR),
          P_PASPOR, EMPAT, PASPOR, PRODUK, avg=20),
        S("paspor-hilang", "Penggantian Paspor Hilang",
          steps(_BERKAS, "Surat keterangan kehilangan dari kepolisian", _MPASPOR),
          P_PASPOR.replace("Verifikasi", "Pemeriksaan (BAP) kehilangan; Verifikasi"),
          "Setelah pemeriksaan kehilangan", PASPOR + "; denda paspor hilang Rp1.000.000", PRODUK, avg=25),
        S("paspor-rusak", "Penggantian Paspor Rusak",
          steps(_BERKAS, "Paspor yang rusak", _MPASPOR),
          P_PASPOR.replace("Verifikasi", "Pemeriksaan (BAP) kerusakan; Verifikasi"),
          "Setelah pemeriksaan kerusakan", PASPOR + "; denda paspor rusak Rp500.000", PRODUK, avg=20),
        S("paspor-haji", "Paspor untuk Ibadah Haji dan Umrah",
          steps(_BERKAS, "Bukti pendaftaran haji/umrah (bila diminta)", _MPASPOR), P_PASPOR, EMPAT, PASPOR,
          PRODUK),
        S("paspor-pmi", "Paspor bagi Calon Pekerja Migran Indonesia",
          steps(_BERKAS, "Surat rekomendasi paspor dari Dinas Tenaga Kerja", "Bukti terdaftar di SISKOP2MI",
                _MPASPOR), P_PASPOR, EMPAT, PASPOR, PRODUK, avg=20),
        S("percepatan", "Layanan Percepatan Paspor (Selesai pada Hari yang Sama)",
          steps(_BERKAS, _MPASPOR, "Bukti pembayaran layanan percepatan"), P_PASPOR,
          "Selesai pada hari yang sama", PASPOR + "; biaya percepatan Rp1.000.000", PRODUK,
          quota=10, booking=5),
        S("endorsemen", "Perubahan Data dan Endorsemen Paspor",
          steps("Paspor", "KTP-el", "Dokumen pendukung perubahan data"), P_PASPOR, EMPAT,
          "Sesuai tarif PNBP keimigrasian", "Paspor dengan catatan endorsemen", avg=12, booking=0),
        S("pengambilan", "Pengambilan Paspor",
          "Tanda terima permohonan paspor; KTP-el (surat kuasa bila diwakilkan)",
          steps("Ambil nomor antrean di anjungan", "Serahkan tanda terima", "Paspor diserahkan dan ditandatangani"),
          SELESAI, GRATIS, PRODUK, avg=3, booking=0, cutoff=30),
        S("mpaspor", "Bantuan Pendaftaran Aplikasi M-Paspor",
          "KTP-el; Telepon pintar dengan surel dan nomor aktif",
          steps("Ambil nomor antrean di anjungan", "Petugas membantu pembuatan akun dan pengisian data",
                "Pemohon memperoleh jadwal dan kode billing"), SELESAI, GRATIS, "Jadwal dan kode billing paspor",
          avg=10, booking=0, cutoff=30),
        S("informasi", "Informasi Keimigrasian dan Pengaduan",
          "Dokumen yang berkaitan (bila ada)",
          steps("Ambil nomor antrean di anjungan", "Sampaikan pertanyaan atau pengaduan",
                "Petugas memberikan penjelasan"), SELESAI, GRATIS, "Informasi keimigrasian",
          avg=5, booking=0, cutoff=30),
    ],
)

AGENCIES = [BPN, SAMSAT, IMIGRASI]
