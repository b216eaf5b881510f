"""Interviews: consent decides what may be quoted; codes must be real competence areas."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kartlagg.interviews.demo import INTERVIEWS
from kartlagg.interviews.demo import load_demo as load_interviews
from kartlagg.interviews.models import Consent, Interview, Statement, StatementKind
from kartlagg.interviews.selectors import quotes_for_report, statements_by_area
from kartlagg.interviews.services import interview_record, interview_set_consent, statement_add
from kartlagg.organisations.models import Organisation
from kartlagg.taxonomy.models import CompetenceArea


@pytest.fixture
def org(db: Any) -> Organisation:
    return Organisation.objects.create(slug="bolag", name="Bolag AB", kind="company_sme")


def test_quotes_reach_a_report_only_with_consent(atmp_domain: Any, org: Organisation) -> None:
    interview = interview_record(organisation=org, person_name="Eva Ek", person_role="CSO")
    quote = statement_add(
        interview=interview,
        text="Vi hittar inga GMP-operatörer.",
        kind=StatementKind.QUOTE,
        area_codes=["gmp-production"],
    )
    statement_add(interview=interview, text="Rekryterar nationellt.", kind=StatementKind.PARAPHRASE)
    assert list(quotes_for_report()) == []

    interview_set_consent(interview=interview, consent=Consent.QUOTES)
    assert interview.consent_recorded_at is not None
    assert list(quotes_for_report(area_code="gmp-production")) == [quote]
    assert list(quotes_for_report(area_code="cmc")) == []

    interview_set_consent(
        interview=interview, consent=Consent.NAMED
    )  # consent narrowed: quotes leave reports
    assert list(quotes_for_report()) == []
    assert list(statements_by_area(area_code="gmp-production")) == [quote]


def test_unknown_competence_code_is_refused_by_name(atmp_domain: Any, org: Organisation) -> None:
    interview = interview_record(organisation=org, person_name="Eva Ek", person_role="CSO")
    with pytest.raises(CompetenceArea.DoesNotExist, match="unknown competence area 'gmp-magic'"):
        statement_add(interview=interview, text="x", kind=StatementKind.NOTE, area_codes=["gmp-magic"])
    assert Statement.objects.count() == 0


def test_demo_interviews_are_the_report_appendix_without_quotes(atmp_domain: Any) -> None:
    assert load_interviews() == "4 illustrative interviews (4 new)"
    assert load_interviews() == "4 illustrative interviews (0 new)"
    people = set(Interview.objects.values_list("person_name", flat=True))
    assert people == {row[0] for row in INTERVIEWS}
    assert not Interview.objects.exclude(consent=Consent.NONE).exists()
    assert not Statement.objects.filter(kind=StatementKind.QUOTE).exists()
    assert all(
        s.is_illustrative and s.text.startswith("Illustrativ parafras") for s in Statement.objects.all()
    )
    assert list(quotes_for_report()) == []


def test_interview_pages_are_for_coordinators_only(atmp_domain: Any, django_user_model: Any) -> None:
    from kartlagg.surveys.models import SurveyMembership

    load_interviews()
    interview = Interview.objects.get(person_name="Johan Hyllner")
    coordinator = django_user_model.objects.create_user("kim", password="pw")
    SurveyMembership.objects.create(user=coordinator, role="coordinator")
    viewer = django_user_model.objects.create_user("vera", password="pw")
    SurveyMembership.objects.create(user=viewer, role="viewer")
    outsider = django_user_model.objects.create_user("olle", password="pw")
    expected = {coordinator: 200, viewer: 403, outsider: 403}
    for user, status in expected.items():
        client = Client()
        client.force_login(user)
        assert client.get("/interviews/").status_code == status
        assert client.get(f"/interviews/{interview.pk}/").status_code == status
    page = Client()
    page.force_login(coordinator)
    detail = page.get(f"/en/interviews/{interview.pk}/").content.decode()
    assert "Illustrative" in detail and "AstraZeneca" in detail
    assert Client().get("/interviews/").status_code == 302
