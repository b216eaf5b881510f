"""Catalogue files: CSV, JSON, Excel and YAML in and out, all or nothing, errors that name the place."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kartlagg.catalogue.exceptions import CatalogueImportError
from kartlagg.catalogue.models import Offering, OfferingArea
from kartlagg.catalogue.records import COLUMNS
from kartlagg.catalogue.services import catalogue_export_file, catalogue_import_file, catalogue_records
from kartlagg.catalogue.tests.test_seed import NAMED_IN_REPORT
from kartlagg.organisations.models import Organisation

pytestmark = pytest.mark.django_db

GOOD = {
    "key": "ki-atmp-gmp-course",
    "title_sv": "GMP för ATMP, kurs",
    "title_en": "GMP for ATMP, course",
    "kind": "course",
    "provider": "Karolinska Institutet",
    "provider_kind": "university",
    "country": "SE",
    "city": "Stockholm",
    "languages": "sv;en",
    "format": "blended",
    "level": "second_cycle",
    "target_groups": "students;industry_staff",
    "extent_value": "7.5",
    "extent_unit": "credits",
    "fee": "0",
    "capacity": "30",
    "start_date": "2026-09-01",
    "end_date": "2026-11-01",
    "url": "https://example.org/course",
    "description_sv": "Kurs om GMP-tillverkning, med övningar; rent rum.",
    "description_en": "Course on GMP manufacturing, with exercises; clean room.",
    "atmp_share": "dedicated",
    "areas": "gmp-production:working;quality-assurance:awareness",
    "source": "test fixture",
}


SEEDED_KEYS = sorted(NAMED_IN_REPORT)


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    header = list(rows[0]) if rows else COLUMNS
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def refused(path: Path) -> list[tuple[int, str, str]]:
    """Import a file that must be refused; returns (row, field, message) of each problem."""
    with pytest.raises(CatalogueImportError) as info:
        catalogue_import_file(path=path)
    assert all(p.file == str(path) for p in info.value.problems)
    return [(p.row, p.field, p.message) for p in info.value.problems]


def test_a_good_csv_row_is_stored_with_every_field(seeded, tmp_path):
    result = catalogue_import_file(path=write_csv(tmp_path / "c.csv", [GOOD]))

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    o = Offering.objects.get(key="ki-atmp-gmp-course")
    assert (o.provider.name, o.provider.kind, o.country, o.city) == (
        "Karolinska Institutet",
        "university",
        "SE",
        "Stockholm",
    )
    assert (o.languages, o.target_groups) == (["sv", "en"], ["students", "industry_staff"])
    assert (o.extent_value, o.extent_unit, o.capacity) == (Decimal("7.5"), "credits", 30)
    assert (o.start_date, o.end_date) == (dt.date(2026, 9, 1), dt.date(2026, 11, 1))
    assert sorted((c.area.code, c.depth) for c in o.coverage.all()) == [
        ("gmp-production", "working"),
        ("quality-assurance", "awareness"),
    ]


def test_semicolon_separated_csv_is_read_too(seeded, tmp_path):
    result = catalogue_import_file(path=write_csv(tmp_path / "c.csv", [GOOD], delimiter=";"))
    assert result.created == 1
    assert Offering.objects.get(key=GOOD["key"]).description_en == GOOD["description_en"]


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx", "yaml"])
def test_export_round_trip(seeded, tmp_path, suffix):
    """Export then import: every row unchanged; into an empty catalogue: the same catalogue again."""
    path = tmp_path / f"catalogue.{suffix}"
    # One offering with every optional field filled, so the round trip covers numbers and dates too.
    catalogue_import_file(path=write_csv(tmp_path / "extra.csv", [GOOD]))
    before = Offering.objects.count()
    original = [r.to_flat() for r in catalogue_records()]

    assert catalogue_export_file(path=path) == before
    again = catalogue_import_file(path=path)

    assert (again.created, again.updated, again.unchanged) == (0, 0, before)
    assert Offering.objects.count() == before

    OfferingArea.objects.all().delete()
    Offering.objects.all().delete()
    fresh = catalogue_import_file(path=path)

    assert fresh.created == before
    assert [r.to_flat() for r in catalogue_records()] == original


def test_an_edited_row_is_updated_and_the_rest_unchanged(seeded, tmp_path):
    path = tmp_path / "c.json"
    catalogue_export_file(path=path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data[0]["capacity"] = 12
    data[0]["areas"] = [{"area": "cmc", "depth": "expert"}]
    path.write_text(json.dumps(data), encoding="utf-8")

    result = catalogue_import_file(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 1, len(data) - 1)
    edited = Offering.objects.get(key=data[0]["key"])
    assert edited.capacity == 12
    assert [(c.area.code, c.depth) for c in edited.coverage.all()] == [("cmc", "expert")]


def test_reimport_does_not_duplicate_providers(seeded, tmp_path):
    second = dict(GOOD, key="ki-second-course")
    path = write_csv(tmp_path / "c.csv", [GOOD, second])
    catalogue_import_file(path=path)
    catalogue_import_file(path=path)
    assert Organisation.objects.filter(name="Karolinska Institutet").count() == 1
    assert Offering.objects.filter(provider__name="Karolinska Institutet").count() == 2


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (
            {"areas": "gmp-production:working;cell-therapy:expert"},
            "areas",
            "unknown competence area 'cell-therapy'",
        ),
        ({"start_date": "2026-13-01"}, "start_date", "'2026-13-01' is not a date (YYYY-MM-DD)"),
        ({"end_date": "2026-08-01"}, "end_date", "2026-08-01 is before start_date 2026-09-01"),
        ({"kind": "bootcamp"}, "kind", "'bootcamp' is not one of"),
        ({"provider": ""}, "provider", "is required"),
        ({"areas": "gmp-production:guru"}, "areas", "depth 'guru' for gmp-production is not one of"),
        ({"country": "Sverige"}, "country", "is not an ISO 3166 two-letter code"),
        ({"capacity": "many"}, "capacity", "'many' is not a whole number of seats"),
        ({"extent_value": "7.55"}, "extent_value", "needs at most one decimal"),
        ({"url": "www.example.org"}, "url", "is not an http(s) address"),
        ({"title_sv": "x" * 301}, "title_sv", "is 301 characters long; at most 300 fit"),
        ({"target_groups": "students;everyone"}, "target_groups", "'everyone' is not one of"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_row_and_field(seeded, tmp_path, change, field, reason):
    first_ok = dict(GOOD, key="fine-first-row")
    bad = dict(GOOD, key="the-bad-row", **change)
    path = write_csv(tmp_path / "c.csv", [first_ok, bad])

    problems = refused(path)

    assert [(row, f) for row, f, _ in problems] == [(3, field)]
    assert reason in problems[0][2]
    # Not even the good first row; the seeded catalogue already stored is untouched.
    assert sorted(Offering.objects.values_list("key", flat=True)) == SEEDED_KEYS
    assert not Organisation.objects.filter(name="Karolinska Institutet").exists()


def test_a_duplicate_key_names_both_rows(seeded, tmp_path):
    problems = refused(write_csv(tmp_path / "c.csv", [GOOD, dict(GOOD, title_en="Other")]))
    assert problems == [(3, "key", "'ki-atmp-gmp-course' already used in row 2")]


def test_an_unknown_column_is_named_in_the_header(seeded, tmp_path):
    problems = refused(write_csv(tmp_path / "c.csv", [dict(GOOD, duration="5 weeks")]))
    assert [(row, field) for row, field, _ in problems] == [(1, "duration")]
    assert problems[0][2].startswith("unknown column")


def test_a_missing_required_column_is_named(seeded, tmp_path):
    row = {k: v for k, v in GOOD.items() if k != "provider"}
    problems = refused(write_csv(tmp_path / "c.csv", [row]))
    assert problems == [(1, "provider", "required column missing from the header")]


def test_every_problem_in_a_file_is_reported_at_once(seeded, tmp_path):
    rows = [dict(GOOD, key="a", kind="x"), dict(GOOD, key="b"), dict(GOOD, key="c", end_date="2020-01-01")]
    problems = refused(write_csv(tmp_path / "c.csv", rows))
    assert [(row, field) for row, field, _ in problems] == [(2, "kind"), (4, "end_date")]


def test_the_error_message_lists_file_row_and_field(seeded, tmp_path):
    path = write_csv(tmp_path / "c.csv", [dict(GOOD, start_date="1 sept")])
    with pytest.raises(CatalogueImportError) as info:
        catalogue_import_file(path=path)
    assert f"{path}, row 2, field 'start_date': '1 sept' is not a date (YYYY-MM-DD)" in str(info.value)
    assert "nothing imported" in str(info.value)


def test_a_broken_xlsx_is_refused(seeded, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    problems = refused(path)
    assert len(problems) == 1
    assert problems[0][:2] == (0, "")
    assert problems[0][2].startswith("not a readable Excel (.xlsx) file")


def test_an_xlsx_bad_row_names_the_spreadsheet_row(seeded, tmp_path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = list(GOOD)
    sheet.append(header)
    sheet.append([GOOD[c] for c in header])
    sheet.append([None] * len(header))  # a blank row keeps the numbering as the sheet shows it
    sheet.append([dict(GOOD, key="second", areas="stem-cells:expert")[c] for c in header])
    path = tmp_path / "c.xlsx"
    book.save(path)

    problems = refused(path)

    assert [(row, field) for row, field, _ in problems] == [(4, "areas")]


def test_xlsx_numbers_and_dates_typed_as_cells_are_accepted(seeded, tmp_path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = list(GOOD)
    sheet.append(header)
    typed = dict(GOOD, capacity=30, extent_value=7.5, start_date=dt.datetime(2026, 9, 1))
    sheet.append([typed[c] for c in header])
    path = tmp_path / "c.xlsx"
    book.save(path)

    catalogue_import_file(path=path)

    o = Offering.objects.get(key=GOOD["key"])
    assert (o.capacity, o.extent_value, o.start_date) == (30, Decimal("7.5"), dt.date(2026, 9, 1))


def test_exported_xlsx_keeps_text_that_looks_like_a_formula(seeded, tmp_path):
    catalogue_import_file(path=write_csv(tmp_path / "c.csv", [dict(GOOD, fee="=free for staff")]))
    path = tmp_path / "out.xlsx"
    catalogue_export_file(path=path)
    sheet = load_workbook(path).worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == GOOD["key"])
    assert row[COLUMNS.index("fee")] == "=free for staff"
    assert catalogue_import_file(path=path).unchanged == len(SEEDED_KEYS) + 1


def test_yaml_reads_norway_as_a_country_not_as_false(seeded, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "offerings:\n"
        "  - key: uio-course\n    title_en: Course in Oslo\n    kind: course\n"
        "    provider: Universitetet i Oslo\n"
        "    country: NO\n    languages: [no, en]\n    atmp_share: some\n",
        encoding="utf-8",
    )
    catalogue_import_file(path=path)
    o = Offering.objects.get(key="uio-course")
    assert (o.country, o.languages) == ("NO", ["no", "en"])


def test_json_that_is_not_a_list_or_not_json_is_refused(seeded, tmp_path):
    not_json = tmp_path / "a.json"
    not_json.write_text("[{]", encoding="utf-8")
    assert refused(not_json)[0][:2] == (0, "")
    wrong_shape = tmp_path / "b.json"
    wrong_shape.write_text('{"key": "x"}', encoding="utf-8")
    assert refused(wrong_shape) == [
        (0, "", "expected a list of offerings (or a mapping with an 'offerings' list)")
    ]


def test_json_entries_are_numbered_from_one_and_unknown_fields_named(seeded, tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps([dict(GOOD, key="a"), dict(GOOD, key="b", hours=3)]), encoding="utf-8")
    problems = refused(path)
    assert [(row, field) for row, field, _ in problems] == [(2, "hours")]


def test_an_unsupported_file_type_is_refused(seeded, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("key\n", encoding="utf-8")
    assert refused(path) == [(0, "", "unsupported file type .txt (use .csv, .json, .xlsx or .yaml)")]


def test_an_empty_csv_is_refused(seeded, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("", encoding="utf-8")
    assert refused(path) == [(0, "", "the file is empty (no header row)")]


def test_a_database_refusal_rolls_back_the_whole_file(seeded, tmp_path, monkeypatch):
    """Validation catches what it can; anything the model still refuses undoes the file and names the row."""
    from django.core.exceptions import ValidationError

    original = Offering.full_clean

    def refuse_second(self, *args, **kwargs):
        if self.key == "second":
            raise ValidationError({"title_en": ["refused by the model"]})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Offering, "full_clean", refuse_second)
    problems = refused(write_csv(tmp_path / "c.csv", [GOOD, dict(GOOD, key="second")]))

    assert problems == [(3, "title_en", "refused by the model")]
    assert sorted(Offering.objects.values_list("key", flat=True)) == SEEDED_KEYS


def test_a_database_constraint_violation_rolls_back_the_whole_file(seeded, tmp_path, monkeypatch):
    from django.db import IntegrityError

    original = Offering.save

    def violate_on_second(self, *args, **kwargs):
        if self.key == "second":
            raise IntegrityError("CHECK constraint failed: offering_dates_in_order")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Offering, "save", violate_on_second)
    problems = refused(write_csv(tmp_path / "c.csv", [GOOD, dict(GOOD, key="second")]))

    assert problems == [(3, "", "refused by the database: CHECK constraint failed: offering_dates_in_order")]
    assert sorted(Offering.objects.values_list("key", flat=True)) == SEEDED_KEYS
