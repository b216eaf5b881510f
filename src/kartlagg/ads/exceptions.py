"""Errors of the job-ad pipeline. Each names the place (file, line or item, field) it is about."""

from __future__ import annotations


class AdsError(Exception):
    """Base class: something the user must fix before the pipeline can go on."""


class UnknownFormatError(AdsError):
    """No adapter recognises the file, or the named format does not exist."""


class MappingError(AdsError):
    """The column mapping for the generic adapter is incomplete or names columns the file lacks."""


class StoreBusyError(AdsError):
    """The DuckDB store is locked by another process (an ingest is writing)."""


class StoreVersionError(AdsError):
    """The store was written by a kartlagg whose keys or tables differ from this one's."""


class MalformedRecord(Exception):  # noqa: N818 (a record-level signal, caught and reported, never raised to the user)
    """One record cannot be used. `reason` is a short code counted in the run summary."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
