"""Demo catalog data, part 4: Polres (10), BPJS Kesehatan (14), BPJS Ketenagakerjaan (14),
Kementerian Agama (16)."""
from common import A, COMPLAINTS, GRATIS, SELESAI, S, steps


def P(*middle, last="Dokumen/hasil layanan diserahkan kepada pemohon"):
    return steps("Ambil nomor antrean di anjungan", "Serahkan berkas kepada petugas", *middle, last)


KTP = "KTP-el"
KK = "Kartu Keluarga"

# ---------------------------------------------------------------- Polres
FOTO_SKCK = "Pasfoto berwarna 4x6 latar belakang merah (6 lembar)"
P_SKCK = P("Pengisian formulir daftar riwayat hidup", "Perekaman dan pemeriksaan sidik jari",
           "Pemeriksaan catatan kepolisian", "Pembayaran PNBP", last="SKCK dicetak dan diserahkan")
P_SIM = P("Tes kesehatan jasmani dan psikologi (bila belum)", "Pembayaran PNBP",
          "Foto, sidik jari dan tanda tangan", last="SIM dicetak dan diserahkan")
POLRES = A(
    "polres", "Kepolisian Resor Purbaraya", "Polres", "E",
    complaints=steps(COMPLAINTS, "Layanan pengaduan Polri 110"), avg=10,
    services=[
        S("skck-baru", "Penerbitan Surat Keterangan Catatan Kepolisian (SKCK) Baru",
          steps(f"Fotokopi {KTP}", f"Fotokopi {KK}", "Fotokopi akta kelahiran atau ijazah terakhir", FOTO_SKCK,
                "Kartu sidik jari (bila sudah pernah dibuat)"),
          P_SKCK, "Selesai di tempat (± 1 jam)", "PNBP Rp30.000", "SKCK", quota=100, booking=30, avg=10),
        S("skck-perpanjangan", "Perpanjangan SKCK",
          steps("SKCK lama (asli)", f"Fotokopi {KTP}", f"Fotokopi {KK}", FOTO_SKCK),
          P_SKCK, SELESAI, "PNBP Rp30.000", "SKCK", quota=100, booking=30, avg=7),
        S("sidik-jari", "Perekaman dan Perumusan Sidik Jari",
          steps(f"Fotokopi {KTP}", "Pasfoto berwarna 4x6 (2 lembar)"),
          P("Perekaman sidik jari sepuluh jari", last="Kartu sidik jari diserahkan"), SELESAI, GRATIS,
          "Kartu Tanda Sidik Jari", avg=8),
        S("sim-a", "Perpanjangan SIM A", steps("SIM A lama (masih berlaku)", KTP, "Surat keterangan sehat jasmani",
          "Hasil tes psikologi"), P_SIM, SELESAI, "PNBP Rp80.000", "SIM A", quota=40, cutoff=60, avg=10),
        S("sim-c", "Perpanjangan SIM C", steps("SIM C lama (masih berlaku)", KTP, "Surat keterangan sehat jasmani",
          "Hasil tes psikologi"), P_SIM, SELESAI, "PNBP Rp75.000", "SIM C", quota=60, cutoff=60, avg=10),
        S("kehilangan", "Surat Tanda Penerimaan Laporan Kehilangan",
          steps(KTP, "Fotokopi dokumen/bukti kepemilikan barang yang hilang (bila ada)"),
          P("Petugas mencatat keterangan pelapor", last="Surat keterangan kehilangan diserahkan"),
          SELESAI, GRATIS, "Surat Tanda Penerimaan Laporan Kehilangan", avg=8),
        S("izin-keramaian", "Surat Izin Keramaian (Pertunjukan dan Kegiatan Masyarakat)",
          steps("Surat permohonan", f"Fotokopi {KTP} penanggung jawab", "Surat pengantar desa/kelurahan",
                "Rekomendasi Polsek setempat", "Susunan acara"),
          P("Penelitian oleh Satintelkam", last="Surat izin diserahkan"), "3 hari kerja", GRATIS,
          "Surat Izin Keramaian", avg=10),
        S("sttp", "Surat Tanda Terima Pemberitahuan (STTP) Kegiatan Masyarakat",
          steps("Surat pemberitahuan kegiatan", f"Fotokopi {KTP} penanggung jawab", "Susunan acara dan jumlah peserta"),
          P("Penelitian oleh Satintelkam", last="STTP diserahkan"), "1 hari kerja", GRATIS, "STTP", avg=8),
        S("skld", "Surat Keterangan Lapor Diri (SKLD) bagi Orang Asing",
          steps("Paspor dan izin tinggal (KITAS/KITAP)", "Surat sponsor/penjamin", "Pasfoto berwarna 4x6 (2 lembar)"),
          P("Pemeriksaan dokumen keimigrasian", last="SKLD diserahkan"), "1 hari kerja", GRATIS, "SKLD",
          avg=12),
        S("pengaduan", "Pengaduan Masyarakat (Dumas)", "KTP-el; Bukti pendukung pengaduan (bila ada)",
          P("Petugas mencatat pengaduan", last="Tanda terima pengaduan diserahkan"), SELESAI, GRATIS,
          "Tanda terima pengaduan", avg=10),
    ],
)

# ---------------------------------------------------------------- BPJS Kesehatan
JKN = "Nomor kartu JKN-KIS atau NIK"
HP = "Nomor ponsel dan surel aktif"
P_JKN = P("Petugas memverifikasi data kepesertaan", "Data diperbarui pada aplikasi kepesertaan",
          last="Bukti layanan diserahkan atau dikirim ke Mobile JKN")
JK = lambda slug, name, req, time, product, **o: S(slug, name, req, P_JKN, time, GRATIS, product, **o)  # noqa: E731
IURAN = ("Pendaftaran gratis; iuran PBPU per orang per bulan Kelas I Rp150.000, Kelas II Rp100.000, "
         "Kelas III Rp42.000 (peserta membayar Rp35.000)")
BPJS_KES = A(
    "bpjs-kesehatan", "BPJS Kesehatan Kantor Kabupaten Purbaraya", "BPJS Kesehatan", "H",
    complaints=steps(COMPLAINTS, "BPJS Kesehatan Care Center 165", "Aplikasi Mobile JKN"), avg=8,
    services=[
        S("daftar-pbpu", "Pendaftaran Peserta Mandiri (PBPU)",
          steps(KTP, KK, HP, "Buku rekening untuk autodebit iuran"), P_JKN,
          "Selesai di tempat; kartu aktif setelah iuran pertama dibayar", IURAN, "Kartu JKN (KIS digital)",
          booking=20, avg=12),
        JK("daftar-bayi", "Pendaftaran Bayi Baru Lahir", steps("Surat keterangan lahir atau akta kelahiran", KK,
           "Kartu JKN orang tua"), SELESAI, "Kartu JKN bayi", avg=8),
        JK("tambah-anggota", "Penambahan Anggota Keluarga", steps(KK, KTP, JKN), SELESAI,
           "Kartu JKN anggota keluarga", booking=10),
        JK("ubah-data", "Perubahan Data Peserta (Identitas dan Alamat)", steps(KTP, KK, JKN), SELESAI,
           "Data kepesertaan terbarui", booking=10, avg=6),
        JK("pindah-faskes", "Perubahan Fasilitas Kesehatan Tingkat Pertama (FKTP)",
           steps(JKN, "Telah terdaftar di FKTP lama minimal 3 bulan"), SELESAI, "FKTP baru", avg=5),
        JK("ubah-kelas", "Perubahan Kelas Rawat Peserta Mandiri", steps(JKN, KK, "Iuran tidak menunggak"),
           "Berlaku bulan berikutnya", "Kelas rawat baru"),
        JK("kartu", "Pencetakan Kartu Peserta dan Aktivasi Mobile JKN", steps(JKN, KTP, HP), SELESAI,
           "Kartu JKN dan akun Mobile JKN", avg=5),
        JK("reaktivasi", "Reaktivasi Kepesertaan Nonaktif", steps(JKN, KTP, "Bukti pelunasan tunggakan iuran"),
           SELESAI, "Status kepesertaan aktif", avg=8),
        JK("rehab", "Program Cicilan Tunggakan Iuran (REHAB)", steps(JKN, KTP), SELESAI,
           "Jadwal cicilan tunggakan", avg=8),
        JK("alih-mandiri", "Pengalihan Peserta PBI atau PBPU Pemda menjadi Peserta Mandiri",
           steps(JKN, KTP, KK, HP), SELESAI, "Kepesertaan mandiri aktif", avg=10),
        JK("meninggal", "Penonaktifan Peserta Meninggal Dunia", steps("Akta atau surat keterangan kematian", KK, JKN),
           SELESAI, "Status kepesertaan nonaktif", avg=6),
        JK("autodebit", "Pendaftaran Autodebit Iuran", steps(JKN, KTP, "Buku rekening"), SELESAI,
           "Autodebit iuran aktif", avg=6),
        JK("badan-usaha", "Pendaftaran Badan Usaha dan Pekerja Penerima Upah (PPU)",
           steps("NIB atau izin usaha", "NPWP badan usaha", "Data pekerja dan anggota keluarga"),
           "3 hari kerja", "Kode badan usaha dan kartu JKN pekerja", prio=False, avg=15),
        JK("pengaduan", "Informasi dan Pengaduan Program JKN", JKN, SELESAI, "Informasi atau tindak lanjut pengaduan",
           avg=6),
    ],
)

# ---------------------------------------------------------------- BPJS Ketenagakerjaan
KPJ = "Kartu peserta BPJS Ketenagakerjaan atau nomor KPJ"
REK = "Buku tabungan atas nama peserta/ahli waris"
P_KLAIM = P("Verifikasi dan wawancara oleh petugas", "Penetapan klaim",
            last="Manfaat ditransfer ke rekening peserta")
BPJS_TK = A(
    "bpjs-ketenagakerjaan", "BPJS Ketenagakerjaan Kantor Cabang Purbaraya", "BPJS Ketenagakerjaan", "P",
    complaints=steps(COMPLAINTS, "Layanan masyarakat BPJS Ketenagakerjaan 175", "Aplikasi JMO"), avg=12,
    services=[
        S("daftar-bpu", "Pendaftaran Peserta Bukan Penerima Upah (BPU)", steps(KTP, HP),
          P("Pengisian data dan pilihan program", last="Kartu peserta dan kode iuran diserahkan"), SELESAI,
          "Pendaftaran gratis; iuran mulai Rp16.800 per bulan (JKK dan JKM)", "Kartu peserta BPJS Ketenagakerjaan",
          booking=10, avg=8),
        S("daftar-pmi", "Pendaftaran Pekerja Migran Indonesia",
          steps(KTP, "Paspor", "Perjanjian penempatan/perjanjian kerja"),
          P("Pengisian data", last="Kartu peserta diserahkan"), SELESAI, "Sesuai iuran program PMI",
          "Kartu peserta PMI", avg=10),
        S("daftar-perusahaan", "Pendaftaran Perusahaan dan Pekerja Penerima Upah",
          steps("NIB", "NPWP perusahaan", "Data pekerja dan upah"),
          P("Verifikasi data perusahaan", last="Sertifikat kepesertaan diterbitkan"), "1 hari kerja",
          "Gratis (iuran sesuai upah pekerja)", "Sertifikat kepesertaan perusahaan", prio=False, avg=15),
        S("jht", "Klaim Jaminan Hari Tua (JHT)",
          steps(KPJ, KTP, REK, "Surat keterangan berhenti bekerja (paklaring)", "NPWP bila saldo di atas Rp50 juta"),
          P_KLAIM, "5 hari kerja", GRATIS, "Manfaat JHT", booking=20, avg=15),
        S("jht-sebagian", "Klaim JHT Sebagian (10% atau 30%)",
          steps(KPJ, KTP, REK, "Surat keterangan masih aktif bekerja", "Masa kepesertaan minimal 10 tahun"),
          P_KLAIM, "5 hari kerja", GRATIS, "Manfaat JHT sebagian", booking=10, avg=15),
        S("jkm", "Klaim Jaminan Kematian (JKM)",
          steps(KPJ, "Akta kematian peserta", "KK dan KTP-el ahli waris", "Surat keterangan ahli waris", REK),
          P_KLAIM, "3 hari kerja", GRATIS, "Manfaat Jaminan Kematian", avg=20),
        S("jkk", "Klaim Jaminan Kecelakaan Kerja (JKK)",
          steps(KPJ, KTP, "Laporan kecelakaan kerja tahap I dan II", "Surat keterangan dokter", REK),
          P_KLAIM, "Sesuai hasil verifikasi", GRATIS, "Manfaat Jaminan Kecelakaan Kerja", avg=20),
        S("jp", "Klaim Jaminan Pensiun (JP)",
          steps(KPJ, KTP, KK, REK, "Surat keterangan berhenti bekerja atau telah mencapai usia pensiun"),
          P_KLAIM, "5 hari kerja", GRATIS, "Manfaat Jaminan Pensiun", avg=20),
        S("jkp", "Klaim Jaminan Kehilangan Pekerjaan (JKP)",
          steps(KPJ, KTP, REK, "Bukti pemutusan hubungan kerja", "Akun SIAPkerja"),
          P_KLAIM, "Sesuai hasil verifikasi", GRATIS, "Manfaat JKP", avg=15),
        S("beasiswa", "Klaim Beasiswa Pendidikan Anak Peserta",
          steps(KPJ, KK, "Surat keterangan aktif sekolah/kuliah", "Rekening atas nama anak atau wali"),
          P_KLAIM, "5 hari kerja", GRATIS, "Manfaat beasiswa pendidikan", avg=15),
        S("ubah-data", "Perubahan dan Koreksi Data Peserta", steps(KPJ, KTP, KK, "Dokumen pendukung perubahan"),
          P("Verifikasi data", last="Data peserta diperbarui"), SELESAI, GRATIS, "Data peserta terbarui", avg=8),
        S("gabung-saldo", "Penggabungan Saldo Kartu Peserta Ganda", steps("Seluruh kartu peserta", KTP, "Paklaring"),
          P("Verifikasi kepesertaan", last="Saldo digabungkan"), "3 hari kerja", GRATIS, "Saldo JHT tergabung"),
        S("jmo", "Aktivasi Aplikasi JMO dan Kartu Digital", steps(KTP, HP),
          P("Petugas membantu aktivasi", last="Kartu digital aktif"), SELESAI, GRATIS, "Kartu peserta digital",
          avg=5),
        S("informasi", "Informasi Saldo dan Pengaduan Peserta", KPJ,
          P("Petugas memeriksa data", last="Informasi diberikan"), SELESAI, GRATIS, "Informasi saldo", avg=5),
    ],
)

# ---------------------------------------------------------------- Kementerian Agama
P_KMG = P("Verifikasi berkas oleh petugas", "Penandatanganan dokumen")
K = lambda slug, name, req, time, product, cost=GRATIS, **o: S(slug, name, req, P_KMG, time, cost, product, **o)  # noqa: E731
KEMENAG = A(
    "kemenag", "Kantor Kementerian Agama Kabupaten Purbaraya", "Kemenag", "Q",
    complaints=steps(COMPLAINTS, "Layanan pengaduan Kantor Kementerian Agama"), avg=12,
    services=[
        S("haji-daftar", "Pendaftaran Haji Reguler",
          steps(KTP, KK, "Akta kelahiran/ijazah/buku nikah", "Bukti setoran awal BPIH dari Bank Penerima Setoran",
                "Pasfoto berwarna 3x4 dan 4x6 latar putih (80% wajah)"),
          P_KMG.replace("Verifikasi berkas oleh petugas", "Verifikasi berkas; Perekaman foto dan sidik jari"),
          SELESAI, "Setoran awal BPIH Rp25.000.000 melalui Bank Penerima Setoran", "Nomor porsi haji",
          quota=30, booking=15, avg=20),
        K("haji-batal", "Pembatalan Pendaftaran Haji", steps("Surat permohonan pembatalan", "Bukti setoran awal asli",
          KTP, KK, "Buku rekening"), "Sesuai proses pengembalian dana", "Surat pembatalan dan pengembalian setoran"),
        K("haji-limpah", "Pelimpahan Nomor Porsi Haji (Meninggal Dunia atau Sakit Permanen)",
          steps("Akta kematian atau surat keterangan sakit permanen", "Surat kuasa ahli waris", KK,
                "Bukti setoran awal"), "Sesuai proses verifikasi", "Nomor porsi atas nama penerima limpahan"),
        K("haji-info", "Informasi Estimasi Keberangkatan Haji", "Nomor porsi haji", SELESAI,
          "Informasi estimasi keberangkatan", avg=5),
        K("umrah", "Informasi dan Pengaduan Penyelenggaraan Umrah", "Bukti perjanjian dengan biro perjalanan (bila ada)",
          SELESAI, "Informasi atau tindak lanjut pengaduan", avg=8),
        K("nikah", "Informasi Pendaftaran Nikah dan Pengantar ke KUA",
          steps("Surat pengantar nikah dari desa/kelurahan", "Fotokopi KTP-el, KK dan akta kelahiran calon pengantin",
                "Pasfoto 2x3 dan 4x6"), SELESAI,
          "Informasi dan pengantar pendaftaran nikah",
          "Gratis di KUA pada jam kerja; Rp600.000 bila di luar KUA atau di luar jam kerja", avg=8),
        K("duplikat-nikah", "Penerbitan Duplikat Buku Nikah", steps("Surat keterangan kehilangan dari kepolisian",
          KTP, KK, "Pasfoto 2x3 berdampingan"), "3 hari kerja", "Duplikat Buku Nikah"),
        K("legalisasi-nikah", "Legalisasi Fotokopi Buku Nikah", steps("Buku nikah asli", "Fotokopi buku nikah"),
          SELESAI, "Fotokopi buku nikah terlegalisasi", avg=5),
        K("legalisasi-ijazah", "Legalisasi Ijazah Madrasah (MI, MTs, MA)", steps("Ijazah asli", "Fotokopi ijazah"),
          SELESAI, "Fotokopi ijazah terlegalisasi", avg=5),
        K("pengganti-ijazah", "Surat Keterangan Pengganti Ijazah Madrasah yang Hilang atau Rusak",
          steps("Surat keterangan kehilangan dari kepolisian", "Surat keterangan dari madrasah", KTP),
          "3 hari kerja", "Surat Keterangan Pengganti Ijazah"),
        K("izin-madrasah", "Izin Operasional Madrasah (RA, MI, MTs, MA) Swasta",
          steps("Akta yayasan", "Data pendidik dan peserta didik", "Bukti kepemilikan tanah", "Kurikulum"),
          "Sesuai hasil verifikasi lapangan", "Izin Operasional Madrasah", prio=False),
        K("izin-diniyah", "Izin Operasional TPQ dan Madrasah Diniyah Takmiliyah",
          steps("Surat permohonan", "Data pengelola, ustaz dan santri", "Surat keterangan domisili"),
          "14 hari kerja", "Piagam Izin Operasional"),
        K("pesantren", "Tanda Daftar Pondok Pesantren",
          steps("Surat permohonan", "Profil pesantren", "Data kiai, santri dan kitab yang diajarkan"),
          "Sesuai hasil verifikasi lapangan", "Tanda Daftar Pondok Pesantren", prio=False),
        K("rumah-ibadah", "Rekomendasi Pendirian Rumah Ibadah",
          steps("Surat permohonan panitia", "Daftar pengguna dan dukungan masyarakat", "Rekomendasi FKUB"),
          "14 hari kerja", "Surat Rekomendasi"),
        K("nazhir", "Pengesahan Nazhir Wakaf", steps("Akta ikrar wakaf", "Susunan nazhir", "KTP-el para nazhir"),
          "7 hari kerja", "Surat Pengesahan Nazhir"),
        K("halal", "Pendampingan Sertifikasi Halal Self Declare (UMK)",
          steps("Nomor Induk Berusaha (NIB)", KTP, "Daftar bahan dan proses produksi"),
          "Sesuai proses BPJPH", "Sertifikat halal", avg=15),
    ],
)

AGENCIES = [POLRES, BPJS_KES, BPJS_TK, KEMENAG]
