"""Shapes shared by every router: error bodies, pagination, safe text."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

MAX_PAGE = 500
MAX_OFFSET = 1_000_000


def _storable(value: str) -> str:
    # NUL and lone surrogates cannot be stored (PostgreSQL refuses NUL, UTF-8 refuses surrogates);
    # refuse them at the door with a 422 instead of failing deep inside the database.
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode") from exc
    return value


def Text(max_length: int) -> Any:  # noqa: N802  (reads like a type in signatures)
    """A string of at most ``max_length`` characters that the database can store."""
    return Annotated[
        str, StringConstraints(max_length=max_length, pattern=r"^[^\x00]*$"), AfterValidator(_storable)
    ]


class ErrorOut(Schema):
    """Every error: ``detail`` is a message, or a list of validation problems (422 from the schema)."""

    detail: str | list[dict[str, Any]]


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE, description="Items per page (1–500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


def errors(*codes: int) -> dict[int, Any]:
    """Document the error answers an operation can give, so clients (and schemathesis) know them."""
    return {code: ErrorOut for code in codes}


READ_ERRORS = (422,)
ITEM_ERRORS = (404, 422)
WRITE_ERRORS = (400, 401, 403, 404, 422)
