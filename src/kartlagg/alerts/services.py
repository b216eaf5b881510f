"""Write side: subscriptions and digests.

A digest is claimed before it is sent: under the subscription's row lock one transaction records the
delivery as "sending" and moves `last_seq`, and only after it commits does the e-mail go out. Two runs at
once never take the same ads, and a failed commit sends nothing. A refused e-mail marks the delivery
"failed" and the next run sends that range again; a process killed between claim and send loses that
one digest (it stays "sending" for the admin to see) rather than sending it twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kartlagg.ads.exceptions import StoreBusyError
from kartlagg.ads.store import AdStore, open_store
from kartlagg.alerts.models import AlertDelivery, AlertSubscription, DeliveryStatus
from kartlagg.alerts.selectors import AlertAd, new_matching_ads

DIGEST_LIMIT = 200  # ads per e-mail; the rest come in the next digest


@cache
def area_labels() -> dict[str, dict[str, str]]:
    """Competence area id -> {"sv": ..., "en": ...} from the ATMP domain pack."""
    from kartlagg.domainpack import load_domain_pack

    return {area.id: dict(area.label) for area in load_domain_pack("atmp").areas}


def _store_max_seq(store_file: Path | None) -> int:
    try:
        with open_store(store_file, read_only=True) as store:
            return store.max_seq() if store is not None else 0
    except (StoreBusyError, duckdb.ConnectionException) as exc:
        # An ingest (another process) or the classification job (this process) is writing. Starting
        # from 0 instead would mail every stored ad, so the person is asked to try again.
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "The job-ad store is being written to (an ingest or a classification). "
                    "Save the alert again in a minute."
                )
            }
        ) from exc


def subscription_create(
    *,
    user: Any,
    email: str,
    language: str = "sv",
    areas: list[str] | None = None,
    regions: list[str] | None = None,
    store_file: Path | None = None,
) -> AlertSubscription:
    """A subscription to ATMP ads arriving from now on (ads already stored are not sent)."""
    areas = sorted(set(areas or []))
    unknown = [a for a in areas if a not in area_labels()]
    if unknown:
        raise ValidationError(
            {"areas": _("Unknown competence area: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    subscription = AlertSubscription(
        user=user,
        email=email.strip(),
        language=language,
        areas=areas,
        regions=sorted({r.strip() for r in regions or [] if r.strip()}),
        last_seq=_store_max_seq(store_file),
    )
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_deactivate(*, subscription: AlertSubscription) -> AlertSubscription:
    subscription.active = False
    subscription.save(update_fields=["active"])
    return subscription


def _ad_link(ad: AlertAd, language: str) -> str:
    base = str(getattr(settings, "KARTLAGG_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")
    with translation.override(language):
        return base + reverse("jobads:detail", args=[ad.ad_key])


def digest_message(subscription: AlertSubscription, ads: list[AlertAd]) -> tuple[str, str]:
    """(subject, body) in the subscription's language."""
    with translation.override(subscription.language):
        labels = area_labels()
        rows = [
            {
                "ad": ad,
                "link": _ad_link(ad, subscription.language),
                "areas": [labels.get(a, {}).get(subscription.language, a) for a in ad.areas],
            }
            for ad in ads
        ]
        subject = ngettext(
            "kartlagg: %(count)d new ATMP job ad", "kartlagg: %(count)d new ATMP job ads", len(ads)
        ) % {"count": len(ads)}
        body = render_to_string(
            "alerts/email/digest.txt",
            {
                "subscription": subscription,
                "rows": rows,
                "areas": [labels.get(a, {}).get(subscription.language, a) for a in subscription.areas],
            },
        )
    return subject, body


class DigestFailed(Exception):
    """The mail server refused a digest; it is marked failed and sent again by the next run."""


def _claim(
    subscription: AlertSubscription, store: AdStore
) -> tuple[AlertSubscription, AlertDelivery, list[AlertAd]] | None:
    """Under the subscription's row lock, take the ads to send and record them as being sent: a range
    that failed before, else the new ads (moving the mark past them). Committed before anything is
    sent, so a commit that fails sends nothing, and a second run at once cannot take the same ads."""
    with transaction.atomic():
        locked = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if not locked.active:
            return None
        for failed in locked.deliveries.filter(status=DeliveryStatus.FAILED).order_by("to_seq"):
            ads = new_matching_ads(store, locked, after=failed.from_seq, upto=failed.to_seq, limit=10**6)
            if not ads:  # removed or re-marked as copies since: nothing left to send
                failed.delete()
                continue
            failed.status, failed.ads = DeliveryStatus.SENDING, len(ads)
            failed.save(update_fields=["status", "ads"])
            return locked, failed, ads
        ads = new_matching_ads(store, locked, limit=DIGEST_LIMIT)
        upto = ads[-1].seq if len(ads) == DIGEST_LIMIT else store.max_seq()
        if upto <= locked.last_seq:
            return None
        delivery = None
        if ads:
            delivery = AlertDelivery.objects.create(
                subscription=locked,
                from_seq=locked.last_seq,
                to_seq=upto,
                ads=len(ads),
                status=DeliveryStatus.SENDING,
            )
        locked.last_seq = upto  # past the ads that did not match, too
        locked.save(update_fields=["last_seq"])
        return (locked, delivery, ads) if delivery is not None else None


def digest_send(*, subscription: AlertSubscription, store: AdStore) -> int:
    """Send the subscription its new matching ads (if any). Returns ads sent; raises DigestFailed when
    the mail server refuses (the digest is then sent again by the next run)."""
    claimed = _claim(subscription, store)
    subscription.refresh_from_db()
    if claimed is None:
        return 0
    locked, delivery, ads = claimed
    subject, body = digest_message(locked, ads)
    try:
        send_mail(subject, body, None, [locked.email])
    except Exception as exc:  # noqa: BLE001 — smtplib, sockets, backends: all mean "not sent"
        error = f"{type(exc).__name__}: {exc}"
        AlertDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, error=error[:1000])
        raise DigestFailed(f"{locked.email}: {error}") from exc
    AlertDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
    )
    return len(ads)


@dataclass
class DigestRun:
    subscriptions: int = 0
    emails: int = 0
    ads: int = 0
    failed: list[str] = field(default_factory=list)  # one line per digest the mail server refused


def digests_send(*, store_file: Path | None = None) -> DigestRun:
    """One digest per active subscription with new matching ads."""
    result = DigestRun()
    with open_store(store_file, read_only=True) as store:
        if store is None:
            return result
        for subscription in AlertSubscription.objects.filter(active=True).order_by("pk"):
            result.subscriptions += 1
            try:
                sent = digest_send(subscription=subscription, store=store)
            except DigestFailed as exc:  # the others still get theirs
                result.failed.append(str(exc))
                continue
            if sent:
                result.emails += 1
                result.ads += sent
    return result
