"""The file format of a pack, checked field by field (pydantic) before the cross-file checks."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Lang = Literal["sv", "en", "da", "nb", "fi"]
Level = Literal["vocational", "first_cycle", "second_cycle", "third_cycle", "professional"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermSpec(_Strict):
    text: str = Field(min_length=1)
    kind: Literal["label", "synonym", "abbreviation", "inflection", "compound"] = "synonym"
    case_sensitive: bool = False


def _term_from_plain_string(value: Any) -> Any:
    # A bare string in the YAML is a synonym; a mapping spells out kind and case sensitivity.
    # Coercing here (instead of a str | TermSpec union) keeps error messages to one per bad entry.
    return {"text": value} if isinstance(value, str) else value


TermEntry = Annotated[TermSpec, BeforeValidator(_term_from_plain_string)]

# Lengths match the database columns (taxonomy.models), so a pack that loads also installs on PostgreSQL.
Label = Annotated[str, Field(max_length=200)]
AreaId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


class LinkSpec(_Strict):
    scheme: Literal["jobtech-skill", "jobtech-ssyk", "esco-skill", "esco-occupation"]
    target: str = Field(
        min_length=1,
        max_length=300,
        description="Concept id (JobTech), label (ESCO skill) or URI (ESCO occupation)",
    )
    match: Literal["exact", "close", "broad", "narrow"]
    label: str = Field(default="", max_length=300)


class AreaSpec(_Strict):
    id: AreaId
    label: dict[Lang, Label]
    definition: dict[Lang, str]
    parent: AreaId | None = None
    levels: list[Level] = Field(min_length=1)
    terms: dict[Lang, list[TermEntry]] = Field(default_factory=dict)
    links: list[LinkSpec] = Field(default_factory=list)
    order: int | None = None


class DomainSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50)
    version: str = Field(min_length=1, max_length=40)
    name: dict[Lang, Label]
    description: dict[Lang, str] = Field(default_factory=dict)
    languages: list[Lang] = Field(default_factory=lambda: list(get_args(Lang)))
    area_order: list[str] = Field(default_factory=list)
