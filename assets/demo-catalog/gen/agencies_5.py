"""Demo catalog data, part 5: KPP Pratama (16), Bapenda Kabupaten (14), PLN (12),
Perumda Air Minum (10), Bank Daerah Purbaraya (14)."""
from common import A, COMPLAINTS, GRATIS, SELESAI, S, steps


def P(*middle, last="Hasil layanan diserahkan kepada pemohon"):
    return steps("Ambil nomor antrean di anjungan", "Serahkan berkas kepada petugas", *middle, last)


KTP = "KTP-el"
KK = "Kartu Keluarga"

# ---------------------------------------------------------------- KPP Pratama
NPWP = "NPWP/NIK wajib pajak"
KUASA = "Surat kuasa khusus bila dikuasakan"
P_TPT = P("Petugas Tempat Pelayanan Terpadu meneliti kelengkapan", "Permohonan direkam pada Coretax DJP",
          last="Bukti penerimaan atau keputusan diberikan")
T = lambda slug, name, req, time, product, **o: S(slug, name, steps(req, KUASA), P_TPT, time, GRATIS, product, **o)  # noqa: E731
KPP = A(
    "kpp-pratama", "Kantor Pelayanan Pajak Pratama Purbaraya", "KPP Pratama", "G",
    complaints=steps(COMPLAINTS, "Kring Pajak 1500200", "pengaduan.pajak.go.id"), avg=10,
    services=[
        T("npwp-op", "Pendaftaran NPWP Orang Pribadi dan Validasi NIK sebagai NPWP", steps(KTP, "Alamat surel dan nomor ponsel aktif"),
          SELESAI, "Kartu NPWP/aktivasi NIK sebagai NPWP", booking=10),
        T("npwp-badan", "Pendaftaran NPWP Badan", steps("Akta pendirian dan pengesahan", "NPWP/NIK pengurus", "Surat keterangan domisili"),
          "1 hari kerja", "Kartu NPWP badan", prio=False, avg=15),
        T("coretax", "Aktivasi Akun Coretax DJP dan Kode Otorisasi", steps(KTP, NPWP, "Surel dan nomor ponsel aktif"),
          SELESAI, "Akun Coretax aktif", booking=15, avg=8),
        T("ubah-data", "Perubahan Data Wajib Pajak", steps(NPWP, "Dokumen pendukung perubahan (KTP-el, KK, akta perubahan)"),
          SELESAI, "Data wajib pajak terbarui", avg=8),
        T("spt-tahunan", "Asistensi Pelaporan SPT Tahunan PPh Orang Pribadi", steps(NPWP, "Bukti potong PPh 21 (formulir 1721-A1/A2)",
          "Daftar harta dan utang"), SELESAI, "Bukti penerimaan elektronik SPT", booking=20, avg=15),
        T("spt-masa", "Asistensi Pelaporan SPT Masa", steps(NPWP, "Data transaksi masa pajak", "Bukti setor"),
          SELESAI, "Bukti penerimaan elektronik SPT Masa", avg=15),
        T("skf", "Surat Keterangan Fiskal", steps(NPWP, "Telah melaporkan SPT Tahunan 2 tahun terakhir"),
          "3 hari kerja", "Surat Keterangan Fiskal", avg=8),
        T("skb-phtb", "Surat Keterangan Bebas PPh atas Pengalihan Hak atas Tanah/Bangunan",
          steps(NPWP, "Fotokopi sertifikat tanah", "Dokumen pengalihan (akta hibah/waris)", "Surat keterangan ahli waris (waris)"),
          "3 hari kerja", "Surat Keterangan Bebas PPh", avg=12),
        T("validasi-phtb", "Penelitian Bukti Pemenuhan Kewajiban PPh Pengalihan Hak Tanah/Bangunan",
          steps(NPWP, "Bukti setor PPh final", "Fotokopi sertifikat dan SPPT PBB", "Draf akta jual beli"),
          "3 hari kerja", "Surat keterangan hasil penelitian", avg=10),
        T("pkp", "Pengukuhan Pengusaha Kena Pajak (PKP)", steps(NPWP, "Dokumen kegiatan usaha", "Foto lokasi usaha"),
          "10 hari kerja (termasuk verifikasi lapangan)", "Surat Pengukuhan PKP", prio=False, avg=15),
        T("hapus-npwp", "Penghapusan NPWP", steps(NPWP, "Akta kematian/dokumen pembubaran usaha"),
          "Sesuai hasil pemeriksaan", "Keputusan penghapusan NPWP", avg=10),
        T("nonefektif", "Penetapan Wajib Pajak Nonefektif", steps(NPWP, "Surat pernyataan tidak lagi memiliki penghasilan"),
          "Sesuai hasil penelitian", "Keputusan status nonefektif", avg=8),
        T("pbk", "Pemindahbukuan (Pbk)", steps(NPWP, "Bukti setor yang akan dipindahbukukan", "Surat permohonan Pbk"),
          "Sesuai hasil penelitian", "Bukti pemindahbukuan", avg=10),
        T("restitusi", "Permohonan Pengembalian Kelebihan Pembayaran Pajak", steps(NPWP, "Surat permohonan", "Bukti pembayaran"),
          "Sesuai jangka waktu pemeriksaan", "Surat Ketetapan Pajak Lebih Bayar", prio=False, avg=12),
        T("sk-umkm", "Surat Keterangan Wajib Pajak UMKM (PPh Final 0,5%)", steps(NPWP, "Data peredaran bruto usaha"),
          SELESAI, "Surat Keterangan UMKM", avg=8),
        T("konsultasi", "Konsultasi Perpajakan dan Pengaduan", "Dokumen yang berkaitan (bila ada)",
          SELESAI, "Informasi perpajakan", booking=10, avg=10),
    ],
)

# ---------------------------------------------------------------- Bapenda Kabupaten (PBB-P2, BPHTB, pajak daerah)
SPPT = "SPPT PBB tahun berjalan"
SERT = "Fotokopi sertifikat atau bukti kepemilikan tanah"
P_PBB = P("Petugas meneliti berkas dan data objek pajak", "Pemutakhiran data pada SISMIOP",
          last="SPPT atau surat keterangan diterbitkan")
B = lambda slug, name, req, time, product, cost=GRATIS, **o: S(slug, name, steps(KTP, req), P_PBB, time, cost, product, **o)  # noqa: E731
BAPENDA = A(
    "bapenda", "Badan Pendapatan Daerah Kabupaten Purbaraya", "Bapenda Kabupaten", "F",
    complaints=steps(COMPLAINTS, "Layanan pengaduan Bapenda Kabupaten"), avg=8,
    services=[
        B("pbb-mutasi", "Mutasi Objek dan Subjek PBB-P2 (Balik Nama SPPT)", steps(SPPT, SERT, "Akta jual beli/hibah/waris"),
          "5 hari kerja", "SPPT PBB atas nama baru", booking=10),
        B("pbb-baru", "Pendaftaran Objek Pajak Baru PBB-P2", steps(SERT, "SPOP dan LSPOP", "Denah lokasi"),
          "7 hari kerja", "SPPT PBB objek baru"),
        B("pbb-pecah", "Pemecahan atau Penggabungan Objek PBB-P2", steps(SPPT, SERT, "Sketsa bidang"),
          "7 hari kerja", "SPPT PBB hasil pemecahan/penggabungan"),
        B("pbb-salinan", "Penerbitan Salinan SPPT PBB-P2", "Nomor objek pajak (NOP) atau SPPT tahun lalu",
          SELESAI, "Salinan SPPT PBB", avg=4),
        B("pbb-pembetulan", "Pembetulan SPPT PBB-P2 (Kesalahan Tulis atau Hitung)", steps(SPPT, SERT),
          "5 hari kerja", "SPPT PBB hasil pembetulan"),
        B("pbb-keberatan", "Keberatan atas Ketetapan PBB-P2", steps(SPPT, "Surat keberatan dengan alasan yang jelas",
          "Bukti pelunasan PBB tahun lalu"), "Sesuai hasil penelitian lapangan", "Surat Keputusan Keberatan"),
        B("pbb-pengurangan", "Pengurangan PBB-P2", steps(SPPT, "Surat permohonan pengurangan", "Surat keterangan tidak mampu/alasan pengurangan"),
          "Sesuai hasil penelitian", "Surat Keputusan Pengurangan"),
        B("pbb-lunas", "Surat Keterangan Lunas PBB-P2", "Nomor objek pajak (NOP)", SELESAI, "Surat Keterangan Lunas PBB",
          avg=4),
        B("pbb-tunggakan", "Informasi Tagihan dan Tunggakan PBB-P2", "Nomor objek pajak (NOP)", SELESAI,
          "Informasi tagihan PBB", "Gratis (pembayaran melalui bank atau kanal pembayaran resmi)", avg=3),
        B("bphtb", "Validasi dan Verifikasi BPHTB", steps(SPPT, SERT, "Draf akta PPAT", "SSPD BPHTB dan bukti bayar"),
          "1 hari kerja", "SSPD BPHTB tervalidasi", booking=10, avg=10),
        B("bphtb-kurang", "Pengurangan BPHTB", steps("SSPD BPHTB", "Surat permohonan pengurangan", "Dokumen pendukung"),
          "Sesuai hasil penelitian", "Surat Keputusan Pengurangan BPHTB", avg=10),
        B("npwpd", "Pendaftaran Wajib Pajak Daerah (NPWPD)", steps("NIB/izin usaha", "Formulir pendaftaran", "Foto tempat usaha"),
          "1 hari kerja", "Kartu NPWPD", avg=10),
        B("pbjt", "Pelaporan Pajak Barang dan Jasa Tertentu (Makan/Minum, Perhotelan, Parkir, Hiburan)",
          steps("NPWPD", "Rekap omzet masa pajak"), SELESAI, "Surat Ketetapan/Setoran Pajak Daerah", avg=8),
        B("informasi", "Informasi dan Pengaduan Pajak Daerah", "Dokumen yang berkaitan (bila ada)", SELESAI,
          "Informasi pajak daerah", avg=5),
    ],
)

# ---------------------------------------------------------------- PLN
IDPEL = "Nomor ID pelanggan atau nomor meter"
P_PLN = P("Permohonan direkam pada aplikasi pelayanan PLN", "Petugas lapangan menindaklanjuti",
          last="Pemberitahuan penyelesaian melalui PLN Mobile atau SMS")
PL = lambda slug, name, req, time, product, cost=GRATIS, **o: S(slug, name, req, P_PLN, time, cost, product, **o)  # noqa: E731
PLN = A(
    "pln", "PT PLN (Persero) Unit Layanan Pelanggan Purbaraya", "PLN", "J",
    complaints=steps(COMPLAINTS, "Contact Center PLN 123", "Aplikasi PLN Mobile"), avg=8,
    services=[
        PL("pasang-baru", "Pasang Baru Listrik (Prabayar atau Pascabayar)",
           steps(KTP, "Alamat lengkap dan titik lokasi", "Sertifikat Laik Operasi (SLO) instalasi rumah"),
           "Sesuai jadwal penyambungan setelah pembayaran", "Listrik tersambung",
           "Biaya penyambungan sesuai daya (tarif PLN)", booking=10, avg=10),
        PL("tambah-daya", "Perubahan Daya (Tambah Daya)", steps(KTP, IDPEL, "SLO bila instalasi berubah"),
           "Sesuai jadwal penyambungan setelah pembayaran", "Daya listrik baru", "Biaya penyambungan sesuai selisih daya"),
        PL("migrasi", "Migrasi Pascabayar ke Prabayar", steps(KTP, IDPEL, "Rekening bulan terakhir lunas"),
           "Sesuai jadwal petugas lapangan", "kWh meter prabayar terpasang"),
        PL("balik-nama", "Balik Nama Pelanggan", steps(KTP, IDPEL, "Bukti kepemilikan bangunan"), "1 hari kerja",
           "Data pelanggan atas nama baru"),
        PL("sementara", "Penyambungan Sementara (Acara dan Kegiatan)", steps(KTP, "Lokasi, daya dan lama pemakaian"),
           "Sesuai jadwal acara", "Sambungan listrik sementara", "Sesuai tarif layanan sambungan sementara"),
        PL("gangguan", "Pengaduan Gangguan dan Kerusakan kWh Meter", IDPEL, "Sesuai tingkat gangguan",
           "Gangguan tertangani", avg=5),
        PL("tagihan", "Pengaduan Tagihan dan Koreksi Rekening", steps(IDPEL, "Bukti rekening/tagihan"), "3 hari kerja",
           "Hasil koreksi rekening", avg=8),
        PL("token", "Pengaduan Token Listrik Gagal atau Belum Masuk", steps(IDPEL, "Bukti pembelian token"), SELESAI,
           "Token pengganti atau penjelasan", avg=5),
        PL("bongkar", "Berhenti Berlangganan (Pembongkaran Rampung)", steps(KTP, IDPEL, "Rekening terakhir lunas"),
           "Sesuai jadwal petugas lapangan", "Berita acara pembongkaran"),
        PL("sambung-kembali", "Penyambungan Kembali setelah Pemutusan", steps(IDPEL, "Bukti pelunasan tunggakan"),
           "1 hari kerja setelah pelunasan", "Listrik tersambung kembali", "Sesuai biaya penyambungan kembali"),
        PL("pln-mobile", "Bantuan Aplikasi PLN Mobile", steps(IDPEL, "Telepon pintar dengan nomor aktif"), SELESAI,
           "Akun PLN Mobile aktif", avg=5),
        PL("informasi", "Informasi Tarif dan Subsidi Listrik", IDPEL, SELESAI, "Informasi tarif dan subsidi", avg=5),
    ],
)

# ---------------------------------------------------------------- Perumda Air Minum
NOSAMB = "Nomor sambungan pelanggan atau rekening air terakhir"
P_AIR = P("Permohonan dicatat dan dijadwalkan", "Survei atau pekerjaan oleh petugas teknis",
          last="Pemberitahuan penyelesaian kepada pelanggan")
W = lambda slug, name, req, time, product, cost=GRATIS, **o: S(slug, name, req, P_AIR, time, cost, product, **o)  # noqa: E731
PERUMDA = A(
    "perumda-air-minum", "Perumda Air Minum Tirta Raya Kabupaten Purbaraya", "Perumda Air Minum", "K",
    complaints=steps(COMPLAINTS, "Layanan pengaduan pelanggan Perumda Air Minum"), avg=8,
    services=[
        W("sambung-baru", "Pemasangan Sambungan Baru", steps(KTP, KK, "Denah lokasi rumah", "Rekening listrik tetangga terdekat"),
          "7 hari kerja setelah pembayaran", "Sambungan air terpasang", "Biaya sambungan baru sesuai tarif Perumda",
          booking=10, avg=10),
        W("balik-nama", "Balik Nama Pelanggan", steps(KTP, NOSAMB, "Bukti kepemilikan bangunan"), "1 hari kerja",
          "Data pelanggan atas nama baru", "Sesuai tarif Perumda"),
        W("pindah-meter", "Pemindahan Letak Meter Air", steps(KTP, NOSAMB), "5 hari kerja", "Meter air di lokasi baru",
          "Sesuai tarif Perumda"),
        W("ganti-meter", "Penggantian Meter Air Rusak", steps(NOSAMB), "3 hari kerja", "Meter air baru"),
        W("tutup", "Penutupan Sementara Sambungan", steps(KTP, NOSAMB, "Rekening air lunas"), "3 hari kerja",
          "Sambungan ditutup sementara"),
        W("buka", "Pembukaan Kembali Sambungan", steps(KTP, NOSAMB, "Bukti pelunasan tunggakan"), "1 hari kerja",
          "Sambungan aktif kembali", "Sesuai tarif Perumda"),
        W("tagihan", "Pengaduan Tagihan Rekening Air", steps(NOSAMB, "Foto angka meter air"), "3 hari kerja",
          "Hasil koreksi tagihan", avg=6),
        W("gangguan", "Pengaduan Kebocoran, Air Keruh atau Tidak Mengalir", NOSAMB, "1 hari kerja",
          "Gangguan tertangani", avg=5),
        W("golongan", "Perubahan Golongan Tarif", steps(KTP, NOSAMB, "Keterangan peruntukan bangunan"), "5 hari kerja",
          "Golongan tarif baru"),
        W("berhenti", "Berhenti Berlangganan (Pemutusan Sambungan)", steps(KTP, NOSAMB, "Rekening air lunas"),
          "3 hari kerja", "Berita acara pemutusan"),
    ],
)

# ---------------------------------------------------------------- Bank Daerah Purbaraya
P_BANK = P("Customer service memverifikasi identitas", "Transaksi atau permohonan diproses pada sistem bank",
           last="Bukti transaksi/dokumen diserahkan")
K = lambda slug, name, req, time, product, cost=GRATIS, **o: S(slug, name, req, P_BANK, time, cost, product, **o)  # noqa: E731
NPWP_OP = "NPWP/NIK"
BANK = A(
    "bank-daerah", "PT Bank Daerah Purbaraya (Perseroda)", "Bank Daerah Purbaraya", "L",
    complaints=steps(COMPLAINTS, "Call center Bank Daerah Purbaraya", "Kontak OJK 157"), avg=10,
    services=[
        K("tabungan", "Pembukaan Rekening Tabungan", steps(KTP, NPWP_OP, "Nomor ponsel aktif"), SELESAI,
          "Buku tabungan dan kartu debit", "Setoran awal sesuai jenis tabungan", booking=10, avg=12),
        K("simpel", "Pembukaan Tabungan Simpanan Pelajar (SimPel)", steps("Kartu pelajar atau surat keterangan sekolah",
          "KTP-el dan KK orang tua/wali"), SELESAI, "Buku tabungan SimPel", "Setoran awal ringan sesuai ketentuan bank"),
        K("deposito", "Pembukaan Deposito Berjangka", steps(KTP, NPWP_OP, "Rekening tabungan"), SELESAI, "Bilyet deposito",
          "Sesuai nominal penempatan", prio=False),
        K("kartu-debit", "Penggantian Kartu Debit Hilang atau Rusak", steps(KTP, "Buku tabungan",
          "Surat keterangan kehilangan (bila hilang)"), SELESAI, "Kartu debit baru", "Sesuai biaya administrasi bank",
          avg=8),
        K("mobile-banking", "Aktivasi Mobile Banking", steps(KTP, "Buku tabungan", "Telepon pintar dengan nomor terdaftar"),
          SELESAI, "Mobile banking aktif", avg=8),
        K("setor-pajak", "Pembayaran PBB-P2, Pajak Daerah dan Retribusi", "Kode bayar, SPPT atau nomor tagihan",
          SELESAI, "Bukti pembayaran (validasi)", "Sesuai tagihan", avg=4),
        K("bpih", "Setoran Awal Biaya Penyelenggaraan Ibadah Haji (BPIH)", steps(KTP, KK, "Rekening tabungan haji"),
          SELESAI, "Bukti setoran awal BPIH", "Rp25.000.000 (setoran awal)", booking=10, avg=15),
        K("tabungan-haji", "Pembukaan Tabungan Haji dan Umrah", steps(KTP, KK, NPWP_OP), SELESAI, "Buku tabungan haji",
          "Setoran awal sesuai ketentuan bank", avg=12),
        K("kur", "Konsultasi dan Pengajuan Kredit Usaha Rakyat (KUR)", steps(KTP, KK, "NIB atau surat keterangan usaha",
          "NPWP untuk plafon tertentu"), "Sesuai hasil analisis kredit", "Persetujuan kredit",
          "Bunga dan biaya sesuai ketentuan program KUR", prio=False, booking=10, avg=20),
        K("kredit-pegawai", "Pengajuan Kredit Multiguna Pegawai (ASN dan PPPK)", steps(KTP, KK, "SK pengangkatan/SK terakhir",
          "Daftar gaji"), "Sesuai hasil analisis kredit", "Persetujuan kredit", "Bunga dan biaya sesuai ketentuan bank",
          prio=False, avg=20),
        K("qris", "Pendaftaran QRIS untuk Merchant UMKM", steps(KTP, "Rekening tabungan", "Foto tempat usaha"),
          "1 hari kerja", "QRIS merchant aktif", avg=10),
        K("rekening-koran", "Cetak Rekening Koran dan Surat Keterangan Saldo", steps(KTP, "Buku tabungan"), SELESAI,
          "Rekening koran/surat keterangan saldo", "Sesuai biaya administrasi bank", avg=6),
        K("tutup-rekening", "Penutupan Rekening", steps(KTP, "Buku tabungan", "Kartu debit"), SELESAI,
          "Bukti penutupan rekening", "Sesuai biaya administrasi bank", avg=8),
        K("pengaduan", "Informasi Produk dan Pengaduan Nasabah", KTP, SELESAI, "Informasi atau tanda terima pengaduan",
          avg=8),
    ],
)

AGENCIES = [KPP, BAPENDA, PLN, PERUMDA, BANK]
