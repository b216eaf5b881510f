from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kartlagg.reports.models import Edition, Language, OutputFormat
from kartlagg.reports.permissions import can_build_reports
from kartlagg.reports.selectors import edition_list, latest_build, text_diff
from kartlagg.reports.services import report_build, report_build_all, report_render


def report_list_view(request: HttpRequest) -> HttpResponse:
    editions = list(edition_list())
    rows = []
    for edition in editions:
        builds = {(b.language, b.format): b for b in edition.builds.all()}
        rows.append(
            {
                "edition": edition,
                "outputs": [
                    {
                        "language": lang,
                        "language_label": label,
                        "format": fmt,
                        "build": builds.get((lang, fmt)),
                    }
                    for lang, label in Language.choices
                    for fmt in OutputFormat.values
                ],
            }
        )
    return render(request, "reports/list.html", {"rows": rows, "can_build": can_build_reports(request.user)})


def _output(request: HttpRequest, key: str, language: str, fmt: str) -> HttpResponse:
    edition = get_object_or_404(Edition, key=key)
    if language not in Language.values or fmt not in OutputFormat.values:
        raise Http404(f"{language}/{fmt}")
    build = latest_build(edition=edition, language=language, fmt=fmt)
    # Not built yet: build it now, so a report is never missing (storing it keeps the hashes on record).
    content = (
        bytes(build.content)
        if build
        else bytes(report_build(edition=edition, language=language, fmt=fmt).content)
    )
    if fmt == OutputFormat.PDF:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="kartlagg-{edition.key}-{language}.pdf"'
        return response
    return HttpResponse(content, content_type="text/html; charset=utf-8")


def report_html_view(request: HttpRequest, key: str, language: str) -> HttpResponse:
    return _output(request, key, language, OutputFormat.HTML)


def report_pdf_view(request: HttpRequest, key: str, language: str) -> HttpResponse:
    return _output(request, key, language, OutputFormat.PDF)


@require_POST
def report_build_view(request: HttpRequest, key: str) -> HttpResponse:
    if not can_build_reports(request.user):
        return HttpResponseForbidden(_("Only coordinators may build reports."))
    edition = get_object_or_404(Edition, key=key)
    builds = report_build_all(edition=edition, built_by=request.user.get_username())
    messages.success(
        request,
        _("Built %(count)s files of %(edition)s (data snapshot %(hash)s).")
        % {"count": len(builds), "edition": edition.title, "hash": builds[0].data_hash[:12]},
    )
    return redirect("reports:list")


def report_compare_view(request: HttpRequest, key: str) -> HttpResponse:
    edition = get_object_or_404(Edition, key=key)
    other_key = request.GET.get("with") or (edition.previous.key if edition.previous else "")
    language = request.GET.get("lang") or (
        request.LANGUAGE_CODE if request.LANGUAGE_CODE in Language.values else "sv"
    )
    other = Edition.objects.filter(key=other_key).first() if other_key else None
    lines = []
    if other is not None:
        old = report_render(edition=other, language=language, fmt=OutputFormat.HTML).document.text()
        new = report_render(edition=edition, language=language, fmt=OutputFormat.HTML).document.text()
        lines = text_diff(old=old, new=new)
    return render(
        request,
        "reports/compare.html",
        {
            "edition": edition,
            "other": other,
            "editions": Edition.objects.exclude(pk=edition.pk).order_by("-year"),
            "lines": lines,
            "changed": sum(1 for line in lines if line.kind != "same"),
            "language": language,
        },
    )
