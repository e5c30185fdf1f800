"""Demo catalog data, part 2: DPMPTSP, permits of the regency (45 services)."""
from common import A, COMPLAINTS, GRATIS, SELESAI, S, steps


def P(teknis="perangkat daerah teknis", survei=False):
    """Procedure of a permit: consultation, upload, technical check, e-signature."""
    return steps("Ambil nomor antrean di anjungan",
                 "Konsultasi persyaratan dengan petugas DPMPTSP",
                 "Unggah berkas pada aplikasi perizinan daerah atau OSS RBA (dibantu petugas)",
                 f"Verifikasi administrasi dan teknis oleh {teknis}",
                 "Peninjauan lapangan" if survei else "",
                 "Penandatanganan izin secara elektronik",
                 "Izin dikirim melalui surel/aplikasi atau diambil di loket DPMPTSP")


KTP = "KTP-el pemohon"
NIB = "Nomor Induk Berusaha (NIB)"
AKTA = "Akta pendirian badan usaha dan pengesahan Kemenkumham (bagi badan usaha)"
TANAH = "Bukti penguasaan tanah (sertifikat atau perjanjian sewa)"
PBB = "Bukti lunas PBB tahun berjalan"
FOTO = "Pasfoto berwarna 4x6 (2 lembar)"


def SIP(slug, profesi, singkatan, tenaga, hari="5 hari kerja"):
    return S(f"sip-{slug}", f"Surat Izin Praktik {profesi} ({singkatan})",
             steps(KTP, f"Surat Tanda Registrasi (STR) {tenaga} yang masih berlaku",
                   "Surat keterangan tempat praktik dari pimpinan fasilitas pelayanan kesehatan",
                   FOTO, "SIP lama (untuk perpanjangan)"),
             P("Dinas Kesehatan"), hari, GRATIS, f"{singkatan} (dokumen elektronik ber-TTE)",
             avg=12, booking=5)


def FASKES(slug, name, reqs, product, survei=True, prio=False):
    return S(slug, name, steps(KTP, NIB, reqs, TANAH),
             P("Dinas Kesehatan", survei), "14 hari kerja", GRATIS, product,
             prio=prio, avg=15)


DPMPTSP = A(
    "dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Purbaraya",
    "DPMPTSP", "C",
    complaints=steps(COMPLAINTS, "Pengaduan perizinan di loket DPMPTSP", "Pengaduan pada OSS RBA (oss.go.id)"),
    avg=15,
    services=[
        # Perizinan berusaha berbasis risiko (OSS RBA)
        S("nib", "Pendaftaran Nomor Induk Berusaha (NIB) melalui OSS RBA",
          steps(KTP, "NPWP", "Alamat surel dan nomor ponsel aktif", "Data lokasi dan kegiatan usaha (KBLI)"),
          steps("Ambil nomor antrean di anjungan", "Petugas membantu membuat akun OSS RBA",
                "Pengisian data usaha dan KBLI", "NIB terbit otomatis dan dicetak"),
          SELESAI, GRATIS, NIB, booking=10, avg=20),
        S("sertifikat-standar", "Verifikasi Sertifikat Standar Perizinan Berusaha",
          steps(NIB, "Dokumen pemenuhan standar sesuai KBLI"), P(survei=True),
          "Sesuai tingkat risiko pada OSS RBA", GRATIS, "Sertifikat Standar terverifikasi"),
        S("izin-risiko-tinggi", "Verifikasi Izin Usaha Risiko Tinggi",
          steps(NIB, AKTA, "Persetujuan lingkungan", "Dokumen persyaratan izin sesuai KBLI"),
          P(survei=True), "Sesuai tingkat risiko pada OSS RBA", GRATIS, "Izin usaha (OSS RBA)",
          prio=False),
        S("pkkpr-berusaha", "Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang (PKKPR) Berusaha",
          steps(NIB, TANAH, "Koordinat lokasi dan rencana teknis kegiatan", "Rencana luas lantai bangunan"),
          P("Forum Penataan Ruang", True), "20 hari kerja", GRATIS, "PKKPR (OSS RBA)", prio=False),
        S("pkkpr-nonberusaha", "Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang Nonberusaha",
          steps(KTP, TANAH, "Koordinat lokasi", "Uraian rencana kegiatan (rumah ibadah, fasilitas sosial)"),
          P("Forum Penataan Ruang", True), "20 hari kerja", GRATIS, "PKKPR Nonberusaha"),
        S("sppl", "Surat Pernyataan Kesanggupan Pengelolaan Lingkungan Hidup (SPPL)",
          steps(NIB, "Formulir SPPL dari OSS RBA", "Denah lokasi usaha"),
          P("Dinas Lingkungan Hidup"), SELESAI, GRATIS, "SPPL", avg=10),
        S("ukl-upl", "Persetujuan Lingkungan melalui UKL-UPL",
          steps(NIB, "PKKPR", "Dokumen UKL-UPL", "Bukti konsultasi publik bila diwajibkan"),
          P("Dinas Lingkungan Hidup", True), "10 hari kerja setelah dokumen dinyatakan lengkap", GRATIS,
          "Persetujuan Pernyataan Kesanggupan Pengelolaan Lingkungan Hidup (PKPLH)", prio=False),
        S("amdal", "Persetujuan Lingkungan melalui AMDAL",
          steps(NIB, "PKKPR", "Dokumen KA-ANDAL, ANDAL dan RKL-RPL", "Bukti pengumuman dan konsultasi publik"),
          P("Tim Uji Kelayakan Lingkungan Hidup", True), "Sesuai tahapan uji kelayakan",
          "Gratis (biaya penyusunan dokumen ditanggung pemrakarsa)", "Surat Keputusan Kelayakan Lingkungan Hidup",
          prio=False, avg=20),
        S("limbah-b3", "Rincian Teknis Penyimpanan Sementara Limbah B3",
          steps(NIB, "Persetujuan lingkungan", "Denah dan foto tempat penyimpanan sementara limbah B3"),
          P("Dinas Lingkungan Hidup", True), "10 hari kerja", GRATIS, "Rincian Teknis Penyimpanan Limbah B3",
          prio=False),
        S("toko-swalayan", "Izin Usaha Toko Swalayan (Minimarket)",
          steps(NIB, AKTA, "PKKPR", "Analisis sosial ekonomi dan kajian lokasi", "Rencana kemitraan dengan UMKM"),
          P("Dinas Perdagangan", True), "10 hari kerja", GRATIS, "Izin Usaha Toko Swalayan", prio=False),
        S("tdup", "Perizinan Usaha Pariwisata (Tanda Daftar Usaha Pariwisata)",
          steps(NIB, KTP, "Foto lokasi usaha", "Sertifikat standar usaha pariwisata"),
          P("Dinas Pariwisata", True), "5 hari kerja", GRATIS, "Sertifikat Standar Usaha Pariwisata"),
        S("lpk", "Izin Penyelenggaraan Lembaga Pelatihan Kerja (LPK) Swasta",
          steps(NIB, AKTA, "Program pelatihan berbasis kompetensi", "Data instruktur dan sarana pelatihan"),
          P("Dinas Tenaga Kerja", True), "10 hari kerja", GRATIS, "Izin LPK", prio=False),
        # Bangunan dan reklame
        S("pbg", "Persetujuan Bangunan Gedung (PBG)",
          steps(KTP, TANAH, PBB, "KKPR/PKKPR", "Gambar arsitektur, struktur dan utilitas",
                "Akun SIMBG (simbg.pu.go.id)"),
          P("Tim Profesi Ahli/Tim Penilai Teknis", True), "Paling lama 28 hari kerja",
          "Retribusi PBG sesuai Perda Pajak Daerah dan Retribusi Daerah (berdasarkan luas dan indeks bangunan)",
          "Persetujuan Bangunan Gedung", booking=10, avg=20),
        S("pbg-ubah", "Persetujuan Bangunan Gedung Perubahan",
          steps(KTP, "PBG/IMB lama", TANAH, "Gambar rencana perubahan bangunan"),
          P("Tim Penilai Teknis", True), "Paling lama 28 hari kerja",
          "Retribusi PBG sesuai Perda (untuk luas tambahan)", "PBG Perubahan", avg=20),
        S("slf", "Sertifikat Laik Fungsi (SLF) Bangunan Gedung",
          steps("PBG", "Surat pernyataan kelaikan fungsi dari pengkaji teknis", "Foto bangunan terbangun"),
          P("Dinas Pekerjaan Umum dan Penataan Ruang", True), "3 hari kerja setelah dokumen lengkap",
          GRATIS, "Sertifikat Laik Fungsi", prio=False),
        S("reklame", "Izin Penyelenggaraan Reklame Tetap",
          steps(KTP, NIB, "Desain dan ukuran reklame", "Foto dan titik lokasi", "Izin pemilik lahan"),
          P("Tim Teknis Reklame", True), "5 hari kerja",
          "Pajak reklame sesuai Perda Pajak Daerah dan Retribusi Daerah", "Izin Penyelenggaraan Reklame"),
        S("reklame-insidental", "Izin Reklame Insidental (Spanduk, Umbul-umbul, Baliho Sementara)",
          steps(KTP, "Desain reklame", "Jumlah, ukuran dan lokasi pemasangan", "Jangka waktu pemasangan"),
          P("Bapenda Kabupaten"), "1 hari kerja", "Pajak reklame sesuai Perda", "Izin Reklame Insidental",
          avg=10),
        # Surat izin praktik tenaga kesehatan
        SIP("dokter", "Dokter", "SIP Dokter", "dokter"),
        SIP("dokter-gigi", "Dokter Gigi", "SIP Dokter Gigi", "dokter gigi"),
        SIP("spesialis", "Dokter Spesialis", "SIP Dokter Spesialis", "dokter spesialis"),
        SIP("bidan", "Bidan", "SIPB", "bidan"),
        SIP("perawat", "Perawat", "SIPP", "perawat"),
        SIP("apoteker", "Apoteker", "SIPA", "apoteker"),
        SIP("ttk", "Tenaga Vokasi Farmasi", "SIPTTK", "tenaga vokasi farmasi"),
        SIP("fisioterapis", "Fisioterapis", "SIPF", "fisioterapis"),
        SIP("atlm", "Ahli Teknologi Laboratorium Medik", "SIP-ATLM", "ATLM"),
        SIP("radiografer", "Radiografer", "SIPR", "radiografer"),
        SIP("perekam-medis", "Perekam Medis dan Informasi Kesehatan", "SIPPMIK", "perekam medis"),
        SIP("terapis-gigi", "Terapis Gigi dan Mulut", "SIPTGM", "terapis gigi dan mulut"),
        SIP("psikolog", "Psikolog Klinis", "SIPPK", "psikolog klinis"),
        SIP("tradisional", "Tenaga Kesehatan Tradisional", "SIPTKT", "tenaga kesehatan tradisional"),
        S("sip-dokter-hewan", "Izin Praktik Dokter Hewan",
          steps(KTP, "Ijazah dokter hewan dan sertifikat kompetensi", "Denah dan foto tempat praktik", FOTO),
          P("Dinas Peternakan"), "5 hari kerja", GRATIS, "Izin Praktik Dokter Hewan", avg=12),
        # Fasilitas pelayanan kesehatan dan pangan
        FASKES("apotek", "Izin Apotek", "SIPA apoteker penanggung jawab; Denah bangunan dan daftar sarana",
               "Izin Apotek"),
        FASKES("toko-obat", "Izin Toko Obat", "SIPTTK penanggung jawab teknis; Denah bangunan",
               "Izin Toko Obat", prio=True),
        FASKES("klinik", "Izin Operasional Klinik Pratama",
               "Profil klinik; Daftar tenaga kesehatan dan SIP-nya; Daftar sarana, prasarana dan peralatan",
               "Izin Operasional Klinik"),
        FASKES("lab-klinik", "Izin Operasional Laboratorium Klinik",
               "Daftar tenaga ATLM dan penanggung jawab; Daftar peralatan laboratorium",
               "Izin Operasional Laboratorium Klinik"),
        FASKES("optik", "Izin Optikal", "SIP refraksionis optisien penanggung jawab; Daftar peralatan",
               "Izin Optikal"),
        FASKES("rumah-sakit", "Izin Operasional Rumah Sakit Kelas C dan D",
               "Profil rumah sakit; Dokumen self assessment; Persetujuan lingkungan; SLF",
               "Izin Operasional Rumah Sakit"),
        S("spp-irt", "Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)",
          steps(NIB, "Sertifikat penyuluhan keamanan pangan", "Label/rancangan kemasan produk",
                "Hasil pemeriksaan sarana produksi"),
          P("Dinas Kesehatan", True), "14 hari kerja", GRATIS, "SPP-IRT", booking=10, avg=12),
        S("slhs", "Sertifikat Laik Higiene Sanitasi (Rumah Makan dan Jasa Boga)",
          steps(NIB, "Hasil uji laboratorium sampel makanan dan air", "Sertifikat kursus penjamah makanan"),
          P("Dinas Kesehatan", True), "14 hari kerja", GRATIS, "Sertifikat Laik Higiene Sanitasi", avg=12),
        # Pendidikan dan lainnya
        S("paud", "Izin Pendirian Satuan Pendidikan Anak Usia Dini (PAUD)",
          steps(KTP, "Akta yayasan/badan hukum penyelenggara", "Kurikulum dan data pendidik", TANAH),
          P("Dinas Pendidikan", True), "14 hari kerja", GRATIS, "Izin Pendirian Satuan PAUD"),
        S("sekolah-swasta", "Izin Operasional Sekolah Dasar dan Sekolah Menengah Pertama Swasta",
          steps("Akta yayasan dan pengesahan Kemenkumham", "Studi kelayakan", "Data pendidik dan peserta didik",
                TANAH, "PBG dan SLF"),
          P("Dinas Pendidikan", True), "14 hari kerja", GRATIS, "Izin Operasional Sekolah", prio=False),
        S("lkp-pkbm", "Izin Pendirian Lembaga Kursus dan Pelatihan (LKP) atau PKBM",
          steps(KTP, "Akta pendirian lembaga", "Program pembelajaran", "Data pendidik dan sarana"),
          P("Dinas Pendidikan", True), "14 hari kerja", GRATIS, "Izin Pendirian LKP/PKBM"),
        S("penelitian", "Surat Izin Penelitian",
          steps(KTP, "Surat pengantar dari perguruan tinggi/instansi", "Proposal penelitian"),
          P("Badan Kesatuan Bangsa dan Politik"), "1 hari kerja", GRATIS, "Surat Izin Penelitian",
          booking=10, avg=8),
        S("konsultasi", "Konsultasi dan Informasi Perizinan",
          "Membawa dokumen yang berkaitan (bila ada)",
          steps("Ambil nomor antrean di anjungan", "Sampaikan rencana usaha atau kendala perizinan",
                "Petugas memberikan penjelasan persyaratan, KBLI dan alur"),
          SELESAI, GRATIS, "Informasi perizinan", booking=10, avg=15),
    ],
)

AGENCIES = [DPMPTSP]
