"""Rounds, links, drafts, submission, reminders and the audit log, through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from kartlagg.surveys import services
from kartlagg.surveys.instrument import InstrumentError, instrument_to_dict, load_shipped_instrument
from kartlagg.surveys.instrument.schema import instrument_from_dict
from kartlagg.surveys.models import AccessLink, AuditEntry, SurveyResponse
from kartlagg.surveys.policy import Actor
from kartlagg.surveys.tests.conftest import SurveyWorld, complete_answers

ANNA = Actor(label="anna", via="link")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English here (tests/test_i18n_catalogues.py checks the Swedish)."""
    with translation.override("en"):
        yield


def _link_actor(world: SurveyWorld, email: str) -> Actor:
    link = services.link_resolve(token=world.links[email])
    assert link is not None
    return Actor(
        label="link",
        via="link",
        link_grants={(link.invitation.round_id, link.invitation.organisation_id): (link.pk, link.contact_id)},
    )


def test_instrument_install_is_idempotent_and_refuses_changed_content_under_same_version(db) -> None:
    first = services.instrument_install_shipped()
    assert services.instrument_install_shipped().pk == first.pk
    data = instrument_to_dict(load_shipped_instrument())
    data["title"]["en"] = "Something else"
    with pytest.raises(InstrumentError, match="already stored with other content"):
        services.instrument_install(instrument=instrument_from_dict(data))
    data["version"] = "2026.2"
    assert services.instrument_install(instrument=instrument_from_dict(data)).version == "2026.2"


def test_invitation_sends_a_link_per_contact_and_stores_only_hashes(survey_world: SurveyWorld) -> None:
    assert sorted(m.to[0] for m in mail.outbox) == ["ali@a.example", "anna@a.example", "bo@b.example"]
    english = next(m for m in mail.outbox if m.to == ["ali@a.example"])
    assert english.subject == "Questionnaire: Kompetensbehov 2026"
    assert "/en/surveys/l/" in english.body
    for token in survey_world.links.values():
        selector, secret = token.split(".")
        link = AccessLink.objects.get(selector=selector)
        assert secret not in (link.verifier_hash, link.selector)
        assert len(secret) >= 43  # 256 bits
    assert SurveyResponse.objects.filter(round=survey_world.round).count() == 2


def test_one_response_per_organisation_even_when_invited_twice(survey_world: SurveyWorld) -> None:
    services.round_invite(round=survey_world.round, organisations=[survey_world.org_a], base_url="http://x")
    assert (
        SurveyResponse.objects.filter(round=survey_world.round, organisation=survey_world.org_a).count() == 1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(round=survey_world.round, organisation=survey_world.org_a)


def test_links_fail_alike_when_wrong_expired_revoked_or_unknown(survey_world: SurveyWorld) -> None:
    token = survey_world.links["anna@a.example"]
    selector, secret = token.split(".")
    assert services.link_resolve(token=token) is not None
    assert services.link_resolve(token=f"{selector}.{secret[:-1]}x") is None
    assert services.link_resolve(token=f"nosuchselect.{secret}") is None
    assert services.link_resolve(token="garbage") is None
    AccessLink.objects.filter(selector=selector).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.link_resolve(token=token) is None
    other = survey_world.links["bo@b.example"]
    AccessLink.objects.filter(selector=other.split(".")[0]).update(revoked_at=timezone.now())
    assert services.link_resolve(token=other) is None


def test_two_contacts_edit_the_same_response_and_the_audit_names_each(survey_world: SurveyWorld) -> None:
    anna = _link_actor(survey_world, "anna@a.example")
    ali = _link_actor(survey_world, "ali@a.example")
    services.response_save_draft(
        response=survey_world.response_a, raw_answers={"org_type": "company_sme"}, actor=anna
    )
    result = services.response_save_draft(
        response=survey_world.response_a,
        raw_answers={"recruitment_by_area": {"cmc": {"hires": "5–10"}}},
        actor=ali,
    )
    assert result.saved == ["recruitment_by_area"] and result.revision == 2
    response = SurveyResponse.objects.get(pk=survey_world.response_a.pk)
    assert response.answers == {
        "org_type": "company_sme",
        "recruitment_by_area": {"cmc": {"hires": {"min": 5, "max": 10}}},
    }
    log = list(AuditEntry.objects.filter(response=response).values_list("actor_label", "question_id", "via"))
    assert log == [
        ("Anna Andersson <anna@a.example>", "org_type", "link"),
        ("Ali Ahmed <ali@a.example>", "recruitment_by_area", "link"),
    ]


def test_saving_the_same_answer_again_changes_nothing(survey_world: SurveyWorld) -> None:
    for _ in range(2):
        result = services.response_save_draft(
            response=survey_world.response_a, raw_answers={"org_size": "small"}, actor=ANNA
        )
    assert result.saved == [] and result.revision == 1
    assert AuditEntry.objects.filter(response=survey_world.response_a).count() == 1


def test_invalid_draft_answer_is_reported_and_the_stored_one_kept(survey_world: SurveyWorld) -> None:
    services.response_save_draft(
        response=survey_world.response_a, raw_answers={"abroad_share": 20}, actor=ANNA
    )
    result = services.response_save_draft(
        response=survey_world.response_a, raw_answers={"abroad_share": 200}, actor=ANNA
    )
    assert result.errors == {"abroad_share": "Enter a value between 0 and 100."}
    assert SurveyResponse.objects.get(pk=survey_world.response_a.pk).answers == {"abroad_share": 20}


def test_submit_validates_then_locks_until_reopened(survey_world: SurveyWorld) -> None:
    validation = services.response_submit(
        response=survey_world.response_a, actor=ANNA, raw_answers={"org_type": "cdmo"}
    )
    assert not validation.ok and set(validation.errors) == {"org_size", "willing"}
    assert SurveyResponse.objects.get(pk=survey_world.response_a.pk).status == "draft"

    assert services.response_submit(
        response=survey_world.response_a, actor=ANNA, raw_answers=complete_answers()
    ).ok
    response = SurveyResponse.objects.get(pk=survey_world.response_a.pk)
    assert response.status == "submitted" and response.submitted_at is not None
    with pytest.raises(services.RoundStateError):
        services.response_save_draft(response=response, raw_answers={"org_size": "micro"}, actor=ANNA)

    services.response_reopen(response=response, actor=ANNA)
    services.response_save_draft(response=response, raw_answers={"org_size": "micro"}, actor=ANNA)
    assert services.response_submit(response=response, actor=ANNA).ok
    kinds = list(
        AuditEntry.objects.filter(response=response).exclude(kind="answer").values_list("kind", flat=True)
    )
    assert kinds == ["submit", "reopen", "submit"]


def test_submit_drops_answers_hidden_by_a_condition(survey_world: SurveyWorld) -> None:
    answers = complete_answers(willing="no")
    assert services.response_submit(response=survey_world.response_a, actor=ANNA, raw_answers=answers).ok
    assert "contribution" not in SurveyResponse.objects.get(pk=survey_world.response_a.pk).answers


def test_closed_round_accepts_no_answers_and_kills_links(survey_world: SurveyWorld) -> None:
    services.round_close(round=survey_world.round)
    with pytest.raises(services.RoundStateError):
        services.response_save_draft(
            response=survey_world.response_a, raw_answers={"org_size": "small"}, actor=ANNA
        )
    assert services.link_resolve(token=survey_world.links["anna@a.example"]) is None


def test_reminders_go_only_to_organisations_that_have_not_submitted(survey_world: SurveyWorld) -> None:
    services.response_submit(
        response=survey_world.response_b, actor=ANNA, raw_answers=complete_answers(org_type="hospital_region")
    )
    mail.outbox.clear()
    result = services.round_send_reminders(round=survey_world.round, base_url="http://testserver")
    assert [o.name for o in result.organisations] == ["Bolag A AB"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ali@a.example", "anna@a.example"]
    assert mail.outbox[0].subject.startswith(("Påminnelse", "Reminder"))
    # The reminder's fresh link works, and the original one still does too.
    new_token = mail.outbox[0].body.split("/surveys/l/")[1].split("/")[0]
    assert services.link_resolve(token=new_token) is not None
    assert services.link_resolve(token=survey_world.links["anna@a.example"]) is not None


def test_deploy_check_warns_about_a_per_process_rate_limit(settings) -> None:
    from kartlagg.surveys.checks import check_link_guessing_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_link_guessing_cache(None)] == ["kartlagg.surveys.W001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert check_link_guessing_cache(None) == []
