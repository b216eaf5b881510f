"""Read side of the store: counts by any dimension, trends, lists and one ad with its evidence.

Counted ads are those that are not a copy of an earlier one (dup_of IS NULL); `positions` sums the
number of vacancies each counted ad announces. Unclassified ads count under relevance 'unclassified'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import orjson

from kartlagg.ads.classify.text import sentence_around
from kartlagg.ads.store import AdStore

RELEVANCE_ORDER = ("atmp", "related", "none", "unclassified")

# Dimension name -> SQL expression over `a` (ads) and `c` (classifications).
GROUPINGS: dict[str, str] = {
    "year": "CAST(year(a.published) AS VARCHAR)",
    "quarter": "CAST(year(a.published) AS VARCHAR) || '-Q' || CAST(quarter(a.published) AS VARCHAR)",
    "country": "a.country",
    "region": "a.region",
    "employer": "a.employer_name",
    "relevance": "coalesce(c.relevance, 'unclassified')",
    "area": "area",
    "language": "a.language",
    "source": "a.source",
}


@dataclass(frozen=True)
class AdFilters:
    relevance: str = ""
    country: str = ""
    year: str = ""
    region: str = ""
    employer: str = ""
    area: str = ""
    language: str = ""
    source: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> AdFilters:
        return cls(**{f.name: str(params.get(f.name) or "").strip() for f in fields(cls)})

    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = ["a.dup_of IS NULL"], []
        if self.relevance:
            clauses.append("coalesce(c.relevance, 'unclassified') = ?")
            params.append(self.relevance)
        if self.year:
            clauses.append("CAST(year(a.published) AS VARCHAR) = ?")
            params.append(self.year)
        for name in ("country", "region", "language", "source"):
            value = getattr(self, name)
            if value:
                clauses.append(f"a.{name} = ?")
                params.append(value)
        if self.employer:
            clauses.append("a.employer_name = ?")
            params.append(self.employer)
        if self.area:
            clauses.append("list_contains(c.areas, ?)")
            params.append(self.area)
        if self.q:
            for word in self.q.split():
                clauses.append("(a.headline ILIKE ? OR a.employer_name ILIKE ?)")
                params.extend([f"%{word}%", f"%{word}%"])
        return " AND ".join(clauses), params


_FROM = "FROM ads a LEFT JOIN ad_classifications c USING (ad_key)"


@dataclass(frozen=True)
class CountRow:
    key: str
    ads: int
    positions: int


def counts(store: AdStore, *, by: str, filters: AdFilters | None = None, limit: int = 500) -> list[CountRow]:
    """Counted ads and positions per value of `by` (see GROUPINGS), largest first (time in order)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose from {', '.join(GROUPINGS)}")
    where, params = (filters or AdFilters()).where()
    source = _FROM
    if by == "area":
        source += ", UNNEST(CASE WHEN len(c.areas) > 0 THEN c.areas ELSE [NULL] END) AS u(area)"
    order = "key" if by in ("year", "quarter") else "ads DESC, key"
    rows = store.query(
        f"SELECT coalesce({GROUPINGS[by]}, '') AS key, count(*) AS ads, sum(a.positions) AS positions "
        f"{source} WHERE {where} GROUP BY ALL ORDER BY {order} LIMIT {int(limit)}",
        params,
    )
    result = [CountRow(str(k), int(n), int(p or 0)) for k, n, p in rows]
    if by == "relevance":  # a fixed order reads better than by size: ATMP, related, none, unclassified
        result.sort(key=lambda row: RELEVANCE_ORDER.index(row.key) if row.key in RELEVANCE_ORDER else 9)
    return result


@dataclass(frozen=True)
class Totals:
    ads: int
    positions: int
    copies: int  # stored copies of counted ads (reposts, cross-posts)
    first: dt.date | None
    last: dt.date | None


def totals(store: AdStore, filters: AdFilters | None = None) -> Totals:
    where, params = (filters or AdFilters()).where()
    ads, positions, first, last = store.query(
        f"SELECT count(*), coalesce(sum(a.positions), 0), min(a.published), max(a.published) {_FROM} "
        f"WHERE {where}",
        params,
    )[0]
    copies = store.query("SELECT count(*) FROM ads WHERE dup_of IS NOT NULL")[0][0]
    return Totals(int(ads), int(positions), int(copies), first, last)


def trend(
    store: AdStore, *, filters: AdFilters | None = None, period: str = "quarter"
) -> list[tuple[str, str, int, int]]:
    """(period, relevance, ads, positions) for the trend chart."""
    where, params = (filters or AdFilters()).where()
    rows = store.query(
        f"SELECT {GROUPINGS[period]} AS period, coalesce(c.relevance, 'unclassified'), count(*), "
        "sum(a.positions) "
        f"{_FROM} WHERE {where} AND a.published IS NOT NULL GROUP BY ALL ORDER BY period",
        params,
    )
    return [(str(p), str(r), int(n), int(s or 0)) for p, r, n, s in rows]


@dataclass(frozen=True)
class AdRow:
    ad_key: int
    headline: str
    employer_name: str
    country: str
    region: str
    published: dt.date | None
    positions: int
    relevance: str
    score: float
    areas: list[str]
    source: str


def ad_list(
    store: AdStore, *, filters: AdFilters | None = None, limit: int = 100, offset: int = 0
) -> list[AdRow]:
    where, params = (filters or AdFilters()).where()
    rows = store.query(
        "SELECT a.ad_key, a.headline, a.employer_name, a.country, a.region, a.published, a.positions, "
        "coalesce(c.relevance, 'unclassified'), coalesce(c.score, 0), coalesce(c.areas, []), a.source "
        f"{_FROM} WHERE {where} "
        "ORDER BY CASE coalesce(c.relevance, 'unclassified') WHEN 'atmp' THEN 0 WHEN 'related' THEN "
        "1 ELSE 2 END, "
        f"a.published DESC NULLS LAST, a.seq LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )
    return [AdRow(*row) for row in rows]


def iter_export_rows(store: AdStore, *, filters: AdFilters | None = None) -> Any:
    """Rows for CSV export: counted ads with their classification, no text (texts stay in the store)."""
    where, params = (filters or AdFilters()).where()
    header = (
        "source", "source_id", "headline", "employer_name", "employer_org_number", "country", "region",
        "municipality", "published", "removed", "positions", "language", "ssyk", "isco", "styrk", "url",
        "relevance", "score", "areas",
    )  # fmt: skip
    cursor = store.con.execute(
        "SELECT a.source, a.source_id, a.headline, a.employer_name, a.employer_org_number, "
        "a.country, a.region, "
        "a.municipality, a.published, a.removed, a.positions, a.language, a.ssyk, a.isco, a.styrk, a.url, "
        "coalesce(c.relevance, 'unclassified'), c.score, array_to_string(coalesce(c.areas, []), ';') "
        f"{_FROM} WHERE {where} ORDER BY a.published NULLS LAST, a.seq",
        params,
    )
    yield header
    while batch := cursor.fetchmany(2000):
        yield from batch


@dataclass(frozen=True)
class AdDetail:
    ad_key: int
    source: str
    source_id: str
    headline: str
    text: str
    employer_name: str
    employer_org_number: str
    country: str
    region: str
    municipality: str
    published: dt.date | None
    removed: dt.date | None
    positions: int
    language: str
    url: str
    origin: str
    occupation_codes: dict[str, str]
    dup_of: int | None
    copies: list[tuple[int, str, str]]  # (ad_key, source, source_id) of the stored copies of this ad
    relevance: str
    score: float
    model_version: str
    evidence: list[dict[str, Any]]
    areas: dict[str, list[dict[str, Any]]]
    skills: list[dict[str, Any]]


def ad_detail(store: AdStore, ad_key: int) -> AdDetail | None:
    rows = store.query(
        "SELECT a.ad_key, a.source, a.source_id, a.headline, a.employer_name, a.employer_org_number, "
        "a.country, a.region, a.municipality, a.published, a.removed, a.positions, a.language, "
        "a.url, a.origin, "
        "a.occupation_codes, a.dup_of, coalesce(c.relevance, 'unclassified'), coalesce(c.score, 0), "
        f"coalesce(c.model_version, ''), coalesce(c.evidence, '{{}}') {_FROM} WHERE a.ad_key = ?",
        [ad_key],
    )
    if not rows:
        return None
    row = rows[0]
    copies = store.query("SELECT ad_key, source, source_id FROM ads WHERE dup_of = ? ORDER BY seq", [ad_key])
    evidence = orjson.loads(row[20])
    text = store.ad_text(ad_key)
    return AdDetail(
        ad_key=int(row[0]),
        source=row[1],
        source_id=row[2],
        headline=row[3],
        text=text,
        employer_name=row[4],
        employer_org_number=row[5],
        country=row[6],
        region=row[7],
        municipality=row[8],
        published=row[9],
        removed=row[10],
        positions=int(row[11]),
        language=row[12],
        url=row[13],
        origin=row[14],
        occupation_codes=orjson.loads(row[15]),
        dup_of=row[16],
        copies=[(int(k), str(s), str(i)) for k, s, i in copies],
        relevance=row[17],
        score=float(row[18]),
        model_version=row[19],
        evidence=with_sentences(evidence.get("evidence", []), f"{row[3]}\n{text}"),
        areas=evidence.get("areas", {}),
        skills=evidence.get("skills", []),
    )


def with_sentences(evidence: list[dict[str, Any]], full: str) -> list[dict[str, Any]]:
    """Each evidence item with the sentence its span stands in, for a person to read ("" when the text
    is gone). The store keeps spans only (classify/result.py says why); evidence stored before that
    keeps its own sentence."""
    return [item if "sentence" in item else {**item, "sentence": _sentence(full, item)} for item in evidence]


def _sentence(full: str, item: dict[str, Any]) -> str:
    start, end = int(item["start"]), int(item["end"])
    return sentence_around(full, start, end) if 0 <= start < end <= len(full) else ""


def filter_choices(store: AdStore) -> dict[str, list[str]]:
    """Values offered in the filter menus."""
    out: dict[str, list[str]] = {}
    for name, expr in (("year", GROUPINGS["year"]), ("country", "a.country"), ("region", "a.region"),
                       ("language", "a.language"), ("source", "a.source")):  # fmt: skip
        rows = store.query(
            f"SELECT DISTINCT {expr} AS v FROM ads a WHERE a.dup_of IS NULL AND v <> '' ORDER BY v"
        )
        out[name] = [str(r[0]) for r in rows if r[0] is not None]
    rows = store.query("SELECT DISTINCT unnest(areas) AS v FROM ad_classifications ORDER BY v")
    out["area"] = [str(r[0]) for r in rows]
    return out
