"""Exporting an instrument (plain Python: no database, no Django settings needed)."""

from __future__ import annotations

from typing import Literal

from kartlagg.surveys.instrument import Instrument
from kartlagg.surveys.interop import lss, redcap, xlsform
from kartlagg.surveys.interop.exceptions import ExportError
from kartlagg.surveys.interop.instrument import form_from_instrument

ExportFormat = Literal["lss", "redcap", "xlsform"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("lss", "redcap", "xlsform")
SUFFIX: dict[ExportFormat, str] = {"lss": ".lss", "redcap": ".csv", "xlsform": ".xlsx"}


def instrument_export(*, instrument: Instrument, format: ExportFormat) -> bytes:
    """The instrument as a LimeSurvey structure file, a REDCap data dictionary or an XLSForm workbook."""
    form = form_from_instrument(instrument)
    if format == "lss":
        return lss.write_lss(form)
    if format == "redcap":
        return redcap.write_dictionary(form).encode("utf-8")
    if format == "xlsform":
        return xlsform.write_xlsform(form)
    raise ExportError(f"unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")
