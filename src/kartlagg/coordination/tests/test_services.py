"""Coordination services: offers from survey answers, confirming and tracking matches, initiatives."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kartlagg.coordination import selectors, services
from kartlagg.coordination.exceptions import CoordinationError
from kartlagg.coordination.models import ContributionStatus, Match, MatchStatus, Offer
from kartlagg.coordination.tests.factories import Cast
from kartlagg.organisations.services import organisation_get_or_create

pytestmark = pytest.mark.django_db

WILLING = [
    {
        "type": "thesis_project",
        "capacity_per_year": 3,
        "areas": ["gmp-production", "cell-production"],
        "level": "second_cycle",
        "comment": "Examensarbeten i vår GMP-anläggning",
    },
    {
        "type": "guest_lecture",
        "capacity_per_year": 2,
        "areas": ["quality-assurance"],
        "level": "",
        "comment": "",
    },
]


def test_survey_willingness_becomes_offers_and_capturing_again_updates_instead_of_duplicating(
    cast: Cast,
) -> None:
    offers = services.offers_from_survey_willingness(
        organisation=cast.company, willingness=WILLING, source="survey-2026"
    )
    assert [(o.type, o.capacity_per_year, o.level, o.source) for o in offers] == [
        ("thesis_project", 3, "second_cycle", "survey"),
        ("guest_lecture", 2, "", "survey"),
    ]
    assert sorted(a.code for a in offers[0].areas.all()) == ["cell-production", "gmp-production"]
    assert offers[0].description == "Examensarbeten i vår GMP-anläggning"

    # The respondent changes the answer: more thesis projects, no guest lectures any more.
    again = services.offers_from_survey_willingness(
        organisation=cast.company,
        willingness=[{**WILLING[0], "capacity_per_year": 5}],
        source="survey-2026",
    )
    assert Offer.objects.filter(organisation=cast.company).count() == 2
    assert again[0].pk == offers[0].pk and again[0].capacity_per_year == 5
    lecture = Offer.objects.get(pk=offers[1].pk)
    assert lecture.status == ContributionStatus.CLOSED


def test_the_survey_instruments_row_codes_are_understood_and_areas_may_be_missing(cast: Cast) -> None:
    offers = services.offers_from_survey_willingness(
        organisation=cast.company,
        willingness=[
            {"type": "guest_lectures", "capacity_per_year": None, "areas": [], "level": "", "comment": ""},
            {
                "type": "gmp_access",
                "capacity_per_year": 2,
                "areas": ["gmp-production"],
                "level": "",
                "comment": "",
            },
        ],
    )
    assert [(o.type, o.capacity_per_year, o.areas.count()) for o in offers] == [
        ("guest_lecture", 1, 0),
        ("gmp_facility_access", 2, 1),
    ]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"type": "lecture", "areas": ["cmc"]}, "willingness[1].type: unknown type 'lecture'"),
        (
            {"type": "internship", "areas": ["no-such-area"]},
            "willingness[1].areas: unknown competence area 'no-such-area'",
        ),
        (
            {"type": "internship", "areas": "cmc"},
            "willingness[1].areas: expected a list of competence-area codes",
        ),
        (
            {"type": "internship", "areas": ["cmc"], "capacity_per_year": 0},
            "willingness[1].capacity_per_year: expected an integer",
        ),
        (
            {"type": "internship", "areas": ["cmc"], "level": "kindergarten"},
            "willingness[1].level: unknown level 'kindergarten'",
        ),
        ({"type": "internship", "areas": ["cmc"], "budget": 5}, "willingness[1]: unknown keys ['budget']"),
        (
            {"type": "thesis_project", "areas": ["cmc"]},
            "willingness[1].type: type 'thesis_project' given twice",
        ),
    ],
)
def test_bad_willingness_names_the_item_and_stores_nothing(
    cast: Cast, item: dict[str, object], message: str
) -> None:
    with pytest.raises(CoordinationError) as err:
        services.offers_from_survey_willingness(organisation=cast.company, willingness=[WILLING[0], item])
    assert str(err.value).startswith(message)
    assert Offer.objects.count() == 0


def _thesis_offer(cast: Cast, capacity: int = 3) -> Offer:
    return services.offer_create(
        organisation=cast.company,
        type="thesis_project",
        title="Examensarbete: media fill i renrum",
        areas=services.areas_from_codes(["gmp-production"]),
        level="second_cycle",
        capacity_per_year=capacity,
    )


def _gmp_need(cast: Cast, capacity: int = 2) -> services.Need:
    return services.need_create(
        organisation=cast.university,
        type="teaching",
        title="GMP-undervisning i masterprogrammet",
        areas=services.areas_from_codes(["gmp-production", "quality-assurance"]),
        level="second_cycle",
        capacity_per_year=capacity,
    )


def test_confirming_books_places_and_tracks_the_match_to_completion(cast: Cast) -> None:
    offer, need = _thesis_offer(cast), _gmp_need(cast)
    match = services.match_confirm(offer=offer, need=need, by=cast.coordinator)
    assert (match.status, match.places, match.confirmed_by) == (MatchStatus.CONFIRMED, 2, cast.coordinator)
    assert (
        match.score == 20 + 0 + 15 + 0 + 6
    )  # half the need's areas, different form, same level, regions differ
    assert match.confirmed_at is not None

    # The pair is no longer suggested and its places are taken.
    assert selectors.suggestion_list() == []
    assert selectors.offer_list(user=cast.coordinator).get(pk=offer.pk).used_places == 2  # type: ignore[attr-defined]

    services.match_set_status(match=match, status=MatchStatus.IN_PROGRESS)
    services.match_set_status(match=match, status=MatchStatus.COMPLETED, note="Three lectures given.")
    match.refresh_from_db()
    assert match.status == MatchStatus.COMPLETED
    assert (
        match.started_at is not None
        and match.completed_at is not None
        and match.started_at <= match.completed_at
    )
    with pytest.raises(CoordinationError, match="a completed match cannot become cancelled"):
        services.match_set_status(match=match, status=MatchStatus.CANCELLED)
    with pytest.raises(CoordinationError, match="already"):
        services.match_confirm(offer=offer, need=need, by=cast.coordinator)


def test_capacity_cannot_be_overbooked_or_reduced_below_matched_places(cast: Cast) -> None:
    offer = _thesis_offer(cast, capacity=1)
    need = _gmp_need(cast, capacity=1)
    with pytest.raises(CoordinationError, match="places: between 1 and 1"):
        services.match_confirm(offer=offer, need=need, by=cast.coordinator, places=2)
    services.match_confirm(offer=offer, need=need, by=cast.coordinator)
    other = services.need_create(
        organisation=organisation_get_or_create(name="Lunds universitet", kind="university"),
        type="thesis_project",
        areas=services.areas_from_codes(["gmp-production"]),
    )
    with pytest.raises(CoordinationError, match="cannot be matched"):
        services.match_confirm(offer=offer, need=other, by=cast.coordinator)
    with pytest.raises(CoordinationError, match="1 places are already matched"):
        services.contribution_update(
            instance=offer,
            areas=list(offer.areas.all()),
            type=offer.type,
            title=offer.title,
            description="",
            level=offer.level,
            capacity_per_year=0,
            start_date=None,
            end_date=None,
            contact=None,
            region="",
            remote_possible=False,
            is_public=True,
        )


def test_the_database_refuses_what_services_would_never_write(cast: Cast) -> None:
    offer, need = _thesis_offer(cast), _gmp_need(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(offer=offer, need=need, status=MatchStatus.CONFIRMED)  # no confirmation date
    with pytest.raises(ValidationError):
        services.offer_create(
            organisation=cast.company,
            type="internship",
            areas=services.areas_from_codes(["cmc"]),
            start_date=date(2027, 6, 1),
            end_date=date(2027, 1, 1),
        )


def test_white_spots_and_overlaps_of_initiatives(cast: Cast) -> None:
    funder = organisation_get_or_create(name="Vinnova", kind="funder")
    gmp = services.areas_from_codes(["gmp-production", "quality-assurance"])
    first = services.initiative_save(
        owner=cast.university,
        funder=funder,
        areas=gmp,
        title_sv="GMP-kurs för BMA",
        status="running",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        budget_sek=1_200_000,
    )
    second = services.initiative_save(
        owner=cast.company,
        areas=services.areas_from_codes(["gmp-production"]),
        title_sv="Renrumsträning",
        start_date=date(2027, 6, 1),
    )
    services.initiative_save(
        owner=cast.company,
        areas=services.areas_from_codes(["gmp-production", "cmc"]),
        title_sv="Avslutad kurs",
        status="finished",
        start_date=date(2020, 1, 1),
        end_date=date(2021, 1, 1),
    )
    overview = selectors.initiative_overview(user=cast.coordinator)
    assert [
        (o.first.pk, o.second.pk, [a.code for a in o.areas], o.start, o.end) for o in overview.overlaps
    ] == [(first.pk, second.pk, ["gmp-production"], date(2027, 6, 1), date(2027, 12, 31))]
    spots = {a.code for a in overview.white_spots}
    assert len(spots) == 18  # 20 areas less the two that live initiatives cover
    assert "cmc" in spots and "gmp-production" not in spots  # a finished initiative fills no white spot
    assert overview.by_status == {"planned": 1, "running": 1, "finished": 1}


def test_decision_log_lists_follow_ups_that_have_come_due(cast: Cast) -> None:
    due = services.decision_record(
        decided_on=date(2026, 9, 1),
        title="Starta GMP-kurs",
        follow_up_on=date(2026, 11, 1),
        created_by=cast.coordinator,
    )
    services.decision_record(decided_on=date(2026, 9, 1), title="Senare", follow_up_on=date(2027, 3, 1))
    assert list(selectors.decision_list(due_only=True, today=date(2026, 11, 24))) == [due]
    services.decision_mark_followed_up(decision=due)
    assert list(selectors.decision_list(due_only=True, today=date(2026, 11, 24))) == []
    with pytest.raises(ValidationError):
        services.decision_record(decided_on=date(2026, 9, 1), title="Bakåt", follow_up_on=date(2026, 8, 1))


@pytest.mark.parametrize("region", ["Västernorrland", "VÄSTERNORRLAND", "västernorrland"])
def test_the_region_filter_ignores_case_of_swedish_letters(cast: Cast, region: str) -> None:
    offer = _thesis_offer(cast)  # the company's region, Västernorrland, stands for the offer's
    own = services.offer_create(
        organisation=cast.university,
        type="guest_lecture",
        areas=list(offer.areas.all()),
        region="Östergötland",
    )
    found = selectors.offer_list(filters=selectors.ContributionFilters(region=region))
    assert [o.pk for o in found] == [offer.pk]
    found = selectors.offer_list(filters=selectors.ContributionFilters(region="ÖSTERGÖTLAND"))
    assert [o.pk for o in found] == [own.pk]
