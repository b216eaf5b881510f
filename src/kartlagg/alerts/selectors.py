"""Read side: the ads a subscription has not been sent yet, read from the job-ad store (DuckDB)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kartlagg.ads.store import AdStore
from kartlagg.alerts.models import AlertSubscription


@dataclass(frozen=True)
class AlertAd:
    ad_key: int
    seq: int
    headline: str
    employer: str
    region: str
    municipality: str
    published: dt.date | None
    url: str
    areas: tuple[str, ...]


def new_matching_ads(
    store: AdStore,
    subscription: AlertSubscription,
    *,
    limit: int = 200,
    after: int | None = None,
    upto: int | None = None,
) -> list[AlertAd]:
    """ATMP ads that arrived after `after` (default: the subscription's `last_seq`) and up to `upto`
    (default: no bound), counted ones only (no reposts or cross-posts), still open, matching one of its
    areas and one of its regions (empty = any)."""
    params: list[object] = [subscription.last_seq if after is None else after]
    where = ""
    if upto is not None:
        where += " AND a.seq <= ?"
        params.append(upto)
    if subscription.areas:
        where += " AND list_has_any(c.areas, ?::VARCHAR[])"
        params.append(list(subscription.areas))
    if subscription.regions:
        where += " AND list_contains(?::VARCHAR[], lower(a.region))"
        params.append([r.lower() for r in subscription.regions])
    rows = store.query(
        "SELECT a.ad_key, a.seq, a.headline, a.employer_name, a.region, a.municipality, a.published, a.url, "
        "c.areas FROM ads a JOIN ad_classifications c USING (ad_key) "
        "WHERE a.seq > ? AND c.relevance = 'atmp' AND a.dup_of IS NULL AND a.removed IS NULL"
        f"{where} ORDER BY a.seq LIMIT {int(limit)}",
        params,
    )
    return [
        AlertAd(
            ad_key=int(row[0]),
            seq=int(row[1]),
            headline=str(row[2]),
            employer=str(row[3]),
            region=str(row[4]),
            municipality=str(row[5]),
            published=row[6],
            url=str(row[7]),
            areas=tuple(row[8] or ()),
        )
        for row in rows
    ]


def store_max_seq(store: AdStore) -> int:
    return store.max_seq()
