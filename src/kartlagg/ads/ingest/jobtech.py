"""The JobTech (Arbetsförmedlingen) ad schema shared by JobSearch, JobStream and the historical ads.

All three publish the same record: id, headline, description.text, employer, workplace_address,
occupation / occupation_group (SSYK 2012 in legacy_ams_taxonomy_id), publication_date, ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kartlagg.ads.ingest.base import dig, require_id, require_text, text_of
from kartlagg.ads.normalise import country_code, detect_language, parse_date, parse_positions, strip_html
from kartlagg.ads.record import AdRecord


def looks_like_jobtech(sample: Mapping[str, Any]) -> bool:
    sample = sample.get("_source", sample) if isinstance(sample.get("_source"), Mapping) else sample
    return "headline" in sample and ("description" in sample or "publication_date" in sample)


def jobtech_record(obj: Mapping[str, Any], origin: str, *, source: str) -> AdRecord:
    source_obj = obj.get("_source")
    if source_obj is not None and isinstance(source_obj, Mapping):  # an Elasticsearch hit
        obj = source_obj
    ident = require_id(obj.get("id"))
    description = obj.get("description")
    if isinstance(description, dict):
        raw_text = text_of(description.get("text")) or text_of(description.get("text_formatted"))
    else:
        raw_text = text_of(description)
    text = require_text(strip_html(raw_text), "description.text")
    codes: dict[str, str] = {}
    ssyk = text_of(dig(obj, "occupation_group", "legacy_ams_taxonomy_id"))
    if ssyk.isdigit() and len(ssyk) == 4:
        codes["ssyk"] = ssyk
    occupation = text_of(dig(obj, "occupation", "concept_id"))
    if occupation:
        codes["jobtech-occupation"] = occupation
    address = obj.get("workplace_address")
    if not isinstance(address, dict):
        address = {}
    removed = parse_date(obj.get("removed_date"), field="removed_date") if obj.get("removed") else None
    url = text_of(obj.get("webpage_url")) or text_of(dig(obj, "application_details", "url"))
    return AdRecord(
        source=source,
        source_id=ident,
        headline=strip_html(text_of(obj.get("headline"))),
        text=text,
        employer_name=text_of(dig(obj, "employer", "name")).strip(),
        employer_org_number=text_of(dig(obj, "employer", "organization_number")).replace("-", "").strip(),
        country=country_code(
            address.get("country_code") if _iso2(address.get("country_code")) else address.get("country"),
            "SE",
        ),
        region=text_of(address.get("region")).strip(),
        municipality=text_of(address.get("municipality")).strip(),
        published=parse_date(obj.get("publication_date"), field="publication_date"),
        removed=removed,
        occupation_codes=codes,
        positions=parse_positions(obj.get("number_of_vacancies")),
        language=detect_language(text),
        url=url,
        origin=origin,
    )


def _iso2(value: object) -> bool:
    return isinstance(value, str) and len(value) == 2 and value.isalpha()
