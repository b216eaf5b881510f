"""The issue's acceptance walk-through, through the pages a person would use, then the API and dashboard."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kartlagg.coordination.models import Match, MatchStatus, Need, Offer
from kartlagg.coordination.selectors import dashboard_coordination_summary
from kartlagg.coordination.tests.factories import Cast

pytestmark = pytest.mark.django_db

THESES = [
    ("Examensarbete: media fill och processimulering", "gmp-production"),
    ("Examensarbete: miljöövervakning i renrum", "gmp-production"),
    ("Examensarbete: rening av virusvektorer", "viral-vector-production"),
]


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_company_offers_theses_programme_needs_gmp_teaching_coordinator_confirms(cast: Cast) -> None:
    # 1. A company representative registers three thesis projects.
    company = signed_in(cast.company_rep)
    for title, area in THESES:
        response = company.post(
            reverse("coordination:offer_new"),
            {
                "organisation": cast.company.pk,
                "type": "thesis_project",
                "title": title,
                "areas": [area],
                "level": "second_cycle",
                "capacity_per_year": 1,
                "remote_possible": "on",
                "is_public": "on",
            },
        )
        assert response.status_code == 302, response.content
    assert Offer.objects.filter(organisation=cast.company, type="thesis_project").count() == 3

    # 2. A programme director registers a need for GMP teaching.
    director = signed_in(cast.programme_director)
    response = director.post(
        reverse("coordination:need_new"),
        {
            "organisation": cast.university.pk,
            "type": "teaching",
            "title": "GMP-undervisning i masterprogrammet",
            "areas": ["gmp-production"],
            "level": "second_cycle",
            "capacity_per_year": 1,
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(organisation=cast.university)

    # 3. The coordinator sees the suggested matches with their reasons (Swedish by default).
    coordinator = signed_in(cast.coordinator)
    page = coordinator.get(reverse("coordination:suggestions"))
    html = page.content.decode()
    suggestions = page.context["suggestions"]
    assert [(s.offer.title, s.need.pk) for s in suggestions] == [
        ("Examensarbete: miljöövervakning i renrum", need.pk),
        ("Examensarbete: media fill och processimulering", need.pk),
    ]  # the vector thesis shares no area with GMP teaching; ties go to the newest offer
    assert suggestions[0].score == 40 + 0 + 15 + 12 + 6
    assert "Gemensamma kompetensområden: Produktion enligt GMP (1 av behovets 1)." in html
    assert "Olika form: erbjudandet är examensarbete, behovet gäller undervisning" in html
    assert "Kan göras på distans (erbjudandet i Västernorrland, behovet i Västerbotten)." in html

    # 4. The coordinator confirms the first suggestion.
    chosen = suggestions[0].offer
    response = coordinator.post(reverse("coordination:match_confirm"), {"offer": chosen.pk, "need": need.pk})
    match = Match.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "coordination:match_detail", args=[match.pk]
    )
    assert (match.offer, match.need, match.status, match.places) == (chosen, need, MatchStatus.CONFIRMED, 1)
    # The need's only place is taken, so nothing more is suggested for it.
    assert coordinator.get(reverse("coordination:suggestions")).context["suggestions"] == []

    # 5. The dashboard figures and the public API both show it.
    summary = dashboard_coordination_summary(user=None)
    assert summary["matches_by_status"]["confirmed"] == 1
    assert summary["open_offers_without_match"] == 2
    assert summary["open_needs_without_match"] == 0
    api = Client().get("/api/coordination/matches").json()
    assert [(m["offer_id"], m["need_id"], m["status"]) for m in api["items"]] == [
        (chosen.pk, need.pk, "confirmed")
    ]
    english = Client().get("/en" + reverse("coordination:match_detail", args=[match.pk])).content.decode()
    assert re.search(r"Shared competence areas: GMP production \(1 of the need&#x27;s 1\)\.", english)
