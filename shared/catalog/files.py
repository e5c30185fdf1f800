"""A catalog's CSV set on disk: a folder, or a .zip with the files at its root or in one folder.

Reading gives ``{file name: text}`` for csv_format.parse_catalog; writing takes what
csv_format.format_catalog returns. Files are written as UTF-8 *with* a BOM, so that a spreadsheet
opened by double-click (Excel) reads them as UTF-8; reading accepts both.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path, PurePosixPath

from .csv_format import FILE_NAMES, format_catalog, parse_catalog
from .draft import CatalogDraft
from .errors import CatalogError, Problem


def _ignored(name: str) -> bool:
    """System clutter next to the CSVs: .DS_Store, ._site.csv (macOS), ~$site.csv (Excel lock)."""
    return name.startswith((".", "~$"))


def _is_csv(name: str) -> bool:
    return name.lower().endswith(".csv") and not _ignored(name)


def read_catalog_files(path: str | os.PathLike[str]) -> dict[str, str]:
    """``{file name: text}`` of every .csv file in a folder or a .zip. Raises CatalogError when the
    path cannot be read or a file is not UTF-8 (a BOM is kept; parse_catalog drops it)."""
    path = Path(path)
    if not path.exists():
        raise CatalogError([Problem(str(path), 0, "no such folder or .zip file")])
    if path.is_dir():
        raw = {p.name: p.read_bytes() for p in sorted(path.iterdir())
               if p.is_file() and _is_csv(p.name)}
    elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        raw = _read_zip(path)
    else:
        raise CatalogError([Problem(str(path), 0, "not a folder or a .zip file")])
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for name, data in raw.items():
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problems.append(Problem(name, 0, f"not UTF-8 (byte 0x{data[exc.start]:02x} on line "
                                    f"{line}); save it as 'CSV UTF-8'"))
    if problems:
        raise CatalogError(problems)
    return texts


def _read_zip(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = {}
            for info in archive.infolist():
                parts = PurePosixPath(info.filename.replace("\\", "/")).parts
                if info.is_dir() or not _is_csv(parts[-1]) or any(
                        _ignored(p) or p == "__MACOSX" for p in parts[:-1]):
                    continue
                entries[parts] = info
            folders = {parts[:-1] for parts in entries}
            if len(folders) > 1 or any(len(folder) > 1 for folder in folders):
                names = ", ".join(sorted("/".join(parts) for parts in entries))
                raise CatalogError([Problem(str(path), 0, "the CSV files must be at the root of "
                                            f"the zip or together in one folder; found {names}")])
            return {parts[-1]: archive.read(info) for parts, info in entries.items()}
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
        # RuntimeError: encrypted; NotImplementedError: unknown compression method
        raise CatalogError([Problem(str(path), 0, f"cannot read the zip file: {exc}")]) from None


def write_catalog_files(files: dict[str, str], path: str | os.PathLike[str]) -> None:
    """Write the CSV texts as a folder, or as a zip when ``path`` ends with .zip.

    A folder is created if needed. An existing folder is only written into when it holds nothing
    but catalog files (hidden files aside); catalog files that ``files`` lacks are removed from it,
    so the folder is exactly the catalog. Raises CatalogError when the target is unsuitable."""
    unknown = sorted(set(files) - set(FILE_NAMES))
    if unknown:
        raise ValueError(f"not catalog files: {', '.join(unknown)}")
    path = Path(path)
    data = {name: files[name].encode("utf-8-sig") for name in FILE_NAMES if name in files}
    if path.suffix.lower() == ".zip":
        if path.is_dir():
            raise CatalogError([Problem(str(path), 0, "is a folder, not a .zip file")])
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in data.items():
                archive.writestr(name, content)
        os.replace(temporary, path)
        return
    if path.exists() and not path.is_dir():
        raise CatalogError([Problem(str(path), 0, "exists and is not a folder")])
    if path.is_dir():
        others = sorted(p.name for p in path.iterdir()
                        if not _ignored(p.name) and not (p.name in FILE_NAMES and p.is_file()))
        if others:
            raise CatalogError([Problem(str(path), 0, "refusing to write into a folder that "
                                        "holds other things than catalog files: "
                                        + ", ".join(others))])
    path.mkdir(parents=True, exist_ok=True)
    for name in FILE_NAMES:
        target = path / name
        if name in data:
            temporary = path / f".{name}.tmp"
            temporary.write_bytes(data[name])
            os.replace(temporary, target)
        elif target.exists():
            target.unlink()  # left over from an older export


def read_catalog(path: str | os.PathLike[str]) -> CatalogDraft:
    """read_catalog_files + parse_catalog; raises CatalogError."""
    return parse_catalog(read_catalog_files(path))


def write_catalog(draft: CatalogDraft, path: str | os.PathLike[str]) -> None:
    """format_catalog + write_catalog_files."""
    write_catalog_files(format_catalog(draft), path)
