"""What the classifier says about one ad: relevance with a score, and the evidence for every claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Relevance = Literal["atmp", "related", "none"]
RELEVANCE_CLASSES: tuple[Relevance, ...] = ("atmp", "related", "none")


@dataclass(frozen=True, slots=True)
class Evidence:
    term: str  # the lexicon term (or rule) that matched
    matched: str  # the text as it stands in the ad
    start: int  # character offsets into headline + "\n" + text
    end: int
    sentence: str  # the sentence it stands in, for a person to read
    weight: float = 0.0  # its contribution to the score (negative for counter-evidence)


@dataclass(frozen=True, slots=True)
class AreaHit:
    area: str  # competence area id from the domain pack
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class SkillHit:
    scheme: str  # "jobtech-skill" or "esco-skill"
    concept: str  # JobTech concept id or ESCO preferred label
    label: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class AdClassification:
    relevance: Relevance
    score: float
    evidence: tuple[Evidence, ...] = ()
    areas: tuple[AreaHit, ...] = ()
    skills: tuple[SkillHit, ...] = field(default_factory=tuple)
    model_version: str = ""
