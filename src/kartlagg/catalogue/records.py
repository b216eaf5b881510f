"""The catalogue's exchange record: one flat row per offering, shared by CSV, JSON, Excel and YAML.

List-valued fields are written ``a;b`` in flat files and as lists in JSON/YAML; competence coverage is
``area-id:depth`` pairs, e.g. ``gmp-production:expert;cmc:awareness``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kartlagg.catalogue.models import AtmpShare, ExtentUnit, Format, OfferingKind, TargetGroup
from kartlagg.core.vocab import Depth, EducationLevel
from kartlagg.organisations.models import OrganisationKind

COLUMNS = [
    "key",
    "title_sv",
    "title_en",
    "kind",
    "provider",
    "provider_kind",
    "country",
    "city",
    "languages",
    "format",
    "level",
    "target_groups",
    "extent_value",
    "extent_unit",
    "fee",
    "capacity",
    "start_date",
    "end_date",
    "url",
    "description_sv",
    "description_en",
    "atmp_share",
    "areas",
    "source",
]
REQUIRED = ("key", "kind", "provider", "country", "atmp_share")
_KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# Column -> the longest text its database field holds (provider is Organisation.name).
_MAX_LENGTHS = {
    "key": 160,
    "title_sv": 300,
    "title_en": 300,
    "provider": 250,
    "city": 120,
    "fee": 100,
    "url": 500,
    "source": 300,
}
_URL = re.compile(r"^https?://[^\s]+$")


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class OfferingRecord:
    key: str
    kind: str
    provider: str
    country: str
    atmp_share: str
    title_sv: str = ""
    title_en: str = ""
    provider_kind: str = OrganisationKind.OTHER
    city: str = ""
    languages: list[str] = field(default_factory=list)
    format: str = ""
    level: str = ""
    target_groups: list[str] = field(default_factory=list)
    extent_value: Decimal | None = None
    extent_unit: str = ""
    fee: str = ""
    capacity: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    url: str = ""
    description_sv: str = ""
    description_en: str = ""
    areas: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""

    def to_flat(self) -> dict[str, str]:
        return {
            "key": self.key,
            "title_sv": self.title_sv,
            "title_en": self.title_en,
            "kind": self.kind,
            "provider": self.provider,
            "provider_kind": self.provider_kind,
            "country": self.country,
            "city": self.city,
            "languages": ";".join(self.languages),
            "format": self.format,
            "level": self.level,
            "target_groups": ";".join(self.target_groups),
            "extent_value": "" if self.extent_value is None else _decimal_text(self.extent_value),
            "extent_unit": self.extent_unit,
            "fee": self.fee,
            "capacity": "" if self.capacity is None else str(self.capacity),
            "start_date": self.start_date.isoformat() if self.start_date else "",
            "end_date": self.end_date.isoformat() if self.end_date else "",
            "url": self.url,
            "description_sv": self.description_sv,
            "description_en": self.description_en,
            "atmp_share": self.atmp_share,
            "areas": ";".join(f"{a}:{d}" for a, d in self.areas),
            "source": self.source,
        }

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = self.to_flat()
        data["languages"] = list(self.languages)
        data["target_groups"] = list(self.target_groups)
        data["areas"] = [{"area": a, "depth": d} for a, d in self.areas]
        data["capacity"] = self.capacity
        data["extent_value"] = float(self.extent_value) if self.extent_value is not None else None
        return data


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def parse_record(
    raw: dict[str, Any], *, known_areas: set[str]
) -> tuple[OfferingRecord | None, list[FieldError]]:
    """Validate one raw row (from any format). Returns the record or every field error found."""
    errors: list[FieldError] = []
    unknown = sorted(set(raw) - set(COLUMNS))
    for name in unknown:
        errors.append(FieldError(name, f"unknown column (expected one of: {', '.join(COLUMNS)})"))

    def text(name: str) -> str:
        value = raw.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def choice(name: str, choices: type, required: bool = False) -> str:
        value = text(name)
        if not value:
            if required:
                errors.append(FieldError(name, "is required"))
            return ""
        allowed = [c.value for c in choices]  # type: ignore[attr-defined]
        if value not in allowed:
            errors.append(FieldError(name, f"{value!r} is not one of {', '.join(allowed)}"))
            return ""
        return value

    def listing(name: str) -> list[str]:
        value = raw.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        return [part.strip() for part in str(value).split(";") if part.strip()]

    for name in REQUIRED:
        if not text(name) and name not in ("kind", "atmp_share"):
            errors.append(FieldError(name, "is required"))
    # Lengths are checked here, before any write, so a too-long cell is a row error, not a crash.
    for name, limit in _MAX_LENGTHS.items():
        if len(text(name)) > limit:
            errors.append(FieldError(name, f"is {len(text(name))} characters long; at most {limit} fit"))
    key = text("key")
    if key and not _KEY.match(key):
        errors.append(FieldError("key", f"{key!r} must be lower-case letters, digits and - or _"))
    title_sv, title_en = text("title_sv"), text("title_en")
    if not title_sv and not title_en:
        errors.append(FieldError("title_sv", "a title in Swedish or English is required"))
    country = text("country").upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        errors.append(FieldError("country", f"{country!r} is not an ISO 3166 two-letter code"))
    languages = list(dict.fromkeys(lang.lower() for lang in listing("languages")))
    for lang in languages:
        if not re.fullmatch(r"[a-z]{2}", lang):
            errors.append(FieldError("languages", f"{lang!r} is not an ISO 639-1 code"))
    targets = list(dict.fromkeys(listing("target_groups")))
    allowed_targets = {t.value for t in TargetGroup}
    for target in targets:
        if target not in allowed_targets:
            errors.append(
                FieldError("target_groups", f"{target!r} is not one of {', '.join(sorted(allowed_targets))}")
            )

    extent_value: Decimal | None = None
    if text("extent_value"):
        try:
            extent_value = Decimal(text("extent_value").replace(",", "."))
            if not extent_value.is_finite() or extent_value <= 0:
                raise InvalidOperation
            # The model keeps one decimal and at most seven digits before it (DecimalField(8, 1)).
            if extent_value != extent_value.quantize(Decimal("0.1")) or extent_value >= Decimal("10000000"):
                errors.append(
                    FieldError(
                        "extent_value", f"{text('extent_value')!r} needs at most one decimal and 7 digits"
                    )
                )
                extent_value = None
        except InvalidOperation:
            errors.append(FieldError("extent_value", f"{text('extent_value')!r} is not a positive number"))
            extent_value = None
    extent_unit = choice("extent_unit", ExtentUnit)
    if extent_value is not None and not extent_unit:
        errors.append(FieldError("extent_unit", "is required when extent_value is given"))

    capacity: int | None = None
    if text("capacity"):
        try:
            capacity = int(text("capacity"))
            if capacity < 0 or capacity > 2_147_483_647:
                raise ValueError
        except ValueError:
            errors.append(FieldError("capacity", f"{text('capacity')!r} is not a whole number of seats"))
            capacity = None

    dates: dict[str, dt.date | None] = {}
    for name in ("start_date", "end_date"):
        value = raw.get(name)
        if isinstance(value, dt.datetime):
            dates[name] = value.date()
        elif isinstance(value, dt.date):
            dates[name] = value
        elif text(name):
            try:
                dates[name] = dt.date.fromisoformat(text(name))
            except ValueError:
                errors.append(FieldError(name, f"{text(name)!r} is not a date (YYYY-MM-DD)"))
                dates[name] = None
        else:
            dates[name] = None
    start, end = dates["start_date"], dates["end_date"]
    if start and end and end < start:
        errors.append(FieldError("end_date", f"{end} is before start_date {start}"))

    url = text("url")
    if url and not _URL.match(url):
        errors.append(FieldError("url", f"{url!r} is not an http(s) address"))

    areas: list[tuple[str, str]] = []
    raw_areas = raw.get("areas")
    items: list[Any]
    if isinstance(raw_areas, list):
        items = raw_areas
    else:
        items = [part for part in (text("areas").split(";") if text("areas") else []) if part.strip()]
    depths = {d.value for d in Depth}
    seen: set[str] = set()
    for item in items:
        if isinstance(item, dict):
            area, depth = str(item.get("area", "")).strip(), str(item.get("depth", "")).strip()
        else:
            area, _, depth = str(item).strip().partition(":")
            area, depth = area.strip(), depth.strip() or Depth.AWARENESS
        if area not in known_areas:
            errors.append(FieldError("areas", f"unknown competence area {area!r}"))
        elif depth not in depths:
            errors.append(
                FieldError("areas", f"depth {depth!r} for {area} is not one of {', '.join(sorted(depths))}")
            )
        elif area in seen:
            errors.append(FieldError("areas", f"{area} is listed twice"))
        else:
            seen.add(area)
            areas.append((area, depth))

    record = OfferingRecord(
        key=key,
        kind=choice("kind", OfferingKind, required=True),
        provider=text("provider"),
        provider_kind=choice("provider_kind", OrganisationKind) or OrganisationKind.OTHER,
        country=country,
        city=text("city"),
        atmp_share=choice("atmp_share", AtmpShare, required=True),
        title_sv=title_sv,
        title_en=title_en,
        languages=languages,
        format=choice("format", Format),
        level=choice("level", EducationLevel),
        target_groups=targets,
        extent_value=extent_value,
        extent_unit=extent_unit,
        fee=text("fee"),
        capacity=capacity,
        start_date=start,
        end_date=end,
        url=url,
        description_sv=text("description_sv"),
        description_en=text("description_en"),
        areas=sorted(areas),
        source=text("source"),
    )
    return (None, errors) if errors else (record, [])
