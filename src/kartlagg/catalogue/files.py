"""Read and write catalogue files (CSV, JSON, Excel, YAML) as rows of the exchange record."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook

from kartlagg.catalogue.exceptions import CatalogueImportError, RowProblem
from kartlagg.catalogue.records import COLUMNS, OfferingRecord

FORMATS = ("csv", "json", "xlsx", "yaml")


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    fmt = {"yml": "yaml", "xls": "xlsx"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise CatalogueImportError(
            [RowProblem(str(path), 0, "", f"unsupported file type .{suffix} (use .csv, .json, .xlsx or .yaml)")]
        )
    return fmt


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (row number as a person counts it, raw row). Row 1 of CSV/Excel is the header."""
    fmt = format_of(path)
    if fmt == "csv":
        yield from _read_csv(path)
    elif fmt == "xlsx":
        yield from _read_xlsx(path)
    else:
        yield from _read_structured(path, fmt)


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueImportError([RowProblem(str(path), 0, "", f"not UTF-8 text ({exc.reason})")]) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    for index, row in enumerate(reader, start=2):
        if None in row:
            raise CatalogueImportError([RowProblem(str(path), index, "", "more cells than header columns")])
        if any((v or "").strip() for v in row.values()):
            yield index, {k.strip(): v for k, v in row.items() if k is not None}


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        raise CatalogueImportError([RowProblem(str(path), 0, "", f"not a readable Excel file: {exc}")]) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    for index, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        yield index, {h: v for h, v in zip(header, values, strict=False) if h}
    book.close()


def _read_structured(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle) if fmt == "json" else yaml.safe_load(handle)
    except (json.JSONDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueImportError([RowProblem(str(path), 0, "", f"not valid {fmt.upper()}: {exc}")]) from exc
    if isinstance(data, dict) and "offerings" in data:
        data = data["offerings"]
    if not isinstance(data, list):
        raise CatalogueImportError([RowProblem(str(path), 0, "", "expected a list of offerings")])
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise CatalogueImportError([RowProblem(str(path), index, "", "entry is not an object")])
        yield index, item


def write_records(records: list[OfferingRecord], path: Path) -> None:
    fmt = format_of(path)
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(r.to_flat() for r in records)
    elif fmt == "json":
        path.write_text(
            json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    elif fmt == "yaml":
        path.write_text(
            yaml.safe_dump([r.to_json() for r in records], allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "offerings"
        sheet.append(COLUMNS)
        for record in records:
            flat = record.to_flat()
            sheet.append([flat[c] for c in COLUMNS])
        book.save(path)
