"""The survey aggregates in the API: public once published, never a small cell for the public."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.surveys import services
from kartlagg.surveys.policy import Actor
from kartlagg.surveys.tests.conftest import SurveyWorld, complete_answers, survey_world  # noqa: F401

ANNA = Actor(label="anna", via="link")


def _answer(world: SurveyWorld, **overrides: Any) -> None:
    assert services.response_submit(
        response=world.response_a, actor=ANNA, raw_answers=complete_answers(**overrides)
    ).ok


def _cell(table: dict[str, Any], row: str, col: str) -> dict[str, Any]:
    line = next(r for r in table["rows"] if r["key"] == row)
    return line["cells"][col]


@pytest.mark.django_db
def test_an_unpublished_round_exists_only_for_coordinators(survey_world: SurveyWorld) -> None:  # noqa: F811
    assert Client().get("/api/surveys/rounds").json() == []
    assert Client().get(f"/api/surveys/rounds/{survey_world.round.pk}/aggregates").status_code == 404

    coordinator = Client()
    coordinator.force_login(get_user_model().objects.create_superuser("coord", "c@example.org", "pw"))
    assert [r["id"] for r in coordinator.get("/api/surveys/rounds").json()] == [survey_world.round.pk]
    assert coordinator.get(f"/api/surveys/rounds/{survey_world.round.pk}/aggregates").status_code == 200


@pytest.mark.django_db
def test_one_companys_plans_are_suppressed_for_the_public_and_shown_to_coordinators(
    survey_world: SurveyWorld,  # noqa: F811
) -> None:
    # One small company says 50–100 GMP-production hires: a cell of one organisation.
    _answer(survey_world)
    services.round_publish(round=survey_world.round)
    url = f"/api/surveys/rounds/{survey_world.round.pk}/aggregates"

    public = Client().get(url)
    assert public.status_code == 200
    table = public.json()["demand_by_area_and_sector"]
    column = next(c for c in table["columns"] if c != "total")
    hidden = _cell(table, "gmp-production", column)
    assert hidden == {"min": None, "max": None, "contributors": None, "suppressed": True}
    # Nothing published anywhere in the public answer carries the company's 50 or 100.
    assert "50.0" not in public.content.decode() and "100.0" not in public.content.decode()

    coordinator = Client()
    coordinator.force_login(get_user_model().objects.create_superuser("coord", "c@example.org", "pw"))
    shown = _cell(coordinator.get(url).json()["demand_by_area_and_sector"], "gmp-production", column)
    assert (shown["min"], shown["max"], shown["contributors"]) == (50.0, 100.0, 1)


@pytest.mark.django_db
def test_an_unknown_round_is_404() -> None:
    Organisation.objects.create(slug="x", name="X", kind=OrganisationKind.OTHER)
    assert Client().get("/api/surveys/rounds/999999/aggregates").status_code == 404
