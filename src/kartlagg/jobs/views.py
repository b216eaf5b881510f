from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kartlagg.jobs.forms import CatalogueUploadForm
from kartlagg.jobs.models import Job, JobStatus
from kartlagg.jobs.policy import can_run_jobs
from kartlagg.jobs.runner import job_submit
from kartlagg.jobs.tasks import ADS_RECLASSIFY, CATALOGUE_IMPORT, REPORT_BUILD


def _refuse(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_run_jobs(request.user):
        return HttpResponseForbidden(_("Only coordinators may run and follow background jobs."))
    return None


def job_list_view(request: HttpRequest) -> HttpResponse:
    if refused := _refuse(request):
        return refused
    from kartlagg.reports.selectors import edition_list

    return render(
        request, "jobs/list.html", {"jobs": Job.objects.all()[:50], "editions": list(edition_list())}
    )


def job_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    if refused := _refuse(request):
        return refused
    return render(request, "jobs/detail.html", {"job": get_object_or_404(Job, pk=pk)})


def job_status_view(request: HttpRequest, pk: int) -> JsonResponse:
    if not can_run_jobs(request.user):
        return JsonResponse({"error": "forbidden"}, status=403)
    job = get_object_or_404(Job, pk=pk)
    return JsonResponse(
        {
            "id": job.pk,
            "kind": job.kind,
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "error": job.error,
            "problems": len(job.problems),
            "finished": job.finished,
            "result_url": job.result_url,
        }
    )


@require_POST
def report_build_view(request: HttpRequest, key: str) -> HttpResponse:
    """Build every output of an edition in the background (the reports app's own button builds inline)."""
    if refused := _refuse(request):
        return refused
    from kartlagg.reports.models import Edition

    edition = get_object_or_404(Edition, key=key)
    job = job_submit(
        kind=REPORT_BUILD,
        title=_("Build report: %(edition)s") % {"edition": edition.title},
        params={
            "edition": edition.key,
            "user": request.user.get_username(),
            "language": request.LANGUAGE_CODE,
        },
        user=request.user,
    )
    return redirect("jobs:detail", pk=job.pk)


def catalogue_import_view(request: HttpRequest) -> HttpResponse:
    if refused := _refuse(request):
        return refused
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        # Keep the suffix: the catalogue reader chooses the format by it.
        with tempfile.NamedTemporaryFile(
            dir=folder, suffix=Path(upload.name).suffix.lower(), delete=False
        ) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        job = job_submit(
            kind=CATALOGUE_IMPORT,
            title=_("Import catalogue file %(name)s") % {"name": upload.name},
            params={"path": handle.name, "filename": upload.name, "language": request.LANGUAGE_CODE},
            user=request.user,
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/catalogue_import.html", {"form": form})


@require_POST
def ads_reclassify_view(request: HttpRequest) -> HttpResponse:
    """Classify the stored job ads in the background: the new ones, or (with "all") every one again."""
    if refused := _refuse(request):
        return refused
    # One at a time: two runs would write the same classifications into the store at once.
    running = Job.objects.filter(
        kind=ADS_RECLASSIFY, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()
    if running is not None:
        return redirect("jobs:detail", pk=running.pk)
    every = request.POST.get("all") == "1"
    job = job_submit(
        kind=ADS_RECLASSIFY,
        title=_("Classify every job ad again") if every else _("Classify the job ads not yet classified"),
        params={"all": every, "language": request.LANGUAGE_CODE},
        user=request.user,
    )
    return redirect("jobs:detail", pk=job.pk)
