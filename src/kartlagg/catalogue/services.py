"""Write side of the catalogue: all-or-nothing imports and exports.

An import reads and validates the whole file first; only a file without a single problem is written,
in one transaction. Offerings are matched by their ``key``, so importing the same file again (or an
export of the catalogue) creates nothing and reports every row as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kartlagg.catalogue.exceptions import CatalogueImportError, RowProblem
from kartlagg.catalogue.files import read_rows, write_records
from kartlagg.catalogue.models import Offering, OfferingArea
from kartlagg.catalogue.records import OfferingRecord, parse_record
from kartlagg.organisations.models import Organisation
from kartlagg.organisations.services import organisation_get_or_create
from kartlagg.taxonomy.models import CompetenceArea
from kartlagg.taxonomy.selectors import current_areas

SEED_FILE = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "seed.yaml"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class ValidatedFile:
    path: Path
    rows: list[tuple[int, OfferingRecord]]

    def __len__(self) -> int:
        return len(self.rows)


def catalogue_validate_file(*, path: Path) -> ValidatedFile:
    """Parse and validate every row; raise CatalogueImportError naming each bad file/row/field."""
    known = {a.code for a in current_areas()}
    if not known:
        raise CatalogueImportError(
            [RowProblem(str(path), 0, "", "no domain pack is loaded; run `kartlagg domain load` first")]
        )
    problems: list[RowProblem] = []
    rows: list[tuple[int, OfferingRecord]] = []
    keys: dict[str, int] = {}
    for row_number, raw in read_rows(path):
        record, errors = parse_record(raw, known_areas=known)
        problems.extend(RowProblem(str(path), row_number, e.field, str(e)) for e in errors)
        if record is None:
            continue
        if record.key in keys:
            problems.append(
                RowProblem(
                    str(path), row_number, "key", f"{record.key!r} already used in row {keys[record.key]}"
                )
            )
            continue
        keys[record.key] = row_number
        rows.append((row_number, record))
    if problems:
        raise CatalogueImportError(problems)
    return ValidatedFile(path=path, rows=rows)


def catalogue_import_validated(
    *, validated: ValidatedFile, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Write an already validated file in one transaction; a database refusal rolls back the file."""
    areas = {a.code: a for a in current_areas()}
    providers: dict[str, Organisation] = {}
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = _existing_offerings([record.key for _, record in validated.rows])
        for row_number, record in validated.rows:
            try:
                outcome = _upsert(record, existing.get(record.key), areas, providers)
            except ValidationError as exc:
                # Raising inside atomic() undoes every row written so far from this file.
                raise CatalogueImportError(_problems_from(exc, validated.path, row_number)) from exc
            except IntegrityError as exc:  # leaving atomic() with the error rolls the whole file back
                raise CatalogueImportError(
                    [RowProblem(str(validated.path), row_number, "", f"refused by the database: {exc}")]
                ) from exc
            if outcome == "created":
                created += 1
            elif outcome == "updated":
                updated += 1
            else:
                unchanged += 1
            if progress:
                progress(1)
    return ImportResult(created, updated, unchanged)


def catalogue_import_file(*, path: Path, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Import a catalogue file, all or nothing. Re-importing the same file changes nothing."""
    return catalogue_import_validated(validated=catalogue_validate_file(path=path), progress=progress)


def catalogue_load_seed() -> ImportResult:
    """The offerings and initiatives the 2022 report names (data/catalogue/seed.yaml)."""
    return catalogue_import_file(path=SEED_FILE)


def catalogue_export_file(*, path: Path) -> int:
    """Write the whole catalogue in the format the suffix names; returns the number of offerings."""
    records = catalogue_records()
    write_records(records, path)
    return len(records)


def catalogue_records() -> list[OfferingRecord]:
    offerings = Offering.objects.select_related("provider").prefetch_related("coverage__area").order_by("key")
    return [offering_to_record(o) for o in offerings]


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


def _existing_offerings(keys: list[str], chunk: int = 500) -> dict[str, Offering]:
    """The stored offerings among ``keys`` with their coverage, fetched in a few queries, not one per row."""
    found: dict[str, Offering] = {}
    for start in range(0, len(keys), chunk):
        batch = (
            Offering.objects.filter(key__in=keys[start : start + chunk])
            .select_related("provider")
            .prefetch_related("coverage__area")
        )
        found.update((o.key, o) for o in batch)
    return found


def _upsert(
    record: OfferingRecord,
    offering: Offering | None,
    areas: dict[str, CompetenceArea],
    providers: dict[str, Organisation],
) -> str:
    """Create or update one offering and its coverage; returns created, updated or unchanged."""
    provider = providers.get(record.provider)
    if provider is None:
        # The offering's city is where it is given, not necessarily the provider's seat: not passed on.
        provider = providers[record.provider] = organisation_get_or_create(
            name=record.provider, kind=record.provider_kind, country=record.country, source=record.source
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
    created = offering is None
    if offering is None:
        offering = Offering(key=record.key, **values)
        dirty = True
    else:
        # The provider's kind is not compared: an editor may have corrected it in the admin, and an
        # import never overwrites that (organisation_get_or_create fills only what is unknown).
        dirty = any(getattr(offering, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(offering, name, value)
    if dirty:  # an unchanged row is not saved, so its updated_at keeps telling when it last changed
        # Field validation only: parse_record already checked what the constraints check, and asking the
        # database for each CheckConstraint costs a query per constraint per row. The database still
        # enforces them; a violation is turned into a row problem by the caller.
        # The provider was just found or created, so its existence check is skipped too.
        offering.full_clean(exclude=["provider"], validate_unique=False, validate_constraints=False)
        offering.save()

    # Coverage: the file is authoritative. Areas and depths were validated with the row.
    wanted = dict(record.areas)
    existing = {} if created else {c.area.code: c for c in offering.coverage.all()}
    gone = [link.pk for code, link in existing.items() if code not in wanted]
    new = [OfferingArea(offering=offering, area=areas[code], depth=depth) for code, depth in wanted.items()
           if code not in existing]  # fmt: skip
    deeper = [link for code, link in existing.items() if code in wanted and link.depth != wanted[code]]
    if gone:
        OfferingArea.objects.filter(pk__in=gone).delete()
    if new:
        OfferingArea.objects.bulk_create(new)
    for link in deeper:
        link.depth = wanted[link.area.code]
        link.save(update_fields=["depth"])

    if created:
        return "created"
    return "updated" if dirty or gone or new or deeper else "unchanged"


def _problems_from(exc: ValidationError, path: Path, row: int) -> list[RowProblem]:
    if hasattr(exc, "error_dict"):
        return [
            RowProblem(str(path), row, "" if name == "__all__" else name, " ".join(str(m) for m in messages))
            for name, messages in exc.message_dict.items()
        ]
    return [RowProblem(str(path), row, "", " ".join(exc.messages))]
