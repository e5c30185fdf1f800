"""Reading and writing a catalog's CSV set: folders and .zip files."""
from __future__ import annotations

import zipfile

import pytest

from shared.catalog.csv_format import FILE_NAMES, format_catalog, parse_catalog
from shared.catalog.draft import (
    AgencyRow,
    BoothRow,
    CatalogDraft,
    CounterRow,
    ScheduleRow,
    ServiceRow,
    SiteRow,
)
from shared.catalog.errors import CatalogError
from shared.catalog.files import read_catalog, read_catalog_files, write_catalog, write_catalog_files

DRAFT = CatalogDraft(
    site=SiteRow("mpp-banyumas", "Mal Pelayanan Publik Kabupaten Banyumas"),
    agencies=[AgencyRow("dpmptsp", "Dinas Penanaman Modal dan PTSP", "DPMPTSP", 1)],
    booths=[BoothRow("dpmptsp-gerai", "dpmptsp", "DPMPTSP", "Lantai 1")],
    counters=[CounterRow("loket-1", "dpmptsp-gerai", 1, "Loket 1", "Lantai 1")],
    services=[ServiceRow("nib", "dpmptsp", "A", "Nomor Induk Berusaha — perizinan",
                         requirements=("KTP", "NPWP"), sort=1)],
    schedules=[ScheduleRow(None, None, d, "08:00", "15:00") for d in range(1, 6)],
)
TEXTS = format_catalog(DRAFT)
SMALL = {name: TEXTS[name] for name in ("site.csv", "agencies.csv", "services.csv")}


def problems(exc: pytest.ExceptionInfo[CatalogError]) -> list[tuple[str, int, str]]:
    return [(p.file, p.line, p.message) for p in exc.value.problems]


def make_zip(path, entries: dict[str, bytes | str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, content)
    return path


# --------------------------------------------------------------------------- reading


def test_read_a_folder(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a catalog file")
    (tmp_path / ".DS_Store").write_bytes(b"\0\1")
    (tmp_path / "~$site.csv").write_bytes(b"\xff lock file")
    (tmp_path / "._site.csv").write_bytes(b"\xff resource fork")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "site.csv").write_text("key,value\n")
    assert read_catalog_files(tmp_path) == TEXTS
    assert read_catalog(str(tmp_path)) == DRAFT


def test_an_unknown_csv_in_the_folder_is_passed_on_and_reported_by_the_parser(tmp_path):
    for name, text in SMALL.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "Services.csv").write_text("code\n")
    assert set(read_catalog_files(tmp_path)) == {*SMALL, "Services.csv"}
    with pytest.raises(CatalogError) as exc:
        read_catalog(tmp_path)
    assert [(f, line) for f, line, _ in problems(exc)] == [("Services.csv", 0)]


def test_a_bom_is_kept_for_the_parser_to_drop(tmp_path):
    for name, text in SMALL.items():
        (tmp_path / name).write_bytes(text.encode("utf-8-sig"))
    assert read_catalog_files(tmp_path)["site.csv"].startswith("\ufeffkey,value")
    assert read_catalog(tmp_path).site == DRAFT.site


def test_files_that_are_not_utf8_are_all_reported(tmp_path):
    for name, text in SMALL.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "agencies.csv").write_bytes(
        "code,name\ndinsos,Dinas Sosial – Kab.\n".encode("cp1252"))
    (tmp_path / "services.csv").write_bytes("code,agency\n".encode("utf-16"))
    with pytest.raises(CatalogError) as exc:
        read_catalog_files(tmp_path)
    assert problems(exc) == [
        ("agencies.csv", 0, "not UTF-8 (byte 0x96 on line 2); save it as 'CSV UTF-8'"),
        ("services.csv", 0, "not UTF-8 (byte 0xff on line 1); save it as 'CSV UTF-8'"),
    ]
    assert str(exc.value).startswith("agencies.csv:0: not UTF-8")


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CatalogError) as exc:
        read_catalog_files(tmp_path / "katalog")
    assert str(exc.value) == f"{tmp_path / 'katalog'}:0: no such folder or .zip file"


def test_a_plain_file_is_neither_folder_nor_zip(tmp_path):
    (tmp_path / "site.csv").write_text("key,value\n")
    with pytest.raises(CatalogError) as exc:
        read_catalog_files(tmp_path / "site.csv")
    assert problems(exc) == [(str(tmp_path / "site.csv"), 0, "not a folder or a .zip file")]


def test_read_a_zip_with_the_files_at_its_root(tmp_path):
    path = make_zip(tmp_path / "katalog.zip", {**TEXTS, "catatan.txt": "x"})
    assert read_catalog_files(path) == TEXTS
    assert read_catalog(path) == DRAFT


def test_read_a_zip_of_the_folder(tmp_path):
    entries = {"katalog/": b"", **{f"katalog/{n}": t for n, t in TEXTS.items()},
               "__MACOSX/katalog/._site.csv": b"\xff\xfe", "katalog/.~lock.site.csv#": b"",
               ".hidden/site.csv": b"\xff"}
    assert read_catalog_files(make_zip(tmp_path / "katalog.zip", entries)) == TEXTS


def test_a_zip_without_the_zip_suffix_is_recognised(tmp_path):
    path = make_zip(tmp_path / "katalog.bin", SMALL)
    assert read_catalog_files(path) == SMALL


def test_a_zip_with_csv_files_in_several_folders_is_refused(tmp_path):
    path = make_zip(tmp_path / "k.zip", {"a/site.csv": "", "b/agencies.csv": ""})
    with pytest.raises(CatalogError) as exc:
        read_catalog_files(path)
    assert problems(exc) == [(str(path), 0, "the CSV files must be at the root of the zip or "
                                            "together in one folder; found a/site.csv, "
                                            "b/agencies.csv")]


@pytest.mark.parametrize("entries", [
    {"site.csv": "", "katalog/agencies.csv": ""},  # root and a folder
    {"x/katalog/site.csv": "", "x/katalog/agencies.csv": ""},  # two folders deep
])
def test_a_zip_with_csv_files_elsewhere_is_refused(tmp_path, entries):
    with pytest.raises(CatalogError, match="must be at the root of the zip or together"):
        read_catalog_files(make_zip(tmp_path / "k.zip", entries))


def test_a_damaged_zip_is_reported(tmp_path):
    path = tmp_path / "katalog.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CatalogError) as exc:
        read_catalog_files(path)
    assert problems(exc)[0][:2] == (str(path), 0)
    assert "cannot read the zip file" in problems(exc)[0][2]


def test_not_utf8_inside_a_zip(tmp_path):
    path = make_zip(tmp_path / "k2.zip", {**SMALL, "site.csv": b"key,value\nname,Mal \xe9\n"})
    with pytest.raises(CatalogError) as exc:
        read_catalog_files(path)
    assert problems(exc) == [("site.csv", 0, "not UTF-8 (byte 0xe9 on line 2); save it as "
                                             "'CSV UTF-8'")]


# --------------------------------------------------------------------------- writing


def test_write_a_folder_and_read_it_back(tmp_path):
    target = tmp_path / "export" / "katalog"
    write_catalog_files(TEXTS, target)
    assert sorted(p.name for p in target.iterdir()) == sorted(FILE_NAMES)
    assert (target / "site.csv").read_bytes().startswith(b"\xef\xbb\xbfkey,value\r\n")
    assert parse_catalog(read_catalog_files(target)) == DRAFT


def test_write_only_some_files_into_a_new_folder(tmp_path):
    write_catalog_files(SMALL, tmp_path / "k")
    assert sorted(p.name for p in (tmp_path / "k").iterdir()) == sorted(SMALL)
    assert read_catalog(tmp_path / "k").booths == [
        BoothRow("dpmptsp-gerai", "dpmptsp", "DPMPTSP")]  # default booth, no zone


def test_overwriting_a_catalog_folder_replaces_it_entirely(tmp_path):
    write_catalog_files(TEXTS, tmp_path)
    (tmp_path / ".DS_Store").write_bytes(b"")
    write_catalog_files(SMALL, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*SMALL, ".DS_Store"])
    assert read_catalog_files(tmp_path) == {n: "\ufeff" + t for n, t in SMALL.items()}


def test_refuses_to_write_into_a_folder_that_is_not_a_catalog(tmp_path):
    (tmp_path / "site.csv").write_text("mine")
    (tmp_path / "skripsi.docx").write_text("important")
    (tmp_path / "services.csv").mkdir()
    with pytest.raises(CatalogError) as exc:
        write_catalog_files(TEXTS, tmp_path)
    assert problems(exc) == [(str(tmp_path), 0, "refusing to write into a folder that holds "
                                                "other things than catalog files: services.csv, "
                                                "skripsi.docx")]
    assert (tmp_path / "site.csv").read_text() == "mine"


def test_refuses_to_write_a_folder_over_a_file(tmp_path):
    (tmp_path / "katalog").write_text("x")
    with pytest.raises(CatalogError, match="exists and is not a folder"):
        write_catalog_files(TEXTS, tmp_path / "katalog")


def test_only_catalog_files_can_be_written(tmp_path):
    with pytest.raises(ValueError, match=r"not catalog files: \.\./evil\.csv"):
        write_catalog_files({**TEXTS, "../evil.csv": ""}, tmp_path / "k")
    assert not (tmp_path / "k").exists()


def test_write_a_zip_and_read_it_back(tmp_path):
    path = tmp_path / "backup" / "katalog.ZIP"
    write_catalog(DRAFT, path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(FILE_NAMES)
    assert read_catalog(path) == DRAFT
    write_catalog(DRAFT, path)  # an existing zip is replaced
    assert read_catalog(path) == DRAFT
    assert sorted(p.name for p in path.parent.iterdir()) == ["katalog.ZIP"]


def test_refuses_to_write_a_zip_over_a_folder(tmp_path):
    (tmp_path / "k.zip").mkdir()
    with pytest.raises(CatalogError, match="is a folder, not a .zip file"):
        write_catalog_files(TEXTS, tmp_path / "k.zip")
