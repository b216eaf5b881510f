"""The 2022 mapping as a report edition: the `kartlagg up` step that builds the demo report at once."""

from __future__ import annotations

from datetime import date

from django.apps import apps

from kartlagg.reports.models import Edition
from kartlagg.reports.services import edition_upsert, report_build_all

DEMO_EDITION = "atmp-2022"
# The 2022 report's appendix: its working group (names and organisations as published).
WORKING_GROUP_2022 = """Hanna Sjölund, Karolinska Universitetssjukhuset
Jukka Lausmaa, Umeå Universitet
Kristina Levan, Gothia Forum, Sahlgrenska Universitetssjukhuset
Maria Brohlin, Norrlands Universitetssjukhus
Paul Kingham, Umeå Universitet
Stephanie Mattsson, MSC Nordics AB"""
# The report's job-ad search: 31 ads in Sweden and 169 in the Nordics in 2021. Carried as a labelled
# "2022 mapping" figure; the job-ad store's own counts replace it for any year the store has ads for.
CARRIED_ADS_2021 = [
    {"year": 2021, "country": "SE", "count": 31},
    {"year": 2021, "country": "NORDIC", "count": 169},
]


def _demo_round_key() -> str:
    if not apps.is_installed("kartlagg.surveys"):
        return ""
    from kartlagg.surveys.models import Round

    demo = Round.objects.filter(is_illustrative=True).order_by("-pk").first()
    return str(demo.pk) if demo else ""


def reports_load_demo() -> Edition:
    from kartlagg.gaps.services import gaps_load_demo

    gaps_load_demo()
    return edition_upsert(
        key=DEMO_EDITION,
        year=2022,
        title_sv="Kartläggning av utbildning och kompetensbehov inom ATMP",
        title_en="Mapping of education and competence needs in ATMP",
        published_on=date(2022, 4, 28),
        survey_round=_demo_round_key(),
        scenario_key="with-ccrm-nordic",
        ads_year=2021,
        carried_ads=list(CARRIED_ADS_2021),
        carried_ads_source="2022",
        working_group=WORKING_GROUP_2022,
        illustrative=True,
    )


def build_demo_report() -> str:
    """Bootstrap step: the demo edition, built in both languages as HTML and PDF (idempotent)."""
    edition = reports_load_demo()
    builds = report_build_all(edition=edition, built_by="kartlagg up")
    return f"edition {edition.key}: {len(builds)} files built, data snapshot {builds[0].data_hash[:12]}"
