from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field {self.field!r}: {self.message}"


class CatalogueImportError(Exception):
    """A catalogue file was refused whole; nothing from it was stored."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(
            f"catalogue file refused, {len(problems)} problem(s), nothing imported:\n{shown}{more}"
        )
