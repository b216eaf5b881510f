"""Write side of the catalogue: all-or-nothing imports and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from kartlagg.catalogue.exceptions import CatalogueImportError, RowProblem
from kartlagg.catalogue.files import read_rows, write_records
from kartlagg.catalogue.models import Offering, OfferingArea
from kartlagg.catalogue.records import OfferingRecord, parse_record
from kartlagg.organisations.services import organisation_get_or_create
from kartlagg.taxonomy.selectors import current_areas

SEED_FILE = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "seed.yaml"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def catalogue_validate_file(*, path: Path) -> list[OfferingRecord]:
    """Parse and validate every row; raise CatalogueImportError naming each bad file/row/field."""
    known = {a.code for a in current_areas()}
    if not known:
        raise CatalogueImportError(
            [RowProblem(str(path), 0, "", "no domain pack is loaded; run `kartlagg domain load` first")]
        )
    problems: list[RowProblem] = []
    records: list[OfferingRecord] = []
    keys: dict[str, int] = {}
    for row_number, raw in read_rows(path):
        record, errors = parse_record(raw, known_areas=known)
        problems.extend(RowProblem(str(path), row_number, e.field, str(e)) for e in errors)
        if record is None:
            continue
        if record.key in keys:
            problems.append(
                RowProblem(str(path), row_number, "key", f"{record.key!r} already used in row {keys[record.key]}")
            )
            continue
        keys[record.key] = row_number
        records.append(record)
    if problems:
        raise CatalogueImportError(problems)
    return records


def catalogue_import_file(
    *, path: Path, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Import a catalogue file in one transaction. Re-importing the same file changes nothing."""
    records = catalogue_validate_file(path=path)
    areas = {a.code: a for a in current_areas()}
    created = updated = unchanged = 0
    with transaction.atomic():
        for record in records:
            outcome = _upsert(record, areas)
            if outcome == "created":
                created += 1
            elif outcome == "updated":
                updated += 1
            else:
                unchanged += 1
            if progress:
                progress(1)
    return ImportResult(created, updated, unchanged)


def catalogue_load_seed() -> ImportResult:
    return catalogue_import_file(path=SEED_FILE)


def catalogue_export_file(*, path: Path) -> int:
    records = [offering_to_record(o) for o in Offering.objects.select_related("provider").prefetch_related("coverage__area")]
    write_records(records, path)
    return len(records)


def offering_to_record(offering: Offering) -> OfferingRecord:
    return OfferingRecord(
        key=offering.key,
        kind=offering.kind,
        provider=offering.provider.name,
        provider_kind=offering.provider.kind,
        country=offering.country,
        atmp_share=offering.atmp_share,
        title_sv=offering.title_sv,
        title_en=offering.title_en,
        city=offering.city,
        languages=list(offering.languages),
        format=offering.format,
        level=offering.level,
        target_groups=list(offering.target_groups),
        extent_value=offering.extent_value,
        extent_unit=offering.extent_unit,
        fee=offering.fee,
        capacity=offering.capacity,
        start_date=offering.start_date,
        end_date=offering.end_date,
        url=offering.url,
        description_sv=offering.description_sv,
        description_en=offering.description_en,
        areas=sorted(((c.area.code, c.depth) for c in offering.coverage.all()), key=lambda pair: pair[0]),
        source=offering.source,
    )


def _upsert(record: OfferingRecord, areas: dict) -> str:  # type: ignore[type-arg]
    provider = organisation_get_or_create(
        name=record.provider, kind=record.provider_kind, country=record.country, city=record.city, source=record.source
    )
    values = {
        "title_sv": record.title_sv,
        "title_en": record.title_en,
        "kind": record.kind,
        "provider": provider,
        "country": record.country,
        "city": record.city,
        "languages": record.languages,
        "format": record.format,
        "level": record.level,
        "target_groups": record.target_groups,
        "extent_value": record.extent_value,
        "extent_unit": record.extent_unit,
        "fee": record.fee,
        "capacity": record.capacity,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "url": record.url,
        "description_sv": record.description_sv,
        "description_en": record.description_en,
        "atmp_share": record.atmp_share,
        "source": record.source,
    }
    offering = Offering.objects.filter(key=record.key).first()
    if offering is None:
        offering = Offering(key=record.key, **values)
        offering.full_clean()
        offering.save()
        outcome = "created"
    else:
        before = offering_to_record(offering)
        for field, value in values.items():
            setattr(offering, field, value)
        offering.full_clean()
        offering.save()
        outcome = "unchanged" if before.to_flat() == record.to_flat() else "updated"
    wanted = dict(record.areas)
    offering.coverage.exclude(area__code__in=list(wanted)).delete()
    for code, depth in wanted.items():
        OfferingArea.objects.update_or_create(offering=offering, area=areas[code], defaults={"depth": depth})
    return outcome
