"""Every survey view against every persona: coordinator, respondents of A and B (login), a link holder
of A, viewer, outsider (logged in, no role) and anonymous."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from kartlagg.surveys import services
from kartlagg.surveys.tests.conftest import SurveyWorld

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


def test_published_results_open_to_viewers_with_cells_hidden(
    survey_world: SurveyWorld, personas: dict[str, Client]
) -> None:
    services.round_publish(round=survey_world.round)
    assert personas["viewer"].get(f"/surveys/{survey_world.round.pk}/results/").status_code == 200
    for persona in ("respondent_a", "outsider", "link_a"):
        assert personas[persona].get(f"/surveys/{survey_world.round.pk}/results/").status_code == 403


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
