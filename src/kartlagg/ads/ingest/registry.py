"""Which adapter reads a file: named by the user, or recognised from the file's layout and first record."""

from __future__ import annotations

from pathlib import Path

from kartlagg.ads.exceptions import UnknownFormatError
from kartlagg.ads.ingest import jobtech_historical, jobtech_legacy, jobtech_search, nav_pam
from kartlagg.ads.ingest.base import Adapter
from kartlagg.ads.ingest.generic import ColumnMapping, GenericAdapter
from kartlagg.ads.ingest.reading import FileLayout, sniff_layout

ADAPTERS: dict[str, Adapter] = {
    a.name: a
    for a in (jobtech_search.ADAPTER, jobtech_historical.ADAPTER, jobtech_legacy.ADAPTER, nav_pam.ADAPTER)
}
FORMAT_NAMES = (*ADAPTERS, GenericAdapter.name)


def choose_adapter(
    path: Path, *, fmt: str = "auto", mapping: ColumnMapping | None = None
) -> tuple[Adapter, FileLayout]:
    """The adapter for `path` and how the file is laid out. A mapping always means the generic adapter."""
    layout = sniff_layout(path)
    if mapping is not None or fmt == GenericAdapter.name:
        if mapping is None:
            raise UnknownFormatError(f"{path}: the generic format needs a column mapping (--mapping FILE)")
        return GenericAdapter(mapping), layout
    if layout.layout == "csv":
        raise UnknownFormatError(f"{path}: CSV files need a column mapping (--mapping FILE)")
    if fmt != "auto":
        if fmt not in ADAPTERS:
            raise UnknownFormatError(f"unknown format {fmt!r}; known: {', '.join(FORMAT_NAMES)}")
        return ADAPTERS[fmt], layout
    sample = layout.sample
    if sample is None:
        raise UnknownFormatError(f"{path}: found no ad record to recognise the format by")
    if layout.layout == "lines" and ADAPTERS["jobtech-historical"].sniff(sample):
        return ADAPTERS["jobtech-historical"], layout
    for adapter in ADAPTERS.values():
        if adapter.sniff(sample):
            return adapter, layout
    keys = ", ".join(sorted(sample)[:12])
    raise UnknownFormatError(
        f"{path}: the first record (keys: {keys}) matches no known format; use --mapping for the "
        "generic adapter"
    )
