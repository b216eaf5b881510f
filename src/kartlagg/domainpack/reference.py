"""The external vocabularies a pack may link to, read from the files bundled in kartlagg/data/reference."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


def _tsv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def jobtech_skills() -> dict[str, str]:
    """JobTech skill concept id -> Swedish preferred label."""
    return {row["concept_id"]: row["preferred_label"] for row in _tsv("jobtech_skills.tsv")}


@cache
def jobtech_ssyk4() -> dict[str, str]:
    """JobTech SSYK-2012 level-4 concept id -> Swedish label."""
    return {row["concept_id"]: row["preferred_label"] for row in _tsv("jobtech_ssyk4.tsv")}


@cache
def esco_skills() -> frozenset[str]:
    """ESCO v1.1 skill preferred labels (English); the bundled list has no URIs, so labels identify skills."""
    text = (REFERENCE_DIR / "esco_skills_en.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def esco_occupations() -> dict[str, str]:
    """ESCO occupation URI -> English preferred label."""
    return {row["uri"]: row["preferred_label"] for row in _tsv("esco_occupations.tsv")}


def resolve(scheme: str, target: str) -> str | None:
    """The label of a link target, or None when the vocabulary does not know it."""
    if scheme == "jobtech-skill":
        return jobtech_skills().get(target)
    if scheme == "jobtech-ssyk":
        return jobtech_ssyk4().get(target)
    if scheme == "esco-skill":
        return target if target in esco_skills() else None
    if scheme == "esco-occupation":
        return esco_occupations().get(target)
    return None
