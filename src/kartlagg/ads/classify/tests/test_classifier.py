"""The classifier decides by context, not by single words: specifications on short real-shaped ads."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.ads.classify.classifier import Classifier
from kartlagg.ads.classify.result import AdClassification
from kartlagg.ads.classify.skills import SkillExtractor
from kartlagg.ads.classify.text import SENTENCE_ENDS, sentence_around
from kartlagg.ads.record import AdRecord


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.from_domain("atmp")


def classify(classifier: Classifier, headline: str, text: str) -> AdClassification:
    return classifier.classify(AdRecord(source="test", source_id="1", headline=headline, text=text))


@pytest.mark.parametrize(
    ("headline", "text", "expected"),
    [
        # CAR: a car workshop, a corrective action request, a CAR-T unit
        (
            "Bilmekaniker",
            "Vi söker bilmekaniker till vår CAR-verkstad. Service och däckbyte på personbilar.",
            "none",
        ),
        (
            "Quality engineer",
            "Handle 8D reports and CAR (Corrective Action Request) with automotive suppliers.",
            "none",
        ),
        (
            "Sjuksköterska",
            "Avdelningen ger CAR-T-behandling till patienter med lymfom; du sköter omvårdnaden.",
            "atmp",
        ),
        # cell: mobile networks, battery factories, prisons
        ("RAN engineer", "Optimise cell parameters and plan new cells in our 5G network.", "none"),
        (
            "Operatör",
            "Cellproduktion av litiumjon-battericeller i vår gigafactory. Erfarenhet av GMP.",
            "none",
        ),
        ("Kriminalvårdare", "Du visiterar celler och ansvarar för säkerheten på anstalten.", "none"),
        ("Operatör", "Cellproduktion av CAR-T-celler för patienter i renrum enligt GMP.", "atmp"),
        # GMP: food and cosmetics versus medicines
        ("Kvalitetstekniker", "HACCP och GMP i vår livsmedelsproduktion, revisioner enligt BRC.", "none"),
        ("Operator", "Mixing skin care products according to cosmetic GMP (ISO 22716).", "none"),
        (
            "QA-specialist",
            "Läkemedelsföretag söker QA med erfarenhet av GMP och batchfrisläppning.",
            "related",
        ),
        # vektor: maths, graphics, embeddings versus viral vectors
        ("Matematiklärare", "Undervisning i vektorer och linjär algebra på gymnasiet.", "none"),
        ("ML engineer", "Build vector databases and tune embeddings in Python.", "none"),
        (
            "Processutvecklare",
            "Utveckla tillverkningen av virusvektorer (AAV) för genterapi enligt GMP.",
            "atmp",
        ),
        # QA: software versus pharma
        ("QA Engineer", "Test automation with Playwright, QA processes and CI/CD for our web app.", "none"),
        # vaccines: giving them is health care, making them is near ATMP
        ("Sjuksköterska", "Vi ger vacciner mot influensa på vår vaccinationsmottagning.", "none"),
        (
            "Tekniker",
            "Vi producerar vacciner; du arbetar med aseptisk fyllning enligt GMP i läkemedelsproduktionen.",
            "related",
        ),
        # a non-scientific role at an ATMP company is near ATMP, not ATMP work
        (
            "Financial Controller",
            "We develop CAR-T cell therapies for lymphoma. Own budgeting and monthly closing.",
            "related",
        ),
    ],
)
def test_relevance_follows_context(classifier: Classifier, headline: str, text: str, expected: str) -> None:
    assert classify(classifier, headline, text).relevance == expected


@pytest.mark.parametrize(
    ("lang", "headline", "text"),
    [
        ("da", "Bioanalytiker", "Afdelingen fremstiller celleterapi til patienter under GMP i renrum."),
        ("nb", "Bioingeniør", "Seksjon for celleterapi produserer CAR-T-celler til kliniske studier."),
        ("fi", "Tuotantoteknikko", "Valmistamme soluterapiavalmisteita puhdastiloissa GMP:n mukaisesti."),
        (
            "en",
            "Process Scientist",
            "Develop lentiviral vector manufacturing for our gene therapy programme.",
        ),
    ],
)
def test_nordic_languages_are_read(classifier: Classifier, lang: str, headline: str, text: str) -> None:
    assert classify(classifier, headline, text).relevance == "atmp", lang


def test_evidence_names_terms_and_sentences(classifier: Classifier) -> None:
    headline = "Produktionstekniker"
    text = "Vi tillverkar cellterapier. Du arbetar i renrum enligt GMP med CAR-T-celler."
    result = classify(classifier, headline, text)
    full = f"{headline}\n{text}"
    assert result.relevance == "atmp"
    terms = [e.term for e in result.evidence]
    assert terms[0] == "cell-therapy: cellterapi"
    assert "gmp: GMP" in terms
    first = result.evidence[0]
    assert full[first.start : first.end] == first.matched == "cellterapi"
    assert sentence_around(full, first.start, first.end) == "Vi tillverkar cellterapier."
    assert 0.5 < result.score < 1.0
    assert result.model_version.startswith("atmp-lexicon-")


def test_blocked_terms_are_kept_as_counter_evidence(classifier: Classifier) -> None:
    result = classify(
        classifier, "Operatör", "Northvolt söker operatörer till cellproduktion av battericeller."
    )
    assert result.relevance == "none"
    assert [e.weight for e in result.evidence] == [-2.0]
    assert "blocked by battery" in result.evidence[0].term


def test_areas_come_with_evidence_and_derived_rules(classifier: Classifier) -> None:
    result = classify(
        classifier,
        "Manufacturing Associate",
        "We produce autologous CAR-T cell therapies for clinical trials in grade B cleanrooms.",
    )
    areas = {hit.area: hit for hit in result.areas}
    assert result.relevance == "atmp"
    assert {"cell-production", "gmp-production", "clinical-trials"} <= set(areas)
    derived = areas["cell-production"].evidence[0]
    assert "in the same sentence" in derived.term


def test_ordinary_ads_take_the_fast_path(classifier: Classifier) -> None:
    result = classify(classifier, "Säljare", "Vi söker en säljare till vår klädbutik i Göteborg.")
    assert (result.relevance, result.score, result.evidence, result.areas, result.skills) == (
        "none",
        0.0,
        (),
        (),
        (),
    )


def test_skills_are_named_for_relevant_ads(classifier: Classifier) -> None:
    result = classify(
        classifier, "QC-analytiker", "Cellterapi: du arbetar med flödescytometri och cellbiologi enligt GMP."
    )
    labels = {(s.scheme, s.label) for s in result.skills}
    assert ("jobtech-skill", "Cellbiologi") in labels
    assert all(s.evidence.matched for s in result.skills)


def test_classifier_pickles_by_domain(classifier: Classifier) -> None:
    clone = pickle.loads(pickle.dumps(classifier))
    assert clone is Classifier.from_domain("atmp")
    ads = [
        AdRecord(source="t", source_id=str(i), headline="Cellterapi", text="GMP-tillverkning av cellterapi.")
        for i in range(3)
    ]
    assert [r.relevance for r in clone.classify_many(ads)] == ["atmp"] * 3


def test_typographic_dashes_and_spaces_are_read_as_plain(classifier: Classifier) -> None:
    text = "Vi tillverkar CAR\u2011T\u00a0celler och cell\u2013 och genterapier för patienter i renrum."
    result = classify(classifier, "Operatör", text)
    assert result.relevance == "atmp"
    car_t = next(e for e in result.evidence if "CAR-T" in e.term)
    assert car_t.matched == "CAR\u2011T"  # evidence quotes the ad as written


def _sentence_by_the_rule(text: str, start: int, end: int) -> str:
    """From the last end mark before the span to the first one at or after it (a full stop, "!" or "?"
    included), at most 160 characters either side, whitespace collapsed."""
    marks = [i for i, ch in enumerate(text) if ch in SENTENCE_ENDS]
    left = max([m + 1 for m in marks if m < start] + [start - 160, 0])
    right = min([m for m in marks if m >= end] + [end + 160, len(text)])
    if right < len(text) and text[right] in ".!?":
        right += 1
    return " ".join(text[left:right].split())


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("abc  ") * 12 + list(SENTENCE_ENDS)), min_size=1, max_size=900
    ),
    data=st.data(),
)
def test_evidence_sentence_is_the_sentence_around_the_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    assert sentence_around(text, start, end) == _sentence_by_the_rule(text, start, end)


def test_a_skill_label_written_with_a_non_breaking_space_is_found() -> None:
    extractor = SkillExtractor([("esco-skill", "assess\u00a0candidates", "assess\u00a0candidates")])
    hits = extractor.extract("We assess candidates on merit.")
    assert [(h.label, h.evidence.matched) for h in hits] == [("assess\u00a0candidates", "assess candidates")]
