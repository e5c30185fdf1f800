"""Demo catalog data, part 6: Taspen (10), Pos Indonesia (10), Disnaker (12), Dinsos (12),
Pengadilan Agama (14), Kejaksaan Negeri (8), Dinas Perhubungan (12)."""
from common import A, COMPLAINTS, GRATIS, SELESAI, S, steps


def P(*middle, last="Hasil layanan diserahkan kepada pemohon"):
    return steps("Ambil nomor antrean di anjungan", "Serahkan berkas kepada petugas", *middle, last)


def G(proc, cost=GRATIS):
    """A service factory for an agency whose services share one procedure."""
    return lambda slug, name, req, time, product, c=cost, **o: S(slug, name, req, proc, time, c, product, **o)


KTP = "KTP-el"
KK = "Kartu Keluarga"

# ---------------------------------------------------------------- Taspen
SK_PENS = "SK pensiun asli dan fotokopi"
REK = "Buku tabungan atas nama peserta/ahli waris"
FOTO = "Pasfoto berwarna 3x4 (2 lembar)"
T = G(P("Verifikasi berkas dan otentikasi biometrik", "Penetapan hak pensiun/klaim",
        last="Manfaat dibayarkan ke rekening"))
TASPEN = A(
    "taspen", "PT Taspen (Persero) Kantor Cabang Purbaraya", "Taspen", "R",
    complaints=steps(COMPLAINTS, "Contact center Taspen"), avg=15,
    services=[
        T("pensiun-pertama", "Pengajuan Pembayaran Pensiun Pertama", steps(SK_PENS, KTP, KK, REK, FOTO, "NPWP"),
          "Sesuai SLA Taspen setelah berkas lengkap", "Surat Perintah Pembayaran Pensiun", booking=10),
        T("tht", "Klaim Tabungan Hari Tua (THT) Pensiun", steps(SK_PENS, KTP, REK), "Sesuai SLA Taspen",
          "Manfaat THT", booking=10),
        T("janda-duda", "Pensiun Janda/Duda", steps("Akta kematian peserta", "Buku nikah/akta perkawinan", KK, KTP, REK,
          FOTO), "Sesuai SLA Taspen", "SK pensiun janda/duda", avg=20),
        T("yatim", "Pensiun Anak Yatim/Piatu", steps("Akta kematian orang tua", "Akta kelahiran anak", KK, REK),
          "Sesuai SLA Taspen", "SK pensiun anak", avg=20),
        T("jkm", "Klaim Jaminan Kematian (JKM) ASN", steps("Akta kematian", "SK terakhir almarhum", KK, REK),
          "Sesuai SLA Taspen", "Manfaat Jaminan Kematian", avg=20),
        T("jkk", "Klaim Jaminan Kecelakaan Kerja (JKK) ASN", steps("Laporan kecelakaan kerja dari instansi",
          "Surat keterangan dokter", KTP, REK), "Sesuai hasil verifikasi", "Manfaat JKK", avg=20),
        T("otentikasi", "Otentikasi dan Pendaftaran Ulang Peserta Pensiun", steps(KTP, "Kartu peserta Taspen"),
          SELESAI, "Status otentikasi aktif", avg=5),
        T("ubah-data", "Perubahan Data dan Rekening Pembayaran Pensiun", steps(KTP, "Kartu peserta Taspen",
          "Buku tabungan baru"), "1 hari kerja", "Data pembayaran terbarui", avg=10),
        T("mutasi-bayar", "Mutasi Kantor Bayar Pensiun", steps(KTP, "Kartu peserta Taspen", "Surat permohonan mutasi"),
          "1 bulan pembayaran", "Kantor bayar baru", avg=10),
        T("informasi", "Informasi dan Pengaduan Peserta", "Kartu peserta Taspen atau NIP", SELESAI, "Informasi hak peserta",
          avg=8),
    ],
)

# ---------------------------------------------------------------- Pos Indonesia
TARIF_POS = "Sesuai tarif Pos Indonesia"
O = G(P("Petugas memproses transaksi", last="Bukti transaksi diserahkan"), TARIF_POS)
POS = A(
    "pos-indonesia", "PT Pos Indonesia (Persero) Kantor Cabang Purbaraya", "Pos Indonesia", "M",
    complaints=steps(COMPLAINTS, "Halo Pos"), avg=6,
    services=[
        O("kirim", "Pengiriman Surat dan Paket Dalam Negeri", "Kiriman terbungkus rapi dan alamat lengkap", SELESAI,
          "Resi pengiriman", booking=0),
        O("ems", "Pengiriman Luar Negeri (EMS dan Paket Pos Internasional)", steps("Kiriman dan daftar isi", "Identitas pengirim"),
          SELESAI, "Resi dan dokumen kepabeanan", avg=10),
        O("wesel", "Wesel Pos (Kiriman Uang)", steps(KTP, "Nama dan alamat penerima"), SELESAI, "Bukti kiriman wesel"),
        O("bansos", "Penyaluran Bantuan Sosial Pemerintah", steps(KTP, KK, "Surat undangan/barcode penerima"),
          SELESAI, "Bantuan sosial diterima", GRATIS, avg=5),
        O("pensiun", "Pembayaran Manfaat Pensiun", steps("Kartu peserta pensiun", KTP), SELESAI, "Manfaat pensiun diterima",
          GRATIS, avg=5),
        O("tagihan", "Pembayaran Tagihan (Listrik, Air, BPJS, Pajak)", "Nomor pelanggan atau kode bayar", SELESAI,
          "Bukti pembayaran", "Sesuai tagihan dan biaya administrasi", avg=4),
        O("meterai", "Penjualan Meterai dan Benda Pos", "Tidak ada persyaratan khusus", SELESAI, "Meterai/benda pos",
          "Meterai Rp10.000 per lembar", avg=3),
        O("ambil-kiriman", "Pengambilan Kiriman (Tidak Terantar)", steps(KTP, "Surat panggilan/nomor resi"), SELESAI,
          "Kiriman diserahkan", GRATIS, avg=4),
        O("giropos", "Pembukaan Rekening Giropos", steps(KTP, "Nomor ponsel aktif"), SELESAI, "Rekening Giropos",
          "Setoran awal sesuai ketentuan", avg=10),
        O("lacak", "Lacak Kiriman dan Pengaduan", "Nomor resi kiriman", SELESAI, "Informasi posisi kiriman", GRATIS, avg=5),
    ],
)

# ---------------------------------------------------------------- Disnaker
N = G(P("Verifikasi berkas oleh petugas", "Penandatanganan dokumen"))
DISNAKER = A(
    "disnaker", "Dinas Tenaga Kerja Kabupaten Purbaraya", "Disnaker", "S",
    complaints=steps(COMPLAINTS, "Layanan pengaduan Disnaker"), avg=10,
    services=[
        N("ak1", "Kartu Tanda Bukti Pendaftaran Pencari Kerja (AK/I, Kartu Kuning)",
          steps(KTP, "Ijazah terakhir", "Pasfoto berwarna 3x4 (2 lembar)", "Akun SIAPkerja (karirhub)"), SELESAI,
          "Kartu AK/I", quota=100, booking=30, avg=6),
        N("ak1-perpanjang", "Perpanjangan dan Pembaruan Kartu AK/I", steps("Kartu AK/I lama", KTP), SELESAI, "Kartu AK/I",
          avg=5),
        N("pmi-daftar", "Pendaftaran dan Verifikasi Calon Pekerja Migran Indonesia",
          steps(KTP, KK, "Akta kelahiran", "Surat izin keluarga diketahui kepala desa", "Ijazah minimal SMP"),
          SELESAI, "Nomor ID calon PMI (SISKOP2MI)", booking=10, avg=15),
        N("pmi-paspor", "Rekomendasi Paspor bagi Calon Pekerja Migran Indonesia",
          steps("Bukti pendaftaran calon PMI", KTP, KK, "Surat keterangan sehat"), "1 hari kerja",
          "Surat rekomendasi paspor", avg=10),
        N("pkwt", "Pencatatan Perjanjian Kerja Waktu Tertentu (PKWT)", steps("Dokumen PKWT", "NIB perusahaan",
          "Daftar pekerja"), "3 hari kerja", "Bukti pencatatan PKWT", prio=False),
        N("peraturan-perusahaan", "Pengesahan Peraturan Perusahaan", steps("Naskah peraturan perusahaan",
          "Bukti pelibatan wakil pekerja", "NIB perusahaan", "Bukti wajib lapor ketenagakerjaan"), "30 hari kerja",
          "Surat Keputusan Pengesahan Peraturan Perusahaan", prio=False, avg=15),
        N("pkb", "Pendaftaran Perjanjian Kerja Bersama (PKB)", steps("Naskah PKB yang ditandatangani", "Daftar serikat pekerja"),
          "6 hari kerja", "Surat Keputusan Pendaftaran PKB", prio=False, avg=15),
        N("serikat", "Pencatatan Serikat Pekerja/Serikat Buruh", steps("AD/ART serikat", "Daftar anggota dan pengurus",
          "Berita acara pembentukan"), "21 hari kerja", "Bukti pencatatan serikat pekerja", avg=15),
        N("wlkp", "Wajib Lapor Ketenagakerjaan di Perusahaan (WLKP)", steps("NIB perusahaan", "Data ketenagakerjaan perusahaan"),
          SELESAI, "Bukti lapor WLKP", prio=False),
        N("perselisihan", "Pengaduan dan Mediasi Perselisihan Hubungan Industrial",
          steps(KTP, "Surat pengaduan", "Risalah perundingan bipartit", "Dokumen pendukung (PKWT, slip gaji)"),
          "Sesuai jadwal mediasi", "Anjuran atau perjanjian bersama", avg=15),
        N("pelatihan", "Pendaftaran Pelatihan Kerja Berbasis Kompetensi", steps(KTP, "Ijazah terakhir", "Kartu AK/I"),
          SELESAI, "Bukti pendaftaran pelatihan", booking=10, avg=6),
        N("loker", "Informasi Lowongan dan Bursa Kerja", "Kartu AK/I atau KTP-el", SELESAI, "Informasi lowongan kerja",
          avg=5),
    ],
)

# ---------------------------------------------------------------- Dinsos
D = G(P("Verifikasi data dalam data kesejahteraan sosial", "Penandatanganan surat atau tindak lanjut"))
DTKS = "Usulan/keterangan desa atau kelurahan"
DINSOS = A(
    "dinsos", "Dinas Sosial Kabupaten Purbaraya", "Dinsos", "T",
    complaints=steps(COMPLAINTS, "Layanan pengaduan Dinsos"), avg=10,
    services=[
        D("dtks", "Usulan dan Pemutakhiran Data Kesejahteraan Sosial (DTKS/DTSEN)", steps(KTP, KK, DTKS),
          "Sesuai jadwal pemutakhiran data", "Data terusul dalam sistem", booking=10),
        D("sk-dtks", "Surat Keterangan Terdaftar dalam Data Kesejahteraan Sosial", steps(KTP, KK), SELESAI,
          "Surat keterangan terdaftar", avg=6),
        D("pbi", "Usulan Peserta PBI Jaminan Kesehatan", steps(KTP, KK, DTKS), "Sesuai jadwal penetapan",
          "Usulan peserta PBI"),
        D("pkh", "Informasi dan Pengaduan Program Keluarga Harapan (PKH)", steps(KTP, KK), SELESAI,
          "Informasi atau tindak lanjut pengaduan", avg=8),
        D("sembako", "Informasi dan Pengaduan Program Sembako (BPNT)", steps(KTP, KK), SELESAI,
          "Informasi atau tindak lanjut pengaduan", avg=8),
        D("disabilitas", "Pendataan Penyandang Disabilitas dan Kartu Penyandang Disabilitas", steps(KTP, KK,
          "Surat keterangan disabilitas dari dokter", "Pasfoto 3x4"), "7 hari kerja", "Kartu Penyandang Disabilitas"),
        D("alat-bantu", "Permohonan Alat Bantu Penyandang Disabilitas", steps(KTP, KK, "Surat keterangan dokter",
          "Foto penerima"), "Sesuai ketersediaan", "Alat bantu (kursi roda, kruk, alat bantu dengar)"),
        D("lansia", "Rujukan Layanan Lanjut Usia Telantar", steps(KTP, KK, DTKS), "Sesuai hasil asesmen",
          "Rujukan layanan/panti"),
        D("rehsos", "Rujukan Rehabilitasi Sosial (ODGJ Telantar, Anak, PPKS)", steps("Identitas (bila ada)", DTKS),
          "Sesuai hasil asesmen", "Rujukan rehabilitasi sosial", avg=15),
        D("bencana", "Bantuan Sosial Korban Bencana", steps(KTP, KK, "Surat keterangan bencana dari desa/BPBD"),
          "Sesuai hasil asesmen", "Bantuan sosial", avg=12),
        D("angkat-anak", "Rekomendasi Pengangkatan Anak", steps("KTP-el dan KK calon orang tua angkat", "Buku nikah",
          "Surat keterangan sehat", "SKCK", "Akta kelahiran anak"), "Sesuai hasil asesmen pekerja sosial",
          "Surat rekomendasi", avg=20),
        D("lks", "Pendaftaran Lembaga Kesejahteraan Sosial (LKS)", steps("Akta pendirian lembaga", "Susunan pengurus",
          "Program kerja"), "14 hari kerja", "Tanda daftar LKS", prio=False),
    ],
)

# ---------------------------------------------------------------- Pengadilan Agama
PANJAR = "Panjar biaya perkara sesuai radius yang ditetapkan Ketua Pengadilan Agama (prodeo bagi yang tidak mampu)"
P_PA = P("Petugas PTSP meneliti berkas", "Taksiran panjar biaya dan pembayaran", "Pendaftaran perkara pada SIPP",
         last="Penetapan jadwal sidang")
NIKAH = "Kutipan akta nikah/buku nikah asli dan fotokopi bermeterai"
PA = G(P_PA, PANJAR)
PENGADILAN = A(
    "pengadilan-agama", "Pengadilan Agama Purbaraya", "Pengadilan Agama", "U",
    complaints=steps(COMPLAINTS, "Meja pengaduan PTSP Pengadilan Agama", "SIWAS Mahkamah Agung"), avg=15,
    services=[
        PA("gugat-cerai", "Pendaftaran Gugatan Cerai", steps("Surat gugatan", KTP, NIKAH), "Sesuai jadwal persidangan",
           "Akta pendaftaran perkara", booking=10),
        PA("cerai-talak", "Permohonan Cerai Talak", steps("Surat permohonan", KTP, NIKAH), "Sesuai jadwal persidangan",
           "Akta pendaftaran perkara", booking=10),
        PA("dispensasi", "Permohonan Dispensasi Kawin", steps("Surat permohonan orang tua", "KTP-el orang tua", KK,
           "Akta kelahiran calon mempelai", "Surat penolakan KUA"), "Sesuai jadwal persidangan", "Penetapan dispensasi kawin"),
        PA("itsbat", "Permohonan Itsbat Nikah (Pengesahan Nikah)", steps("Surat permohonan", KTP, KK,
           "Surat keterangan tidak tercatat dari KUA"), "Sesuai jadwal persidangan", "Penetapan itsbat nikah"),
        PA("asal-usul", "Permohonan Penetapan Asal-Usul Anak", steps("Surat permohonan", KTP, KK, "Surat keterangan lahir"),
           "Sesuai jadwal persidangan", "Penetapan asal-usul anak"),
        PA("ahli-waris", "Permohonan Penetapan Ahli Waris", steps("Surat permohonan", "KTP-el para ahli waris",
           "Akta kematian pewaris", KK), "Sesuai jadwal persidangan", "Penetapan ahli waris"),
        PA("wali-adhal", "Permohonan Wali Adhal", steps("Surat permohonan", KTP, "Surat penolakan KUA"),
           "Sesuai jadwal persidangan", "Penetapan wali adhal"),
        PA("perwalian", "Permohonan Perwalian Anak", steps("Surat permohonan", KTP, KK, "Akta kelahiran anak",
           "Akta kematian orang tua"), "Sesuai jadwal persidangan", "Penetapan perwalian"),
        PA("harta-bersama", "Gugatan Harta Bersama", steps("Surat gugatan", KTP, "Akta cerai", "Bukti kepemilikan harta"),
           "Sesuai jadwal persidangan", "Akta pendaftaran perkara", prio=False),
        PA("akta-cerai", "Pengambilan Akta Cerai", steps(KTP, "Nomor perkara"),
           "Selesai di tempat (setelah putusan berkekuatan hukum tetap)", "Akta Cerai", "PNBP Rp10.000", avg=5),
        PA("salinan", "Permintaan Salinan Putusan atau Penetapan", steps(KTP, "Nomor perkara"), "1 hari kerja",
           "Salinan putusan/penetapan", "PNBP sesuai tarif Mahkamah Agung", avg=5),
        PA("ecourt", "Pendaftaran Akun dan Bantuan e-Court", steps(KTP, "Surel dan nomor ponsel aktif"), SELESAI,
           "Akun e-Court aktif", GRATIS, avg=10),
        PA("posbakum", "Pos Bantuan Hukum (Posbakum)", steps(KTP, "Surat keterangan tidak mampu (bila ada)"), SELESAI,
           "Konsultasi dan pembuatan surat gugatan/permohonan", GRATIS),
        PA("informasi", "Informasi Perkara dan Pengaduan", "Nomor perkara (bila ada)", SELESAI, "Informasi perkara",
           GRATIS, avg=5),
    ],
)

# ---------------------------------------------------------------- Kejaksaan Negeri
DENDA = "Denda sesuai putusan pengadilan dan biaya perkara Rp1.000"
J = G(P("Petugas mencocokkan data perkara", last="Barang bukti atau bukti pembayaran diserahkan"))
KEJAKSAAN = A(
    "kejaksaan", "Kejaksaan Negeri Purbaraya", "Kejaksaan Negeri", "V",
    complaints=steps(COMPLAINTS, "Pengaduan Kejaksaan Negeri"), avg=6,
    services=[
        J("tilang-bayar", "Informasi dan Pembayaran Denda Tilang", "Surat tilang (blangko/nomor register)", SELESAI,
          "Bukti pembayaran denda tilang", DENDA, quota=150, booking=20, avg=4),
        J("tilang-sim-stnk", "Pengambilan Barang Bukti Tilang (SIM atau STNK)", steps("Surat tilang", "Bukti pembayaran denda",
          KTP), SELESAI, "SIM/STNK dikembalikan", DENDA, quota=150, avg=4),
        J("tilang-kendaraan", "Pengambilan Kendaraan Barang Bukti Tilang", steps("Surat tilang", "Bukti pembayaran denda",
          "STNK dan BPKB", KTP), SELESAI, "Surat pengeluaran kendaraan", DENDA, avg=8),
        J("barang-bukti", "Pengembalian Barang Bukti Perkara Pidana", steps("Salinan putusan", KTP, "Bukti kepemilikan"),
          "1 hari kerja", "Berita acara pengembalian barang bukti", avg=12),
        J("denda-pidana", "Pembayaran Denda, Biaya Perkara dan Uang Pengganti", steps("Salinan putusan", KTP),
          SELESAI, "Bukti pembayaran", "Sesuai putusan pengadilan", avg=8),
        J("hukum-gratis", "Pelayanan Hukum Gratis (Perdata dan Tata Usaha Negara)", steps(KTP, "Dokumen permasalahan"),
          SELESAI, "Pendapat/konsultasi hukum", avg=15),
        J("pengaduan", "Pengaduan Masyarakat (Dugaan Tindak Pidana Korupsi)", steps(KTP, "Uraian dan bukti pendukung"),
          SELESAI, "Tanda terima pengaduan", avg=10),
        J("info-perkara", "Informasi Perkara dan Jadwal Sidang", "Nomor perkara atau nama terdakwa", SELESAI,
          "Informasi perkara", avg=4),
    ],
)

# ---------------------------------------------------------------- Dinas Perhubungan
RETRIBUSI = "Retribusi pengujian kendaraan bermotor sesuai Perda Pajak Daerah dan Retribusi Daerah"
UJI = "Bukti lulus uji (kartu uji/BLUe) terakhir"
H = G(P("Verifikasi berkas oleh petugas", "Penjadwalan pengujian atau peninjauan lapangan"))
DISHUB = A(
    "dishub", "Dinas Perhubungan Kabupaten Purbaraya", "Dishub", "W",
    complaints=steps(COMPLAINTS, "Layanan pengaduan Dishub"), avg=8,
    services=[
        H("uji-berkala", "Pendaftaran Pengujian Berkala Kendaraan Bermotor (Uji KIR)", steps("STNK", UJI, KTP), SELESAI,
          "Jadwal uji dan bukti lulus uji", RETRIBUSI, booking=20, avg=6),
        H("uji-pertama", "Pendaftaran Uji Pertama Kendaraan Bermotor", steps("STNK", "SRUT/SUT", "Faktur kendaraan", KTP),
          SELESAI, "Bukti lulus uji elektronik (BLUe)", RETRIBUSI),
        H("numpang-uji", "Numpang Uji Kendaraan Bermotor", steps("STNK", UJI, "Surat numpang uji dari daerah asal"),
          SELESAI, "Bukti lulus uji", RETRIBUSI),
        H("mutasi-uji", "Mutasi Uji Kendaraan Bermotor (Keluar atau Masuk)", steps("STNK", UJI, "Surat permohonan mutasi"),
          "1 hari kerja", "Berkas mutasi uji"),
        H("kartu-uji", "Penggantian Bukti Lulus Uji Hilang atau Rusak", steps("STNK", "Surat keterangan kehilangan/BLUe rusak"),
          "1 hari kerja", "BLUe pengganti", RETRIBUSI),
        H("trayek", "Izin Penyelenggaraan Angkutan Orang dalam Trayek Perdesaan", steps("NIB perusahaan angkutan",
          "Daftar kendaraan dan STNK", UJI), "14 hari kerja", "Izin penyelenggaraan angkutan", prio=False),
        H("insidentil", "Izin Insidentil Angkutan Umum", steps("Kartu pengawasan/izin angkutan", "STNK", UJI,
          "Surat permohonan dan jadwal perjalanan"), "1 hari kerja", "Surat izin insidentil", prio=False),
        H("andalalin", "Persetujuan Analisis Dampak Lalu Lintas (Andalalin) Jalan Kabupaten",
          steps("Dokumen hasil analisis dampak lalu lintas", "PKKPR", "Siteplan"), "Sesuai sidang tim evaluasi",
          "Persetujuan Andalalin", prio=False, avg=15),
        H("parkir", "Izin Penyelenggaraan Tempat Parkir di Luar Ruang Milik Jalan", steps(KTP, "NIB", "Denah lokasi parkir"),
          "7 hari kerja", "Izin penyelenggaraan parkir"),
        H("rambu", "Permohonan Pemasangan Rambu dan Perlengkapan Jalan", steps(KTP, "Surat permohonan", "Foto lokasi"),
          "Sesuai hasil survei", "Tindak lanjut pemasangan"),
        H("penggunaan-jalan", "Rekomendasi Penggunaan Jalan untuk Kegiatan Masyarakat", steps(KTP, "Surat permohonan",
          "Rencana pengalihan arus lalu lintas"), "3 hari kerja", "Surat rekomendasi"),
        H("informasi", "Informasi dan Pengaduan Perhubungan", "Dokumen yang berkaitan (bila ada)", SELESAI,
          "Informasi atau tindak lanjut pengaduan", avg=5),
    ],
)

AGENCIES = [TASPEN, POS, DISNAKER, DINSOS, PENGADILAN, KEJAKSAAN, DISHUB]
