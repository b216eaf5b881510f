"""Offers captured from survey answers: an organisation that says it can host thesis projects or
interns in the demand survey appears in the coordination workbench without anyone typing it again.

Kept apart from services.py because it is the one place where coordination reads the survey's answer
shape; the capture itself goes through services.offers_from_survey_willingness.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from kartlagg.coordination.models import Offer
from kartlagg.coordination.services import offers_from_survey_willingness

log = logging.getLogger(__name__)

# The instrument's questions that carry willingness (see data/instruments/atmp-demand-2026.yaml).
WILLING_QUESTION = "willing"
CONTRIBUTION_QUESTION = "contribution"
WILLING_ANSWERS = ("yes", "maybe")


def willingness_from_answers(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The willingness items in a response's answers, in the capture service's plain shape.

    >>> answers = {"willing": "yes", "contribution": {"thesis": {"offered": True, "capacity": 3}}}
    >>> willingness_from_answers(answers)
    [{'type': 'thesis', 'capacity_per_year': 3, 'areas': [], 'level': '', 'comment': ''}]
    """
    if answers.get(WILLING_QUESTION) not in WILLING_ANSWERS:
        return []
    matrix = answers.get(CONTRIBUTION_QUESTION) or {}
    items: list[dict[str, Any]] = []
    for row, cells in matrix.items():
        if not isinstance(cells, Mapping) or not cells.get("offered"):
            continue
        capacity = cells.get("capacity")
        # A zero or missing capacity means "willing, amount not stated"; the service then counts one place.
        items.append(
            {
                "type": row,
                "capacity_per_year": int(capacity) if capacity else None,
                "areas": [],
                "level": "",
                "comment": "",
            }
        )
    return items


def survey_source(round_id: int) -> str:
    return f"survey-round-{round_id}"


def offers_capture_from_response(*, response: Any) -> list[Offer]:
    """Create or update the offers of one submitted survey response (idempotent per round and type)."""
    return offers_from_survey_willingness(
        organisation=response.organisation,
        willingness=willingness_from_answers(response.answers or {}),
        source=survey_source(response.round_id),
    )


def on_response_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save receiver: capture offers once a response is submitted, after the submit commits."""
    if instance.status != "submitted":
        return
    if instance.round.is_illustrative:
        # Illustrative answers are invented for real organisations' names; they must never surface as
        # those organisations' offers in the workbench.
        return

    def capture() -> None:
        try:
            offers_capture_from_response(response=instance)
        except Exception:  # the submit stands; a coordinator can run `kartlagg coordination capture-round`
            log.exception("could not capture offers from survey response %s", instance.pk)

    transaction.on_commit(capture)
