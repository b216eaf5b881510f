"""Every survey view against every persona: coordinator, respondents of A and B (login), a link holder
of A, viewer, outsider (logged in, no role) and anonymous."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from kartlagg.surveys import services
from kartlagg.surveys.policy import Actor
from kartlagg.surveys.tests.conftest import SurveyWorld, complete_answers

PERSONAS = ["coordinator", "respondent_a", "respondent_b", "link_a", "viewer", "outsider", "anonymous"]
LOGIN = 302  # anonymous visitors are sent to log in

# view name -> (method, url, expected status per persona in PERSONAS order:
#   coordinator, respondent_a, respondent_b, link_a, viewer, outsider, anonymous)
MATRIX: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "round list": ("get", "/surveys/", (200, 200, 200, 200, 200, 403, LOGIN)),
    "new round": ("get", "/surveys/new/", (200, 403, 403, 403, 403, 403, LOGIN)),
    "round status": ("get", "/surveys/{round}/", (200, 403, 403, 403, 403, 403, LOGIN)),
    "invite": ("get", "/surveys/{round}/invite/", (200, 403, 403, 403, 403, 403, LOGIN)),
    "round action": ("post", "/surveys/{round}/action/", (302, 403, 403, 403, 403, 403, LOGIN)),
    "results (unpublished)": ("get", "/surveys/{round}/results/", (200, 403, 403, 403, 403, 403, LOGIN)),
    "response of A": ("get", "/surveys/{round}/o/bolag-a/", (200, 200, 403, 200, 403, 403, LOGIN)),
    "response of B": ("get", "/surveys/{round}/o/region-b/", (200, 403, 200, 403, 403, 403, LOGIN)),
    "autosave A": ("json", "/surveys/{round}/o/bolag-a/autosave/", (403, 200, 403, 200, 403, 403, 403)),
    "submit A": ("json", "/surveys/{round}/o/bolag-a/submit/", (403, 400, 403, 400, 403, 403, 403)),
    "audit A": ("get", "/surveys/{round}/o/bolag-a/audit/", (200, 403, 403, 403, 403, 403, LOGIN)),
    "interviews": ("get", "/interviews/", (200, 403, 403, 403, 403, 403, LOGIN)),
}  # fmt: skip


def _call(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, {"action": "publish"})
    return client.post(url, json.dumps({"answers": {"org_size": "small"}}), content_type="application/json")


@pytest.mark.parametrize("view", list(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_view_against_every_persona(
    view: str, persona: str, survey_world: SurveyWorld, personas: dict[str, Client]
) -> None:
    method, template, statuses = MATRIX[view]
    expected = dict(zip(PERSONAS, statuses, strict=True))
    url = template.format(round=survey_world.round.pk)
    response = _call(personas[persona], method, url)
    assert response.status_code == expected[persona], f"{persona} on {view}: {response.status_code}"
    if expected[persona] == LOGIN and persona == "anonymous" and method != "json":
        assert "/admin/login/" in response["Location"]


def _gmp_cell(page: str) -> str:
    """The demand table's cell for GMP production in the company column, as rendered."""
    table = page[page.index('id="table-demand_by_area"') :]
    row = table[table.index("GMP") :]
    return re.findall(r"<td[^>]*>(.*?)</td>", row)[0]


# persona -> (status on the published round, sees the uncontrolled summaries, sees the hidden cell)
PUBLISHED_RESULTS = {
    "anonymous": (200, False, False),
    "outsider": (200, False, False),
    "respondent_a": (200, False, False),
    "link_a": (200, False, False),
    "viewer": (200, True, False),
    "coordinator": (200, True, True),
}


@pytest.mark.parametrize("persona", list(PUBLISHED_RESULTS))
def test_published_results_are_public_and_disclosure_controlled(
    persona: str, survey_world: SurveyWorld, personas: dict[str, Client]
) -> None:
    # One small company plans 50–100 GMP-production hires: a cell of one organisation.
    assert services.response_submit(
        response=survey_world.response_a,
        actor=Actor(label="anna", via="link"),
        raw_answers=complete_answers(),
    ).ok
    services.round_publish(round=survey_world.round)
    status, summaries, hidden_cell = PUBLISHED_RESULTS[persona]
    response = personas[persona].get(f"/surveys/{survey_world.round.pk}/results/")
    assert response.status_code == status
    page = response.content.decode()
    for table in ("demand_by_area", "demand_by_level", "hard_to_find"):
        assert f'id="table-{table}"' in page
    assert ("Svarsfrekvens" in page, "Svårast att hitta" in page) == (summaries, summaries)
    assert _gmp_cell(page) == ("50–100*" if hidden_cell else '<span aria-label="dold">·</span>')
    if not hidden_cell:  # only the explanation's example range, no table cell, carries 50–100
        assert page.count("50–100") == 1 and "50–100 är ett intervall" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", LOGIN), ("outsider", 403), ("respondent_a", 403), ("viewer", 403), ("coordinator", 200)],
)
def test_unpublished_results_stay_with_coordinators(
    persona: str, status: int, survey_world: SurveyWorld, personas: dict[str, Client]
) -> None:
    assert services.response_submit(
        response=survey_world.response_a,
        actor=Actor(label="anna", via="link"),
        raw_answers=complete_answers(),
    ).ok
    response = personas[persona].get(f"/surveys/{survey_world.round.pk}/results/")
    assert response.status_code == status
    if status == 200:
        assert _gmp_cell(response.content.decode()) == "50–100*"


def test_the_round_list_shows_published_rounds_to_anyone(
    survey_world: SurveyWorld, personas: dict[str, Client]
) -> None:
    services.round_publish(round=survey_world.round)
    for persona in ("anonymous", "outsider"):
        page = personas[persona].get("/surveys/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Kompetensbehov 2026" in html
        assert f'href="/surveys/{survey_world.round.pk}/results/"' in html
        assert f'href="/surveys/{survey_world.round.pk}/"' not in html  # the status page stays private
    english = personas["anonymous"].get(f"/en/surveys/{survey_world.round.pk}/results/").content.decode()
    assert "Aggregates: Kompetensbehov 2026" in english


def test_coordinator_sees_answers_read_only(survey_world: SurveyWorld, personas: dict[str, Client]) -> None:
    page = personas["coordinator"].get(f"/surveys/{survey_world.round.pk}/o/bolag-a/").content.decode()
    assert '<fieldset class="survey-body" disabled>' in page
    assert 'value="submit"' not in page
    post = personas["coordinator"].post(f"/surveys/{survey_world.round.pk}/o/bolag-a/", {"action": "save"})
    assert post.status_code == 403


def test_autosave_requires_the_csrf_token(survey_world: SurveyWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.get(f"/surveys/l/{survey_world.links['anna@a.example']}/").status_code == 302
    url = f"/surveys/{survey_world.round.pk}/o/bolag-a/autosave/"
    body = json.dumps({"answers": {"org_size": "small"}})
    assert client.post(url, body, content_type="application/json").status_code == 403
    page = client.get(f"/surveys/{survey_world.round.pk}/o/bolag-a/")
    token = page.cookies["csrftoken"].value
    ok = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert ok.status_code == 200
    assert ok.json()["saved"] == ["org_size"]


def test_bad_links_all_look_alike_and_guessing_is_throttled(survey_world: SurveyWorld, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.KARTLAGG_SURVEY_LINK_MAX_FAILURES = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    selector, secret = survey_world.links["anna@a.example"].split(".")
    tried = (f"{selector}.wrong", "unknown.secret", "nodot")
    pages = [client.get(f"/surveys/l/{token}/") for token in tried]
    assert [p.status_code for p in pages] == [404, 404, 404]
    # Identical apart from the page's own address and the language switcher's per-request CSRF token.
    bodies = {
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", p.content.decode().replace(t, "TOKEN"))
        for p, t in zip(pages, tried, strict=True)
    }
    assert len(bodies) == 1
    # Past the limit even the right link is refused from this address, so guessing cannot continue.
    assert client.get(f"/surveys/l/{selector}.{secret}/").status_code == 429
    assert Client(REMOTE_ADDR="10.9.9.9").get(f"/surveys/l/{selector}.{secret}/").status_code == 302
    cache.clear()


def test_a_link_opens_only_its_own_organisation(
    survey_world: SurveyWorld, personas: dict[str, Client]
) -> None:
    link_a = personas["link_a"]
    answer = link_a.post(
        f"/surveys/{survey_world.round.pk}/o/region-b/autosave/",
        json.dumps({"answers": {"org_size": "small"}}),
        content_type="application/json",
    )
    assert answer.status_code == 403
    survey_world.response_b.refresh_from_db()
    assert survey_world.response_b.answers == {}


def test_form_page_in_english_under_en(survey_world: SurveyWorld, personas: dict[str, Client]) -> None:
    page = personas["link_a"].get(f"/en/surveys/{survey_world.round.pk}/o/bolag-a/").content.decode()
    assert "What type of organisation are you answering for?" in page
    page_sv = personas["link_a"].get(f"/surveys/{survey_world.round.pk}/o/bolag-a/").content.decode()
    assert "Vilken typ av organisation svarar du för?" in page_sv
