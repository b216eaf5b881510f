"""Write side of the job-ad pages: the illustrative sample `kartlagg up` loads so a newcomer sees counts,
and classifying the stored ads again (run by the background jobs)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
from django.utils.translation import gettext as _

from kartlagg.ads.classify_stored import classify_stored
from kartlagg.ads.configuration import PipelineConfig, store_path
from kartlagg.ads.exceptions import StoreBusyError
from kartlagg.ads.ingest.generic import ColumnMapping
from kartlagg.ads.pipeline import Pipeline, RunSummary, default_classifier
from kartlagg.ads.store import AdStore

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "illustrative_ads.jsonl"
# Ads of fictional employers ("Exempel …", "Example …") in the JobTech shape, read through the generic
# adapter so that their source is "illustrative": the pages label them so wherever they show.
DEMO_MAPPING = ColumnMapping.from_dict(
    {
        "source": "illustrative",
        "columns": {
            "source_id": "id",
            "headline": "headline",
            "text": "description.text",
            "employer_name": "employer.name",
            "employer_org_number": "employer.organization_number",
            "published": "publication_date",
            "country": "workplace_address.country",
            "region": "workplace_address.region",
            "municipality": "workplace_address.municipality",
            "positions": "number_of_vacancies",
            "ssyk": "occupation_group.legacy_ams_taxonomy_id",
        },
    }
)


def jobads_load_demo(*, store: Path | None = None, classify: bool = True) -> RunSummary:
    """Ingest and classify the bundled illustrative ads (idempotent: a second run adds nothing)."""
    pipeline = Pipeline(
        store=store,
        config=PipelineConfig(workers=1),
        classifier_factory=default_classifier if classify else None,
    )
    return pipeline.ingest([DEMO_FILE], mapping=DEMO_MAPPING)


def load_demo() -> str:
    """`kartlagg up` step: one line for the start-up log."""
    summary = jobads_load_demo()
    if summary.files and summary.files[0].already_done:
        return "illustrative job ads already loaded"
    return f"{summary.added} illustrative job ads ingested and classified ({summary.exact_duplicates} repost)"


# ---- classifying the stored ads again (the coordinators' background job) -----------------------------

# A page reading the store holds it open read-only for a few milliseconds; DuckDB refuses a writing
# connection in the same process meanwhile, so the job waits that long before it gives up.
OPEN_ATTEMPTS = 25
OPEN_WAIT_SECONDS = 0.2


class ReclassifyError(Exception):
    """The classification job cannot run: no store yet, or it stays in use. The message says which."""


@dataclass(frozen=True)
class ReclassifyResult:
    classified: int  # ads classified by this run
    model_version: str
    # Every stored ad's classification by this classifier version, per relevance, after the run.
    by_relevance: dict[str, int]


def jobads_reclassify(
    *,
    all_ads: bool,
    store: Path | None = None,
    on_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = 5000,
) -> ReclassifyResult:
    """Classify the stored ads the current classifier has not classified (or, with `all_ads`, every ad)
    through `classify_stored`, as `kartlagg ads classify [--all]` does; each batch is committed, so a run
    that stops can simply be started again and nothing is counted twice."""
    path = store or store_path()
    if not path.exists():
        raise ReclassifyError(_("No job ads are stored yet: there is nothing to classify."))
    classifier = default_classifier()
    version = classifier.model_version
    with _writing(path) as opened:
        total = opened.query(
            "SELECT count(*) FROM ads a" + ("" if all_ads else f" WHERE {_NOT_CLASSIFIED_BY}"),
            [] if all_ads else [version],
        )[0][0]
    if on_total is not None:
        on_total(int(total))
    classified = _retry_while_open(
        lambda: classify_stored(
            store=path, classifier=classifier, all_ads=all_ads, batch=batch, progress=progress
        )
    )
    with _writing(path) as opened:
        rows = opened.query(
            "SELECT relevance, count(*) FROM ad_classifications WHERE model_version = ? GROUP BY relevance",
            [version],
        )
    return ReclassifyResult(
        classified=classified, model_version=version, by_relevance={str(r): int(n) for r, n in rows}
    )


# The same condition as AdStore.ads_to_classify, so the total matches what classify_stored will do.
_NOT_CLASSIFIED_BY = (
    "NOT EXISTS (SELECT 1 FROM ad_classifications c WHERE c.ad_key = a.ad_key AND c.model_version = ?)"
)
T = TypeVar("T")


def _in_use(exc: Exception) -> bool:
    """DuckDB's refusal while a page of this process reads the store (another configuration)."""
    return isinstance(exc, duckdb.ConnectionException) and "different configuration" in str(exc)


def _retry_while_open(action: Callable[[], T]) -> T:
    """Run `action` (which opens the store for writing), waiting while a page of this process reads."""
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        try:
            return action()
        except StoreBusyError as exc:  # another process (an ingest) holds the file: no point waiting
            raise ReclassifyError(
                _("The job-ad store is in use by another process (an ingest?). Start again when it is done.")
            ) from exc
        except duckdb.ConnectionException as exc:
            if not _in_use(exc):
                raise
            if attempt == OPEN_ATTEMPTS:
                message = _("The job-ad store stayed open for reading. Start again in a moment.")
                raise ReclassifyError(message) from exc
            time.sleep(OPEN_WAIT_SECONDS)
    raise AssertionError("OPEN_ATTEMPTS must be at least 1")


@contextmanager
def _writing(path: Path) -> Iterator[AdStore]:
    store = _retry_while_open(lambda: AdStore(path))
    try:
        yield store
    finally:
        store.close()
