"""Reading ad files from disk as streams of raw records, in constant memory.

Three layouts: JSON Lines (plain, .gz, or members of a .zip), JSON documents (an API response, a page of
results, an array; streamed with ijson), and CSV. Plain JSON Lines files are also cut into byte ranges
that worker processes read on their own, so the parent never copies the ad text.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import ijson
import orjson
from isal import igzip

from kartlagg.ads.exceptions import UnknownFormatError

Layout = Literal["lines", "document", "csv"]
_LINE_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
_CSV_SUFFIXES = {".csv", ".tsv"}
_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class FileLayout:
    layout: Layout
    compression: Literal["", "gz", "zip"]
    document_prefix: str = ""  # ijson prefix of the records in a JSON document
    sample: dict[str, Any] | None = None  # the first record, for choosing the adapter


def _inner_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".zip"):
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def compression_of(path: Path) -> Literal["", "gz", "zip"]:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return "gz"
    if suffix == ".zip":
        return "zip"
    return ""


def _zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/") and not info.filename.endswith("/")
    ]


def open_streams(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """(label, binary stream) for each data stream in the file: one, or one per zip member."""
    compression = compression_of(path)
    if compression == "gz":
        with igzip.open(path, "rb") as handle:
            yield path.name, handle
    elif compression == "zip":
        with zipfile.ZipFile(path) as archive:
            for info in _zip_members(archive):
                with archive.open(info) as handle:
                    yield f"{path.name}/{info.filename}", handle
    else:
        with path.open("rb") as handle:
            yield path.name, handle


def _head(path: Path) -> bytes:
    for _label, handle in open_streams(path):
        return handle.read(_SNIFF_BYTES)
    return b""


def sniff_layout(path: Path) -> FileLayout:
    """Decide how the file is laid out and read its first record."""
    compression = compression_of(path)
    inner = _inner_suffix(path)
    head = _head(path)
    if inner in _CSV_SUFFIXES:
        return FileLayout("csv", compression)
    stripped = head.lstrip()
    if not stripped:
        raise UnknownFormatError(f"{path}: the file is empty")
    first_line = stripped.split(b"\n", 1)[0]
    if inner in _LINE_SUFFIXES or (
        stripped[:1] == b"{" and _is_json_object(first_line) and b"\n{" in stripped
    ):
        sample = _is_json_object(first_line)
        return FileLayout("lines", compression, sample=sample if isinstance(sample, dict) else None)
    if stripped[:1] in (b"{", b"["):
        prefix = _document_prefix(path)
        return FileLayout(
            "document", compression, document_prefix=prefix, sample=_first_document_item(path, prefix)
        )
    raise UnknownFormatError(f"{path}: neither JSON, JSON Lines nor CSV (starts with {stripped[:20]!r})")


def _is_json_object(line: bytes) -> dict[str, Any] | None:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


# Where the ads sit in the JSON documents we know: JobStream and plain arrays, an Elasticsearch response
# (JobSearch as served by sokannonser), the JobSearch API response, a NAV result page, the legacy import.
_CONTAINER_KEYS = {
    "hits": "hits.item",
    "content": "content.item",
    "testannonser": "testannonser.item",
    "ads": "ads.item",
}


def _document_prefix(path: Path) -> str:
    for _label, handle in open_streams(path):
        events = ijson.parse(handle)
        for prefix, event, value in events:
            if prefix == "" and event == "start_array":
                return "item"
            if prefix == "" and event == "map_key" and value in _CONTAINER_KEYS:
                if value == "hits":
                    _p, next_event, _v = next(events)
                    return "hits.hits.item" if next_event == "start_map" else "hits.item"
                return _CONTAINER_KEYS[value]
    return ""  # one ad as a document


def _first_document_item(path: Path, prefix: str) -> dict[str, Any] | None:
    for item in iter_document(path, prefix):
        return item[1] if isinstance(item[1], dict) else None
    return None


def iter_document(path: Path, prefix: str, *, skip: int = 0) -> Iterator[tuple[int, Any]]:
    """(item number from 1, record) for each record of a JSON document, streamed."""
    for _label, handle in open_streams(path):
        for number, item in enumerate(ijson.items(handle, prefix, use_float=True), start=1):
            if number > skip:
                yield number, item
        return


def iter_lines(path: Path, *, skip: int = 0) -> Iterator[tuple[str, int, bytes]]:
    """(stream label, line number from 1, line) for each non-blank line of each stream; `skip` lines
    (counted over all streams) are passed over without being yielded, for resuming."""
    seen = 0
    for label, handle in open_streams(path):
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            seen += 1
            if seen > skip:
                yield label, number, line


def iter_csv(path: Path, *, skip: int = 0) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number where the row starts, row as dict) for each CSV row; delimiter sniffed (',', ';', tab)."""
    if compression_of(path):
        raise UnknownFormatError(f"{path}: compressed CSV is not supported; decompress it first")
    with path.open(encoding="utf-8-sig", newline="") as text:
        dialect = _csv_dialect(text.readline())
        text.seek(0)
        reader = csv.DictReader(text, dialect=dialect)
        start_line = reader.line_num + 2  # the header is line 1
        for rows, row in enumerate(reader, start=1):
            if rows > skip:
                yield start_line, row
            start_line = reader.line_num + 1


def _csv_dialect(first_line: str) -> Any:
    """Comma-separated unless the header plainly uses semicolons or tabs (csv.Sniffer guesses badly on
    one line and cannot see multi-line quoted ad texts)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if delimiter == "," or counts[delimiter] == 0:
        return csv.excel
    return csv.excel_tab if delimiter == "\t" else type("semicolon", (csv.excel,), {"delimiter": ";"})


def csv_columns(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    return next(csv.reader([first], dialect=_csv_dialect(first)), [])


def line_ranges(path: Path, *, start: int, block_bytes: int) -> Iterator[tuple[int, int]]:
    """Byte ranges [a, b) of about `block_bytes` that end on a line break, from `start` to the end."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        position = start
        while position < size:
            target = min(position + block_bytes, size)
            if target < size:
                handle.seek(target)
                rest = handle.readline()
                target += len(rest)
            yield position, target
            position = target


def read_range(path: Path, start: int, end: int) -> list[memoryview]:
    """The lines of bytes [start, end) (without their line breaks), as views into one buffer read at
    once: splitting it into bytes objects copied the whole block again, ≈2 µs a bench ad."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    view = memoryview(data)
    lines: list[memoryview] = []
    find, size, position = data.find, len(data), 0
    while position < size:
        stop = find(b"\n", position)
        if stop < 0:
            stop = size
        lines.append(view[position:stop])
        position = stop + 1
    return lines
