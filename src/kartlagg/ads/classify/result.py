"""What the classifier says about one ad: relevance with a score, and the evidence for every claim.

Values, never changed once made; not frozen dataclasses all the same, because a relevant ad makes dozens
of them and a frozen one costs four times as much to build."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Relevance = Literal["atmp", "related", "none"]
RELEVANCE_CLASSES: tuple[Relevance, ...] = ("atmp", "related", "none")


@dataclass(slots=True)
class Evidence:
    """A span of the ad that counts. The sentence it stands in is not kept: a reader shows it with
    `text.sentence_around(full, start, end)`. Finding it for every hit of every relevant ad cost ≈50 µs
    an ad at ingest and nearly doubled the stored evidence, for the few ads anyone opens."""

    term: str  # the lexicon term (or rule) that matched
    matched: str  # the text as it stands in the ad
    start: int  # character offsets into headline + "\n" + text
    end: int
    weight: float = 0.0  # its contribution to the score (negative for counter-evidence)


@dataclass(slots=True)
class AreaHit:
    area: str  # competence area id from the domain pack
    evidence: tuple[Evidence, ...]


@dataclass(slots=True)
class SkillHit:
    scheme: str  # "jobtech-skill" or "esco-skill"
    concept: str  # JobTech concept id or ESCO preferred label
    label: str
    evidence: Evidence


@dataclass(slots=True)
class AdClassification:
    relevance: Relevance
    score: float
    evidence: tuple[Evidence, ...] = ()
    areas: tuple[AreaHit, ...] = ()
    skills: tuple[SkillHit, ...] = field(default_factory=tuple)
    model_version: str = ""
