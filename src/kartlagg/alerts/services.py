"""Write side: subscriptions and digests. A digest moves the subscription's `last_seq` in the same
transaction that records it, under a row lock, so two runs at once do not send the same ads twice."""

from __future__ import annotations

from dataclasses import dataclass
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
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kartlagg.ads.exceptions import StoreBusyError
from kartlagg.ads.store import AdStore, open_store
from kartlagg.alerts.models import AlertDelivery, AlertSubscription
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


def digest_send(*, subscription: AlertSubscription, store: AdStore) -> int:
    """Send the subscription its new matching ads (if any) and move its mark. Returns ads sent."""
    with transaction.atomic():
        locked = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if not locked.active:
            return 0
        ads = new_matching_ads(store, locked, limit=DIGEST_LIMIT)
        upto = ads[-1].seq if len(ads) == DIGEST_LIMIT else store.max_seq()
        if upto <= locked.last_seq:
            return 0
        if ads:
            subject, body = digest_message(locked, ads)
            send_mail(subject, body, None, [locked.email])
            AlertDelivery.objects.create(
                subscription=locked, from_seq=locked.last_seq, to_seq=upto, ads=len(ads)
            )
        locked.last_seq = upto
        locked.save(update_fields=["last_seq"])
    subscription.refresh_from_db()
    return len(ads)


@dataclass
class DigestRun:
    subscriptions: int = 0
    emails: int = 0
    ads: int = 0


def digests_send(*, store_file: Path | None = None) -> DigestRun:
    """One digest per active subscription with new matching ads."""
    result = DigestRun()
    with open_store(store_file, read_only=True) as store:
        if store is None:
            return result
        for subscription in AlertSubscription.objects.filter(active=True).order_by("pk"):
            result.subscriptions += 1
            sent = digest_send(subscription=subscription, store=store)
            if sent:
                result.emails += 1
                result.ads += sent
    return result
