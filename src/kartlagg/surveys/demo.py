"""An ILLUSTRATIVE demo round that reconstructs the 2022 mapping's published questionnaire results.

The organisations are the ones the 2022 report lists as having answered (6 regions, 18 companies) plus
CCRM Nordic, the planned infrastructure the report gives a separate figure for, and Region Örebro län
(the seventh university-hospital region, asked but not listed as answering). Their answers are NOT
real: they are constructed so that the aggregates equal what the report published —
  companies ≈ 400 hires over five years, healthcare ≈ 60, CCRM Nordic 50–100;
  most demanded: cell and molecular biology, CMC, GMP production, regulatory affairs, quality assurance;
  hardest to find: GMP production of cells, viral vector production, in vivo models;
  all responding regions and 90 % of companies (16 of 18 = 89 %) willing to contribute.
The round, every response and every page built on it carry is_illustrative / an "illustrative" label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.organisations.services import organisation_get_or_create
from kartlagg.surveys import services
from kartlagg.surveys.models import Round, SurveyResponse
from kartlagg.surveys.policy import Actor

DEMO_TITLE = "Kartläggning av kompetensbehov inom ATMP 2022 (illustrativ rekonstruktion)"
DEMO_NOTE = (
    "ILLUSTRATIVE: answers constructed so that the totals equal the figures published in "
    "'Kartläggning av utbildning och kompetensbehov inom ATMP' (ATMP 2030, 2022-04-28). "
    "They are not the real answers of the organisations named."
)
SOURCE = "Appendix of the 2022 ATMP 2030 report (illustrative demo round)"
DEMO_ACTOR = Actor(label="demo data (illustrative)", via="demo")


# Published figures the demo must reproduce (the test checks them against the aggregates).
@dataclass(frozen=True)
class PublishedFigures:
    industry_total: tuple[int, int] = (400, 400)
    healthcare_total: tuple[int, int] = (60, 60)
    infrastructure_total: tuple[int, int] = (50, 100)
    top_demanded: frozenset[str] = frozenset(
        {"cell-molecular-biology", "cmc", "gmp-production", "regulatory-affairs", "quality-assurance"}
    )
    hardest_to_find: tuple[str, ...] = ("cell-production", "viral-vector-production", "in-vivo-models")
    regions_willing_share: float = 1.0
    companies_willing_share_rounded: float = 0.9


PUBLISHED = PublishedFigures()

REGIONS: list[tuple[str, int]] = [
    ("Region Stockholm", 15),
    ("Region Skåne", 12),
    ("Västra Götalandsregionen", 12),
    ("Region Västerbotten", 6),
    ("Region Uppsala", 8),
    ("Region Östergötland", 7),
]
NON_RESPONDING = [("Region Örebro län", OrganisationKind.HOSPITAL_REGION)]

# (name, kind, weight: share of the 400 company hires)
COMPANIES: list[tuple[str, str, int]] = [
    ("AcouSort AB", OrganisationKind.COMPANY_SME, 10),
    ("Amniotics AB", OrganisationKind.COMPANY_SME, 20),
    ("Asgard Therapeutics AB", OrganisationKind.COMPANY_SME, 20),
    ("AstraZeneca", OrganisationKind.COMPANY_LARGE_PHARMA, 60),
    ("Cellink", OrganisationKind.COMPANY_SME, 25),
    ("Cline Scientific AB", OrganisationKind.COMPANY_SME, 5),
    ("CombiGene AB", OrganisationKind.COMPANY_SME, 20),
    ("Idogen AB", OrganisationKind.COMPANY_SME, 15),
    ("Lokon Pharma AB", OrganisationKind.COMPANY_SME, 15),
    ("NEOGAP Therapeutics AB", OrganisationKind.COMPANY_SME, 20),
    ("NextCell Pharma AB", OrganisationKind.COMPANY_SME, 20),
    ("NorthX Biologics", OrganisationKind.CDMO, 50),
    ("Phase2Phase AB", OrganisationKind.COMPANY_SME, 10),
    ("Procella Therapeutics AB", OrganisationKind.COMPANY_SME, 20),
    ("Takara Bio Europe AB", OrganisationKind.COMPANY_SME, 30),
    ("TATAA Biocenter AB", OrganisationKind.COMPANY_SME, 15),
    ("VERIGRAFT AB", OrganisationKind.COMPANY_SME, 20),
    ("XNK Therapeutics AB", OrganisationKind.COMPANY_SME, 25),
]
NOT_WILLING = {"Cline Scientific AB", "Phase2Phase AB"}  # 16 of 18 companies willing ≈ 90 %
CCRM = "CCRM Nordic"

INDUSTRY_BY_AREA = {
    "cell-molecular-biology": 70,
    "cmc": 60,
    "gmp-production": 55,
    "regulatory-affairs": 45,
    "quality-assurance": 40,
    "quality-control": 25,
    "process-development": 25,
    "cell-production": 20,
    "viral-vector-production": 15,
    "clinical-trials": 15,
    "in-vivo-models": 8,
    "gene-editing": 8,
    "bioinformatics": 6,
    "business-market-access": 4,
    "leadership-project-management": 4,
}  # fmt: skip  (sums to 400)
HEALTHCARE_BY_AREA = {
    "cell-production": 10,
    "gmp-production": 10,
    "quality-assurance": 8,
    "clinical-trials": 8,
    "clinical-implementation": 8,
    "regulatory-affairs": 6,
    "quality-control": 6,
    "cell-molecular-biology": 4,
}  # fmt: skip  (sums to 60)
CCRM_BY_AREA = {
    "gmp-production": (10, 20),
    "process-development": (10, 20),
    "cell-production": (5, 10),
    "viral-vector-production": (5, 10),
    "quality-control": (5, 10),
    "quality-assurance": (5, 10),
    "regulatory-affairs": (5, 10),
    "cmc": (5, 10),
}  # fmt: skip  (sums to 50–100)
LEVEL_SHARES = {
    "industry": {"vocational": 10, "bachelor": 20, "master": 35, "phd": 25, "specialist": 10},
    "healthcare": {"vocational": 15, "bachelor": 45, "master": 15, "phd": 10, "specialist": 15},
}
CCRM_BY_LEVEL = {
    "vocational": (10, 20),
    "bachelor": (15, 30),
    "master": (15, 30),
    "phd": (5, 10),
    "specialist": (5, 10),
}
# How many of the 25 responding organisations name each area as hard to find (at most 5 each).
HARD_TO_FIND_COUNTS = {
    "cell-production": 16, "viral-vector-production": 14, "in-vivo-models": 12, "gmp-production": 9,
    "regulatory-affairs": 7, "quality-assurance": 6, "cmc": 5, "process-development": 4, "bioinformatics": 2,
}  # fmt: skip


def split(total: int, weights: Sequence[int]) -> list[int]:
    """Largest-remainder split of an integer total in proportion to weights; sums to total exactly."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class DemoOrg:
    name: str
    kind: str
    sector: str
    weight: int


def demo_organisations() -> list[DemoOrg]:
    regions = [DemoOrg(n, OrganisationKind.HOSPITAL_REGION, "healthcare", w) for n, w in REGIONS]
    companies = [DemoOrg(n, k, "industry", w) for n, k, w in COMPANIES]
    return [*regions, *companies, DemoOrg(CCRM, OrganisationKind.INFRASTRUCTURE, "infrastructure", 1)]


def _hard_to_find(orgs: Sequence[DemoOrg]) -> dict[str, list[str]]:
    picks: dict[str, list[str]] = {o.name: [] for o in orgs}
    for turn, (area, count) in enumerate(HARD_TO_FIND_COUNTS.items()):
        # Give each area to the organisations with the fewest picks so far, rotating the tie-break.
        ranked = sorted(
            range(len(orgs)), key=lambda i: (len(picks[orgs[i].name]), (i + 7 * turn) % len(orgs))
        )
        for i in ranked[:count]:
            picks[orgs[i].name].append(area)
    assert all(len(p) <= 5 for p in picks.values())
    return picks


def demo_answers() -> dict[str, dict[str, Any]]:
    """The constructed answers per organisation name (pure: the test recomputes totals from these too)."""
    orgs = demo_organisations()
    answers: dict[str, dict[str, Any]] = {o.name: {} for o in orgs}
    for sector, table in (("industry", INDUSTRY_BY_AREA), ("healthcare", HEALTHCARE_BY_AREA)):
        members = [o for o in orgs if o.sector == sector]
        for area, total in table.items():
            for org, n in zip(members, split(total, [o.weight for o in members]), strict=True):
                if n:
                    answers[org.name].setdefault("recruitment_by_area", {})[area] = {"hires": n}
    for area, (lo, hi) in CCRM_BY_AREA.items():
        answers[CCRM].setdefault("recruitment_by_area", {})[area] = {"hires": f"{lo}–{hi}"}
    for org in orgs:
        own = answers[org.name]
        if org.name == CCRM:
            own["recruitment_by_level"] = {
                lvl: {"hires": f"{lo}–{hi}"} for lvl, (lo, hi) in CCRM_BY_LEVEL.items()
            }
        else:
            total = sum(v["hires"] for v in own.get("recruitment_by_area", {}).values())
            shares = LEVEL_SHARES[org.sector]
            own["recruitment_by_level"] = {
                lvl: {"hires": n}
                for lvl, n in zip(shares, split(total, list(shares.values())), strict=True)
                if n
            }
        own["org_type"] = str(org.kind)
        own["org_size"] = _size(org)
        own["abroad_share"] = (
            60
            if org.kind == OrganisationKind.COMPANY_LARGE_PHARMA
            else 5
            if org.sector == "healthcare"
            else 15
        )
        own["internal_training"] = (
            "m6_12" if org.sector == "healthcare" else "m1_3" if org.weight >= 50 else "m3_6"
        )
        willing = org.name not in NOT_WILLING
        own["willing"] = "yes" if willing else "no"
        if willing:
            own["contribution"] = _contribution(org)
        own["comments"] = (
            "Illustrativt svar, konstruerat ur 2022 års publicerade summor – inte ett verkligt svar."
        )
    for name, areas in _hard_to_find(orgs).items():
        if areas:
            answers[name]["hard_to_find"] = areas
    return answers


def _size(org: DemoOrg) -> str:
    if org.sector == "healthcare" or org.kind == OrganisationKind.COMPANY_LARGE_PHARMA:
        return "very_large"
    if org.sector == "infrastructure":
        return "small"
    return "medium" if org.weight >= 30 else "small" if org.weight >= 15 else "micro"


def _contribution(org: DemoOrg) -> dict[str, dict[str, Any]]:
    if org.sector == "healthcare":
        kinds = {"teaching": 20, "thesis": 2, "internships": 3, "guest_lectures": 6, "gmp_access": 4}
    elif org.sector == "infrastructure":
        kinds = {"internships": 6, "gmp_access": 10, "guest_lectures": 4}
    elif org.kind == OrganisationKind.CDMO:
        kinds = {"thesis": 3, "internships": 4, "guest_lectures": 4, "gmp_access": 6}
    elif org.kind == OrganisationKind.COMPANY_LARGE_PHARMA:
        kinds = {"thesis": 4, "internships": 6, "industrial_phd": 2, "guest_lectures": 8}
    else:
        kinds = {"thesis": 1, "internships": 1, "guest_lectures": 2}
        if org.weight >= 20:
            kinds["industrial_phd"] = 1
    return {kind: {"offered": True, "capacity": cap} for kind, cap in kinds.items()}


def find_demo_round() -> Round | None:
    return Round.objects.filter(is_illustrative=True, title=DEMO_TITLE).first()


@transaction.atomic
def demo_round_create() -> tuple[Round, bool]:
    """Create the illustrative 2022 round (idempotent: an existing one is returned untouched)."""
    existing = find_demo_round()
    if existing is not None:
        return existing, False
    version = services.instrument_install_shipped()
    round_ = services.round_create(
        title=DEMO_TITLE,
        instrument=version,
        closes_at=timezone.now() + dt.timedelta(days=1),
        is_illustrative=True,
        note=DEMO_NOTE,
    )
    services.round_open(round=round_)
    answers = demo_answers()
    orgs: dict[str, Organisation] = {}
    for demo in demo_organisations():
        orgs[demo.name] = organisation_get_or_create(name=demo.name, kind=demo.kind, source=SOURCE)
    for name, kind in NON_RESPONDING:
        orgs[name] = organisation_get_or_create(name=name, kind=kind, source=SOURCE)
    services.round_invite(
        round=round_, organisations=orgs.values(), base_url="http://127.0.0.1:8000", send=False
    )
    for name, given in answers.items():
        response = SurveyResponse.objects.get(round=round_, organisation=orgs[name])
        validation = services.response_submit(response=response, actor=DEMO_ACTOR, raw_answers=given)
        if not validation.ok:
            raise ValueError(f"demo answers for {name} do not validate: {validation.errors}")
    services.round_close(round=round_)
    # Date the round as the 2022 mapping was run; it can no longer accept answers either way.
    Round.objects.filter(pk=round_.pk).update(
        opened_at=dt.datetime(2022, 1, 17, 9, 0, tzinfo=dt.UTC),
        closes_at=dt.datetime(2022, 3, 31, 22, 0, tzinfo=dt.UTC),
        closed_at=dt.datetime(2022, 3, 31, 22, 0, tzinfo=dt.UTC),
        published_at=dt.datetime(2022, 4, 28, 9, 0, tzinfo=dt.UTC),
    )
    round_.refresh_from_db()
    return round_, True


def load_demo() -> str:
    """`kartlagg up` step: the illustrative 2022 round."""
    round_, created = demo_round_create()
    submitted = SurveyResponse.objects.filter(round=round_, status="submitted").count()
    state = "created" if created else "unchanged"
    return (
        f"illustrative 2022 round {state}: {submitted} of {round_.invitations.count()} organisations answered"
    )
