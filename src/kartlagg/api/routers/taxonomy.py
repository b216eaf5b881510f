"""The competence taxonomy (the 20 ATMP areas and their definitions)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kartlagg.api.schemas import ITEM_ERRORS, errors
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import current_areas

router = Router(tags=["taxonomy"])


class AreaOut(Schema):
    code: str
    label_sv: str
    label_en: str
    definition_sv: str
    definition_en: str
    parent: str | None
    levels: list[str]


def area_out(area: CompetenceArea) -> AreaOut:
    return AreaOut(
        code=area.code,
        label_sv=area.label_sv,
        label_en=area.label_en,
        definition_sv=area.definition_sv,
        definition_en=area.definition_en,
        parent=area.parent.code if area.parent else None,
        levels=[str(level) for level in area.levels or []],
    )


@router.get("/areas", response=list[AreaOut], summary="Current competence areas")
def area_list(request: HttpRequest) -> list[AreaOut]:
    return [area_out(area) for area in current_areas()]


@router.get("/areas/{code}", response={200: AreaOut, **errors(*ITEM_ERRORS)}, summary="One competence area")
def area_detail(request: HttpRequest, code: str) -> AreaOut:
    return area_out(get_object_or_404(current_areas(), code=code))
