"""Read side for the job-ad pages: everything comes from the DuckDB store, opened read-only per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

from kartlagg.ads.exceptions import StoreBusyError
from kartlagg.ads.store import AdStore, open_store
from kartlagg.ads.summaries import AdDetail, AdFilters, ad_detail


class StoreUnavailable(Exception):  # noqa: N818
    """No store yet, or an ingest holds the lock; the page says which."""

    def __init__(self, busy: bool) -> None:
        super().__init__("busy" if busy else "empty")
        self.busy = busy


@contextmanager
def reading_store() -> Iterator[AdStore]:
    try:
        with open_store(read_only=True) as store:
            if store is None:
                raise StoreUnavailable(busy=False)
            yield store
    except StoreBusyError as exc:
        raise StoreUnavailable(busy=True) from exc
    except duckdb.ConnectionException as exc:
        # A background job of this process (reclassification) is writing: DuckDB then refuses a
        # read-only connection to the same file here, as another process's lock does elsewhere.
        if "different configuration" in str(exc):
            raise StoreUnavailable(busy=True) from exc
        raise


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str  # "" for plain text, else the evidence title shown on hover
    kind: str = ""  # "signal", "counter", "area"


def highlighted(detail: AdDetail) -> tuple[list[Segment], list[Segment]]:
    """Headline and text cut into plain and highlighted segments, from the evidence offsets (which
    count in headline + newline + text)."""
    full = f"{detail.headline}\n{detail.text}"
    spans: list[tuple[int, int, str, str]] = []
    for ev in detail.evidence:
        kind = "counter" if float(ev.get("weight", 0)) < 0 else "signal"
        spans.append((int(ev["start"]), int(ev["end"]), str(ev.get("term", "")), kind))
    for area, evidence in detail.areas.items():
        for ev in evidence:
            spans.append((int(ev["start"]), int(ev["end"]), f"{area}: {ev.get('term', '')}", "area"))
    spans = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(full)), key=lambda s: (s[0], -s[1]))
    segments: list[Segment] = []
    position = 0
    for start, end, title, kind in spans:
        if start < position:  # overlapping evidence: the first (longest) span stands
            continue
        if start > position:
            segments.append(Segment(full[position:start], ""))
        segments.append(Segment(full[start:end], title or " ", kind))
        position = end
    if position < len(full):
        segments.append(Segment(full[position:], ""))
    return _split_at(segments, len(detail.headline))


def _split_at(segments: list[Segment], cut: int) -> tuple[list[Segment], list[Segment]]:
    head: list[Segment] = []
    body: list[Segment] = []
    position = 0
    for seg in segments:
        end = position + len(seg.text)
        if end <= cut:
            head.append(seg)
        elif position >= cut + 1:
            body.append(seg)
        else:
            left, right = seg.text[: cut - position], seg.text[cut - position + 1 :]
            if left:
                head.append(Segment(left, seg.mark, seg.kind))
            if right:
                body.append(Segment(right, seg.mark, seg.kind))
        position = end
    return head, body


def ad_with_evidence(store: AdStore, ad_key: int) -> AdDetail | None:
    return ad_detail(store, ad_key)


__all__ = ["AdFilters", "Segment", "StoreUnavailable", "ad_with_evidence", "highlighted", "reading_store"]
