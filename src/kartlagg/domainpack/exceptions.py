from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong in a pack: where (file, entry, line) and what."""

    file: str
    entry: str
    message: str
    # 1-based line in ``file`` where the offending value starts, when the YAML parser knows it.
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        if self.entry:
            where = f"{where}: {self.entry}"
        return f"{where}: {self.message}"


class DomainPackError(Exception):
    """A domain pack failed validation. Permanent: fix the named files and load again."""

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"domain pack refused, {len(problems)} problem(s):\n{lines}")
