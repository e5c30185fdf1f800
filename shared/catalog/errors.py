"""Problems found in catalog files, reported all at once (docs/catalog-format.md: import is
all-or-nothing and every error in every file is reported as ``file:line: message``)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    file: str  # file name as given (``services.csv``) or a path for file-level I/O problems
    line: int  # 1-based physical line where the record starts (header = 1); 0 = the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CatalogError(Exception):
    """One or more problems in a catalog; ``problems`` lists every one of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
