"""The classifier's rules as data: ``domains/<id>/classifier.yaml`` read into typed, validated objects.

A bad file is refused whole with every problem named (file, entry, field), like a domain pack.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kartlagg.ads.classify.result import RELEVANCE_CLASSES, Relevance
from kartlagg.domainpack.loader import DOMAINS_DIR

LANG_KEYS = ("any", "sv", "en", "da", "nb", "fi")
TermsByLang = dict[str, list[str]]


class ClassifierConfigError(Exception):
    """classifier.yaml failed validation; the message names the file and each problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContextList(_Strict):
    terms: list[str]
    case_sensitive: bool = False


class Thresholds(_Strict):
    atmp: float = Field(gt=0)
    atmp_confirm: int = Field(ge=1)
    atmp_confirm_related: float = Field(ge=0)
    confirm_contexts: list[str] = []
    related: float = Field(gt=0)
    headline_factor: float = Field(ge=1)
    repeat_bonus: float = Field(ge=0)
    repeat_cap: float = Field(ge=0)


class Signal(_Strict):
    id: str
    klass: Relevance = Field(alias="class")
    weight: float = Field(gt=0)
    terms: TermsByLang
    case_sensitive: bool = False
    requires: list[str] = []
    blocked_by: list[str] = []
    scope: Literal["window", "ad"] = "window"
    supporting: bool = False  # counts only when another, non-supporting signal is present

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("terms")
    @classmethod
    def _known_languages(cls, value: TermsByLang) -> TermsByLang:
        unknown = sorted(set(value) - set(LANG_KEYS))
        if unknown:
            raise ValueError(f"unknown language key(s) {unknown}; use {list(LANG_KEYS)}")
        return value


class DerivedArea(_Strict):
    """``area`` holds when a hit of one of ``signals`` stands in a sentence containing one of
    ``sentence_has`` (lower-case substrings, so stems cover inflections and compounds)."""

    area: str
    signals: list[str]
    sentence_has: list[str]


class AreaRules(_Strict):
    assign_for: list[Relevance]
    extra_terms: dict[str, TermsByLang] = {}
    derived: list[DerivedArea] = []
    ignore_terms: dict[str, list[str]] = {}


class SkillRules(_Strict):
    extract_for: list[Relevance]
    min_label_chars: int = Field(ge=1)


class RoleGate(_Strict):
    max_class: Relevance
    headline_terms: list[str]


class ClassifierSpec(_Strict):
    version: str
    window: int = Field(gt=0)
    thresholds: Thresholds
    role_gate: RoleGate | None = None
    contexts: dict[str, list[ContextList]]
    signals: list[Signal]
    areas: AreaRules
    skills: SkillRules


def config_path(domain_id: str, root: Path = DOMAINS_DIR) -> Path:
    return root / domain_id / "classifier.yaml"


def load_classifier_spec(path: Path, area_ids: list[str] | None = None) -> tuple[ClassifierSpec, str]:
    """Parse and check ``path``; returns the spec and a short hash of the file's bytes."""
    try:
        raw_bytes = path.read_bytes()
        # libyaml's safe loader where PyYAML has it: the pure-Python one took ≈0.2 s of every classifier
        # build. Safe, like safe_load: plain data, no Python objects.
        raw = yaml.load(raw_bytes, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as exc:
        raise ClassifierConfigError(f"{path}: file is missing") from exc
    except yaml.YAMLError as exc:
        raise ClassifierConfigError(f"{path}: not valid YAML: {exc}") from exc
    try:
        spec = ClassifierSpec.model_validate(raw)
    except ValidationError as exc:
        lines = [f"  - {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ClassifierConfigError(f"{path}: {len(lines)} problem(s):\n" + "\n".join(lines)) from exc
    problems: list[str] = []
    seen: set[str] = set()
    for signal in spec.signals:
        if signal.id in seen:
            problems.append(f"signals.{signal.id}: duplicate id")
        seen.add(signal.id)
        for group in (*signal.requires, *signal.blocked_by):
            if group not in spec.contexts:
                problems.append(f"signals.{signal.id}: unknown context group {group!r}")
    for group in spec.thresholds.confirm_contexts:
        if group not in spec.contexts:
            problems.append(f"thresholds.confirm_contexts: unknown context group {group!r}")
    for klass in (*spec.areas.assign_for, *spec.skills.extract_for):
        if klass not in RELEVANCE_CLASSES:
            problems.append(f"unknown relevance class {klass!r}")
    for rule in spec.areas.derived:
        for sid in rule.signals:
            if sid not in seen:
                problems.append(f"areas.derived.{rule.area}: unknown signal {sid!r}")
    if area_ids is not None:
        named = [("extra_terms", a) for a in spec.areas.extra_terms]
        named += [("ignore_terms", a) for a in spec.areas.ignore_terms]
        named += [("derived", r.area) for r in spec.areas.derived]
        for key, area in named:
            if area not in area_ids:
                problems.append(f"areas.{key}.{area}: not an area of the domain pack")
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise ClassifierConfigError(f"{path}: {len(problems)} problem(s):\n{listing}")
    return spec, hashlib.sha256(raw_bytes).hexdigest()[:12]
