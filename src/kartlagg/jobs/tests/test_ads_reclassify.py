"""A coordinator classifies the stored job ads in the background from the job-ad pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kartlagg.ads.configuration import PipelineConfig
from kartlagg.ads.pipeline import Pipeline, default_classifier
from kartlagg.ads.store import AdStore
from kartlagg.coordination.tests.factories import make_cast
from kartlagg.jobads import services as jobads_services
from kartlagg.jobads.services import jobads_reclassify
from kartlagg.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "ads" / "tests" / "fixtures"
# The fixture's ads as written: 1xxx are ATMP jobs, 2xxx near ATMP, 3xxx other trades ("CAR" workshop,
# battery *cell* factory) that only look like ATMP.
EXPECTED = {
    "h-1001": "atmp",
    "h-1002": "atmp",
    "h-1003": "atmp",
    "h-1004": "atmp",
    "h-1005": "atmp",
    "h-2001": "related",
    "h-2002": "related",
    "h-3001": "none",
    "h-3002": "none",
}


@pytest.fixture
def store(settings: Any, tmp_path: Path) -> Path:
    """The historical sample ingested by the pipeline without its classifier: 9 ads, none classified."""
    path = tmp_path / "ads" / "ads.duckdb"
    settings.KARTLAGG_ADS_STORE = str(path)
    summary = Pipeline(store=path, config=PipelineConfig(workers=1), classifier_factory=None).ingest(
        [FIXTURES / "historical_sample.jsonl"]
    )
    assert summary.added == 9
    return path


@pytest.fixture
def coordinator(atmp_domain: Any) -> Client:
    client = Client()
    client.force_login(make_cast().coordinator)
    return client


def stored(path: Path) -> dict[str, tuple[str, str]]:
    with AdStore(path, read_only=True) as opened:
        rows = opened.query(
            "SELECT a.source_id, c.relevance, c.model_version "
            "FROM ads a JOIN ad_classifications c USING (ad_key)"
        )
    return {source_id: (relevance, version) for source_id, relevance, version in rows}


def test_a_coordinator_classifies_the_stored_ads_from_the_job_ad_page(
    store: Path, coordinator: Client
) -> None:
    page = coordinator.get("/jobads/").content.decode()
    assert 'action="/jobs/jobads/classify/"' in page and "Klassificera i bakgrunden" in page
    assert stored(store) == {}

    response = coordinator.post("/jobs/jobads/classify/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    version = default_classifier().model_version
    assert (job.kind, job.status, job.done, job.total, job.error) == ("ads_reclassify", "succeeded", 9, 9, "")
    assert job.title == "Klassificera de platsannonser som inte är klassificerade än"
    assert job.message == (
        f"9 annonser klassificerade av {version}. Lagrat nu: 5 ATMP, 2 närliggande, 2 inte ATMP."
    )
    assert job.result_url == "/jobads/"
    assert stored(store) == {source_id: (relevance, version) for source_id, relevance in EXPECTED.items()}

    detail = coordinator.get(f"/jobs/{job.pk}/").content.decode()
    assert job.message in detail and 'href="/jobads/"' in detail
    overview = coordinator.get("/jobads/").content.decode()
    assert 'id="total-ads">9<' in overview and f'href="/jobs/{job.pk}/"' in overview


def test_a_second_run_classifies_only_what_is_new_and_all_classifies_everything_again(
    store: Path, coordinator: Client
) -> None:
    coordinator.post("/jobs/jobads/classify/")
    coordinator.post("/jobs/jobads/classify/")
    again = coordinator.post("/en/jobs/jobads/classify/", {"all": "1"})
    first, second, every = Job.objects.order_by("pk")
    assert again["Location"] == f"/en/jobs/{every.pk}/"
    version = default_classifier().model_version
    assert (second.status, second.done, second.total) == ("succeeded", 0, 0)
    assert (
        second.message
        == f"0 annonser klassificerade av {version}. Lagrat nu: 5 ATMP, 2 närliggande, 2 inte ATMP."
    )
    assert every.title == "Classify every job ad again"
    assert (every.status, every.done, every.total) == ("succeeded", 9, 9)
    assert every.message == f"9 ads classified by {version}. Stored now: 5 ATMP, 2 related, 2 not ATMP."
    assert len(stored(store)) == 9  # one classification per ad, never two


def test_progress_is_reported_per_committed_batch(store: Path) -> None:
    totals: list[int] = []
    steps: list[int] = []
    result = jobads_reclassify(all_ads=False, on_total=totals.append, progress=steps.append, batch=4)
    assert (totals, steps, result.classified) == ([9], [4, 4, 1], 9)
    assert result.by_relevance == {"atmp": 5, "related": 2, "none": 2}


def test_only_coordinators_see_the_button_or_start_the_job(
    store: Path, client: Client, atmp_domain: Any
) -> None:
    cast = make_cast()
    assert "/jobs/jobads/classify/" not in client.get("/jobads/").content.decode()
    assert client.post("/jobs/jobads/classify/").status_code == 302  # to the sign-in page
    assert "/admin/login/" in client.post("/jobs/jobads/classify/")["Location"]
    client.force_login(cast.company_rep)
    assert "/jobs/jobads/classify/" not in client.get("/jobads/").content.decode()
    assert client.post("/jobs/jobads/classify/").status_code == 403
    assert client.get("/jobs/jobads/classify/").status_code == 405  # a job starts by POST only
    assert not Job.objects.exists() and stored(store) == {}


def test_english_labels(store: Path, coordinator: Client) -> None:
    page = coordinator.get("/en/jobads/").content.decode()
    assert "Classify the stored ads" in page and "Classify in the background" in page
    jobs = coordinator.get("/en/jobs/").content.decode()
    assert "Job-ad classification" in jobs and "Classify every job ad again" in jobs
    sv = coordinator.get("/jobs/").content.decode()
    assert "Klassificering av platsannonser" in sv and "Klassificera om alla platsannonser" in sv


def test_a_running_classification_is_not_started_twice(store: Path, coordinator: Client) -> None:
    running = Job.objects.create(kind="ads_reclassify", title="x", status=JobStatus.RUNNING)
    response = coordinator.post("/jobs/jobads/classify/", {"all": "1"})
    assert response["Location"] == f"/jobs/{running.pk}/"
    assert Job.objects.count() == 1 and stored(store) == {}


def test_without_a_store_the_job_fails_with_a_clear_message(
    settings: Any, tmp_path: Path, coordinator: Client
) -> None:
    settings.KARTLAGG_ADS_STORE = str(tmp_path / "none" / "ads.duckdb")
    coordinator.post("/jobs/jobads/classify/")
    job = Job.objects.get()
    assert (job.status, job.error) == (
        "failed",
        "Inga platsannonser är lagrade ännu: det finns inget att klassificera.",
    )


def test_while_a_page_reads_the_store_the_job_waits_then_gives_up_clearly(
    store: Path, coordinator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobads_services, "OPEN_ATTEMPTS", 2)
    monkeypatch.setattr(jobads_services, "OPEN_WAIT_SECONDS", 0.01)
    with AdStore(store, read_only=True):  # a request of this process reading the store
        coordinator.post("/jobs/jobads/classify/")
    job = Job.objects.get()
    assert (job.status, job.error) == (
        "failed",
        "Annonslagret förblev öppet för läsning. Starta igen om en stund.",
    )
    assert stored(store) == {}


def test_while_the_job_writes_the_pages_say_the_store_is_busy(store: Path, client: Client) -> None:
    with AdStore(store):  # the background job's writing connection, in this process
        page = client.get("/jobads/")
    assert page.status_code == 200
    assert "skriver till annonslagret" in page.content.decode()
