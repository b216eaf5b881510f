"""The bundled labelled sets, scored through the eval command, and the real ads in ../shared/data."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kartlagg.ads.classify.classifier import Classifier
from kartlagg.ads.classify.cli import eval_command

DEVSET = Path(__file__).resolve().parents[3] / "data" / "devset"


def run_eval(ads: str, labels: str) -> dict[str, Any]:
    result = CliRunner().invoke(eval_command, [str(DEVSET / ads), str(DEVSET / labels), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_devset_is_big_enough_and_multilingual() -> None:
    labels = [json.loads(line) for line in (DEVSET / "labels.jsonl").open(encoding="utf-8")]
    assert len(labels) >= 150
    assert Counter(label["relevance"] for label in labels) == {"none": 96, "atmp": 40, "related": 29}
    prefixes = Counter(label["id"].split("-")[1] for label in labels if label["id"].startswith("dev-"))
    assert {"sv", "en", "da", "nb", "fi"} <= set(prefixes)


def test_devset_scores() -> None:
    data = run_eval("ads.jsonl", "labels.jsonl")
    assert data["n"] == 165
    # The rules were tuned on this set: every ad is where its label says (a change that moves one is
    # a decision to make consciously, with the held-out sets and the model card updated).
    assert data["confusion"] == {
        "atmp": {"atmp": 40, "related": 0, "none": 0},
        "related": {"atmp": 0, "related": 29, "none": 0},
        "none": {"atmp": 0, "related": 0, "none": 96},
    }
    # Competences depend on the domain pack's terms too, which evolve: a floor, not an exact value.
    assert data["competences"]["micro_f1"] >= 0.8


@pytest.mark.parametrize(
    ("name", "n"), [("holdout", 40), ("holdout2", 25), ("holdout3", 20), ("holdout4", 16)]
)
def test_holdout_scores(name: str, n: int) -> None:
    """Sets written after the rules were frozen; their first-pass scores are in the model card."""
    data = run_eval(f"{name}_ads.jsonl", f"{name}_labels.jsonl")
    assert data["n"] == n
    assert data["relevance"]["atmp"]["f1"] >= 0.9
    assert data["confusion"]["none"]["atmp"] == 0


@pytest.mark.shared_data
def test_none_of_the_504_real_it_ads_is_atmp(shared_data: Path) -> None:
    path = shared_data / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    classifier = Classifier.from_domain("atmp")
    results = [classifier.classify_text(row["job_title"], row["description"]) for row in rows]
    counts = Counter(r.relevance for r in results)
    assert len(rows) == 504
    assert counts["atmp"] == 0
    # The life-science ones may be near ATMP; each of them says why.
    related = [(row, r) for row, r in zip(rows, results, strict=True) if r.relevance == "related"]
    assert 0 < len(related) < 40
    assert all(any(e.weight > 0 for e in r.evidence) for _, r in related)
    employers = {row["employer"] for row, _ in related}
    assert "Capgemini Engineering Sverige AB" in employers  # GxP validation for pharma: near ATMP


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("job_id", "relevance", "evidence"),
    [
        ("30813580", "related", "gmp: GMP"),  # Capgemini: GxP computer validation for pharma
        ("31106422", "related", "pharma-qa-qc: CAPA"),  # RaySearch: quality manager
        ("31155030", "related", "lab-life-science: molekylärbiologi"),  # Lund: cancer research lab engineer
        ("30664330", "none", None),  # Apotea: AI product lead for an online pharmacy
        ("31196229", "none", None),  # Vitrolife (IVF): data engineer
        ("31134887", "none", None),  # Apofarm: IT manager; a bare "läkemedel" decides nothing
    ],
)
def test_real_ads_near_life_science(
    shared_data: Path, job_id: str, relevance: str, evidence: str | None
) -> None:
    path = shared_data / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    with path.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["job_id"] == job_id)
    result = Classifier.from_domain("atmp").classify_text(row["job_title"], row["description"])
    assert result.relevance == relevance
    if evidence is not None:
        assert evidence in [e.term for e in result.evidence if e.weight > 0]


@pytest.mark.shared_data
def test_no_skillspan_posting_is_atmp(shared_data: Path) -> None:
    """263 real English postings (incl. 21 pharma/biotech ones): life science becomes related, never atmp."""
    classifier = Classifier.from_domain("atmp")
    counts: Counter[str] = Counter()
    for split in ("train", "dev", "test"):
        postings: dict[tuple[str, int], list[str]] = defaultdict(list)
        with (shared_data / "skillspan" / f"skillspan_{split}.json").open(encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                postings[(obj["source"], obj["idx"])].append(" ".join(obj["tokens"]))
        for sentences in postings.values():
            counts[classifier.classify_text("", "\n".join(sentences)).relevance] += 1
    assert sum(counts.values()) == 263
    assert counts["atmp"] == 0
    assert 5 <= counts["related"] <= 30
