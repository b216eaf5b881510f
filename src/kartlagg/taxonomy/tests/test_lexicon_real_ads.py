"""The ATMP lexicon against real job ads that are not about ATMP: 504 Swedish IT ads (JobTech) and
Norwegian electrician ads (NAV). Terms are matched the way the job-ad classifier matches them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kartlagg.ads.classify.lexicon import term_pattern
from kartlagg.ads.classify.matcher import Matcher
from kartlagg.domainpack import load_domain_pack

# Areas whose terms only a life-science production/therapy setting uses: an IT or electrician ad
# naming one of them would show a term with an everyday meaning.
THERAPY_SPECIFIC = {
    "cell-production",
    "viral-vector-production",
    "cmc",
    "in-vivo-models",
    "clinical-implementation",
    "tissue-engineering",
    "biosafety-gmo",
}


def _lexicon() -> tuple[Matcher, list[tuple[str, str]]]:
    owners: list[tuple[str, str]] = []
    patterns = []
    for area in load_domain_pack("atmp").areas:
        for term in area.terms:
            patterns.append(term_pattern(term.text, case_sensitive=term.case_sensitive))
            owners.append((area.id, term.text))
    return Matcher(patterns), owners


def _hits(texts: list[str]) -> dict[str, set[str]]:
    """Area -> the terms that fired in any of ``texts``."""
    matcher, owners = _lexicon()
    found: dict[str, set[str]] = {}
    for text in texts:
        for hit in matcher.find(text):
            area, term = owners[hit.pattern]
            found.setdefault(area, set()).add(term)
    return found


@pytest.mark.shared_data
def test_no_therapy_specific_area_fires_in_504_real_it_ads(shared_data: Path) -> None:
    path = shared_data / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [f"{row['job_title']}\n{row['description']}" for row in csv.DictReader(handle)]
    assert len(texts) == 504
    found = _hits(texts)
    assert not THERAPY_SPECIFIC & set(found), {a: found[a] for a in THERAPY_SPECIFIC & set(found)}
    # "GCP" (Google Cloud Platform, 71 of these ads) and "CRA" (the EU Cyber Resilience Act) are no terms.
    every_term = set().union(*found.values())
    assert not {"GCP", "CRA", "leadership", "data integrity", "regulatory requirements"} & every_term
    # The few GMP/clinical hits are real: one pharma quality-engineering ad names GMP and IMPs.
    assert found.get("gmp-production", set()) <= {"GMP"}
    assert found.get("clinical-trials", set()) <= {"investigational medicinal product"}


@pytest.mark.shared_data
def test_norwegian_electrician_ads_do_not_mistake_qualified_staff_for_a_qualified_person(
    shared_data: Path,
) -> None:
    texts: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                if isinstance(value, str) and len(value) > 200:
                    texts.append(value)
                else:
                    collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    for name in ("nav_pam_ads_elektriker_page1.json", "nav_pam_ads_elektriker_page2.json"):
        collect(json.loads((shared_data / "nav-norway-ad-samples" / name).read_text(encoding="utf-8")))
    assert any("kvalifisert personell" in text for text in texts)
    found = _hits(texts)
    assert "kvalifisert person" not in found.get("quality-assurance", set())
    assert not THERAPY_SPECIFIC & set(found)
