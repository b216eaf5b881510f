"""The shape every adapter has, and the problem report a skipped record leaves behind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson

from kartlagg.ads.exceptions import MalformedRecord
from kartlagg.ads.record import AdRecord


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that was skipped: where it is, why (short code), and what was wrong."""

    origin: str  # "ads.jsonl:17" or "page1.json#item 3"
    reason: str  # bad-json, missing-id, missing-text, impossible-date, not-an-object, bad-value
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}{' (' + self.detail + ')' if self.detail else ''}"


class Adapter:
    """One source format. Subclasses set `name`, `source`, the JSON paths of their records, and map."""

    name: ClassVar[str]  # the --format name
    source: ClassVar[str]  # AdRecord.source for the ads it produces
    description: ClassVar[str] = ""
    # ijson prefixes under which a JSON *document* of this format keeps its ads, tried in order;
    # "" means the document is one ad.
    document_prefixes: ClassVar[tuple[str, ...]] = ("item",)

    def sniff(self, sample: Mapping[str, Any]) -> bool:
        """True when `sample` (one raw record) is in this adapter's format."""
        raise NotImplementedError

    def map_record(self, obj: Mapping[str, Any], origin: str) -> AdRecord:
        """The normalised record, or MalformedRecord naming what is wrong."""
        raise NotImplementedError

    def to_record(self, raw: object, origin: str) -> AdRecord:
        """`raw` is one JSON Lines line (bytes) or an already parsed record."""
        if isinstance(raw, bytes | bytearray | memoryview | str):
            try:
                raw = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise MalformedRecord("bad-json", str(exc)) from None
        if not isinstance(raw, dict) and not isinstance(raw, Mapping):
            raise MalformedRecord("not-an-object", type(raw).__name__)
        return self.map_record(raw, origin)


def text_of(value: object) -> str:
    """A string field that may be missing, null or a number."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def dig(obj: Mapping[str, Any], *path: str) -> Any:
    """obj[path[0]][path[1]]..., or None where a level is missing or not a mapping."""
    value: Any = obj
    for key in path:
        # dict first: parsed JSON is always a dict, and an ABC check costs 10x a type check.
        if not isinstance(value, dict) and not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def as_mapping(value: object) -> Mapping[str, Any]:
    """A nested object, or an empty one where the source has null or something else."""
    return value if isinstance(value, Mapping) else {}


def require_id(value: object) -> str:
    ident = text_of(value).strip()
    if not ident:
        raise MalformedRecord("missing-id")
    return ident


def require_text(text: str, field: str) -> str:
    if not text.strip():
        raise MalformedRecord("missing-text", f"{field} is empty")
    return text
