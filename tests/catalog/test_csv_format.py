"""The catalog CSV set (docs/catalog-format.md): parsing, every validation rule, line numbers,
and format_catalog as the inverse of parse_catalog."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.catalog.csv_format import (
    COLUMNS,
    _column_letter,
    _decimal,
    default_booth_code,
    format_catalog,
    format_days,
    parse_catalog,
    parse_days,
    parse_time,
)
from shared.catalog.draft import (
    AgencyRow,
    BoothRow,
    CatalogDraft,
    ClosureRow,
    CounterRow,
    ProfileRow,
    ScheduleRow,
    ServiceRow,
    SiteRow,
)
from shared.catalog.errors import CatalogError, Problem

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "assets" / "demo-catalog"

VALID = {
    "site.csv": """\
key,value
id,mpp-purbalingga
name,Mal Pelayanan Publik Kabupaten Purbalingga
timezone,Asia/Jakarta
calling_rule,MAX_WAIT:20
require_staffed,tidak
""",
    "agencies.csv": """\
code,name,short_name,sort
dukcapil,Dinas Kependudukan dan Pencatatan Sipil,Dukcapil,10
polres,Kepolisian Resor Purbalingga,Polres,
bpjs,BPJS Kesehatan,,
kemenag,Kementerian Agama,Kemenag,
""",
    "booths.csv": """\
code,agency,name,zone
dukcapil-a,dukcapil,Gerai Dukcapil A,Lantai 1
dukcapil-b,dukcapil,Gerai Dukcapil B,Lantai 2
polres-1,polres,Gerai Polres,Lantai 1
""",
    "counters.csv": """\
code,booth,number,name,zone
dukcapil-1,dukcapil-a,1,Loket 1,
dukcapil-2,dukcapil-a,2,,
dukcapil-3,dukcapil-b,1,,Lantai 2 Sayap Timur
polres-1,polres-1,3,,
bpjs-1,bpjs-gerai,4,,
""",
    "services.csv": """\
code,agency,prefix,name,requirements,procedure,completion_time,cost,product,complaints,\
daily_quota,cutoff_minutes,priority,booking_quota,avg_service_minutes,sort
ktp-el,dukcapil,A,Perekaman KTP-el,"Fotokopi KK;
Surat pengantar, bila ada;",Ambil antrean; Rekam biometrik,1 hari kerja,0,KTP-el,SP4N-LAPOR!,\
100,45,ya,20,"7,5",
kk,dukcapil,A,Kartu Keluarga,,,,,,,,,,,,
skck,polres,B,"SKCK ""Baru"" / Perpanjangan",KTP;;  ;Pas foto,,,Rp30.000,SKCK,,0,0,tidak,,12.25,1
jkn,bpjs,C,Pendaftaran JKN,,,,,,,,,,,,
""",
    "schedules.csv": """\
agency,booth,days,opens,closes
,,Sen-Kam,08:00,15:00
,,Jum,8.00,11.30
dukcapil,,"Sen,Rab",08:00,12:00
dukcapil,,Sen-Rab,13:00,15:00
,polres-1,sab,08:00,12:00
""",
    "closures.csv": """\
date,agency,booth,from,until,reason
2025-08-17,,,,,Hari Kemerdekaan
2025-08-20,dukcapil,,12:00,13:00,Rapat
2025-08-21,,dukcapil-b,,,Perbaikan jaringan
""",
    "profiles.csv": """\
counter,service,position
dukcapil-1,ktp-el,0
dukcapil-1,kk,1
dukcapil-2,kk,
""",
}


def _hours(agency, booth, days, opens, closes):
    return [ScheduleRow(agency, booth, d, opens, closes) for d in days]


EXPECTED = CatalogDraft(
    site=SiteRow("mpp-purbalingga", "Mal Pelayanan Publik Kabupaten Purbalingga",
                 calling_rule="max_wait:20", require_staffed=False),
    agencies=[
        AgencyRow("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", 10),
        AgencyRow("polres", "Kepolisian Resor Purbalingga", "Polres", 2),
        AgencyRow("bpjs", "BPJS Kesehatan", "BPJS Kesehatan", 3),
        AgencyRow("kemenag", "Kementerian Agama", "Kemenag", 4),
    ],
    booths=[
        BoothRow("dukcapil-a", "dukcapil", "Gerai Dukcapil A", "Lantai 1"),
        BoothRow("dukcapil-b", "dukcapil", "Gerai Dukcapil B", "Lantai 2"),
        BoothRow("polres-1", "polres", "Gerai Polres", "Lantai 1"),
        BoothRow("bpjs-gerai", "bpjs", "BPJS Kesehatan", ""),  # default booths
        BoothRow("kemenag-gerai", "kemenag", "Kemenag", ""),
    ],
    counters=[
        CounterRow("dukcapil-1", "dukcapil-a", 1, "Loket 1", "Lantai 1"),
        CounterRow("dukcapil-2", "dukcapil-a", 2, "", "Lantai 1"),
        CounterRow("dukcapil-3", "dukcapil-b", 1, "", "Lantai 2 Sayap Timur"),
        CounterRow("polres-1", "polres-1", 3, "", "Lantai 1"),
        CounterRow("bpjs-1", "bpjs-gerai", 4, "", ""),
    ],
    services=[
        ServiceRow("ktp-el", "dukcapil", "A", "Perekaman KTP-el",
                   requirements=("Fotokopi KK", "Surat pengantar, bila ada"),
                   procedure=("Ambil antrean", "Rekam biometrik"), completion_time="1 hari kerja",
                   cost="0", product="KTP-el", complaints="SP4N-LAPOR!", daily_quota=100,
                   cutoff_minutes=45, priority_eligible=True, booking_quota=20,
                   avg_service_minutes=7.5, sort=1),
        ServiceRow("kk", "dukcapil", "A", "Kartu Keluarga", sort=2),
        ServiceRow("skck", "polres", "B", 'SKCK "Baru" / Perpanjangan',
                   requirements=("KTP", "Pas foto"),
                   cost="Rp30.000", product="SKCK", daily_quota=0, cutoff_minutes=0,
                   priority_eligible=False, avg_service_minutes=12.25, sort=1),
        ServiceRow("jkn", "bpjs", "C", "Pendaftaran JKN", sort=4),
    ],
    schedules=[
        *_hours(None, None, [1, 2, 3, 4], "08:00", "15:00"),
        *_hours(None, None, [5], "08:00", "11:30"),
        *_hours("dukcapil", None, [1, 3], "08:00", "12:00"),
        *_hours("dukcapil", None, [1, 2, 3], "13:00", "15:00"),
        *_hours("polres", "polres-1", [6], "08:00", "12:00"),
    ],
    closures=[
        ClosureRow("2025-08-17", None, None, None, None, "Hari Kemerdekaan"),
        ClosureRow("2025-08-20", "dukcapil", None, "12:00", "13:00", "Rapat"),
        ClosureRow("2025-08-21", "dukcapil", "dukcapil-b", None, None, "Perbaikan jaringan"),
    ],
    profiles=[
        ProfileRow("dukcapil-1", "ktp-el", 0),
        ProfileRow("dukcapil-1", "kk", 1),
        ProfileRow("dukcapil-2", "kk", 0),
    ],
)


def problems_of(files: dict[str, str]) -> list[tuple[str, int, str]]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(files)
    return [(p.file, p.line, p.message) for p in info.value.problems]


def edited(*edits: tuple[str, str, str], drop: tuple[str, ...] = (), **extra: str
           ) -> dict[str, str]:
    """VALID with text replacements (file, old, new), files dropped and files added/replaced."""
    files = {name: text for name, text in VALID.items() if name not in drop}
    for name, old, new in edits:
        assert old in files[name], (name, old)
        files[name] = files[name].replace(old, new, 1)
    files.update({name.replace("__", "."): text for name, text in extra.items()})
    return files


def assert_problems(files: dict[str, str], expected: list[tuple[str, int, str]]) -> None:
    found = problems_of(files)
    assert [(f, line) for f, line, _ in found] == [(f, line) for f, line, _ in expected], found
    for (_, _, message), (_, _, fragment) in zip(found, expected):
        assert fragment in message, (message, fragment)


def normalised(draft: CatalogDraft) -> CatalogDraft:
    key = lambda r: (r.agency or "", r.booth or "", r.weekday, r.opens, r.closes)  # noqa: E731
    return dataclasses.replace(draft, schedules=sorted(draft.schedules, key=key))


# --------------------------------------------------------------------------- a valid catalog


def test_valid_catalog_parses_to_the_expected_draft():
    assert parse_catalog(VALID) == EXPECTED


def test_minimal_catalog_uses_the_defaults():
    draft = parse_catalog({
        "site.csv": "key,value\nid,mpp\nname,MPP\n",
        "agencies.csv": "code,name\nkemenag,Kementerian Agama\n",
        "services.csv": "code,agency,prefix,name\nnikah,kemenag,N,Pendaftaran Nikah\n",
    })
    assert draft == CatalogDraft(
        site=SiteRow("mpp", "MPP"),
        agencies=[AgencyRow("kemenag", "Kementerian Agama", "Kementerian Agama", 1)],
        booths=[BoothRow("kemenag-gerai", "kemenag", "Kementerian Agama")],
        services=[ServiceRow("nikah", "kemenag", "N", "Pendaftaran Nikah", sort=1)],
    )


def test_bom_crlf_header_case_blank_lines_and_columns_in_any_order():
    agencies = (
        "\ufeffSORT, Name ,code,short_name,\r\n"
        "\r\n"
        "10,Dinas Kependudukan dan Pencatatan Sipil,dukcapil,Dukcapil,\r\n"
        ",Kepolisian Resor Purbalingga,polres,Polres\r\n"
        ",,,,\r\n"
        ",BPJS Kesehatan,bpjs\r\n"
        ",Kementerian Agama,kemenag,Kemenag,\r\n"
        "\r\n"
    )
    assert parse_catalog(edited(**{"agencies__csv": agencies})).agencies == EXPECTED.agencies


def test_optional_files_may_be_missing_or_empty():
    files = edited(drop=("booths.csv", "counters.csv", "schedules.csv", "profiles.csv",
                         "closures.csv"))
    files["closures.csv"] = "\n \n"
    draft = parse_catalog(files)
    assert draft.booths == [BoothRow(f"{a.code}-gerai", a.code, a.short_name)
                            for a in EXPECTED.agencies]
    assert draft.counters == draft.schedules == draft.closures == draft.profiles == []


def test_every_agency_without_a_booth_gets_a_default_booth_but_no_counter():
    draft = parse_catalog(edited(("booths.csv", "polres-1,polres,Gerai Polres,Lantai 1\n", ""),
                                 ("counters.csv", "polres-1,polres-1,3,,\n", ""),
                                 ("schedules.csv", ",polres-1,sab,08:00,12:00\n", "")))
    assert [b.code for b in draft.booths] == ["dukcapil-a", "dukcapil-b", "polres-gerai",
                                              "bpjs-gerai", "kemenag-gerai"]
    assert BoothRow("polres-gerai", "polres", "Polres") in draft.booths
    assert not [c for c in draft.counters if c.booth == "polres-gerai"]


def test_default_booth_code_fits_the_code_length():
    assert default_booth_code("dukcapil") == "dukcapil-gerai"
    long = "a" * 40
    assert default_booth_code(long) == "a" * 34 + "-gerai"
    files = edited(("agencies.csv", "bpjs,", f"{long},"),
                   ("services.csv", "jkn,bpjs", f"jkn,{long}"),
                   ("counters.csv", "bpjs-1,bpjs-gerai", f"bpjs-1,{'a' * 34}-gerai"))
    assert BoothRow("a" * 34 + "-gerai", long, "BPJS Kesehatan") in parse_catalog(files).booths


# --------------------------------------------------------------------------- acceptance


def test_five_deliberate_errors_in_different_files_are_all_reported_with_their_lines():
    """Acceptance criterion: importing a catalog with 5 deliberate errors reports all 5."""
    files = edited(
        ("site.csv", "timezone,Asia/Jakarta", "timezone,Asia/Jakrta"),  # line 4
        ("agencies.csv", "kemenag,", "polres,"),  # line 5: duplicate code
        ("booths.csv", "dukcapil-b,dukcapil,", "dukcapil-b,dukcapl,"),  # line 3: dangling
        ("services.csv", "skck,polres,B,", "skck,polres,b1,"),  # line 5 (2-3 is one record)
        ("schedules.csv", ",,Jum,8.00,11.30", ",,Jum,11.30,8.00"),  # line 3
    )
    with pytest.raises(CatalogError) as info:
        parse_catalog(files)
    assert str(info.value).splitlines() == [
        "site.csv:4: timezone 'Asia/Jakrta' is not an IANA time zone; use Asia/Jakarta (WIB), "
        "Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
        "agencies.csv:5: duplicate code 'polres' (first at line 3)",
        "booths.csv:3: agency 'dukcapl' does not exist in agencies.csv",
        "services.csv:5: prefix 'b1' must be 1 to 3 capital letters A-Z, e.g. A or KTP",
        "schedules.csv:3: opens 11:30 is not before closes 08:00",
    ]


# --------------------------------------------------------------------------- line numbers


def test_line_numbers_count_physical_lines_across_multi_line_cells():
    services = (
        "code,agency,prefix,name,requirements,procedure\r\n"  # 1
        "ktp-el,dukcapil,A,Satu,\"KK;\r\nKTP;\r\nAkta\",x\r\n"  # 2-4
        "\r\n"  # 5 (blank)
        "kk,dukcapil,A,,\"\n\n\",\"\n\"\r\n"  # 6-9: empty name, reported at 6
        "skck,nobody,A,Tiga,,\r\n"  # 10
        "jkn,bpjs,A,\"Empat\nbaris\",\"x\"\"\n;y\",\r\n"  # 11-13
        "x5,dukcapil,a,Lima,,\r\n"  # 14
    )
    assert_problems(edited(**{"services__csv": services}), [
        ("services.csv", 6, "name is empty"),
        ("services.csv", 10, "agency 'nobody' does not exist"),
        ("services.csv", 14, "prefix 'a' must be"),
    ])


def test_lone_cr_line_endings_count_as_lines():
    text = "code,name\rdukcapil,Dukcapil\r\rpolres,\rbpjs,BPJS\rkemenag,Kemenag"
    assert_problems(edited(**{"agencies__csv": text}), [
        ("agencies.csv", 4, "name is empty")])


def test_unclosed_quote_is_reported_where_its_record_starts():
    profiles = "counter,service,position\ndukcapil-1,kk,1\ndukcapil-2,\"kk,\ndukcapil-1,kk\n"
    assert_problems(edited(**{"profiles__csv": profiles}), [
        ("profiles.csv", 3, "quoted cell starting in this record is never closed")])


def test_reading_goes_on_after_a_quoting_error():
    counters = ("code,booth,number\n"
                "c1,dukcapil-a,1\n"
                "c2,\"dukcapil-a\"x,2\n"
                "c3,dukcapil-a,\"1\"\n"
                "c4,\"dukcapil-a,x\",3\n")
    assert_problems(edited(**{"counters__csv": counters}), [
        ("counters.csv", 3, "bad CSV quoting"),
        ("counters.csv", 4, "booth 'dukcapil-a' already has a counter number 1 (line 2)"),
        # booths.csv was read fully, so the reference is still checked ...
        ("counters.csv", 5, "booth 'dukcapil-a,x' does not exist in booths.csv"),
        # ... but counters.csv was not: profiles naming dukcapil-1 etc. are not reported
    ])


def test_error_message_format():
    error = CatalogError([Problem("site.csv", 0, "required file is missing"),
                          Problem("services.csv", 12, "prefix 'a' must be ...")])
    assert str(error) == ("site.csv:0: required file is missing\n"
                          "services.csv:12: prefix 'a' must be ...")
    assert str(error.problems[1]) == "services.csv:12: prefix 'a' must be ..."
    assert error.problems == list(error.args[0])


def test_problems_are_sorted_by_file_then_line_and_unknown_files_come_last():
    files = edited(("profiles.csv", "dukcapil-2,kk,", "dukcapil-2,kk,-1"),
                   ("site.csv", "require_staffed,tidak", "require_staffed,kadang"),
                   ("agencies.csv", "kemenag,", "Kemenag,"),
                   **{"notes__csv": "x\n"})
    assert [(f, line) for f, line, _ in problems_of(files)] == [
        ("site.csv", 6), ("agencies.csv", 5), ("profiles.csv", 4), ("notes.csv", 0)]


# --------------------------------------------------------------------------- every rule fails

S = "site.csv"
A = "agencies.csv"
B = "booths.csv"
C = "counters.csv"
V = "services.csv"
H = "schedules.csv"
X = "closures.csv"
P = "profiles.csv"

# (id, edits, expected problems (file, line, message fragment))
RULES = [
    # ---- files
    ("missing required file", dict(drop=(S,)), [(S, 0, "required file is missing")]),
    ("missing agencies file", dict(drop=(A,)), [(A, 0, "required file is missing")]),
    ("unknown file", {"extra": {"servcies.csv": "code\n"}},
     [("servcies.csv", 0, "unknown file; a catalog consists of site.csv, agencies.csv")]),
    ("empty required file", {"extra": {A: ""}},
     [(A, 0, "the file is empty; its first line must be the header code,name,short_name,sort")]),
    # ---- headers and cells
    ("unknown column", [(A, "code,name,short_name,sort", "code,name,shortname,sort")],
     [(A, 1, "unknown column 'shortname'; the columns of agencies.csv are code,name,")]),
    ("column twice", [(B, "code,agency,name,zone", "code,agency,name,zone,Name")],
     [(B, 1, "column 'name' appears twice")]),
    ("missing required column", [(C, "code,booth,number,name,zone", "code,booth,name,zone")],
     [(C, 1, "missing required column 'number'")]),
    ("missing required site column", {"extra": {S: "key\nid\n"}},
     [(S, 1, "missing required column 'value'")]),
    ("semicolon separated", {"extra": {P: "counter;service;position\ndukcapil-1;kk;1\n"}},
     [(P, 1, "columns are separated by ';'")]),
    ("cell beyond the header", [(B, "polres-1,polres,Gerai Polres,Lantai 1",
                                 "polres-1,polres,Gerai Polres,Lantai 1,,x")],
     [(B, 4, "value 'x' in column F, which has no header")]),
    ("cell under a blank header", {"extra": {B: "code,agency,,name,zone\n"
                                             "dukcapil-a,dukcapil,,Gerai Dukcapil A,Lantai 1\n"
                                             "dukcapil-b,dukcapil,,Gerai Dukcapil B,Lantai 2\n"
                                             "polres-1,polres,?,Gerai Polres,Lantai 1\n"}},
     [(B, 4, "value '?' in column C, which has no header")]),
    ("cells under an unknown column are not reported again",
     [(P, "counter,service,position", "counter,service,posisi"),
      (P, "dukcapil-1,kk,1", "dukcapil-1,kk,7")],
     [(P, 1, "unknown column 'posisi'")]),
    ("quoting error in the header", [(B, "code,agency,", 'code,"agency"x,')],
     [(B, 1, "bad CSV quoting")]),
    # ---- site.csv
    ("unknown site key", [(S, "require_staffed,tidak", "require_stafed,tidak")],
     [(S, 6, "unknown key 'require_stafed'; the keys are id, name, timezone")]),
    ("site key twice", [(S, "timezone,Asia/Jakarta", "Name,MPP")],
     [(S, 4, "key 'name' appears twice (first at line 3)")]),
    ("empty site key", [(S, "timezone,Asia/Jakarta", ",Asia/Jakarta")], [(S, 4, "key is empty")]),
    ("missing site id", [(S, "id,mpp-purbalingga\n", "")], [(S, 0, "missing required key 'id'")]),
    ("missing site id and name", {"extra": {S: "key,value\n"}},
     [(S, 0, "missing required key 'id'"), (S, 0, "missing required key 'name'")]),
    ("empty site name", [(S, "name,Mal Pelayanan Publik Kabupaten Purbalingga", "name,")],
     [(S, 3, "name is empty; it is required")]),
    ("bad site id", [(S, "id,mpp-purbalingga", "id,MPP Purbalingga")],
     [(S, 2, "id 'MPP Purbalingga' is not a valid code: use lowercase a-z, 0-9 and '-'")]),
    ("site id too long", [(S, "id,mpp-purbalingga", "id," + "x" * 41)],
     [(S, 2, "at most 40 characters")]),
    ("padding not a number", [(S, "require_staffed", "number_padding,tiga\nrequire_staffed")],
     [(S, 6, "number_padding 'tiga' is not a whole number")]),
    ("padding zero", [(S, "require_staffed", "number_padding,0\nrequire_staffed")],
     [(S, 6, "number_padding must be 1 or more, not 0")]),
    ("padding too big", [(S, "require_staffed", "number_padding,7\nrequire_staffed")],
     [(S, 6, "number_padding must be 6 or less, not 7")]),
    ("bad calling rule", [(S, "MAX_WAIT:20", "ratio:x")],
     [(S, 5, "calling_rule: calling rule ratio needs a number, e.g. ratio:3")]),
    ("unknown calling rule", [(S, "MAX_WAIT:20", "lifo")],
     [(S, 5, "calling_rule: unknown calling rule 'lifo'; use fifo, priority_first")]),
    ("calling rule ratio zero", [(S, "MAX_WAIT:20", "ratio:0")],
     [(S, 5, "calling_rule: calling rule ratio needs a positive number")]),
    ("bad boolean", [(S, "require_staffed,tidak", "require_staffed,kadang")],
     [(S, 6, "require_staffed 'kadang' is not ya/tidak (yes/no, 1/0, true/false)")]),
    ("unknown timezone", [(S, "Asia/Jakarta", "WIB")], [(S, 4, "timezone 'WIB' is not an IANA")]),
    ("timezone is a folder", [(S, "Asia/Jakarta", "Asia")], [(S, 4, "timezone 'Asia' is not")]),
    ("timezone path", [(S, "Asia/Jakarta", "../etc/passwd")], [(S, 4, "is not an IANA")]),
    # ---- agencies.csv
    ("empty agency code", [(A, "kemenag,", ",")], [(A, 5, "code is empty; it is required")]),
    ("bad agency code", [(A, "kemenag,", "kemenag ri,")],
     [(A, 5, "code 'kemenag ri' is not a valid code")]),
    ("duplicate agency code", [(A, "kemenag,", "polres,")],
     [(A, 5, "duplicate code 'polres' (first at line 3)")]),
    ("empty agency name", [(A, "bpjs,BPJS Kesehatan,", "bpjs,,")], [(A, 4, "name is empty")]),
    ("bad agency sort", [(A, "Dukcapil,10", "Dukcapil,sepuluh")],
     [(A, 2, "sort 'sepuluh' is not a whole number")]),
    # ---- booths.csv
    ("booth of unknown agency", [(B, "polres-1,polres,", "polres-1,polri,")],
     [(B, 4, "agency 'polri' does not exist in agencies.csv")]),
    ("booth without agency", [(B, "polres-1,polres,", "polres-1,,")],
     [(B, 4, "agency is empty; it is required")]),
    ("booth without name", [(B, "Gerai Dukcapil B", "")], [(B, 3, "name is empty")]),
    ("duplicate booth code",
     [(B, "Polres,Lantai 1\n", "Polres,Lantai 1\ndukcapil-a,dukcapil,Lagi,\n")],
     [(B, 5, "duplicate code 'dukcapil-a' (first at line 2)")]),
    ("default booth code taken",
     [(B, "Polres,Lantai 1\n", "Polres,Lantai 1\nbpjs-gerai,dukcapil,Gerai,\n")],
     [(A, 4, "agency 'bpjs' has no booth and the code of its default booth, 'bpjs-gerai', is "
             "taken (booths.csv:5); add a booth for it to booths.csv")]),
    ("two default booth codes collide",
     [(A, "bpjs,BPJS Kesehatan,,", f"{'b' * 34}-x,BPJS,,\n{'b' * 34}-y,Jamsostek,,"),
      (V, "jkn,bpjs", f"jkn,{'b' * 34}-x"),
      (C, "bpjs-1,bpjs-gerai,", f"bpjs-1,{'b' * 34}-gerai,")],
     [(A, 5, f"default booth, '{'b' * 34}-gerai', is taken (default booth of agency "
             f"'{'b' * 34}-x')")]),
    # ---- counters.csv
    ("counter in unknown booth", [(C, "polres-1,polres-1,", "polres-1,polres-2,")],
     [(C, 5, "booth 'polres-2' does not exist in booths.csv")]),
    ("counter number zero", [(C, "polres-1,polres-1,3", "polres-1,polres-1,0")],
     [(C, 5, "number must be 1 or more, not 0")]),
    ("counter number negative", [(C, "polres-1,polres-1,3", "polres-1,polres-1,-3")],
     [(C, 5, "number must be 1 or more, not -3")]),
    ("counter number not a number", [(C, "polres-1,polres-1,3", "polres-1,polres-1,tiga")],
     [(C, 5, "number 'tiga' is not a whole number")]),
    ("counter number missing", [(C, "polres-1,polres-1,3", "polres-1,polres-1,")],
     [(C, 5, "number is empty; it is required")]),
    ("duplicate counter number in a booth",
     [(C, "dukcapil-2,dukcapil-a,2", "dukcapil-2,dukcapil-a,1")],
     [(C, 3, "booth 'dukcapil-a' already has a counter number 1 (line 2)")]),
    ("duplicate counter code", [(C, "bpjs-1,", "polres-1,")],
     [(C, 6, "duplicate code 'polres-1' (first at line 5)")]),
    # ---- services.csv
    ("service of unknown agency", [(V, "jkn,bpjs,", "jkn,bpjs-kes,")],
     [(V, 6, "agency 'bpjs-kes' does not exist in agencies.csv")]),
    ("lowercase prefix", [(V, "jkn,bpjs,C,", "jkn,bpjs,c,")], [(V, 6, "prefix 'c' must be")]),
    ("prefix too long", [(V, "jkn,bpjs,C,", "jkn,bpjs,JKNX,")], [(V, 6, "prefix 'JKNX'")]),
    ("prefix with a digit", [(V, "jkn,bpjs,C,", "jkn,bpjs,C1,")], [(V, 6, "prefix 'C1'")]),
    ("empty prefix", [(V, "jkn,bpjs,C,", "jkn,bpjs,,")], [(V, 6, "prefix is empty")]),
    ("empty service name", [(V, "Pendaftaran JKN", "")], [(V, 6, "name is empty")]),
    ("duplicate service code", [(V, "jkn,bpjs", "kk,bpjs")],
     [(V, 6, "duplicate code 'kk' (first at line 4)")]),
    ("quoting error in services", [(V, "jkn,bpjs,C,Pendaftaran JKN", 'jkn,bpjs,C,"JKN"!')],
     [(V, 6, "bad CSV quoting")]),
    ("negative quota", [(V, "Rp30.000,SKCK,,0,", "Rp30.000,SKCK,,-5,")],
     [(V, 5, "daily_quota must be 0 or more, not -5")]),
    ("quota not whole", [(V, "Rp30.000,SKCK,,0,", "Rp30.000,SKCK,,10.5,")],
     [(V, 5, "daily_quota '10.5' is not a whole number")]),
    ("negative cutoff", [(V, "SKCK,,0,0,", "SKCK,,0,-30,")],
     [(V, 5, "cutoff_minutes must be 0 or more, not -30")]),
    ("bad priority", [(V, ",tidak,,12.25", ",mungkin,,12.25")],
     [(V, 5, "priority 'mungkin' is not ya/tidak")]),
    ("negative booking quota", [(V, ",tidak,,12.25", ",tidak,-1,12.25")],
     [(V, 5, "booking_quota must be 0 or more, not -1")]),
    ("zero service minutes", [(V, "12.25", "0")],
     [(V, 5, "avg_service_minutes '0' must be a number above 0, e.g. 7.5")]),
    ("service minutes not a number", [(V, "12.25", "12 menit")],
     [(V, 5, "avg_service_minutes '12 menit' must be a number above 0")]),
    ("bad service sort", [(V, "12.25,1", "12.25,1a")], [(V, 5, "sort '1a' is not a whole number")]),
    # ---- schedules.csv
    ("unknown day", [(H, ",,Sen-Kam,", ",,Senin-Funday,")],
     [(H, 2, "days 'Senin-Funday': unknown day 'Funday'; use Sen Sel Rab Kam Jum Sab Min")]),
    ("backward day range", [(H, ",,Sen-Kam,", ",,Kam-Sen,")],
     [(H, 2, "days 'Kam-Sen': range 'Kam-Sen' runs backwards")]),
    ("no day", [(H, ",,Jum,", ",,\" , \",")], [(H, 3, "days ',': no day given")]),
    ("days separated by semicolons", [(H, ",,Jum,", ",,Jum;Sab,")],
     [(H, 3, "unknown day 'Jum;Sab'")]),
    ("empty days", [(H, ",,Jum,", ",,,")], [(H, 3, "days is empty; it is required")]),
    ("bad opening time", [(H, ",,Jum,8.00", ",,Jum,8")],
     [(H, 3, "opens '8' is not a time; use HH:MM, e.g. 08:00 or 13.30")]),
    ("hour out of range", [(H, "11.30\n", "24.00\n")], [(H, 3, "closes '24.00' is not a time")]),
    ("minute out of range", [(H, "11.30\n", "11.60\n")], [(H, 3, "closes '11.60' is not a time")]),
    ("empty closing time", [(H, "11.30\n", "\n")], [(H, 3, "closes is empty; it is required")]),
    ("opens after closes", [(H, ",,Jum,8.00,11.30", ",,Jum,11.30,8.00")],
     [(H, 3, "opens 11:30 is not before closes 08:00")]),
    ("opens equals closes", [(H, ",,Jum,8.00,11.30", ",,Jum,8.00,08:00")],
     [(H, 3, "opens 08:00 is not before closes 08:00")]),
    ("schedule of unknown agency", [(H, "dukcapil,,\"Sen", "dukcapl,,\"Sen")],
     [(H, 4, "agency 'dukcapl' does not exist in agencies.csv")]),
    ("schedule of unknown booth", [(H, ",polres-1,", ",polres-9,")],
     [(H, 6, "booth 'polres-9' does not exist in booths.csv")]),
    ("booth of another agency", [(H, ",polres-1,", "dukcapil,polres-1,")],
     [(H, 6, "booth 'polres-1' belongs to agency 'polres', not 'dukcapil'")]),
    ("overlapping hours", [(H, "dukcapil,,Sen-Rab,13:00", "dukcapil,,Sen-Jum,11:00")],
     [(H, 5, "11:00-15:00 overlaps 08:00-12:00 of line 4 on Sen,Rab")]),
    ("overlapping hours of two rows", [(H, ",,Jum,8.00,11.30", ",,Sen-Jum,14.00,16.00")],
     [(H, 3, "14:00-16:00 overlaps 08:00-15:00 of line 2 on Sen-Kam")]),
    # ---- closures.csv
    ("closure date in another format", [(X, "2025-08-17", "17/08/2025")],
     [(X, 2, "date '17/08/2025' is not a date; use YYYY-MM-DD, e.g. 2025-08-17")]),
    ("closure date that does not exist", [(X, "2025-08-17", "2025-02-30")],
     [(X, 2, "date '2025-02-30' is not a date")]),
    ("closure date empty", [(X, "2025-08-17", "")], [(X, 2, "date is empty; it is required")]),
    ("closure from without until", [(X, "12:00,13:00", "12:00,")],
     [(X, 3, "give both from and until, or neither")]),
    ("closure until without from", [(X, "12:00,13:00", ",13:00")],
     [(X, 3, "give both from and until, or neither")]),
    ("closure from after until", [(X, "12:00,13:00", "14:00,13:00")],
     [(X, 3, "from 14:00 is not before until 13:00")]),
    ("closure bad time", [(X, "12:00,13:00", "12:00,13:70")],
     [(X, 3, "until '13:70' is not a time")]),
    ("closure of unknown agency", [(X, "2025-08-20,dukcapil", "2025-08-20,dinsos")],
     [(X, 3, "agency 'dinsos' does not exist in agencies.csv")]),
    ("closure of a booth of another agency",
     [(X, "2025-08-21,,dukcapil-b", "2025-08-21,polres,dukcapil-b")],
     [(X, 4, "booth 'dukcapil-b' belongs to agency 'dukcapil', not 'polres'")]),
    # ---- profiles.csv
    ("profile of unknown counter", [(P, "dukcapil-2,kk", "dukcapil-9,kk")],
     [(P, 4, "counter 'dukcapil-9' does not exist in counters.csv")]),
    ("profile of unknown service", [(P, "dukcapil-2,kk", "dukcapil-2,akta")],
     [(P, 4, "service 'akta' does not exist in services.csv")]),
    ("profile without service", [(P, "dukcapil-2,kk", "dukcapil-2,")],
     [(P, 4, "service is empty; it is required")]),
    ("duplicate profile row", [(P, "dukcapil-2,kk,", "dukcapil-1,kk,")],
     [(P, 4, "counter 'dukcapil-1' already lists service 'kk' (line 3)")]),
    ("negative position", [(P, "dukcapil-2,kk,", "dukcapil-2,kk,-1")],
     [(P, 4, "position must be 0 or more, not -1")]),
]


@pytest.mark.parametrize("edits, expected", [pytest.param(e, x, id=i) for i, e, x in RULES])
def test_each_rule_reports_its_problem(edits, expected):
    if isinstance(edits, dict):
        files = edited(*edits.get("edits", ()), drop=edits.get("drop", ()))
        files.update(edits.get("extra", {}))
    else:
        files = edited(*edits)
    assert_problems(files, expected)


def test_every_problem_in_every_file_is_reported_at_once():
    """One problem per rule above, all in one catalog (where they do not mask each other)."""
    files = edited(
        ("site.csv", "timezone,Asia/Jakarta", "timezone,Asia/Jakarta\nnumber_padding,0"),
        ("agencies.csv", "Dukcapil,10", "Dukcapil,sepuluh"),
        ("booths.csv", "Gerai Dukcapil B", ""),
        ("counters.csv", "dukcapil-2,dukcapil-a,2", "dukcapil-2,dukcapil-a,1"),
        ("services.csv", "jkn,bpjs,C,", "jkn,bpjs,c,"),
        ("services.csv", "12.25", "0"),
        ("schedules.csv", ",,Sen-Kam,", ",,Senin-Funday,"),
        ("closures.csv", "2025-08-17", "2025-02-30"),
        ("profiles.csv", "dukcapil-2,kk,", "dukcapil-2,kk,x"),
    )
    assert [(f, line) for f, line, _ in problems_of(files)] == [
        (S, 5), (A, 2), (B, 3), (C, 3), (V, 5), (V, 6), (H, 2), (X, 2), (P, 4)]


def test_references_to_a_file_with_a_broken_header_are_not_checked():
    # agencies.csv is unreadable: its codes are unknown, so booths/services are not flagged.
    files = edited(("agencies.csv", "code,name", "kode,name"))
    assert [(f, line) for f, line, _ in problems_of(files)] == [
        (A, 1), (A, 1)]  # unknown column 'kode', missing required column 'code'


def test_references_to_an_unreadable_booths_file_are_not_checked():
    files = edited(("booths.csv", "code,agency,name,zone", "code,agency,zone"))
    assert problems_of(files) == [(B, 1, "missing required column 'name'")]


# --------------------------------------------------------------------------- small parsers


@pytest.mark.parametrize("spec, days", [
    ("Sen-Jum", (1, 2, 3, 4, 5)),
    ("Sel,Kam", (2, 4)),
    ("Sen-Kam,Sab", (1, 2, 3, 4, 6)),
    ("mon-fri", (1, 2, 3, 4, 5)),
    ("SEN - jum, min", (1, 2, 3, 4, 5, 7)),
    ("Senin\u2013Jumat", (1, 2, 3, 4, 5)),
    ("Sabtu,Minggu,", (6, 7)),
    ("Jum,Sen,Jum", (1, 5)),
    ("tue,Wed,thursday,Jum'at", (2, 3, 4, 5)),
    ("Min-Min", (7,)),
])
def test_parse_days(spec, days):
    assert parse_days(spec) == days


@pytest.mark.parametrize("spec", ["", ",", "Funday", "Sen-", "Jum-Sen", "Sen Sel", "1-5"])
def test_parse_days_rejects(spec):
    with pytest.raises(ValueError):
        parse_days(spec)


@pytest.mark.parametrize("days, text", [
    ((1, 2, 3, 4, 5), "Sen-Jum"),
    ((1, 2), "Sen,Sel"),
    ((1, 2, 3, 4, 6), "Sen-Kam,Sab"),
    ((1, 3, 5, 6, 7), "Sen,Rab,Jum-Min"),
    ((7,), "Min"),
    ([3, 1, 2, 1], "Sen-Rab"),
])
def test_format_days(days, text):
    assert format_days(days) == text
    assert parse_days(text) == tuple(sorted(set(days)))


@pytest.mark.parametrize("text, time", [
    ("08:00", "08:00"), ("8:00", "08:00"), ("08.00", "08:00"), (" 13.30 ", "13:30"),
    ("08:00:00", "08:00"), ("0:00", "00:00"), ("23:59", "23:59"),
])
def test_parse_time(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["8", "0800", "24:00", "12:60", "8:5", "08:00:30", "8 pagi",
                                  "-1:00", "08,00"])
def test_parse_time_rejects(text):
    with pytest.raises(ValueError):
        parse_time(text)


def test_decimal_text_reads_back_exactly():
    for value in (10.0, 7.5, 0.1, 1 / 3, 1e-05, 2.5e-07, 1e16, 123456789.125):
        text = _decimal(value)
        assert "e" not in text and float(text) == value
    assert _decimal(10.0) == "10" and _decimal(7.5) == "7.5" and _decimal(1e-05) == "0.00001"


def test_column_letters():
    assert [_column_letter(i) for i in (0, 5, 25, 26, 27, 701, 702)] == [
        "A", "F", "Z", "AA", "AB", "ZZ", "AAA"]


# --------------------------------------------------------------------------- round trip


def test_format_writes_every_file_with_all_columns():
    texts = format_catalog(EXPECTED)
    assert set(texts) == set(COLUMNS)
    for name, text in texts.items():
        assert text.splitlines()[0] == ",".join(COLUMNS[name][0])
    assert texts["schedules.csv"].splitlines()[1:] == [
        ",,Sen-Kam,08:00,15:00",
        ",,Jum,08:00,11:30",
        "dukcapil,,\"Sen,Rab\",08:00,12:00",
        "dukcapil,,Sen-Rab,13:00,15:00",
        "polres,polres-1,Sab,08:00,12:00",
    ]
    # a counter in its booth's zone leaves the zone empty; one elsewhere keeps it
    assert texts["counters.csv"].splitlines()[1:4] == [
        "dukcapil-1,dukcapil-a,1,Loket 1,", "dukcapil-2,dukcapil-a,2,,",
        "dukcapil-3,dukcapil-b,1,,Lantai 2 Sayap Timur"]


def test_round_trip_of_the_valid_catalog():
    assert normalised(parse_catalog(format_catalog(EXPECTED))) == normalised(EXPECTED)


def test_round_trip_keeps_site_settings():
    draft = dataclasses.replace(EXPECTED, site=SiteRow(
        "mpp-x", "MPP X", "Asia/Jayapura", 4, "priority_first", True, "Terima kasih", True))
    assert parse_catalog(format_catalog(draft)).site == draft.site


# ---- property: parse_catalog(format_catalog(d)) == d for generated valid drafts

_slugs = st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True)
_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    ",;\"'\n\r\t ")
_text = st.text(_chars, max_size=12).map(str.strip)
_names = _text.filter(bool)
_times = st.integers(0, 23 * 60 + 59).map(lambda m: f"{m // 60:02d}:{m % 60:02d}")
_item = _names.filter(lambda s: ";" not in s)


@st.composite
def _intervals(draw):
    """Disjoint [opens, closes) intervals of one day."""
    cuts = sorted(draw(st.sets(st.integers(0, 23 * 60 + 59), max_size=6)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [(f"{a // 60:02d}:{a % 60:02d}", f"{b // 60:02d}:{b % 60:02d}") for a, b in pairs]


@st.composite
def drafts(draw):
    codes = draw(st.lists(_slugs, min_size=1, max_size=12, unique=True))
    n_agencies = draw(st.integers(1, min(3, len(codes))))
    agency_codes, rest = codes[:n_agencies], codes[n_agencies:]
    site = SiteRow(
        id=draw(_slugs), name=draw(_names),
        timezone=draw(st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"])),
        number_padding=draw(st.integers(1, 6)),
        calling_rule=draw(st.sampled_from(["fifo", "priority_first"])
                          | st.builds("{}:{}".format, st.sampled_from(["ratio", "max_wait"]),
                                      st.integers(1, 999))),
        require_staffed=draw(st.booleans()), ticket_footer=draw(_names),
        open_24h=draw(st.booleans()),
    )
    agencies = [AgencyRow(c, draw(_names), draw(_names), draw(st.integers(-99, 999)))
                for c in agency_codes]
    # every agency has a booth (a missing one would be added by the parser)
    booth_codes = draw(st.lists(_slugs, min_size=n_agencies, max_size=n_agencies + 2,
                                unique=True))
    booths = [BoothRow(b, agency_codes[i] if i < n_agencies
                       else draw(st.sampled_from(agency_codes)), draw(_names), draw(_text))
              for i, b in enumerate(booth_codes)]
    counters = []
    numbers = set()
    for code in draw(st.lists(_slugs, max_size=4, unique=True)):
        booth = draw(st.sampled_from(booths))
        number = draw(st.integers(1, 99).filter(lambda n: (booth.code, n) not in numbers))
        numbers.add((booth.code, number))
        zone = draw(st.just(booth.zone) | _names)
        counters.append(CounterRow(code, booth.code, number, draw(_text), zone))
    services = [
        ServiceRow(
            code, draw(st.sampled_from(agency_codes)),
            draw(st.from_regex(r"[A-Z]{1,3}", fullmatch=True)), draw(_names),
            tuple(draw(st.lists(_item, max_size=3))), tuple(draw(st.lists(_item, max_size=3))),
            draw(_text), draw(_text), draw(_text), draw(_text),
            draw(st.none() | st.integers(0, 10**6)), draw(st.integers(0, 600)),
            draw(st.booleans()), draw(st.integers(0, 999)),
            draw(st.integers(1, 10**6).map(lambda n: n / 100)
                 | st.floats(1e-9, 1e12, allow_nan=False, allow_infinity=False)),
            draw(st.integers(-999, 999)),
        )
        for code in draw(st.lists(_slugs, min_size=1, max_size=4, unique=True))
    ]
    scopes = [(None, None)] + [(a, None) for a in agency_codes] + [(b.agency, b.code)
                                                                  for b in booths]
    schedules = []
    for agency, booth in draw(st.lists(st.sampled_from(scopes), max_size=3, unique=True)):
        for day in draw(st.sets(st.integers(1, 7), max_size=7)):
            schedules += [ScheduleRow(agency, booth, day, o, c) for o, c in draw(_intervals())]
    closures = []
    for _ in range(draw(st.integers(0, 3))):
        agency, booth = draw(st.sampled_from(scopes))
        day = draw(st.dates()).isoformat()
        hours = draw(_intervals())[:1] or [(None, None)]
        closures.append(ClosureRow(day, agency, booth, *hours[0], draw(_text)))
    pairs = draw(st.lists(st.tuples(st.sampled_from(counters), st.sampled_from(services)),
                          max_size=4, unique_by=lambda p: (p[0].code, p[1].code))
                 ) if counters else []
    profiles = [ProfileRow(c.code, s.code, draw(st.integers(0, 99))) for c, s in pairs]
    return CatalogDraft(site, agencies, booths, counters, services, schedules, closures,
                        profiles)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_parse_inverts_format(draft):
    assert normalised(parse_catalog(format_catalog(draft))) == normalised(draft)


# --------------------------------------------------------------------------- demo catalog


def _demo_files() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.csv"))}


def test_demo_catalog_parses_and_is_large_enough():
    """`antrean demo-data` imports assets/demo-catalog/: it must stay valid and realistic."""
    try:
        draft = parse_catalog(_demo_files())
    except CatalogError as exc:  # pragma: no cover - shows every problem on failure
        pytest.fail(f"demo catalog has problems:\n{exc}")
    assert len(draft.services) >= 300
    assert len(draft.agencies) >= 15
    assert normalised(parse_catalog(format_catalog(draft))) == normalised(draft)
