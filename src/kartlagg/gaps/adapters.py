"""Adapters from the survey, job-ad and interview apps' selectors to gap evidence.

Only imported when the app in question is installed (see kartlagg.gaps.sources).
"""

from __future__ import annotations

from kartlagg.gaps.analysis import DemandEvidence


def survey_demand_evidence(*, survey_round: str) -> list[DemandEvidence]:
    return []


def ads_demand_evidence(*, from_year: int | None, to_year: int | None) -> list[DemandEvidence]:
    return []


def interview_demand_evidence(*, survey_round: str) -> list[DemandEvidence]:
    return []


def latest_survey_round() -> str:
    return ""
