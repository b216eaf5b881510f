"""The figures a report edition states, as plain JSON-able data (the report's data snapshot).

Everything the document shows comes from a ReportData; its canonical JSON is hashed, so a build
records exactly which data it was made from. Disclosure control is applied while collecting (the
survey app's published selectors, viewer_is_coordinator=False): a suppressed figure is stored as
suppressed, never as its value, so no renderer can leak it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hires:
    key: str  # a sector or competence-area code
    low: int | None
    high: int | None
    organisations: int = 0
    suppressed: bool = False

    @property
    def mid(self) -> float | None:
        if self.low is None or self.high is None:
            return None
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Votes:
    key: str
    votes: int | None
    organisations: int = 0
    suppressed: bool = False


@dataclass(frozen=True)
class Willingness:
    sector: str
    willing: int | None
    responded: int
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        if self.willing is None or not self.responded:
            return None
        return round(100 * self.willing / self.responded)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class Quote:
    text: str
    language: str
    person: str
    organisation: str


@dataclass(frozen=True)
class Respondent:
    name: str
    sector: str


@dataclass(frozen=True)
class SurveyFigures:
    round_key: str = ""
    round_title: str = ""
    illustrative: bool = False
    invited: dict[str, int] = field(default_factory=dict)  # sector -> organisations asked
    respondents: list[Respondent] = field(default_factory=list)
    hires_by_sector: list[Hires] = field(default_factory=list)
    hires_by_area: list[Hires] = field(default_factory=list)
    hard_to_find: list[Votes] = field(default_factory=list)
    willingness: list[Willingness] = field(default_factory=list)
    min_cell: int = 3


@dataclass(frozen=True)
class AdCount:
    year: int
    country: str  # ISO code, or "NORDIC" for a Nordic total published without a split
    count: int


@dataclass(frozen=True)
class AdsFigures:
    # Counted from kartlagg's job-ad store (ATMP + related ads, duplicates excluded).
    counts: list[AdCount] = field(default_factory=list)
    # Published by an earlier mapping and carried into this edition, always labelled as such.
    carried: list[AdCount] = field(default_factory=list)
    source_note: str = ""
    year: int | None = None  # the year the text reports on


@dataclass(frozen=True)
class OfferingRow:
    key: str
    title_sv: str
    title_en: str
    provider: str
    country: str
    kind: str
    level: str
    atmp_share: str
    hands_on: bool


@dataclass(frozen=True)
class PlanRow:
    key: str
    name_sv: str
    name_en: str
    low: int
    high: int
    illustrative: bool


@dataclass(frozen=True)
class GapRow:
    rank: int
    area: str
    hires_low: int
    hires_high: int
    hard_votes: int
    ads: int
    offerings: int
    hands_on: int
    demand_index: float
    supply_index: float
    gap: float


@dataclass(frozen=True)
class AreaLabel:
    code: str
    sv: str
    en: str


@dataclass(frozen=True)
class ReportData:
    edition_key: str
    year: int
    title_sv: str
    title_en: str
    published_on: str
    illustrative: bool
    areas: list[AreaLabel]
    survey: SurveyFigures
    plans: list[PlanRow]
    ads: AdsFigures
    offerings: list[OfferingRow]
    gaps: list[GapRow]
    scenario_key: str
    interviewees: list[Person]
    quotes: list[Quote]
    working_group: list[Person]
    taxonomy_version: str
    taxonomy_hash: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def canonical_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def area_label(self, code: str, language: str) -> str:
        for area in self.areas:
            if area.code == code:
                return area.en if language == "en" else area.sv
        return code
