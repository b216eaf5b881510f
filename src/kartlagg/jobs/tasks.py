"""The job kinds: each calls the owning app's service and reports progress as it goes."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kartlagg.jobs.models import Job
from kartlagg.jobs.runner import JobFailed, Progress, register

CATALOGUE_IMPORT = "catalogue_import"
REPORT_BUILD = "report_build"
ADS_RECLASSIFY = "ads_reclassify"


@register(CATALOGUE_IMPORT)
def catalogue_import(job: Job, progress: Progress) -> str:
    """Validate the whole uploaded file, then write it in one transaction (all or nothing)."""
    from kartlagg.catalogue.exceptions import CatalogueImportError
    from kartlagg.catalogue.services import catalogue_import_validated, catalogue_validate_file

    path = Path(job.params["path"])
    shown = job.params.get("filename") or path.name
    # Messages are stored once, in the language of the person who started the job.
    with translation.override(job.params.get("language") or "sv"):
        try:
            progress.start(0, _("Checking %(name)s") % {"name": shown})
            validated = catalogue_validate_file(path=path)
            progress.start(len(validated), _("Importing %(n)s rows") % {"n": len(validated)})
            result = catalogue_import_validated(validated=validated, progress=progress.advance)
        except CatalogueImportError as exc:
            problems = [
                {"file": shown, "row": p.row, "field": p.field, "message": p.message} for p in exc.problems
            ]
            message = _("%(name)s: %(n)s problem(s), nothing imported") % {"name": shown, "n": len(problems)}
            raise JobFailed(message, problems) from exc
        finally:
            path.unlink(missing_ok=True)  # the upload is a temporary copy
        job.result_url = reverse("catalogue:list")
        return _("%(name)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "name": shown,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }


@register(REPORT_BUILD)
def report_build(job: Job, progress: Progress) -> str:
    """Every language and format of one edition, one output at a time so progress moves."""
    from kartlagg.reports.models import Edition, Language, OutputFormat
    from kartlagg.reports.services import report_build as build_one

    language = job.params.get("language") or "sv"
    with translation.override(language):
        edition = Edition.objects.filter(key=job.params["edition"]).first()
        if edition is None:
            raise JobFailed(_("No report edition %(key)s.") % {"key": job.params["edition"]})
        title = edition.title
    outputs = [(lang, fmt) for lang in Language.values for fmt in OutputFormat.values]
    with translation.override(language):
        progress.start(len(outputs), _("Building %(title)s") % {"title": title})
    hashes = set()
    for lang, fmt in outputs:
        # The builder renders each output in its own language; messages go back to the starter's.
        build = build_one(edition=edition, language=lang, fmt=fmt, built_by=job.params.get("user", ""))
        hashes.add(build.data_hash[:12])
        with translation.override(language):
            progress.advance(1, _("%(file)s built") % {"file": f"{lang}.{fmt}"})
    job.result_url = reverse("reports:list")
    with translation.override(language):
        return _("%(n)s files of %(title)s built (data snapshot %(hash)s)") % {
            "n": len(outputs),
            "title": title,
            "hash": ", ".join(sorted(hashes)),
        }


@register(ADS_RECLASSIFY)
def ads_reclassify(job: Job, progress: Progress) -> str:
    """Classify the stored job ads again with the current classifier, batch by batch (as the CLI does)."""
    from kartlagg.jobads.services import ReclassifyError, jobads_reclassify

    every = bool(job.params.get("all"))
    with translation.override(job.params.get("language") or "sv"):
        progress.start(0, _("Counting the ads to classify"))
        try:
            result = jobads_reclassify(
                all_ads=every,
                on_total=lambda n: progress.start(n, _("Classifying %(n)s ads") % {"n": n}),
                progress=progress.advance,
            )
        except ReclassifyError as exc:
            raise JobFailed(str(exc)) from exc
        job.result_url = reverse("jobads:overview")
        counts = result.by_relevance
        return _(
            "%(n)s ads classified by %(version)s. Stored now: %(atmp)s ATMP, %(related)s related, "
            "%(none)s not ATMP."
        ) % {
            "n": result.classified,
            "version": result.model_version,
            "atmp": counts.get("atmp", 0),
            "related": counts.get("related", 0),
            "none": counts.get("none", 0),
        }
