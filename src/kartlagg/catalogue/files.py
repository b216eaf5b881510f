"""Read and write catalogue files (CSV, JSON, Excel, YAML) as rows of the exchange record.

Readers yield ``(row number, raw dict)``. The row number is the one a person sees: in CSV and Excel the
header is row 1 and the first offering row 2; in JSON and YAML it is the 1-based position of the entry
in the list. A file that cannot be read at all is refused with row 0.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kartlagg.catalogue.exceptions import CatalogueImportError, RowProblem
from kartlagg.catalogue.records import COLUMNS, OfferingRecord

FORMATS = ("csv", "json", "xlsx", "yaml")
Row = tuple[int, dict[str, Any]]


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    fmt = {"yml": "yaml"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise CatalogueImportError(
            [
                RowProblem(
                    str(path), 0, "", f"unsupported file type .{suffix} (use .csv, .json, .xlsx or .yaml)"
                )
            ]
        )
    return fmt


def read_rows(path: Path) -> list[Row]:
    """Every data row of the file; raises CatalogueImportError when the file itself is unreadable."""
    fmt = format_of(path)
    if fmt == "csv":
        return _read_csv(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    return _read_structured(path, fmt)


def check_header(path: Path, header: list[str]) -> None:
    """A flat file's header must name known columns, each once, and include ``key``."""
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(
                RowProblem(str(path), 1, name, f"unknown column (expected some of: {', '.join(COLUMNS)})")
            )
        elif name in seen:
            problems.append(RowProblem(str(path), 1, name, "column appears twice in the header"))
        seen.add(name)
    for name in ("key", "kind", "provider", "country", "atmp_share"):
        if name not in seen:
            problems.append(RowProblem(str(path), 1, name, "required column missing from the header"))
    if problems:
        raise CatalogueImportError(problems)


def _read_csv(path: Path) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueImportError([RowProblem(str(path), 0, "", f"not UTF-8 text ({exc.reason})")]) from exc
    if not text.strip():
        raise CatalogueImportError([RowProblem(str(path), 0, "", "the file is empty (no header row)")])
    # Decide the delimiter from the header line alone: data cells hold ';'-separated lists and
    # commas in free text, so counting over the rows could pick the wrong one.
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    result: list[Row] = []
    try:
        header = [cell.strip() for cell in next(reader)]
        check_header(path, header)
        # Row numbers count records, as a spreadsheet shows them (a quoted cell may span lines).
        for index, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if any(v.strip() for v in values[len(header) :]):
                raise CatalogueImportError(
                    [
                        RowProblem(
                            str(path), index, "", f"{len(values)} cells but the header has {len(header)}"
                        )
                    ]
                )
            result.append((index, {h: v for h, v in zip(header, values, strict=False) if h}))
    except csv.Error as exc:
        raise CatalogueImportError([RowProblem(str(path), 0, "", f"not valid CSV: {exc}")]) from exc
    return result


def _read_xlsx(path: Path) -> list[Row]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogueImportError(
            [RowProblem(str(path), 0, "", f"not a readable Excel (.xlsx) file: {exc or type(exc).__name__}")]
        ) from exc
    try:
        if not book.worksheets:
            raise CatalogueImportError([RowProblem(str(path), 0, "", "the workbook has no sheet")])
        sheet = book.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        first = next(rows_iter, None)
        if first is None:
            raise CatalogueImportError(
                [RowProblem(str(path), 0, "", "the first sheet is empty (no header row)")]
            )
        header = [str(c).strip() if c is not None else "" for c in first]
        check_header(path, header)
        result: list[Row] = []
        for index, values in enumerate(rows_iter, start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            result.append((index, {h: v for h, v in zip(header, values, strict=False) if h}))
        return result
    except CatalogueImportError:
        raise
    except Exception as exc:  # a damaged sheet surfaces only while reading its XML
        raise CatalogueImportError(
            [RowProblem(str(path), 0, "", f"not a readable Excel (.xlsx) file: {exc or type(exc).__name__}")]
        ) from exc
    finally:
        book.close()


class _CatalogueYamlLoader(yaml.SafeLoader):
    """YAML 1.1 reads ``NO`` (Norway) and ``no`` (Norwegian) as False; only true/false are booleans here."""


_CatalogueYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CatalogueYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_structured(path: Path, fmt: str) -> list[Row]:
    try:
        with path.open(encoding="utf-8") as handle:
            # _CatalogueYamlLoader is a SafeLoader: it builds plain data only.
            data = json.load(handle) if fmt == "json" else yaml.load(handle, Loader=_CatalogueYamlLoader)
    except json.JSONDecodeError as exc:
        raise CatalogueImportError(
            [
                RowProblem(
                    str(path), 0, "", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
                )
            ]
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueImportError([RowProblem(str(path), 0, "", f"not valid {fmt.upper()}: {exc}")]) from exc
    if isinstance(data, dict) and "offerings" in data:
        data = data["offerings"]
    if not isinstance(data, list):
        raise CatalogueImportError(
            [
                RowProblem(
                    str(path), 0, "", "expected a list of offerings (or a mapping with an 'offerings' list)"
                )
            ]
        )
    rows: list[Row] = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise CatalogueImportError([RowProblem(str(path), index, "", "entry is not an object")])
        rows.append((index, item))
    return rows


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
            yaml.safe_dump(
                {"offerings": [r.to_json() for r in records]}, allow_unicode=True, sort_keys=False, width=110
            ),
            encoding="utf-8",
        )
    else:
        _write_xlsx(records, path)


def _write_xlsx(records: list[OfferingRecord], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "offerings"
    sheet.append(COLUMNS)
    for row, record in enumerate(records, start=2):
        flat = record.to_flat()
        for col, name in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row, column=col, value=flat[name] or None)
            # openpyxl turns any text starting with "=" into a formula; catalogue text is never one.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.freeze_panes = "B2"
    book.save(path)
