"""Fifty respondents autosaving and submitting at once against a live server: no answer lost,
duplicated or mixed between organisations. Runs on PostgreSQL when DATABASE_URL points there."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.utils import timezone

from kartlagg.organisations.models import Contact, Organisation
from kartlagg.surveys import services
from kartlagg.surveys.loadsim import expected_answers, run_many
from kartlagg.surveys.models import AuditEntry, SurveyResponse

RESPONDENTS = 50
AUTOSAVES = 6

# Django's development server listens with a backlog of 10 connections; fifty browsers connecting in
# the same instant overflow it and get "connection reset" before our code runs. A real WSGI server
# (gunicorn: 2048) has a deep backlog, so the live server gets one too. Set at import, before
# pytest-django's session-wide live server binds its socket.
ThreadedWSGIServer.request_queue_size = max(ThreadedWSGIServer.request_queue_size, 128)


@pytest.mark.load
@pytest.mark.django_db(transaction=True)
def test_fifty_respondents_at_once_lose_and_mix_nothing(
    live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor == "sqlite":
        # SQLite's in-memory test database (shared cache) locks whole tables, which a real deployment
        # never sees; there the live server handles one request at a time while the 50 clients still
        # run concurrently. On PostgreSQL requests really run in parallel.
        lock = threading.Lock()
        original = ThreadedWSGIServer.process_request_thread

        def one_at_a_time(self: ThreadedWSGIServer, request: Any, client_address: Any) -> None:
            with lock:
                original(self, request, client_address)

        monkeypatch.setattr(ThreadedWSGIServer, "process_request_thread", one_at_a_time)
    version = services.instrument_install_shipped()
    round_ = services.round_create(
        title="Last", instrument=version, closes_at=timezone.now() + dt.timedelta(days=1)
    )
    services.round_open(round=round_)
    orgs = []
    for i in range(RESPONDENTS):
        org = Organisation.objects.create(
            slug=f"org-{i:02d}", name=f"Organisation {i:02d}", kind="company_sme"
        )
        Contact.objects.create(organisation=org, name=f"Contact {i}", email=f"c{i}@org{i}.example")
        orgs.append(org)
    issued = services.round_invite(round=round_, organisations=orgs, base_url=live_server.url, send=False)
    by_org = {link.organisation.pk: link.url.removeprefix(live_server.url) for link in issued.links}
    paths = [by_org[org.pk] for org in orgs]

    results = run_many(live_server.url, paths, autosaves=AUTOSAVES)

    assert [r.errors for r in results if r.errors] == []
    responses = {r.organisation_id: r for r in SurveyResponse.objects.filter(round=round_)}
    assert len(responses) == RESPONDENTS
    for i, org in enumerate(orgs):
        response = responses[org.pk]
        assert response.status == "submitted"
        assert response.answers == expected_answers(i), f"organisation {i} has someone else's or lost answers"
    # Every change audited exactly once: 9 questions answered per organisation, no duplicates.
    per_org = AuditEntry.objects.filter(response__round=round_, kind="answer").values_list(
        "response__organisation_id", flat=True
    )
    counts = {org.pk: 0 for org in orgs}
    for org_id in per_org:
        counts[org_id] += 1
    assert set(counts.values()) == {9}
