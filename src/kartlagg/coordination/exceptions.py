from __future__ import annotations


class CoordinationError(ValueError):
    """Bad input to a coordination service, naming the field (or item) at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
