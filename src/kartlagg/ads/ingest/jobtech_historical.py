"""JobTech historical ads as published: JSON Lines, one JobSearch-shaped ad per line, also inside .zip/.gz.

Same record schema as JobSearch (and the same `source`, so an ad met both in a historical dump and via
the API is one ad); only the container differs, which reading.py handles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kartlagg.ads.ingest.base import Adapter
from kartlagg.ads.ingest.jobtech import JobTechLines, jobtech_record, looks_like_jobtech
from kartlagg.ads.record import AdRecord


class HistoricalAdapter(JobTechLines, Adapter):
    name: ClassVar[str] = "jobtech-historical"
    source: ClassVar[str] = "jobtech"
    description: ClassVar[str] = "JobTech historical ads, JSON Lines (.jsonl, .gz, .zip)"

    def sniff(self, sample: Mapping[str, Any]) -> bool:
        return looks_like_jobtech(sample)

    def map_record(self, obj: Mapping[str, Any], origin: str) -> AdRecord:
        return jobtech_record(obj, origin, source=self.source)


ADAPTER = HistoricalAdapter()
