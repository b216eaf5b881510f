"""A submitted survey answer about willingness becomes open offers in the workbench, once."""

from __future__ import annotations

import pytest

from kartlagg.coordination.models import ContributionStatus, ContributionType, Offer
from kartlagg.coordination.survey_capture import survey_source, willingness_from_answers
from kartlagg.surveys import services
from kartlagg.surveys.policy import Actor
from kartlagg.surveys.tests.conftest import SurveyWorld, complete_answers, survey_world  # noqa: F401

ANNA = Actor(label="anna", via="link")


def test_only_offered_rows_of_a_willing_organisation_count() -> None:
    answers = {
        "willing": "maybe",
        "contribution": {
            "thesis": {"offered": True, "capacity": 3},
            "internships": {"offered": False, "capacity": 5},
            "gmp_access": {"offered": True},
        },
    }
    assert willingness_from_answers(answers) == [
        {"type": "thesis", "capacity_per_year": 3, "areas": [], "level": "", "comment": ""},
        {"type": "gmp_access", "capacity_per_year": None, "areas": [], "level": "", "comment": ""},
    ]
    assert willingness_from_answers({**answers, "willing": "no"}) == []


@pytest.mark.django_db(transaction=True)
def test_submitting_a_response_captures_its_offers_once(survey_world: SurveyWorld) -> None:  # noqa: F811
    answers = complete_answers(
        contribution={
            "thesis": {"offered": True, "capacity": 2},
            "internships": {"offered": True, "capacity": 4},
        }
    )
    assert services.response_submit(response=survey_world.response_a, actor=ANNA, raw_answers=answers).ok

    offers = Offer.objects.filter(organisation=survey_world.org_a).order_by("type")
    assert [(o.type, o.capacity_per_year, o.status) for o in offers] == [
        (ContributionType.INTERNSHIP, 4, ContributionStatus.OPEN),
        (ContributionType.THESIS_PROJECT, 2, ContributionStatus.OPEN),
    ]
    assert {o.source_key.split(":")[0] for o in offers} == {survey_source(survey_world.round.pk)}

    # Saving the submitted response again (e.g. a coordinator's edit) adds nothing.
    survey_world.response_a.refresh_from_db()
    survey_world.response_a.save()
    assert Offer.objects.filter(organisation=survey_world.org_a).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_draft_captures_nothing(survey_world: SurveyWorld) -> None:  # noqa: F811
    services.response_save_draft(response=survey_world.response_b, raw_answers=complete_answers(), actor=ANNA)
    assert not Offer.objects.filter(organisation=survey_world.org_b).exists()


@pytest.mark.django_db(transaction=True)
def test_an_illustrative_round_never_becomes_real_organisations_offers(survey_world: SurveyWorld) -> None:  # noqa: F811
    survey_world.round.is_illustrative = True
    survey_world.round.save()
    assert services.response_submit(
        response=survey_world.response_a, actor=ANNA, raw_answers=complete_answers()
    ).ok
    assert not Offer.objects.filter(organisation=survey_world.org_a).exists()
