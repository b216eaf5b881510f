"""Errors of the survey interop layer. Each names the file, the row and the field at fault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file; row is the 1-based data row (0 = the file or its header)."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = [self.file or "input"]
        if self.row:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


class InteropError(Exception):
    """Base class: something could not be exported or imported."""


class ExportError(InteropError):
    """The instrument uses something the target format cannot express."""


class MalformedFileError(InteropError):
    """A file was refused whole; `problems` lists every fault found (the first ones, at most 50)."""

    MAX_SHOWN = 50

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("MalformedFileError needs at least one problem")
        self.problems = problems[: self.MAX_SHOWN]
        self.total = len(problems)
        super().__init__(self._message())

    @classmethod
    def single(cls, file: str, row: int, field: str, message: str) -> MalformedFileError:
        return cls([Problem(file, row, field, message)])

    @property
    def first(self) -> Problem:
        return self.problems[0]

    def _message(self) -> str:
        lines = [str(p) for p in self.problems]
        more = self.total - len(self.problems)
        if more > 0:
            lines.append(f"... and {more} more")
        head = "refused, nothing stored: " if len(lines) == 1 else "refused, nothing stored:\n  "
        return head + "\n  ".join(lines)
