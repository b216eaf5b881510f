"""JobTech skill concepts and ESCO skills that an ad names, by exact (whole-word) label matching.

The labels come from the reference lists bundled with kartlagg (``kartlagg/data/reference``): 6,657
JobTech skills (Swedish labels, CC0) and 13,895 ESCO v1.1.0 skills (English preferred labels, CC BY 4.0).
Matching is deliberately literal: it names what the ad *says*, never guesses. The labels are matched
as whole words over a word view of the text in one hyperscan database (≈25 µs an ad, against ≈190 µs
for pyahocorasick); its 4.5 s compile happens once and is cached on disk (see hyperscan_cache.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from kartlagg.ads.classify.lexicon import looks_like_abbreviation
from kartlagg.ads.classify.matcher import Matcher, Pattern
from kartlagg.ads.classify.result import Evidence, SkillHit

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*")
_EXPERIENCE = re.compile(r",\s*(erfarenhet|kunskap|kännedom)$", re.IGNORECASE)


def jobtech_label_variants(label: str) -> list[str]:
    """ "Ledningssystem (ISO 9000-serien)" is written "Ledningssystem" in ads; "X, erfarenhet" as "X"."""
    variants = [label]
    # "Python, programmeringsspråk" is written "Python": the part before a comma names the skill,
    # unless it is an abbreviation ("OOS, styr- och utvecklingsmodell": a bare OOS is out-of-specification).
    head = label.split(",", 1)[0].strip()
    if len(head) < 4 or looks_like_abbreviation(head):
        head = ""
    for cleaned in (_PARENTHESIS.sub(" ", label).strip(), _EXPERIENCE.sub("", label).strip(), head):
        if cleaned and cleaned not in variants:
            variants.append(cleaned)
    return variants


class SkillExtractor:
    def __init__(self, concepts: Iterable[tuple[str, str, str]], *, min_label_chars: int = 4) -> None:
        """``concepts``: (scheme, concept id, label) triples."""
        self._meta: list[tuple[str, str, str]] = []
        patterns: list[Pattern] = []
        seen: set[tuple[str, str]] = set()
        for scheme, concept, label in concepts:
            surfaces = jobtech_label_variants(label) if scheme == "jobtech-skill" else [label]
            for surface in surfaces:
                sensitive = looks_like_abbreviation(surface)
                if len(surface) < min_label_chars and not (sensitive and len(surface) >= 2):
                    continue  # "Bas", "Pop", "F": too short to mean a skill in running text
                key = (scheme, surface if sensitive else surface.lower())
                if key in seen:
                    continue
                seen.add(key)
                patterns.append(Pattern(surface, case_sensitive=sensitive, prefix=False))
                self._meta.append((scheme, concept, label))
        self._matcher = Matcher(patterns, backend="auto-view")

    @classmethod
    def bundled(cls, *, min_label_chars: int = 4) -> SkillExtractor:
        return _bundled(min_label_chars)

    def extract(self, text: str) -> list[SkillHit]:
        """One hit per concept (its first mention); a label inside a longer matched label is dropped."""
        hits = self._matcher.find(text)
        out: list[SkillHit] = []
        seen: set[tuple[str, str]] = set()
        reach: dict[str, int] = {}
        for hit in hits:  # sorted by start, longest first
            scheme, concept, label = self._meta[hit.pattern]
            if hit.end <= reach.get(scheme, -1):
                continue
            reach[scheme] = max(reach.get(scheme, -1), hit.end)
            if (scheme, concept) in seen:
                continue
            seen.add((scheme, concept))
            evidence = Evidence(
                term=label,
                matched=text[hit.start : hit.end],
                start=hit.start,
                end=hit.end,
                weight=1.0,
            )
            out.append(SkillHit(scheme=scheme, concept=concept, label=label, evidence=evidence))
        return out

    def spans(self, text: str, scheme: str | None = None) -> list[tuple[int, int, str]]:
        """Raw (start, end, label) spans, every mention: what span-level benchmarks score."""
        out = []
        reach = -1
        for hit in self._matcher.find(text):
            s, _, label = self._meta[hit.pattern]
            if scheme is not None and s != scheme:
                continue
            if hit.end <= reach:
                continue
            reach = hit.end
            out.append((hit.start, hit.end, label))
        return out


def read_bundled_concepts(reference_dir: Path = REFERENCE_DIR) -> list[tuple[str, str, str]]:
    concepts: list[tuple[str, str, str]] = []
    with (reference_dir / "jobtech_skills.tsv").open(encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            concept_id, _, label = line.rstrip("\n").partition("\t")
            if concept_id and label:
                concepts.append(("jobtech-skill", concept_id, label))
    with (reference_dir / "esco_skills_en.txt").open(encoding="utf-8") as handle:
        for line in handle:
            label = line.strip()
            if label:
                concepts.append(("esco-skill", label, label))
    return concepts


@functools.lru_cache(maxsize=4)
def _bundled(min_label_chars: int) -> SkillExtractor:
    return SkillExtractor(read_bundled_concepts(), min_label_chars=min_label_chars)
