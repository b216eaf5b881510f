"""Background jobs: a coordinator uploads a catalogue file or builds a report, and follows its progress."""

from __future__ import annotations

import csv
import importlib
import io
import os
import socket
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kartlagg.catalogue.models import Offering
from kartlagg.catalogue.services import catalogue_export_file
from kartlagg.coordination.tests.factories import make_cast
from kartlagg.jobs.models import Job, JobStatus
from kartlagg.jobs.runner import JobFailed, Progress, job_submit, jobs_mark_orphans, register, run_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(atmp_domain) -> Client:
    client = Client()
    client.force_login(make_cast().coordinator)
    return client


def _exported_csv(tmp_path) -> bytes:
    path = tmp_path / "catalogue.csv"
    catalogue_export_file(path=path)
    return path.read_bytes()


def test_a_coordinator_reimports_the_catalogue_and_sees_every_row_unchanged(
    coordinator, seeded_catalogue, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    data = _exported_csv(tmp_path)
    response = coordinator.post("/jobs/catalogue/import/", {"file": SimpleUploadedFile("katalog.csv", data)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.done, job.total) == ("catalogue_import", JobStatus.SUCCEEDED, 25, 25)
    assert job.message == "katalog.csv: 0 nya, 0 ändrade, 25 oförändrade"
    status = coordinator.get(f"/jobs/{job.pk}/status.json").json()
    assert (status["status"], status["percent"], status["finished"]) == ("succeeded", 100, True)
    page = coordinator.get(f"/jobs/{job.pk}/").content.decode()
    assert "Klart" in page and 'http-equiv="refresh"' not in page
    uploads = tmp_path / "media" / "uploads"
    assert uploads.is_dir() and list(uploads.iterdir()) == []  # the temporary copy is gone


def test_a_bad_row_fails_the_job_with_row_and_field_and_imports_nothing(
    coordinator, seeded_catalogue, tmp_path
):
    rows = list(csv.DictReader(io.StringIO(_exported_csv(tmp_path).decode("utf-8-sig"))))
    rows[2]["key"] = "new-offering-x"
    rows[2]["areas"] = "no-such-area"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    coordinator.post(
        "/jobs/catalogue/import/", {"file": SimpleUploadedFile("bad.csv", out.getvalue().encode())}
    )
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "bad.csv: 1 problem, ingenting importerades"
    assert [(p["row"], p["field"]) for p in job.problems] == [(4, "areas")]
    assert "no-such-area" in job.problems[0]["message"]
    assert not Offering.objects.filter(key="new-offering-x").exists()
    page = coordinator.get(f"/jobs/{job.pk}/").content.decode()
    assert "Problem i filen (ingenting importerades)" in page and "no-such-area" in page


def test_only_coordinators_start_or_follow_jobs(client, atmp_domain):
    cast = make_cast()
    assert client.get("/jobs/catalogue/import/").status_code == 302  # to the sign-in page
    client.force_login(cast.company_rep)
    assert client.get("/jobs/").status_code == 403
    assert client.post("/jobs/catalogue/import/", {}).status_code == 403
    job = Job.objects.create(kind="catalogue_import", title="x")
    assert client.get(f"/jobs/{job.pk}/status.json").status_code == 403


def test_an_unsupported_file_type_is_refused_by_the_form(coordinator):
    response = coordinator.post("/jobs/catalogue/import/", {"file": SimpleUploadedFile("k.pdf", b"%PDF")})
    assert response.status_code == 200 and not Job.objects.exists()
    assert "Välj en fil av typen .csv, .xlsx, .json eller .yaml." in response.content.decode()


def test_an_unfinished_job_page_refreshes_without_javascript(coordinator):
    job = Job.objects.create(
        kind="catalogue_import", title="Import", total=10, done=4, status=JobStatus.RUNNING
    )
    html = coordinator.get(f"/jobs/{job.pk}/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert 'value="4"' in html and "jobs/progress.js" in html
    assert coordinator.get(f"/jobs/{job.pk}/status.json").json()["percent"] == 40


@register("test_counting")
def _counting(job: Job, progress: Progress) -> str:
    progress.start(3, "counting")
    for _ in range(3):
        progress.advance()
    if job.params.get("fail") == "expected":
        raise JobFailed("refused on purpose", [{"row": 1, "field": "x", "message": "bad"}])
    if job.params.get("fail") == "crash":
        raise RuntimeError("boom")
    return "counted 3"


def test_the_runner_records_success_refusal_and_crash():
    ok = job_submit(kind="test_counting", title="ok")
    assert (ok.status, ok.done, ok.total, ok.message) == ("succeeded", 3, 3, "counted 3")
    assert ok.started_at and ok.finished_at
    refused = job_submit(kind="test_counting", title="no", params={"fail": "expected"})
    assert (refused.status, refused.error, len(refused.problems)) == ("failed", "refused on purpose", 1)
    crashed = job_submit(kind="test_counting", title="crash", params={"fail": "crash"})
    assert (crashed.status, crashed.error) == ("failed", "RuntimeError: boom")
    with pytest.raises(ValueError, match="unknown job kind"):
        job_submit(kind="nope", title="x")


def test_the_thread_pool_runs_a_job_outside_the_request(settings):
    settings.KARTLAGG_JOBS_SYNC = False
    job = Job.objects.create(kind="test_counting", title="direct")
    run_job(job.pk)  # what the pool thread calls
    job.refresh_from_db()
    assert job.status == "succeeded" and job.percent == 100


def test_report_build_in_the_background(coordinator, seeded_catalogue):
    from kartlagg.reports.models import ReportBuild
    from kartlagg.reports.services import edition_upsert

    edition_upsert(key="atmp-2026", year=2026, title_sv="Kartläggning 2026", title_en="Mapping 2026")
    response = coordinator.post("/jobs/reports/atmp-2026/build/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.done, job.total) == ("succeeded", 4, 4), job.error
    assert ReportBuild.objects.filter(edition__key="atmp-2026", built_by="coordinator").count() == 4
    assert job.result_url == "/reports/"


# ---- jobs left behind by a stopped server ------------------------------------------------------------
def _job(title: str, status: str, runner: str) -> Job:
    return Job.objects.create(kind="catalogue_import", title=title, status=status, runner=runner)


def test_a_starting_server_marks_failed_only_the_jobs_of_processes_that_are_gone():
    host = socket.gethostname()
    stopped = subprocess.Popen([sys.executable, "-c", "pass"])
    stopped.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        jobs = {
            "stopped server": _job("a", JobStatus.RUNNING, f"{host}:{stopped.pid}"),
            "queued in it": _job("b", JobStatus.QUEUED, f"{host}:{stopped.pid}"),
            "before runners were named": _job("c", JobStatus.RUNNING, ""),
            "sibling still serving": _job("d", JobStatus.RUNNING, f"{host}:{alive.pid}"),
            "other host": _job("e", JobStatus.RUNNING, "elsewhere.example.org:4242"),
        }
        assert jobs_mark_orphans() == "3 interrupted job(s) marked failed"
        assert jobs_mark_orphans() == "0 interrupted job(s) marked failed"  # a second process starting
    finally:
        alive.kill()
        alive.wait()
    after = {name: Job.objects.get(pk=job.pk) for name, job in jobs.items()}
    assert {name: job.status for name, job in after.items()} == {
        "stopped server": "failed",
        "queued in it": "failed",
        "before runners were named": "failed",
        "sibling still serving": "running",
        "other host": "running",
    }
    assert after["stopped server"].error == "interrupted: the server stopped"
    assert after["stopped server"].finished_at is not None


def test_loading_the_wsgi_application_starts_the_runner_and_nothing_else_does():
    from django.core.management import call_command

    orphan = _job("left behind", JobStatus.RUNNING, "")
    call_command("check", verbosity=0)  # app loading (ready) in a management command: not a server
    orphan.refresh_from_db()
    assert orphan.status == JobStatus.RUNNING

    import kartlagg.config.wsgi as wsgi

    importlib.reload(wsgi)  # what runserver, gunicorn and mod_wsgi do in each serving process
    orphan.refresh_from_db()
    assert orphan.status == JobStatus.FAILED


def test_jobs_name_the_process_that_runs_them(coordinator, seeded_catalogue, tmp_path):
    data = _exported_csv(tmp_path)
    coordinator.post("/jobs/catalogue/import/", {"file": SimpleUploadedFile("katalog.csv", data)})
    assert Job.objects.get().runner == f"{socket.gethostname()}:{os.getpid()}"
