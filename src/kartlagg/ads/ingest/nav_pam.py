"""NAV (Norway) pam-ad JSON: arbeidsplassen ads with title, properties.adtext (HTML), employer,
location, categoryList (STYRK-08), published/expires. A result page (content[]), an array, or JSON Lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kartlagg.ads.ingest.base import Adapter, as_mapping, dig, require_id, require_text, text_of
from kartlagg.ads.normalise import country_code, parse_date, parse_positions, strip_html
from kartlagg.ads.record import AdRecord


class NavPamAdapter(Adapter):
    name: ClassVar[str] = "nav-pam"
    source: ClassVar[str] = "nav"
    description: ClassVar[str] = "NAV arbeidsplassen pam-ad JSON (Norway)"

    def sniff(self, sample: Mapping[str, Any]) -> bool:
        return isinstance(sample.get("properties"), Mapping) and (
            "uuid" in sample or "categoryList" in sample
        )

    def map_record(self, obj: Mapping[str, Any], origin: str) -> AdRecord:
        ident = require_id(obj.get("uuid") or obj.get("id"))
        properties = as_mapping(obj.get("properties"))
        text = require_text(strip_html(text_of(properties.get("adtext"))), "properties.adtext")
        codes: dict[str, str] = {}
        for category in obj.get("categoryList") or ():
            code = text_of(dig(category, "code"))
            if text_of(dig(category, "categoryType")).startswith("STYRK08") and code[:4].isdigit():
                # STYRK-08 is the Norwegian edition of ISCO-08: the four-digit group is the ISCO group.
                codes["styrk"] = code
                codes["isco"] = code[:4]
                break
        location = as_mapping(obj.get("location"))
        employer = as_mapping(obj.get("employer"))
        status = text_of(obj.get("status"))
        removed = (
            parse_date(obj.get("expires"), field="expires") if status in ("INACTIVE", "STOPPED") else None
        )
        return AdRecord(
            source=self.source,
            source_id=ident,
            headline=strip_html(text_of(obj.get("title"))),
            text=text,
            employer_name=(text_of(employer.get("name")) or text_of(obj.get("businessName"))).strip(),
            employer_org_number=text_of(employer.get("orgnr")).strip(),
            country=country_code(location.get("country"), "NO"),
            region=text_of(location.get("county")).strip().title(),
            municipality=text_of(location.get("municipal")).strip().title(),
            published=parse_date(obj.get("published"), field="published"),
            removed=removed,
            occupation_codes=codes,
            positions=parse_positions(properties.get("positioncount")),
            url=text_of(properties.get("sourceurl") or properties.get("applicationurl")).strip(),
            origin=origin,
        )


ADAPTER = NavPamAdapter()
