"""Illustrative coordination data, so that a new installation shows what the workbench is for.

Everything here is an ILLUSTRATIVE EXAMPLE: the organisations are invented ("(exempel)" in their
names) and so are their offers and needs. The initiatives name efforts the 2022 report mentions (CAMP's
e-learning on GMP manufacturing, Läkemedelsakademien's introduction course, Vävnadsrådet's courses),
but their status and areas here are illustrations, not facts; their source says so. Loading is
idempotent: records are found by their keys and titles and updated, never duplicated.
"""

from __future__ import annotations

from django.db import transaction

from kartlagg.coordination.models import (
    ActorRoleKind,
    ContributionSource,
    Initiative,
    InitiativeStatus,
    Need,
    Offer,
)
from kartlagg.coordination.services import actor_role_assign, areas_from_codes
from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.organisations.services import organisation_get_or_create

DEMO_SOURCE = "kartlagg illustrative demo (invented data)"
INITIATIVE_SOURCE = "Named in the 2022 report (ATMP 2030); status and areas here are illustrative"

_ORGS = [
    ("Cellbolaget AB (exempel)", OrganisationKind.COMPANY_SME, "Stockholm", [ActorRoleKind.NEED_OWNER]),
    ("Vektorfabriken AB (exempel)", OrganisationKind.CDMO, "Västra Götaland", [ActorRoleKind.NEED_OWNER]),
    (
        "Universitetssjukhuset i Norr (exempel)",
        OrganisationKind.HOSPITAL_REGION,
        "Västerbotten",
        [ActorRoleKind.NEED_OWNER, ActorRoleKind.INFRASTRUCTURE],
    ),
    (
        "Tekniska högskolan i Väst (exempel)",
        OrganisationKind.UNIVERSITY,
        "Västra Götaland",
        [ActorRoleKind.EDUCATION_PROVIDER],
    ),
    (
        "Norrlands universitet (exempel)",
        OrganisationKind.UNIVERSITY,
        "Västerbotten",
        [ActorRoleKind.EDUCATION_PROVIDER],
    ),
    ("Innovationsfonden (exempel)", OrganisationKind.FUNDER, "Stockholm", [ActorRoleKind.FUNDER]),
]

# (key, organisation, type, title, areas, level, capacity, region, remote)
_OFFERS = [
    (
        "demo:offer:thesis-gmp",
        0,
        "thesis_project",
        "Examensarbeten i GMP-tillverkning av cellterapi",
        ["gmp-production", "cell-production"],
        "second_cycle",
        3,
        "",
        False,
    ),
    (
        "demo:offer:lecture-vector",
        1,
        "guest_lecture",
        "Gästföreläsning: produktion av virala vektorer",
        ["viral-vector-production", "quality-control"],
        "",
        4,
        "",
        True,
    ),
    (
        "demo:offer:internship-qc",
        1,
        "internship",
        "Praktikplatser i kvalitetskontroll",
        ["quality-control", "quality-assurance"],
        "first_cycle",
        2,
        "",
        False,
    ),
    (
        "demo:offer:gmp-access",
        2,
        "gmp_facility_access",
        "Tillgång till renrum för praktiska övningar",
        ["gmp-production"],
        "",
        2,
        "",
        False,
    ),
]

_NEEDS = [
    (
        "demo:need:gmp-teaching",
        4,
        "teaching",
        "GMP-undervisning i masterprogrammet i bioteknik",
        ["gmp-production", "quality-assurance"],
        "second_cycle",
        2,
        "",
        False,
    ),
    (
        "demo:need:vector-lecture",
        3,
        "guest_lecture",
        "Gästföreläsare om virusvektorer",
        ["viral-vector-production"],
        "second_cycle",
        1,
        "",
        True,
    ),
    (
        "demo:need:internships-bma",
        3,
        "internship",
        "Praktikplatser för biomedicinska analytiker",
        ["quality-control", "cell-production"],
        "first_cycle",
        4,
        "",
        False,
    ),
]

# (title_sv, title_en, owner name, status, areas, target group)
_INITIATIVES = [
    (
        "CAMP: e-kurs i GMP-tillverkning av ATMP",
        "CAMP: e-learning course on GMP manufacturing of ATMP",
        "CAMP",
        InitiativeStatus.RUNNING,
        ["gmp-production", "cell-production"],
        "Personal inom industri och vård",
    ),
    (
        "Läkemedelsakademien: introduktionskurs om ATMP",
        "Läkemedelsakademien: introduction to ATMP",
        "Läkemedelsakademien",
        InitiativeStatus.FINISHED,
        ["cell-molecular-biology", "regulatory-affairs"],
        "Alla",
    ),
    (
        "Vävnadsrådet: kurser inom cellterapiverksamhet",
        "Vävnadsrådet: courses on cell-therapy operations",
        "Vävnadsrådet",
        InitiativeStatus.RUNNING,
        ["cell-production", "quality-assurance"],
        "Vårdpersonal",
    ),
]


def _save_contribution(model: type[Offer] | type[Need], row: tuple, orgs: list[Organisation]) -> None:
    key, org_index, kind, title, codes, level, capacity, region, remote = row
    org = orgs[org_index]
    item = model.objects.filter(organisation=org, source_key=key).first() or model(
        organisation=org, source_key=key
    )
    item.type, item.title, item.level, item.capacity_per_year = kind, title, level, capacity
    item.region, item.remote_possible, item.source = region, remote, ContributionSource.DEMO
    item.description = "Illustrativt exempel: påhittad organisation och påhittade uppgifter."
    item.full_clean()
    item.save()
    item.areas.set(areas_from_codes(codes))


@transaction.atomic
def load_demo() -> str:
    """Load the illustrative coordination data; returns a one-line summary (a `kartlagg up` step)."""
    orgs = []
    for name, kind, region, roles in _ORGS:
        org = organisation_get_or_create(name=name, kind=kind, region=region, source=DEMO_SOURCE)
        for role in roles:
            actor_role_assign(organisation=org, role=role, note="Illustrativt exempel.")
        orgs.append(org)
    for row in _OFFERS:
        _save_contribution(Offer, row, orgs)
    for row in _NEEDS:
        _save_contribution(Need, row, orgs)
    for title_sv, title_en, owner_name, status, codes, target in _INITIATIVES:
        owner = organisation_get_or_create(name=owner_name, kind=OrganisationKind.NETWORK)
        initiative = Initiative.objects.filter(title_sv=title_sv).first() or Initiative(title_sv=title_sv)
        initiative.title_en, initiative.owner, initiative.status = title_en, owner, status
        initiative.target_group, initiative.source = target, INITIATIVE_SOURCE
        initiative.full_clean()
        initiative.save()
        initiative.areas.set(areas_from_codes(codes))
    return (
        f"illustrative coordination demo: {len(_ORGS)} invented organisations, {len(_OFFERS)} offers, "
        f"{len(_NEEDS)} needs, {len(_INITIATIVES)} initiatives"
    )
