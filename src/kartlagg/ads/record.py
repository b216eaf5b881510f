"""The normalised job-ad record every source adapter produces and every later stage reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kartlagg.ads.language import detect_language


@dataclass(slots=True)
class AdRecord:
    source: str  # adapter name, e.g. "jobtech-jobsearch", "jobtech-historical", "nav-pam", "generic"
    source_id: str  # the id the source gives the ad
    headline: str
    text: str  # plain text, HTML stripped
    employer_name: str = ""
    employer_org_number: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    region: str = ""
    municipality: str = ""
    published: dt.date | None = None
    removed: dt.date | None = None
    occupation_codes: dict[str, str] = field(
        default_factory=dict
    )  # {"ssyk": "2133", "isco": "2131", "styrk": ...}
    positions: int = 1
    # ISO 639-1 as the source states it ("" when it does not); `language` detects the others. The
    # pipeline detects a whole block at once instead (language.detect_languages), several times cheaper.
    stated_language: str = ""
    url: str = ""
    # Where the record came from, for error reports and the evidence view: "file.jsonl:1234".
    origin: str = ""

    @property
    def language(self) -> str:
        """ISO 639-1: as the source states it, else detected from the text ('' when too short to tell)."""
        return self.stated_language or detect_language(self.text)
