"""The catalog as a set of CSV texts (docs/catalog-format.md) <-> CatalogDraft.

Pure: the caller reads and writes the files (see files.py). ``parse_catalog`` checks everything
and raises one CatalogError listing every problem in every file, each at the physical line where
its record starts (header = line 1; a quoted cell spanning several lines does not shift the lines
of the records after it). ``format_catalog`` is its inverse.

The work is split by job, all re-exported here: csv_schema.py (files, columns, limits),
csv_fields.py (cell parsers), csv_tables.py (CSV text -> records), csv_parse.py (parse_catalog)
and csv_write.py (format_catalog).
"""
from __future__ import annotations

from .csv_fields import DAY_ABBREVIATIONS, format_days, parse_days, parse_time
from .csv_parse import parse_catalog
from .csv_schema import (COLUMNS, DEFAULT_BOOTH_SUFFIX, DEFAULT_SITE, FILE_NAMES, MAX_CODE,
                         MAX_PADDING, REQUIRED_FILES, SITE_KEYS, default_booth_code)
from .csv_tables import _column_letter  # noqa: F401 (tests)
from .csv_write import _decimal, format_catalog  # noqa: F401 (tests)

__all__ = [
    "COLUMNS", "DAY_ABBREVIATIONS", "DEFAULT_BOOTH_SUFFIX", "DEFAULT_SITE", "FILE_NAMES",
    "MAX_CODE", "MAX_PADDING", "REQUIRED_FILES", "SITE_KEYS", "default_booth_code",
    "format_catalog", "format_days", "parse_catalog", "parse_days", "parse_time",
]
