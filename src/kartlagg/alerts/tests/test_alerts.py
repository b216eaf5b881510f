"""Coordinators subscribe to new ATMP ads by area and region; `kartlagg alerts send` mails digests once."""

from __future__ import annotations

import datetime as dt
import functools
import socket
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from click.testing import CliRunner
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.db import connection
from django.test import Client

from kartlagg.ads.jobstream.client import ClientConfig, JobStreamClient
from kartlagg.ads.jobstream.monitor import run_stream
from kartlagg.ads.jobstream.tests.conftest import RecordedJobStream
from kartlagg.ads.pipeline import default_classifier
from kartlagg.alerts.models import AlertDelivery, AlertSubscription
from kartlagg.alerts.services import digests_send, subscription_create
from kartlagg.cli.main import cli
from kartlagg.coordination.policy import COORDINATORS_GROUP

DAY = dt.datetime(2026, 11, 24)
NOON = DAY + dt.timedelta(hours=12)

pytestmark = pytest.mark.django_db
# One classifier for the whole module: building it takes seconds, and it is read-only.
shared_classifier = functools.cache(default_classifier)


def stream(store_file: Path, since: dt.datetime, until: dt.datetime) -> None:
    client = JobStreamClient(
        ClientConfig(min_interval=0.0), transport=httpx.MockTransport(RecordedJobStream())
    )
    run_stream(
        client=client,
        since=since,
        until=until,
        store=store_file,
        window=until - since,
        classifier_factory=shared_classifier,
    )


@pytest.fixture
def coordinator() -> User:
    user = User.objects.create_user("samordnare", email="samordnare@example.org", password="pw-123456")
    user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    return user


def test_digest_sends_new_matching_atmp_ads_once(coordinator: User, tmp_path: Path) -> None:
    store_file = tmp_path / "ads.duckdb"
    gothenburg = subscription_create(
        user=coordinator,
        email="vgr@example.org",
        areas=["cell-production"],
        regions=["Västra Götalands län"],
        store_file=store_file,
    )
    everything = subscription_create(
        user=coordinator, email="all@example.org", language="en", store_file=store_file
    )

    stream(store_file, DAY, NOON)  # js-9001 ATMP Göteborg, js-9002 related, js-9003 IT
    first = digests_send(store_file=store_file)
    assert (first.subscriptions, first.emails, first.ads) == (2, 2, 2)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    swedish, english = by_recipient["vgr@example.org"], by_recipient["all@example.org"]
    assert swedish.subject == "kartlagg: 1 ny ATMP-platsannons"
    assert "Processingenjör till GMP-tillverkning av CAR-T-celler — Exempel Cellterapi AB" in swedish.body
    assert "Kompetensområden: Cellproduktion enligt GMP\nRegioner: Västra Götalands län" in swedish.body
    assert english.subject == "kartlagg: 1 new ATMP job ad"
    assert "Why it was counted: http://127.0.0.1:8000/en/jobads/ad/" in english.body

    stream(store_file, NOON, DAY + dt.timedelta(days=1))  # js-9004 ATMP Solna; js-9003 removed
    second = digests_send(store_file=store_file)
    assert (second.emails, second.ads) == (1, 1)  # Solna is not in Västra Götaland
    assert mail.outbox[-1].to == ["all@example.org"]
    assert "QC Scientist, viral vector gene therapy" in mail.outbox[-1].body

    again = digests_send(store_file=store_file)
    assert (again.emails, again.ads) == (0, 0)
    assert len(mail.outbox) == 3
    assert AlertDelivery.objects.filter(subscription=gothenburg).count() == 1
    assert AlertDelivery.objects.filter(subscription=everything).count() == 2
    gothenburg.refresh_from_db()
    assert gothenburg.last_seq == 4  # moved past the ads it was not sent too


def test_ads_stored_before_subscribing_are_not_sent(coordinator: User, tmp_path: Path) -> None:
    store_file = tmp_path / "ads.duckdb"
    stream(store_file, DAY, NOON)
    subscription_create(user=coordinator, email="late@example.org", store_file=store_file)
    assert digests_send(store_file=store_file).ads == 0
    assert mail.outbox == []


def test_unknown_area_is_refused(coordinator: User, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="car-workshop"):
        subscription_create(
            user=coordinator, email="x@example.org", areas=["car-workshop"], store_file=tmp_path / "a"
        )
    assert AlertSubscription.objects.count() == 0


def test_while_the_store_is_written_an_alert_is_refused_not_started_from_zero(
    coordinator: User, tmp_path: Path, settings: Any
) -> None:
    from kartlagg.ads.store import AdStore

    store_file = tmp_path / "ads.duckdb"
    stream(store_file, DAY, NOON)
    settings.KARTLAGG_ADS_STORE = str(store_file)
    web = Client()
    web.login(username="samordnare", password="pw-123456")
    with AdStore(store_file):  # the classification job's writing connection, in this process
        page = web.post("/alerts/", {"email": "ny@example.org", "language": "sv", "regions": ""})
    assert page.status_code == 200
    assert "Annonslagret skrivs till just nu" in page.content.decode()
    assert AlertSubscription.objects.count() == 0


def test_alert_page_for_coordinators_in_swedish_and_english(
    coordinator: User, tmp_path: Path, settings: Any
) -> None:
    settings.KARTLAGG_ADS_STORE = str(tmp_path / "ads.duckdb")
    anonymous = Client().get("/alerts/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    User.objects.create_user("ordinary", password="pw-123456")
    other = Client()
    other.login(username="ordinary", password="pw-123456")
    assert other.get("/alerts/").status_code == 403

    web = Client()
    web.login(username="samordnare", password="pw-123456")
    page = web.get("/alerts/")
    assert page.status_code == 200
    assert "Bevakning av platsannonser" in page.content.decode()
    saved = web.post(
        "/alerts/",
        {
            "email": "ny@example.org",
            "language": "sv",
            "areas": ["gene-editing", "cmc"],
            "regions": "Skåne län, ",
        },
    )
    assert saved.status_code == 302
    subscription = AlertSubscription.objects.get(email="ny@example.org")
    assert (subscription.areas, subscription.regions) == (["cmc", "gene-editing"], ["Skåne län"])
    english = web.get("/en/alerts/").content.decode()
    assert "Job-ad alerts" in english and "Gene editing" in english
    web.post(f"/alerts/{subscription.pk}/off/")
    subscription.refresh_from_db()
    assert not subscription.active


def test_send_command(coordinator: User, tmp_path: Path) -> None:
    store_file = tmp_path / "ads.duckdb"
    subscription_create(user=coordinator, email="cli@example.org", store_file=store_file)
    stream(store_file, DAY, NOON)
    result = CliRunner().invoke(cli, ["alerts", "send", "--store", str(store_file)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 active alerts, 1 digests sent with 1 ads"
    assert mail.outbox[0].to == ["cli@example.org"]


# ---- sending after the claim is committed ------------------------------------------------------------
def closed_port() -> int:
    """A local port nobody listens on: an SMTP connection to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CommittedFirstBackend(locmem.EmailBackend):
    """The locmem backend, also noting what the database held at the moment of sending."""

    seen: ClassVar[list[tuple[bool, list[tuple[str, int, int]]]]] = []

    def send_messages(self, messages: Any) -> int:
        rows = list(AlertDelivery.objects.values_list("status", "from_seq", "to_seq"))
        self.seen.append((connection.in_atomic_block, rows))
        return int(super().send_messages(messages))


@pytest.mark.django_db(transaction=True)
def test_the_digest_is_recorded_and_committed_before_it_is_sent(
    coordinator: User, tmp_path: Path, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.CommittedFirstBackend"
    CommittedFirstBackend.seen = []
    store_file = tmp_path / "ads.duckdb"
    subscription_create(user=coordinator, email="all@example.org", store_file=store_file)
    stream(store_file, DAY, NOON)
    assert digests_send(store_file=store_file).ads == 1
    # Outside any transaction, with the claim already in the database: a failing commit cannot
    # follow a sent e-mail any more.
    assert CommittedFirstBackend.seen == [(False, [("sending", 0, 3)])]
    assert list(AlertDelivery.objects.values_list("status", "ads", "error")) == [("sent", 1, "")]


def test_a_refused_digest_is_sent_again_by_the_next_run_and_only_then(
    coordinator: User, tmp_path: Path, settings: Any
) -> None:
    store_file = tmp_path / "ads.duckdb"
    subscription = subscription_create(user=coordinator, email="all@example.org", store_file=store_file)
    stream(store_file, DAY, NOON)  # js-9001 is the one ATMP ad
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2

    refused = digests_send(store_file=store_file)
    assert (refused.subscriptions, refused.emails, refused.ads) == (1, 0, 0)
    assert len(refused.failed) == 1 and refused.failed[0].startswith(
        "all@example.org: ConnectionRefusedError"
    )
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.from_seq, delivery.to_seq, delivery.ads) == ("failed", 0, 3, 1)
    assert "ConnectionRefusedError" in delivery.error
    subscription.refresh_from_db()
    assert subscription.last_seq == 3  # the new ads after it are not held up

    stream(store_file, NOON, DAY + dt.timedelta(days=1))  # js-9004 arrives meanwhile
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retried = digests_send(store_file=store_file)
    assert (retried.emails, retried.ads, retried.failed) == (1, 1, [])
    assert "Processingenjör till GMP-tillverkning av CAR-T-celler" in mail.outbox[0].body
    assert "QC Scientist" not in mail.outbox[0].body  # the failed range, as it was
    newer = digests_send(store_file=store_file)
    assert (newer.emails, newer.ads) == (1, 1)
    assert "QC Scientist, viral vector gene therapy" in mail.outbox[1].body
    assert digests_send(store_file=store_file).emails == 0
    assert len(mail.outbox) == 2
    assert list(AlertDelivery.objects.order_by("to_seq").values_list("status", "from_seq", "to_seq")) == [
        ("sent", 0, 3),
        ("sent", 3, 4),
    ]


def test_send_command_reports_a_refused_digest_and_fails(
    coordinator: User, tmp_path: Path, settings: Any
) -> None:
    store_file = tmp_path / "ads.duckdb"
    subscription_create(user=coordinator, email="cli@example.org", store_file=store_file)
    stream(store_file, DAY, NOON)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    result = CliRunner().invoke(cli, ["alerts", "send", "--store", str(store_file)])
    assert result.exit_code == 1
    assert result.stdout.startswith("1 active alerts, 0 digests sent with 0 ads\n")
    assert "not sent (again next run): cli@example.org: ConnectionRefusedError" in result.stderr
