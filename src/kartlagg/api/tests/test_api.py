"""The HTTP API: public reads show public fields only, writes need a coordinator's token or session."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kartlagg.api.models import ApiToken
from kartlagg.api.services import api_token_create, api_token_revoke, token_hash
from kartlagg.coordination import services
from kartlagg.coordination.models import Match, MatchStatus, Offer
from kartlagg.coordination.tests.factories import Cast
from kartlagg.organisations.models import Contact

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def coordinator_token(cast: Cast) -> str:
    return api_token_create(user=cast.coordinator, name="tests")[1]


@pytest.fixture
def member_token(cast: Cast) -> str:
    return api_token_create(user=cast.company_rep, name="tests")[1]


def test_schema_and_docs_are_served_outside_the_language_prefix(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "kartlagg API"
    assert {
        "/api/taxonomy/areas",
        "/api/catalogue/offerings",
        "/api/coordination/offers",
        "/api/coordination/matches",
    } <= set(schema["paths"])
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_taxonomy_areas_are_public(client: Client, atmp_domain: object) -> None:
    areas = client.get("/api/taxonomy/areas").json()
    assert len(areas) == 20
    gmp = client.get("/api/taxonomy/areas/gmp-production").json()
    assert (gmp["label_sv"], gmp["label_en"]) == ("Produktion enligt GMP", "GMP production")
    assert client.get("/api/taxonomy/areas/no-such-area").status_code == 404


def test_catalogue_offerings_filter_and_page(client: Client, seeded_catalogue: object) -> None:
    everything = client.get("/api/catalogue/offerings?limit=500").json()
    assert everything["count"] == len(everything["items"]) > 0
    swedish = client.get("/api/catalogue/offerings?country=SE&limit=500").json()
    assert 0 < swedish["count"] < everything["count"]
    assert {item["country"] for item in swedish["items"]} == {"SE"}
    page = client.get("/api/catalogue/offerings?limit=2&offset=1").json()
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything["items"][1:3]]
    assert client.get("/api/catalogue/offerings?level=kindergarten").status_code == 422
    assert client.get("/api/catalogue/offerings?limit=0").status_code == 422
    first = everything["items"][0]
    assert client.get(f"/api/catalogue/offerings/{first['id']}").json()["key"] == first["key"]


def test_public_reads_hide_private_records_and_contacts(
    client: Client, cast: Cast, coordinator_token: str, member_token: str
) -> None:
    contact = Contact.objects.create(
        organisation=cast.company, name="Anna Berg", email="anna.berg@northx.example"
    )
    public = services.offer_create(
        organisation=cast.company,
        type="thesis_project",
        areas=services.areas_from_codes(["gmp-production"]),
        contact=contact,
    )
    hidden = services.offer_create(
        organisation=cast.company,
        type="internship",
        areas=services.areas_from_codes(["cmc"]),
        is_public=False,
    )
    anonymous = client.get("/api/coordination/offers").json()
    assert [o["id"] for o in anonymous["items"]] == [public.pk]
    assert anonymous["items"][0]["contact"] is None
    assert "anna.berg" not in json.dumps(anonymous)
    assert client.get(f"/api/coordination/offers/{hidden.pk}").status_code == 404

    for token in (coordinator_token, member_token):
        seen = client.get("/api/coordination/offers", headers=bearer(token)).json()
        assert {o["id"] for o in seen["items"]} == {public.pk, hidden.pk}
        mine = client.get(f"/api/coordination/offers/{public.pk}", headers=bearer(token)).json()
        assert mine["contact"] == {"name": "Anna Berg", "email": "anna.berg@northx.example"}


def test_writes_need_a_valid_token_and_the_right_role(
    client: Client, cast: Cast, coordinator_token: str, member_token: str
) -> None:
    body = {
        "organisation": cast.company.slug,
        "type": "thesis_project",
        "areas": ["gmp-production"],
        "title": "Examensarbete: virusvektorrening",
        "level": "second_cycle",
        "capacity_per_year": 3,
    }
    assert post(client, "/api/coordination/offers", body).status_code == 401
    assert (
        post(client, "/api/coordination/offers", body, headers=bearer("klg_not-a-token")).status_code == 401
    )
    outsider_token = api_token_create(user=cast.outsider, name="x")[1]
    assert post(client, "/api/coordination/offers", body, headers=bearer(outsider_token)).status_code == 403

    created = post(client, "/api/coordination/offers", body, headers=bearer(member_token))
    assert created.status_code == 201, created.content
    assert created.json()["capacity_per_year"] == 3
    assert Offer.objects.get(pk=created.json()["id"]).created_by == cast.company_rep

    bad = post(
        client, "/api/coordination/offers", {**body, "areas": ["no-such-area"]}, headers=bearer(member_token)
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == "areas: unknown competence area 'no-such-area'"
    assert (
        post(
            client, "/api/coordination/offers", {**body, "title": "a\x00b"}, headers=bearer(member_token)
        ).status_code
        == 422
    )
    bad_dates = {**body, "start_date": "2027-06-01", "end_date": "2027-01-01"}
    assert (
        post(client, "/api/coordination/offers", bad_dates, headers=bearer(member_token)).status_code == 422
    )


def test_revoked_tokens_stop_working_and_only_the_hash_is_stored(client: Client, cast: Cast) -> None:
    token, raw = api_token_create(user=cast.coordinator, name="script")
    assert raw.startswith("klg_") and raw not in token.key_hash and token.key_hash == token_hash(raw)
    assert client.get("/api/account/me", headers=bearer(raw)).json() == {
        "username": "coordinator",
        "is_coordinator": True,
        "organisations": [],
    }
    api_token_revoke(token=token)
    assert client.get("/api/account/me", headers=bearer(raw)).status_code == 401
    assert ApiToken.objects.filter(key_hash=token_hash(raw)).exists()


def test_session_writes_need_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.coordinator)
    body = {"title_sv": "GMP-kurs", "owner": cast.university.slug, "areas": ["gmp-production"]}
    assert post(client, "/api/coordination/initiatives", body).status_code == 403
    client.get("/api/openapi.json")
    from django.middleware.csrf import _get_new_csrf_string

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    ok = post(client, "/api/coordination/initiatives", body, headers={"X-CSRFToken": secret})
    assert ok.status_code == 201, ok.content


def test_the_walk_through_over_the_api(
    client: Client, cast: Cast, coordinator_token: str, member_token: str
) -> None:
    """A company registers thesis projects, a programme needs GMP teaching, a coordinator confirms."""
    director_token = api_token_create(user=cast.programme_director, name="x")[1]
    for title in ("Media fill i renrum", "Miljöövervakning", "Batchdokumentation"):
        body = {
            "organisation": cast.company.slug,
            "type": "thesis_project",
            "areas": ["gmp-production"],
            "title": title,
        }
        assert post(client, "/api/coordination/offers", body, headers=bearer(member_token)).status_code == 201
    need = post(
        client,
        "/api/coordination/needs",
        {
            "organisation": cast.university.slug,
            "type": "teaching",
            "areas": ["gmp-production"],
            "level": "second_cycle",
        },
        headers=bearer(director_token),
    ).json()
    assert client.get("/api/coordination/suggestions", headers=bearer(member_token)).status_code == 403
    suggestions = client.get("/api/coordination/suggestions", headers=bearer(coordinator_token)).json()
    assert len(suggestions) == 3 and {s["need_id"] for s in suggestions} == {need["id"]}
    best = suggestions[0]
    assert best["reasons"][0]["factor"] == "areas"
    assert best["reasons"][0]["text_en"] == "Shared competence areas: GMP production (1 of the need's 1)."
    assert best["reasons"][0]["text_sv"].startswith("Gemensamma kompetensområden: Produktion enligt GMP")

    confirmed = post(
        client,
        "/api/coordination/matches",
        {"offer_id": best["offer_id"], "need_id": need["id"]},
        headers=bearer(coordinator_token),
    )
    assert confirmed.status_code == 201
    match_id = confirmed.json()["id"]
    figures = client.get("/api/coordination/summary").json()
    assert figures["matches_by_status"]["confirmed"] == 1
    assert (figures["open_offers_without_match"], figures["suggestions"]) == (2, None)
    assert (
        client.get("/api/coordination/summary", headers=bearer(coordinator_token)).json()["suggestions"] == 0
    )
    public = client.get("/api/coordination/matches").json()
    assert [(m["id"], m["status"]) for m in public["items"]] == [(match_id, "confirmed")]
    again = post(
        client,
        "/api/coordination/matches",
        {"offer_id": best["offer_id"], "need_id": need["id"]},
        headers=bearer(coordinator_token),
    )
    assert again.status_code == 422

    done = post(
        client,
        f"/api/coordination/matches/{match_id}/status",
        {"status": "completed"},
        headers=bearer(coordinator_token),
    )
    assert done.json()["status"] == "completed" and done.json()["completed_at"] is not None
    assert Match.objects.get(pk=match_id).status == MatchStatus.COMPLETED


def test_actors_by_role_without_contact_persons(client: Client, cast: Cast) -> None:
    contact = Contact.objects.create(organisation=cast.university, name="Bo Ek", email="bo.ek@umu.example")
    services.actor_role_assign(organisation=cast.university, role="education_provider", contact=contact)
    services.actor_role_assign(organisation=cast.company, role="need_owner", region="Stockholm")
    actors = client.get("/api/coordination/actors?role=need_owner").json()
    assert actors == [
        {
            "organisation": {"slug": "northx-biologics", "name": "NorthX Biologics"},
            "role": "need_owner",
            "region": "Stockholm",
        }
    ]
    assert "bo.ek" not in client.get("/api/coordination/actors").content.decode()
    assert client.get("/api/coordination/actors?role=king").status_code == 422
