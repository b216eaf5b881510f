"""JobTech JobSearch / JobStream JSON: an API response, an Elasticsearch response, a JobStream array,
or JSON Lines of such ads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kartlagg.ads.ingest.base import Adapter
from kartlagg.ads.ingest.jobtech import JobTechLines, jobtech_record, looks_like_jobtech
from kartlagg.ads.record import AdRecord


class JobSearchAdapter(JobTechLines, Adapter):
    name: ClassVar[str] = "jobtech-jobsearch"
    source: ClassVar[str] = "jobtech"
    description: ClassVar[str] = "JobTech JobSearch/JobStream JSON (API or Elasticsearch response, array)"

    def sniff(self, sample: Mapping[str, Any]) -> bool:
        return looks_like_jobtech(sample)

    def map_record(self, obj: Mapping[str, Any], origin: str) -> AdRecord:
        return jobtech_record(obj, origin, source=self.source)


ADAPTER = JobSearchAdapter()
