"""Every coordination page against every role: anonymous, outsider, member, coordinator."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from kartlagg.coordination import services
from kartlagg.coordination.models import Decision, Initiative, Match, MatchStatus, Need, Offer
from kartlagg.coordination.tests.factories import Cast
from kartlagg.organisations.models import Contact

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "other_member", "coordinator"]


@pytest.fixture
def world(cast: Cast) -> dict[str, object]:
    contact = Contact.objects.create(
        organisation=cast.company, name="Anna Berg", email="anna.berg@northx.example"
    )
    offer = services.offer_create(
        organisation=cast.company,
        type="thesis_project",
        title="Examensarbete: media fill",
        areas=services.areas_from_codes(["gmp-production"]),
        level="second_cycle",
        capacity_per_year=3,
        contact=contact,
    )
    hidden = services.offer_create(
        organisation=cast.company,
        type="internship",
        title="Intern praktikplats",
        areas=services.areas_from_codes(["cell-production"]),
        is_public=False,
    )
    need = services.need_create(
        organisation=cast.university,
        type="teaching",
        title="GMP-undervisning",
        areas=services.areas_from_codes(["gmp-production"]),
        level="second_cycle",
        capacity_per_year=1,
    )
    extra_need = services.need_create(
        organisation=cast.university,
        type="thesis_project",
        title="Examensarbeten GMP",
        areas=services.areas_from_codes(["gmp-production"]),
        capacity_per_year=1,
    )
    match = services.match_confirm(offer=offer, need=need, by=cast.coordinator)
    initiative = services.initiative_save(
        owner=cast.university,
        areas=services.areas_from_codes(["gmp-production"]),
        title_sv="GMP-kurs",
    )
    decision = services.decision_record(
        decided_on=date(2026, 1, 1), title="Starta", follow_up_on=date(2026, 2, 1)
    )
    return {
        "offer": offer,
        "hidden": hidden,
        "need": need,
        "extra_need": extra_need,
        "match": match,
        "initiative": initiative,
        "decision": decision,
    }


def client_for(role: str, cast: Cast) -> Client:
    client = Client()
    user = {
        "anonymous": None,
        "outsider": cast.outsider,
        "member": cast.company_rep,
        "other_member": cast.programme_director,
        "coordinator": cast.coordinator,
    }[role]
    if user is not None:
        client.force_login(user)
    return client


LOGIN = 302  # anonymous visitors are sent to sign in
# (name, url builder, method, expected per role in ROLES order)
PAGES = [
    ("overview", lambda w: reverse("coordination:overview"), "get", [200, 200, 200, 200, 200]),
    ("offers", lambda w: reverse("coordination:offers"), "get", [200, 200, 200, 200, 200]),
    ("needs", lambda w: reverse("coordination:needs"), "get", [200, 200, 200, 200, 200]),
    ("offer_new", lambda w: reverse("coordination:offer_new"), "get", [LOGIN, 403, 200, 200, 200]),
    ("need_new", lambda w: reverse("coordination:need_new"), "get", [LOGIN, 403, 200, 200, 200]),
    ("offer_detail", lambda w: reverse("coordination:offer_detail", args=[w["offer"].pk]), "get", [200] * 5),
    (
        "hidden_offer",
        lambda w: reverse("coordination:offer_detail", args=[w["hidden"].pk]),
        "get",
        [404, 404, 200, 404, 200],
    ),
    ("need_detail", lambda w: reverse("coordination:need_detail", args=[w["need"].pk]), "get", [200] * 5),
    (
        "offer_edit",
        lambda w: reverse("coordination:offer_edit", args=[w["offer"].pk]),
        "get",
        [LOGIN, 403, 200, 403, 200],
    ),
    (
        "need_edit",
        lambda w: reverse("coordination:need_edit", args=[w["need"].pk]),
        "get",
        [LOGIN, 403, 403, 200, 200],
    ),
    ("suggestions", lambda w: reverse("coordination:suggestions"), "get", [LOGIN, 403, 403, 403, 200]),
    ("matches", lambda w: reverse("coordination:matches"), "get", [200] * 5),
    ("match_detail", lambda w: reverse("coordination:match_detail", args=[w["match"].pk]), "get", [200] * 5),
    (
        "match_status",
        lambda w: reverse("coordination:match_detail", args=[w["match"].pk]),
        "post",
        [LOGIN, 403, 403, 403, 302],
    ),
    ("match_confirm", lambda w: reverse("coordination:match_confirm"), "post", [LOGIN, 403, 403, 403, 302]),
    ("initiatives", lambda w: reverse("coordination:initiatives"), "get", [200] * 5),
    ("initiative_new", lambda w: reverse("coordination:initiative_new"), "get", [LOGIN, 403, 403, 403, 200]),
    (
        "initiative_edit",
        lambda w: reverse("coordination:initiative_edit", args=[w["initiative"].pk]),
        "get",
        [LOGIN, 403, 403, 403, 200],
    ),
    ("decisions", lambda w: reverse("coordination:decisions"), "get", [LOGIN, 403, 403, 403, 200]),
    ("decision_new", lambda w: reverse("coordination:decision_new"), "get", [LOGIN, 403, 403, 403, 200]),
    (
        "decision_done",
        lambda w: reverse("coordination:decision_followed_up", args=[w["decision"].pk]),
        "post",
        [LOGIN, 403, 403, 403, 302],
    ),
    ("actors", lambda w: reverse("coordination:actors"), "get", [200] * 5),
]

POST_DATA = {
    "match_status": lambda w: {"status": "in_progress"},
    "match_confirm": lambda w: {"offer": w["offer"].pk, "need": w["extra_need"].pk},
    "decision_done": lambda w: {},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_every_role_as_the_policy_says(
    cast: Cast, world: dict[str, object], role: str
) -> None:
    client = client_for(role, cast)
    wrong = []
    for name, url, method, expected in PAGES:
        path = url(world)
        response = client.get(path) if method == "get" else client.post(path, POST_DATA[name](world))
        want = expected[ROLES.index(role)]
        if response.status_code != want:
            wrong.append((name, response.status_code, want))
        elif want == LOGIN and role == "anonymous":
            assert response["Location"].startswith(reverse("admin:login")), name
    assert wrong == []


def test_posts_change_state_only_for_coordinators(cast: Cast, world: dict[str, object]) -> None:
    match: Match = world["match"]  # type: ignore[assignment]
    for role in ("anonymous", "outsider", "member"):
        client_for(role, cast).post(
            reverse("coordination:match_detail", args=[match.pk]), {"status": "cancelled"}
        )
    match.refresh_from_db()
    assert match.status == MatchStatus.CONFIRMED
    client_for("coordinator", cast).post(
        reverse("coordination:match_detail", args=[match.pk]), {"status": "cancelled"}
    )
    match.refresh_from_db()
    assert match.status == MatchStatus.CANCELLED and match.cancelled_at is not None


def test_contacts_and_hidden_records_show_only_to_owner_and_coordinator(
    cast: Cast, world: dict[str, object]
) -> None:
    offer: Offer = world["offer"]  # type: ignore[assignment]
    url = reverse("coordination:offer_detail", args=[offer.pk])
    for role, visible in [
        ("anonymous", False),
        ("outsider", False),
        ("other_member", False),
        ("member", True),
        ("coordinator", True),
    ]:
        page = client_for(role, cast).get(url).content.decode()
        assert ("anna.berg@northx.example" in page) is visible, role
        listing = client_for(role, cast).get(reverse("coordination:offers")).content.decode()
        assert ("Intern praktikplats" in listing) is visible, role


def test_a_member_cannot_register_for_another_organisation(cast: Cast) -> None:
    response = client_for("member", cast).post(
        reverse("coordination:offer_new"),
        {"organisation": cast.university.pk, "type": "internship", "areas": ["cmc"], "capacity_per_year": 1},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Offer.objects.filter(organisation=cast.university).count() == 0


def test_forms_show_errors_and_keep_nothing_when_invalid(cast: Cast) -> None:
    response = client_for("coordinator", cast).post(
        reverse("coordination:need_new"),
        {
            "organisation": cast.university.pk,
            "type": "teaching",
            "areas": [],
            "capacity_per_year": 0,
            "start_date": "2027-05-01",
            "end_date": "2027-01-01",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"areas", "capacity_per_year", "end_date"}
    assert Need.objects.count() == 0


def test_initiative_and_decision_forms_save_and_redirect(cast: Cast) -> None:
    client = client_for("coordinator", cast)
    response = client.post(
        reverse("coordination:initiative_new"),
        {
            "title_sv": "Nationell GMP-kurs",
            "owner": cast.university.pk,
            "areas": ["gmp-production", "cmc"],
            "status": "planned",
            "budget_sek": "500000",
            "start_date": "2027-01-01",
            "is_public": "on",
        },
    )
    initiative = Initiative.objects.get(title_sv="Nationell GMP-kurs")
    assert response.status_code == 302 and response["Location"].endswith(f"#initiative-{initiative.pk}")
    assert int(initiative.budget_sek or 0) == 500000
    response = client.post(
        reverse("coordination:decision_new"),
        {
            "decided_on": "2026-11-24",
            "title": "Finansiera kursen",
            "follow_up_on": "2027-02-01",
            "initiative": initiative.pk,
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get().initiative == initiative


def test_pages_speak_swedish_by_default_and_english_under_en(cast: Cast, world: dict[str, object]) -> None:
    client = client_for("coordinator", cast)
    sv = client.get(reverse("coordination:suggestions")).content.decode()
    assert "Föreslagna matchningar" in sv
    en = client.get("/en" + reverse("coordination:suggestions")).content.decode()
    assert "Suggested matches" in en
