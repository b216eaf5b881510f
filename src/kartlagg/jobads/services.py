"""Write side of the job-ad pages: the illustrative sample `kartlagg up` loads so a newcomer sees counts."""

from __future__ import annotations

from pathlib import Path

from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.ingest.generic import ColumnMapping
from kartlagg.ads.pipeline import Pipeline, RunSummary, default_classifier

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
