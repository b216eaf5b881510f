"""The issue's "done when", as a new coordinator would do it in the browser (Django test client)."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.core import mail
from django.test import Client
from django.utils import timezone

from kartlagg.surveys import selectors
from kartlagg.surveys.aggregate import TOTAL, Range
from kartlagg.surveys.models import InstrumentVersion, Round, SurveyMembership, SurveyResponse

ORGS = [
    ("Alfa Bio AB", "alfa@alfa.example", "en"),
    ("Beta Cell AB", "beta@beta.example", "sv"),
    ("Gamma Gene AB", "gamma@gamma.example", "sv"),
    ("Delta Vektor AB", "delta@delta.example", "sv"),
    ("Epsilon Vävnad AB", "eps@eps.example", "sv"),
]


def _link_for(email: str) -> str:
    body = str(next(m.body for m in reversed(mail.outbox) if m.to == [email]))
    found = re.search(r"http://testserver(/(?:en/)?surveys/l/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


def _form(answers: dict[str, str | list[str]], action: str) -> dict[str, object]:
    return {**{f"q__{k}": v for k, v in answers.items()}, "action": action}


def test_coordinator_runs_a_round_end_to_end(db, django_user_model) -> None:
    coordinator = django_user_model.objects.create_user("kim", password="pw")
    SurveyMembership.objects.create(user=coordinator, role="coordinator")
    coord = Client()
    coord.force_login(coordinator)

    # Open a round.
    assert coord.get("/surveys/new/").status_code == 200
    closes = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    made = coord.post(
        "/surveys/new/",
        {
            "title": "ATMP 2026",
            "instrument": InstrumentVersion.objects.get().pk,
            "closes_on": closes,
            "open_now": "on",
        },
    )
    round_ = Round.objects.get(title="ATMP 2026")
    assert made["Location"].endswith(f"/surveys/{round_.pk}/invite/") and round_.status == "open"

    # Add five organisations with a contact each, invite them all.
    for name, email, lang in ORGS:
        added = coord.post(
            f"/surveys/{round_.pk}/invite/",
            {"action": "add", "organisation_name": name, "kind": "company_sme",
             "contact_name": name.split()[0],
             "contact_email": email, "language": lang},
        )  # fmt: skip
        assert added.status_code == 302
    page = coord.get(f"/surveys/{round_.pk}/invite/").content.decode()
    ids = re.findall(r'name="organisations" value="(\d+)"', page)
    assert len(ids) == 5
    coord.post(f"/surveys/{round_.pk}/invite/", {"action": "invite", "organisations": ids})
    assert len(mail.outbox) == 5

    base = {"org_type": "company_sme", "org_size": "small", "willing": "yes"}
    # 1. Alfa answers in English, through the English link.
    alfa = Client()
    link = _link_for("alfa@alfa.example")
    assert link.startswith("/en/")
    form_url = alfa.get(link)["Location"]
    assert "What type of organisation" in alfa.get(form_url).content.decode()
    done = alfa.post(
        form_url,
        _form(
            {
                **base,
                "recruitment_by_area__cmc__hires": "10",
                "recruitment_by_area__gmp-production__hires": "4",
                "recruitment_by_area__in-vivo-models__hires": "2",
            },
            "submit",
        ),
    )
    assert done.status_code == 302
    # 2. Beta answers with a range.
    beta = Client()
    form_url = beta.get(_link_for("beta@beta.example"))["Location"]
    beta.post(
        form_url,
        _form(
            {
                **base,
                "recruitment_by_area__cmc__hires": "50–100",
                "recruitment_by_area__gmp-production__hires": "3",
            },
            "submit",
        ),
    )
    # 3. Gamma autosaves a draft, comes back later in a new browser, finds it and submits.
    gamma_link = _link_for("gamma@gamma.example")
    first = Client(enforce_csrf_checks=True)
    form_url = first.get(gamma_link)["Location"]
    first.get(form_url)
    saved = first.post(
        form_url + "autosave/",
        json.dumps({"answers": {**base, "recruitment_by_area": {"cmc": {"hires": "7"}}}}),
        content_type="application/json",
        headers={"X-CSRFToken": first.cookies["csrftoken"].value},
    )
    assert saved.json()["errors"] == {}
    later = Client()
    later.get(gamma_link)
    resumed = later.get(form_url).content.decode()
    assert 'name="q__recruitment_by_area__cmc__hires" value="7"' in resumed
    later.post(
        form_url,
        _form(
            {
                **base,
                "recruitment_by_area__cmc__hires": "7",
                "recruitment_by_area__gmp-production__hires": "5",
            },
            "submit",
        ),
    )
    assert SurveyResponse.objects.filter(round=round_, status="submitted").count() == 3

    # Reminders reach the two that did not answer, and only them.
    mail.outbox.clear()
    coord.post(f"/surveys/{round_.pk}/action/", {"action": "remind"})
    assert sorted(m.to[0] for m in mail.outbox) == ["delta@delta.example", "eps@eps.example"]
    status = coord.get(f"/surveys/{round_.pk}/").content.decode()
    assert "3 of 5 organisations have submitted" in coord.get(f"/en/surveys/{round_.pk}/").content.decode()
    assert status.count("Inlämnad") + status.count("Submitted") >= 3

    # Totals keep ranges; cells behind fewer than three organisations are hidden from everyone else.
    table = selectors.published_demand_table(round=round_, viewer_is_coordinator=True)
    assert table.cell("cmc", TOTAL).value == Range(67, 117)
    assert table.cell("gmp-production", TOTAL).value == Range(12, 12)
    coord.post(f"/surveys/{round_.pk}/action/", {"action": "publish"})
    viewer_user = django_user_model.objects.create_user("vera", password="pw")
    SurveyMembership.objects.create(user=viewer_user, role="viewer")
    viewer = Client()
    viewer.force_login(viewer_user)
    shown = viewer.get(f"/en/surveys/{round_.pk}/results/").content.decode()
    assert "67–117" in shown
    public = selectors.published_demand_table(round=round_, viewer_is_coordinator=False)
    # Only Alfa plans in vivo hires: hidden, and so is enough else that the totals cannot give it back.
    assert (
        public.cell("in-vivo-models", "industry").suppressed
        and public.cell("in-vivo-models", "industry").value is None
    )
    assert public.cell(TOTAL, "industry").value is None or public.cell("in-vivo-models", TOTAL).value is None
    assert 'class="suppressed"' in shown
    own_answers = SurveyResponse.objects.get(round=round_, organisation__name="Alfa Bio AB").answers
    assert own_answers["recruitment_by_area"]["cmc"]["hires"] == {"min": 10, "max": 10}
