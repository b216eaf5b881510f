"""Gap analysis: demand evidence against supply evidence per competence area × education level.

Plain Python (no Django): the inputs are evidence rows that each know where they came from (a URL and a
stable reference), so every figure in the result can be traced back to the rows behind it.

The score, in words (docs/report.md has the same text):

* demand points of a cell = 1 × survey hires (midpoint of the [min, max] range, plans included)
  + 5 × hard-to-find votes + 2 × ATMP ads + 0.5 × related ads + 3 × coded interview statements;
  demand index = points / the largest points among the cells compared (0..1);
* supply points = Σ over Swedish offerings covering the cell of depth weight (awareness 1, working 2,
  expert 3) × 1.5 when the offering is hands-on; supply index = 1 − exp(−points / 4) (0..1, saturating,
  so a cell's supply does not depend on other cells);
* gap = demand index × (1 − supply index): high where much is asked for and little is offered.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class DemandSource(StrEnum):
    SURVEY_HIRES = "survey_hires"
    SURVEY_HARD = "survey_hard"
    PLAN = "plan"
    ADS = "ads"
    INTERVIEW = "interview"


# Level code for evidence that does not say which education level it concerns.
UNSPECIFIED = ""
# The row key of an area's total over all levels.
ALL_LEVELS = "*"

WEIGHT_HIRE = 1.0
WEIGHT_HARD_VOTE = 5.0
WEIGHT_AD = 2.0
WEIGHT_RELATED_AD = 0.5
WEIGHT_STATEMENT = 3.0
DEPTH_WEIGHT = {"awareness": 1.0, "working": 2.0, "expert": 3.0}
HANDS_ON_FACTOR = 1.5
SUPPLY_SATURATION = 4.0


@dataclass(frozen=True)
class DemandEvidence:
    source: DemandSource
    area: str
    level: str
    label: str
    hires_min: int = 0
    hires_max: int = 0
    votes: int = 0
    ads: int = 0
    related_ads: int = 0
    positions: int = 0
    statements: int = 0
    year: int | None = None
    url: str = ""
    ref: str = ""
    illustrative: bool = False

    @property
    def hires_mid(self) -> float:
        return (self.hires_min + self.hires_max) / 2


@dataclass(frozen=True)
class SupplyEvidence:
    offering_key: str
    title: str
    provider: str
    area: str
    level: str
    depth: str
    format: str = ""
    capacity: int | None = None
    hands_on: bool = False
    url: str = ""

    @property
    def points(self) -> float:
        return DEPTH_WEIGHT.get(self.depth, 1.0) * (HANDS_ON_FACTOR if self.hands_on else 1.0)


@dataclass
class Cell:
    area: str
    level: str
    demand: list[DemandEvidence] = field(default_factory=list)
    supply: list[SupplyEvidence] = field(default_factory=list)
    demand_index: float = 0.0
    rank: int = 0

    # --- demand figures (each a sum over ``demand``; the evidence list is the drill-down) ---
    def _sum(self, attr: str, *sources: DemandSource) -> int:
        return sum(getattr(e, attr) for e in self.demand if not sources or e.source in sources)

    @property
    def hires_min(self) -> int:
        return self._sum("hires_min", DemandSource.SURVEY_HIRES, DemandSource.PLAN)

    @property
    def hires_max(self) -> int:
        return self._sum("hires_max", DemandSource.SURVEY_HIRES, DemandSource.PLAN)

    @property
    def hires_text(self) -> str:
        """ "40–50", or "60" when the range is a single number."""
        low, high = self.hires_min, self.hires_max
        return str(low) if low == high else f"{low}–{high}"

    @property
    def hard_votes(self) -> int:
        return self._sum("votes", DemandSource.SURVEY_HARD)

    @property
    def ads(self) -> int:
        return self._sum("ads", DemandSource.ADS)

    @property
    def related_ads(self) -> int:
        return self._sum("related_ads", DemandSource.ADS)

    @property
    def positions(self) -> int:
        return self._sum("positions", DemandSource.ADS)

    @property
    def statements(self) -> int:
        return self._sum("statements", DemandSource.INTERVIEW)

    @property
    def ads_by_year(self) -> dict[int, int]:
        years: dict[int, int] = defaultdict(int)
        for e in self.demand:
            if e.source == DemandSource.ADS and e.year is not None:
                years[e.year] += e.ads + e.related_ads
        return dict(sorted(years.items()))

    @property
    def ads_trend(self) -> int | None:
        """Change in ads (ATMP + related) from the second-latest to the latest year; None with <2 years."""
        years = list(self.ads_by_year.items())
        if len(years) < 2:
            return None
        return years[-1][1] - years[-2][1]

    @property
    def demand_points(self) -> float:
        hires = sum(
            e.hires_mid for e in self.demand if e.source in (DemandSource.SURVEY_HIRES, DemandSource.PLAN)
        )
        return (
            WEIGHT_HIRE * hires
            + WEIGHT_HARD_VOTE * self.hard_votes
            + WEIGHT_AD * self.ads
            + WEIGHT_RELATED_AD * self.related_ads
            + WEIGHT_STATEMENT * self.statements
        )

    # --- supply figures ---
    @property
    def offerings(self) -> int:
        return len({s.offering_key for s in self.supply})

    @property
    def hands_on(self) -> int:
        return len({s.offering_key for s in self.supply if s.hands_on})

    @property
    def theory(self) -> int:
        return self.offerings - self.hands_on

    @property
    def capacity(self) -> int:
        seen: dict[str, int] = {}
        for s in self.supply:
            if s.capacity:
                seen[s.offering_key] = s.capacity
        return sum(seen.values())

    @property
    def depth_counts(self) -> dict[str, int]:
        counts = {depth: 0 for depth in DEPTH_WEIGHT}
        for s in self.supply:
            counts[s.depth] = counts.get(s.depth, 0) + 1
        return counts

    @property
    def supply_points(self) -> float:
        return sum(s.points for s in self.supply)

    @property
    def supply_index(self) -> float:
        return 1.0 - math.exp(-self.supply_points / SUPPLY_SATURATION)

    @property
    def gap(self) -> float:
        return self.demand_index * (1.0 - self.supply_index)

    @property
    def has_evidence(self) -> bool:
        return bool(self.demand or self.supply)


@dataclass
class GapTable:
    areas: list[str]
    levels: list[str]
    cells: dict[tuple[str, str], Cell]

    def cell(self, area: str, level: str) -> Cell:
        return self.cells[(area, level)]

    def totals(self) -> list[Cell]:
        """One row per area (all levels), in ranking order."""
        rows = [self.cells[(area, ALL_LEVELS)] for area in self.areas]
        return sorted(rows, key=lambda c: c.rank)

    def row(self, area: str) -> list[Cell]:
        return [self.cells[(area, level)] for level in self.levels]

    def max_demand_points(self) -> float:
        return max((c.demand_points for c in self.totals()), default=0.0)


def compute_gaps(
    *,
    areas: Iterable[str],
    levels: Iterable[str],
    demand: Iterable[DemandEvidence],
    supply: Iterable[SupplyEvidence],
) -> GapTable:
    """Fill the area × level grid and the per-area totals, score them and rank the areas by gap.

    Evidence for an area not in ``areas`` is ignored (the caller validated codes at import time);
    evidence at a level not in ``levels`` counts in the area total and under "level not stated".
    """
    area_list = list(areas)
    level_list = list(levels)
    if UNSPECIFIED not in level_list:
        level_list.append(UNSPECIFIED)
    cells: dict[tuple[str, str], Cell] = {}
    for area in area_list:
        for level in [*level_list, ALL_LEVELS]:
            cells[(area, level)] = Cell(area=area, level=level)
    for d in demand:
        if (d.area, ALL_LEVELS) not in cells:
            continue
        cells[(d.area, d.level if d.level in level_list else UNSPECIFIED)].demand.append(d)
        cells[(d.area, ALL_LEVELS)].demand.append(d)
    for s in supply:
        if (s.area, ALL_LEVELS) not in cells:
            continue
        cells[(s.area, s.level if s.level in level_list else UNSPECIFIED)].supply.append(s)
        cells[(s.area, ALL_LEVELS)].supply.append(s)

    _normalise([c for c in cells.values() if c.level == ALL_LEVELS])
    _normalise([c for c in cells.values() if c.level != ALL_LEVELS])
    totals = [cells[(area, ALL_LEVELS)] for area in area_list]
    # Ties keep the taxonomy order, so the ranking is deterministic.
    ordered = sorted(enumerate(totals), key=lambda pair: (-round(pair[1].gap, 9), pair[0]))
    for rank, (_, cell) in enumerate(ordered, start=1):
        cell.rank = rank
    return GapTable(areas=area_list, levels=level_list, cells=cells)


def _normalise(cells: list[Cell]) -> None:
    top = max((c.demand_points for c in cells), default=0.0)
    for c in cells:
        c.demand_index = c.demand_points / top if top else 0.0
