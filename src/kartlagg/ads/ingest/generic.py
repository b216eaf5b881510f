"""Any other board or career page: CSV or JSON Lines with a column mapping to the AdRecord fields.

A mapping names the source and, for each field, the column (CSV) or dotted path (JSON) holding it:

    source: careers-example      # AdRecord.source; use "jobtech" for ads that carry JobTech ids
    country: SE                  # used when no country column is mapped
    columns: {source_id: job_id, headline: job_title, text: description, employer_name: employer,
              published: publication_date, region: region, municipality: municipality,
              positions: number_of_vacancies, url: link, ssyk: ssyk_code}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kartlagg.ads.exceptions import MappingError
from kartlagg.ads.ingest.base import Adapter, require_id, require_text, text_of
from kartlagg.ads.normalise import country_code, parse_date, parse_positions, strip_html
from kartlagg.ads.record import AdRecord

FIELDS = (
    "source_id", "headline", "text", "employer_name", "employer_org_number", "country", "region",
    "municipality", "published", "removed", "positions", "language", "url", "ssyk", "isco", "styrk",
)  # fmt: skip
REQUIRED = ("source_id", "text")
_CODE_FIELDS = ("ssyk", "isco", "styrk")


@dataclass(frozen=True)
class ColumnMapping:
    source: str
    columns: dict[str, str]
    country: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "mapping") -> ColumnMapping:
        if not isinstance(data, Mapping):
            raise MappingError(f"{where}: expected a mapping with 'source' and 'columns'")
        source = text_of(data.get("source")).strip()
        columns = data.get("columns")
        if not source:
            raise MappingError(f"{where}: 'source' (the name recorded for these ads) is required")
        if not isinstance(columns, Mapping):
            raise MappingError(f"{where}: 'columns' must map AdRecord fields to columns")
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise MappingError(f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            raise MappingError(f"{where}: the column for {', '.join(missing)} is required")
        return cls(
            source=source,
            columns={k: str(v) for k, v in columns.items()},
            country=text_of(data.get("country")),
        )

    @classmethod
    def from_file(cls, path: Path) -> ColumnMapping:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise MappingError(f"{path}: {exc}") from exc
        return cls.from_dict(data, where=str(path))

    def check_columns(self, available: list[str], *, where: str) -> None:
        """For CSV: every mapped column must be in the header."""
        missing = sorted(col for col in self.columns.values() if col not in available)
        if missing:
            raise MappingError(
                f"{where}: the mapping names column(s) not in the header: {', '.join(missing)}"
            )


@dataclass(frozen=True)
class GenericAdapter(Adapter):
    mapping: ColumnMapping
    name: ClassVar[str] = "generic"
    source: ClassVar[str] = "generic"
    description: ClassVar[str] = "CSV or JSON Lines with a column mapping (--mapping FILE)"
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, compare=False)

    def __post_init__(self) -> None:
        for name, column in self.mapping.columns.items():
            self.paths[name] = tuple(column.split(".")) if "." in column else (column,)

    def sniff(self, sample: Mapping[str, Any]) -> bool:
        return all(self._get(sample, name) is not None for name in REQUIRED)

    def _get(self, obj: Mapping[str, Any], name: str) -> Any:
        path = self.paths.get(name)
        if path is None:
            return None
        if len(path) == 1:
            return obj.get(path[0])
        value: Any = obj.get(self.mapping.columns[name])  # a CSV header may itself contain dots
        if value is None:
            value = obj
            for key in path:
                value = value.get(key) if isinstance(value, Mapping) else None
        return value

    def map_record(self, obj: Mapping[str, Any], origin: str) -> AdRecord:
        get = self._get
        text = require_text(strip_html(text_of(get(obj, "text"))), self.mapping.columns["text"])
        codes = {
            name: text_of(get(obj, name)).strip() for name in _CODE_FIELDS if text_of(get(obj, name)).strip()
        }
        language = text_of(get(obj, "language")).strip().lower()[:2]
        return AdRecord(
            source=self.mapping.source,
            source_id=require_id(get(obj, "source_id")),
            headline=strip_html(text_of(get(obj, "headline"))),
            text=text,
            employer_name=text_of(get(obj, "employer_name")).strip(),
            employer_org_number=text_of(get(obj, "employer_org_number")).replace("-", "").strip(),
            country=country_code(get(obj, "country"), self.mapping.country.upper()),
            region=text_of(get(obj, "region")).strip(),
            municipality=text_of(get(obj, "municipality")).strip(),
            published=parse_date(
                get(obj, "published"), field=self.mapping.columns.get("published", "published")
            ),
            removed=parse_date(get(obj, "removed"), field=self.mapping.columns.get("removed", "removed")),
            occupation_codes=codes,
            positions=parse_positions(get(obj, "positions")),
            stated_language=language,
            url=text_of(get(obj, "url")).strip(),
            origin=origin,
        )
