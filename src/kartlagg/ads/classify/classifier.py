"""Is a job ad about ATMP work, near it, or neither — and which competences does it ask for?

How it decides (rules and weights live in ``domains/<id>/classifier.yaml``, not here):

1. One multi-pattern scan finds the relevance *signals* (e.g. "cellterapi", "CAR-T", "viral vector",
   "GMP", "clinical trial"). Most ads have none and are ``none`` at once: that is the fast path.
2. For ads with signals a second scan finds *context* words (biology anchors, battery, telecom,
   food, software, maths...). A signal that ``requires`` context keeps its weight only when such
   context stands near it (or in the ad); a ``blocked_by`` context near it cancels it. So "CAR-T" needs a
   biological neighbourhood, "cellproduktion" next to "battericeller" counts for nothing, "GMP" counts
   only in a medicines setting, never beside "livsmedel".
3. Points: each signal adds its weight once (more in the headline), repeats add a small capped bonus;
   "supporting" signals (a cleanroom, a bare "pharmaceutical") count only beside another signal.
   ``atmp`` needs enough ATMP points *and* confirmation (a second ATMP signal, the headline,
   life-science points, or words of a working setting); otherwise enough points make it ``related``.
   A non-scientific role in the headline (controller, HR, developer...) caps ``atmp`` at ``related``.
4. For ``atmp``/``related`` ads the competence areas (domain-pack terms plus classifier extras) and the
   JobTech/ESCO skills named in the text are extracted, each with its evidence.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kartlagg.ads.classify.config import ClassifierSpec, Signal, config_path, load_classifier_spec
from kartlagg.ads.classify.lexicon import term_pattern
from kartlagg.ads.classify.matcher import Hit, Matcher, Pattern
from kartlagg.ads.classify.result import AdClassification, AreaHit, Evidence, Relevance, SkillHit
from kartlagg.ads.classify.skills import SkillExtractor
from kartlagg.ads.classify.text import sentence_around
from kartlagg.ads.record import AdRecord
from kartlagg.domainpack import DomainPack, load_domain_pack
from kartlagg.domainpack.loader import DOMAINS_DIR

MAX_EVIDENCE_PER_SIGNAL = 3
MAX_EVIDENCE_PER_AREA = 3


@dataclass(frozen=True, slots=True)
class _Scored:
    signal: Signal
    hit: Hit
    weight: float  # 0 < w: counted; w < 0: cancelled by a blocking context (kept as counter-evidence)
    note: str = ""


def _patterns(terms: dict[str, list[str]], *, case_sensitive: bool) -> list[Pattern]:
    seen: set[tuple[str, bool, bool]] = set()
    out: list[Pattern] = []
    for lang_terms in terms.values():
        for text in lang_terms:
            pattern = term_pattern(str(text), case_sensitive=case_sensitive)
            key = (pattern.text, pattern.case_sensitive, pattern.prefix)
            if key not in seen:
                seen.add(key)
                out.append(pattern)
    return out


class Classifier:
    """Build once per process with :meth:`from_domain` (cached), then call :meth:`classify`."""

    def __init__(self, spec: ClassifierSpec, pack: DomainPack, *, model_version: str, domain_id: str) -> None:
        self.spec = spec
        self.pack = pack
        self.domain_id = domain_id
        self.model_version = model_version

        # Stage 1: relevance signals only.
        signal_patterns: list[Pattern] = []
        self._signal_of: list[int] = []
        for index, signal in enumerate(spec.signals):
            for pattern in _patterns(signal.terms, case_sensitive=signal.case_sensitive):
                signal_patterns.append(pattern)
                self._signal_of.append(index)
        self._signals = Matcher(signal_patterns)

        # Stage 2: context groups, scanned only in ads that have a signal.
        context_patterns: list[Pattern] = []
        self._context_of: list[str] = []
        for name, lists in spec.contexts.items():
            for context_list in lists:
                terms = {"any": context_list.terms}
                for pattern in _patterns(terms, case_sensitive=context_list.case_sensitive):
                    context_patterns.append(pattern)
                    self._context_of.append(name)
        self._contexts = Matcher(context_patterns, backend="auto-view")

        # Stage 3: competence areas (pack terms + classifier extras), only in relevant ads.
        area_patterns: list[Pattern] = []
        self._area_of: list[str] = []
        for area in pack.areas:
            seen: set[tuple[str, bool, bool]] = set()
            ignored = set(spec.areas.ignore_terms.get(area.id, []))
            kept = [t for t in area.terms if t.text not in ignored]
            candidates = [term_pattern(t.text, case_sensitive=t.case_sensitive) for t in kept]
            candidates += _patterns(spec.areas.extra_terms.get(area.id, {}), case_sensitive=False)
            for pattern in candidates:
                key = (pattern.text, pattern.case_sensitive, pattern.prefix)
                if key in seen:
                    continue
                seen.add(key)
                area_patterns.append(pattern)
                self._area_of.append(area.id)
        self._areas = Matcher(area_patterns, backend="auto-view")
        gate = spec.role_gate
        self._roles = Matcher(_patterns({"any": gate.headline_terms}, case_sensitive=False)) if gate else None
        self._skills: SkillExtractor | None = None
        self._nothing = AdClassification(relevance="none", score=0.0, model_version=self.model_version)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_domain(cls, domain_id: str = "atmp", root: Path = DOMAINS_DIR) -> Classifier:
        return _cached_classifier(domain_id, str(root))

    @classmethod
    def build(cls, domain_id: str = "atmp", root: Path = DOMAINS_DIR) -> Classifier:
        pack = load_domain_pack(domain_id, root)
        spec, digest = load_classifier_spec(config_path(domain_id, root), area_ids=pack.area_ids)
        version = f"{domain_id}-lexicon-{spec.version}-{digest}-{pack.content_hash[:8]}"
        return cls(spec, pack, model_version=version, domain_id=domain_id)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # Compiled hyperscan databases do not pickle; worker processes rebuild (and cache) their own.
        return (Classifier.from_domain, (self.domain_id,))

    @property
    def skills(self) -> SkillExtractor:
        if self._skills is None:
            self._skills = SkillExtractor.bundled(min_label_chars=self.spec.skills.min_label_chars)
        return self._skills

    # ------------------------------------------------------------------ classification

    def classify(self, ad: AdRecord) -> AdClassification:
        return self.classify_text(ad.headline, ad.text)

    def classify_many(
        self, ads: Iterable[AdRecord], encoded: Sequence[bytes] | None = None
    ) -> list[AdClassification]:
        """``encoded``: each ad's ``f"{headline}\\n{text}"`` in UTF-8, when the caller has it (the
        pipeline encodes every ad once, for the classifier, the duplicate keys and the store)."""
        if encoded is None:
            return [self.classify_text(ad.headline, ad.text) for ad in ads]
        # One signal scan of the whole batch first: most ads have no signal, and they need nothing more.
        maybe = self._signals.may_find(encoded).tolist()
        return [
            self.classify_text(ad.headline, ad.text, data) if signalled else self._nothing
            for ad, data, signalled in zip(ads, encoded, maybe, strict=True)
        ]

    def classify_text(self, headline: str, text: str, encoded: bytes | None = None) -> AdClassification:
        full = f"{headline}\n{text}"
        # The matchers read typographic dashes and spaces as plain ones ("CAR‑T" with a non-breaking
        # hyphen is "CAR-T"), so the ad is scanned as written and every offset holds for it.
        signal_hits = self._signals.find(full, encoded)
        if not signal_hits:
            return self._nothing  # most ads: one shared, immutable verdict
        headline_end = len(headline)
        scored, contexts = self._score_hits(full, _drop_contained(signal_hits))
        relevance, score = self._decide(scored, headline_end, self._in_setting(scored, contexts))
        role_note = self._role_cap(headline, scored, relevance)
        if role_note is not None:
            relevance = role_note[0]
        evidence = self._evidence(full, scored)
        if role_note is not None:
            _, role = role_note
            named = headline[role.start : role.end]
            rule = f"role gate: headline names {named!r}, capped at {relevance}"
            evidence += (Evidence(rule, named, role.start, role.end, 0.0),)
        areas: tuple[AreaHit, ...] = ()
        if relevance in self.spec.areas.assign_for:
            areas = self._find_areas(full, scored)
        skills: tuple[SkillHit, ...] = ()
        if relevance in self.spec.skills.extract_for:
            skills = tuple(self.skills.extract(full))
        return AdClassification(
            relevance=relevance,
            score=score,
            evidence=evidence,
            areas=areas,
            skills=skills,
            model_version=self.model_version,
        )

    def _in_setting(self, scored: Sequence[_Scored], contexts: dict[str, list[Hit]]) -> bool:
        """Does the ad describe a working setting (lab, manufacturing, clinic) besides the ATMP terms?"""
        groups = self.spec.thresholds.confirm_contexts
        atmp_hits = [s.hit for s in scored if s.signal.klass == "atmp"]
        return any(not any(_overlaps(c, h) for h in atmp_hits) for g in groups for c in contexts.get(g, ()))

    def _score_hits(self, text: str, hits: list[Hit]) -> tuple[list[_Scored], dict[str, list[Hit]]]:
        context_hits: dict[str, list[Hit]] = {}
        for hit in self._contexts.find(text):
            context_hits.setdefault(self._context_of[hit.pattern], []).append(hit)
        window = self.spec.window
        out: list[_Scored] = []
        for hit in hits:
            signal = self.spec.signals[self._signal_of[hit.pattern]]
            blocker = next(
                (
                    (g, c)
                    for g in signal.blocked_by
                    for c in context_hits.get(g, ())
                    # A blocker near the hit, or one the hit is part of ("vaccin" in "vaccinationer").
                    if (_near(c, hit, window) and not _overlaps(c, hit)) or _contains(c, hit)
                ),
                None,
            )
            if blocker is not None:
                group, ctx = blocker
                note = f"blocked by {group} context {text[ctx.start : ctx.end]!r}"
                out.append(_Scored(signal, hit, -signal.weight, note))
                continue
            if signal.requires:
                near = window if signal.scope == "window" else len(text)
                if not any(_context_near(context_hits.get(g, ()), hit, near) for g in signal.requires):
                    continue  # an ambiguous word without its meaning-giving context is no evidence at all
            out.append(_Scored(signal, hit, signal.weight))
        return out, context_hits

    def _role_cap(
        self, headline: str, scored: Sequence[_Scored], relevance: Relevance
    ) -> tuple[Relevance, Hit] | None:
        """A non-scientific role named in the headline caps the class, unless the headline names ATMP."""
        gate = self.spec.role_gate
        if gate is None or self._roles is None or relevance != "atmp" or not headline:
            return None
        if any(s.weight > 0 and s.signal.klass == "atmp" and s.hit.end <= len(headline) for s in scored):
            return None
        roles = self._roles.find(headline)
        if not roles:
            return None
        return gate.max_class, roles[0]

    def _decide(self, scored: Sequence[_Scored], headline_end: int, setting: bool) -> tuple[Relevance, float]:
        t = self.spec.thresholds
        points: dict[str, float] = {}
        klass: dict[str, str] = {}
        headline_atmp = False
        for s in scored:
            if s.weight <= 0:
                continue
            in_headline = s.hit.start < headline_end
            weight = s.weight * (t.headline_factor if in_headline else 1.0)
            sid = s.signal.id
            klass[sid] = s.signal.klass
            if sid not in points:
                points[sid] = weight
                points[sid + "#repeat"] = 0.0
            else:
                # Repeats add a little, capped: ten mentions of GMP do not make a cell therapy ad.
                points[sid] = max(points[sid], weight)
                points[sid + "#repeat"] = min(t.repeat_cap, points[sid + "#repeat"] + t.repeat_bonus)
            if in_headline and s.signal.klass == "atmp":
                headline_atmp = True
        supporting = {s.signal.id for s in scored if s.signal.supporting}
        if not any(sid not in supporting for sid in klass):
            klass = {}  # supporting evidence alone (a cleanroom, a bare "pharmaceutical") decides nothing
        atmp_points = sum(points[s] + points[s + "#repeat"] for s in klass if klass[s] == "atmp")
        related_points = sum(points[s] + points[s + "#repeat"] for s in klass if klass[s] == "related")
        atmp_signals = sum(1 for s in klass if klass[s] == "atmp")
        confirmed = (
            atmp_signals >= t.atmp_confirm
            or headline_atmp
            or related_points >= t.atmp_confirm_related
            or setting
        )
        score = _squash(atmp_points + 0.25 * related_points, t.atmp)
        if atmp_points >= t.atmp and confirmed:
            return "atmp", score
        if atmp_points + related_points >= t.related:
            return "related", score
        return "none", score

    def _evidence(self, text: str, scored: Sequence[_Scored]) -> tuple[Evidence, ...]:
        per_signal: dict[str, int] = {}
        out: list[Evidence] = []
        for s in scored:
            count = per_signal.get(s.signal.id, 0)
            if count >= MAX_EVIDENCE_PER_SIGNAL:
                continue
            per_signal[s.signal.id] = count + 1
            pattern = self._signals.patterns[s.hit.pattern]
            term = f"{s.signal.id}: {pattern.text}" + (f" ({s.note})" if s.note else "")
            out.append(
                Evidence(
                    term=term,
                    matched=text[s.hit.start : s.hit.end],
                    start=s.hit.start,
                    end=s.hit.end,
                    weight=s.weight,
                )
            )
        return tuple(out)

    def _find_areas(self, text: str, scored: Sequence[_Scored]) -> tuple[AreaHit, ...]:
        by_area: dict[str, list[Evidence]] = {}
        per_area: dict[str, list[Hit]] = {}
        for hit in self._areas.find(text):
            per_area.setdefault(self._area_of[hit.pattern], []).append(hit)
        for area, hits in per_area.items():
            # Nested terms collapse within an area only: one phrase may evidence two areas.
            by_area[area] = [
                Evidence(
                    term=self._areas.patterns[hit.pattern].text,
                    matched=text[hit.start : hit.end],
                    start=hit.start,
                    end=hit.end,
                    weight=1.0,
                )
                for hit in _drop_contained(hits)[:MAX_EVIDENCE_PER_AREA]
            ]
        for rule in self.spec.areas.derived:
            if rule.area in by_area:
                continue
            for s in scored:
                if s.weight <= 0 or s.signal.id not in rule.signals:
                    continue
                sentence = sentence_around(text, s.hit.start, s.hit.end)
                lowered = sentence.lower()
                cue = next((w for w in rule.sentence_has if w in lowered), None)
                if cue is not None:
                    term = f"{s.signal.id} + {cue!r} in the same sentence"
                    matched = text[s.hit.start : s.hit.end]
                    by_area[rule.area] = [Evidence(term, matched, s.hit.start, s.hit.end, 1.0)]
                    break
        order = {area_id: i for i, area_id in enumerate(self.pack.area_ids)}
        ordered = sorted(by_area.items(), key=lambda item: order[item[0]])
        return tuple(AreaHit(area=area, evidence=tuple(ev)) for area, ev in ordered)


@functools.lru_cache(maxsize=8)
def _cached_classifier(domain_id: str, root: str) -> Classifier:
    return Classifier.build(domain_id, Path(root))


def _squash(points: float, threshold: float) -> float:
    """Points to [0, 1): 0.5 exactly at the ATMP threshold, rising slowly above it."""
    if points <= 0:
        return 0.0
    return round(1.0 - math.pow(0.5, points / threshold), 4)


def _near(a: Hit, b: Hit, window: int) -> bool:
    return a.start <= b.end + window and b.start <= a.end + window


def _contains(outer: Hit, inner: Hit) -> bool:
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and outer.end - outer.start > inner.end - inner.start
    )


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _context_near(candidates: Iterable[Hit], hit: Hit, window: int) -> bool:
    # A term is never its own context ("therapy" inside "advanced therapy" does not confirm it).
    return any(_near(c, hit, window) and not _overlaps(c, hit) for c in candidates)


def _drop_contained(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits that start together or nest ("CAR-T" in "CAR-T-cell")."""
    kept: list[Hit] = []
    reach = -1  # the furthest end of any kept hit; it started at or before the current one
    for hit in hits:  # sorted by start, longest first
        if hit.end <= reach:
            continue
        kept.append(hit)
        reach = hit.end
    return kept
