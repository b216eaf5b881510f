"""The job kinds: each calls the owning app's service and reports progress as it goes."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from kartlagg.jobs.models import Job
from kartlagg.jobs.runner import JobFailed, Progress, register

CATALOGUE_IMPORT = "catalogue_import"
REPORT_BUILD = "report_build"


@register(CATALOGUE_IMPORT)
def catalogue_import(job: Job, progress: Progress) -> str:
    """Validate the whole uploaded file, then write it in one transaction (all or nothing)."""
    from kartlagg.catalogue.exceptions import CatalogueImportError
    from kartlagg.catalogue.services import catalogue_import_validated, catalogue_validate_file

    path = Path(job.params["path"])
    shown = job.params.get("filename") or path.name
    try:
        progress.start(0, f"Checking {shown}")
        validated = catalogue_validate_file(path=path)
        progress.start(len(validated), f"Importing {len(validated)} rows")
        result = catalogue_import_validated(validated=validated, progress=progress.advance)
    except CatalogueImportError as exc:
        problems = [
            {"file": shown, "row": p.row, "field": p.field, "message": p.message} for p in exc.problems
        ]
        raise JobFailed(f"{shown}: {len(problems)} problem(s), nothing imported", problems) from exc
    finally:
        path.unlink(missing_ok=True)  # the upload is a temporary copy
    job.result_url = reverse("catalogue:list")
    return f"{shown}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"


@register(REPORT_BUILD)
def report_build(job: Job, progress: Progress) -> str:
    """Every language and format of one edition, one output at a time so progress moves."""
    from kartlagg.reports.models import Edition, Language, OutputFormat
    from kartlagg.reports.services import report_build as build_one

    edition = Edition.objects.filter(key=job.params["edition"]).first()
    if edition is None:
        raise JobFailed(f"no report edition {job.params['edition']!r}")
    outputs = [(lang, fmt) for lang in Language.values for fmt in OutputFormat.values]
    progress.start(len(outputs), f"Building {edition.title}")
    hashes = set()
    for lang, fmt in outputs:
        build = build_one(edition=edition, language=lang, fmt=fmt, built_by=job.params.get("user", ""))
        hashes.add(build.data_hash[:12])
        progress.advance(1, f"{lang}.{fmt} built")
    job.result_url = reverse("reports:list")
    return f"{len(outputs)} files of {edition.title} built (data snapshot {', '.join(sorted(hashes))})"
