"""Survey fixtures: an open round with two invited organisations and the named personas.

Personas: coordinator, respondent_a (login, organisation A), respondent_b (login, organisation B),
viewer, outsider (logged in, no role), anonymous (not logged in), and link holders of A.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kartlagg.organisations.models import Contact, Organisation, OrganisationKind
from kartlagg.surveys import services
from kartlagg.surveys.models import Round, SurveyMembership, SurveyResponse, SurveyRole

BASE = "http://testserver"


@dataclass
class SurveyWorld:
    round: Round
    org_a: Organisation
    org_b: Organisation
    contact_a1: Contact
    contact_a2: Contact
    contact_b: Contact
    links: dict[str, str]  # contact email -> token
    response_a: SurveyResponse
    response_b: SurveyResponse


@pytest.fixture
def survey_world(db: Any) -> SurveyWorld:
    version = services.instrument_install_shipped()
    round_ = services.round_create(
        title="Kompetensbehov 2026", instrument=version, closes_at=timezone.now() + dt.timedelta(days=30)
    )
    services.round_open(round=round_)
    org_a = Organisation.objects.create(slug="bolag-a", name="Bolag A AB", kind=OrganisationKind.COMPANY_SME)
    org_b = Organisation.objects.create(
        slug="region-b", name="Region B", kind=OrganisationKind.HOSPITAL_REGION
    )
    a1 = Contact.objects.create(organisation=org_a, name="Anna Andersson", email="anna@a.example")
    a2 = Contact.objects.create(
        organisation=org_a, name="Ali Ahmed", email="ali@a.example", preferred_language="en"
    )
    b = Contact.objects.create(organisation=org_b, name="Bo Berg", email="bo@b.example")
    result = services.round_invite(round=round_, organisations=[org_a, org_b], base_url=BASE)
    links = {link.contact.email: link.token for link in result.links if link.contact}
    return SurveyWorld(
        round=round_,
        org_a=org_a,
        org_b=org_b,
        contact_a1=a1,
        contact_a2=a2,
        contact_b=b,
        links=links,
        response_a=SurveyResponse.objects.get(round=round_, organisation=org_a),
        response_b=SurveyResponse.objects.get(round=round_, organisation=org_b),
    )


def _user(username: str, role: str | None = None, organisation: Organisation | None = None) -> Any:
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    if role:
        SurveyMembership.objects.create(user=user, role=role, organisation=organisation)
    return user


@pytest.fixture
def personas(survey_world: SurveyWorld) -> dict[str, Client]:
    """A logged-in (or link-holding) test client per persona."""
    users = {
        "coordinator": _user("coordinator", SurveyRole.COORDINATOR),
        "respondent_a": _user("respondent_a", SurveyRole.RESPONDENT, survey_world.org_a),
        "respondent_b": _user("respondent_b", SurveyRole.RESPONDENT, survey_world.org_b),
        "viewer": _user("viewer", SurveyRole.VIEWER),
        "outsider": _user("outsider"),
    }
    clients: dict[str, Client] = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        clients[name] = client
    clients["anonymous"] = Client()
    link_a = Client()
    assert link_a.get(f"/surveys/l/{survey_world.links['anna@a.example']}/").status_code == 302
    clients["link_a"] = link_a
    return clients


def complete_answers(**overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "org_type": "company_sme",
        "org_size": "small",
        "recruitment_by_area": {"cmc": {"hires": "5"}, "gmp-production": {"hires": "50–100"}},
        "willing": "yes",
        "contribution": {"thesis": {"offered": True, "capacity": 2}},
    }
    answers.update(overrides)
    return answers
