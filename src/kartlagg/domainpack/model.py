"""The in-memory shape of a validated domain pack. Immutable: later stages only read it."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("sv", "en", "da", "nb", "fi")
LABEL_LANGUAGES = ("sv", "en")
MATCH_TYPES = ("exact", "close", "broad", "narrow")
LINK_SCHEMES = ("jobtech-skill", "jobtech-ssyk", "esco-skill", "esco-occupation")
TERM_KINDS = ("label", "synonym", "abbreviation", "inflection", "compound")
EDUCATION_LEVELS = ("vocational", "first_cycle", "second_cycle", "third_cycle", "professional")


@dataclass(frozen=True)
class Term:
    text: str
    lang: str
    kind: str = "synonym"
    # Abbreviations such as "CMC" or "QA" are matched case-sensitively so that "qa" in running
    # text or "Car" in a name do not count; the classifier adds context rules on top.
    case_sensitive: bool = False


@dataclass(frozen=True)
class ExternalLink:
    scheme: str
    target: str
    label: str
    match: str


@dataclass(frozen=True)
class Area:
    id: str
    label: dict[str, str]
    definition: dict[str, str]
    parent: str | None
    levels: tuple[str, ...]
    terms: tuple[Term, ...]
    links: tuple[ExternalLink, ...]
    order: int
    source_file: str

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label["en"]

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]


@dataclass(frozen=True)
class DomainPack:
    id: str
    version: str
    name: dict[str, str]
    description: dict[str, str]
    languages: tuple[str, ...]
    areas: tuple[Area, ...]
    content_hash: str
    path: str
    extra: dict[str, object] = field(default_factory=dict)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]
