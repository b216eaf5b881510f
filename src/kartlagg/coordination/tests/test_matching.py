"""The matching rules, on plain facts: when a pair is suggested, how it scores and how it is explained."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from kartlagg.coordination.matching import Facts, explain, reason_text, suggest

GMP = "gmp-production"
CELL = "cell-production"
QA = "quality-assurance"


def offer(**kw: object) -> Facts:
    base: dict[str, object] = {
        "id": 1,
        "type": "thesis_project",
        "areas": frozenset({GMP}),
        "organisation_id": 10,
    }
    base.update(kw)
    return Facts(**base)  # type: ignore[arg-type]


def need(**kw: object) -> Facts:
    base: dict[str, object] = {
        "id": 2,
        "type": "thesis_project",
        "areas": frozenset({GMP}),
        "organisation_id": 20,
    }
    base.update(kw)
    return Facts(**base)  # type: ignore[arg-type]


def by_factor(suggestion: object) -> dict[str, dict[str, object]]:
    return {r["factor"]: r for r in suggestion.reasons}  # type: ignore[attr-defined]


def test_a_perfect_pair_scores_100_and_names_every_factor() -> None:
    s = explain(
        offer(
            level="second_cycle",
            region="Västerbotten",
            start=date(2027, 1, 1),
            end=date(2027, 6, 30),
            remaining=3,
        ),
        need(
            level="second_cycle",
            region="västerbotten",
            start=date(2027, 3, 1),
            end=date(2027, 12, 31),
            remaining=2,
        ),
    )
    assert s is not None
    assert s.score == 100
    assert s.places == 2
    reasons = by_factor(s)
    assert [r["factor"] for r in s.reasons] == ["areas", "type", "level", "region", "period", "capacity"]
    assert reasons["region"]["detail"]["relation"] == "same"  # type: ignore[index]
    assert reasons["period"]["detail"] == {"relation": "overlap", "start": "2027-03-01", "end": "2027-06-30"}


def test_no_shared_area_no_places_same_organisation_or_disjoint_periods_mean_no_suggestion() -> None:
    assert explain(offer(areas=frozenset({QA})), need()) is None
    assert explain(offer(remaining=0), need()) is None
    assert explain(offer(), need(remaining=0)) is None
    assert explain(offer(organisation_id=5), need(organisation_id=5)) is None
    assert explain(offer(end=date(2026, 12, 31)), need(start=date(2027, 1, 1))) is None


def test_partial_area_cover_and_weaker_factors_lower_the_score_exactly() -> None:
    # Covers 1 of the need's 2 areas (20), related type thesis↔internship (10), one level open (10),
    # different regions (0), no period on either side (6).
    s = explain(
        offer(type="internship", region="Skåne"),
        need(areas=frozenset({GMP, CELL}), level="first_cycle", region="Västerbotten"),
    )
    assert s is not None
    assert {f: r["points"] for f, r in by_factor(s).items()} == {
        "areas": 20,
        "type": 10,
        "level": 10,
        "region": 0,
        "period": 6,
        "capacity": 0,
    }
    assert s.score == 46


def test_remote_possible_bridges_regions_and_a_different_type_is_still_suggested() -> None:
    s = explain(
        offer(type="thesis_project", region="Västernorrland", remote_possible=True),
        need(type="teaching", region="Västerbotten"),
    )
    assert s is not None
    reasons = by_factor(s)
    assert reasons["region"]["points"] == 12
    assert reasons["type"]["points"] == 0
    assert reasons["type"]["detail"]["relation"] == "different"  # type: ignore[index]


def test_suggest_orders_best_first_and_skips_decided_pairs() -> None:
    good = offer(id=1, level="second_cycle")
    weak = offer(id=3, type="industrial_phd")
    target = need(id=2, level="second_cycle")
    found = suggest([weak, good], [target])
    assert [(s.offer_id, s.score) for s in found] == [(1, 86), (3, 71)]
    assert [s.offer_id for s in suggest([weak, good], [target], exclude={(1, 2)})] == [3]
    assert suggest([weak, good], [target], min_score=80)[0].offer_id == 1


def test_reasons_read_in_swedish_and_english() -> None:
    s = explain(offer(level="second_cycle"), need(level="second_cycle", type="teaching"))
    assert s is not None
    labels = {GMP: "Produktion enligt GMP"}
    with translation.override("en"):
        texts = [reason_text(r, labels) for r in s.reasons]
    assert texts[0] == "Shared competence areas: Produktion enligt GMP (1 of the need's 1)."
    assert (
        texts[1]
        == "Different form: the offer is thesis project, the need asks for teaching; check that it fits."
    )
    with translation.override("sv"):
        sv = [reason_text(r, labels) for r in s.reasons]
    assert sv[0].startswith("Gemensamma kompetensområden: Produktion enligt GMP")
