"""The JobTech (Arbetsförmedlingen) ad schema shared by JobSearch, JobStream and the historical ads.

All three publish the same record: id, headline, description.text, employer, workplace_address,
occupation / occupation_group (SSYK 2012 in legacy_ams_taxonomy_id), publication_date, ...

Two ways in, one mapping. A JSON Lines line is first decoded with msgspec into typed structs that name
only the fields we keep: the other two thirds of a JobTech ad (text_formatted, taxonomy labels, contact
details) are skipped by the decoder instead of becoming Python objects, which halves the cost of reading
an ad. Anything the structs do not expect (an Elasticsearch hit, a number where text belongs, bad JSON)
goes the general way: orjson into dicts and the lenient field-by-field mapping, which also names what is
wrong. Both ways end in `_record`, so they give the same AdRecord.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from kartlagg.ads.ingest.base import dig, require_id, require_text, text_of
from kartlagg.ads.normalise import country_code as country_code_of
from kartlagg.ads.normalise import parse_date, parse_positions, strip_html
from kartlagg.ads.record import AdRecord


def looks_like_jobtech(sample: Mapping[str, Any]) -> bool:
    sample = sample.get("_source", sample) if isinstance(sample.get("_source"), Mapping) else sample
    return "headline" in sample and ("description" in sample or "publication_date" in sample)


def jobtech_record(obj: Mapping[str, Any], origin: str, *, source: str) -> AdRecord:
    source_obj = obj.get("_source")
    if source_obj is not None and isinstance(source_obj, Mapping):  # an Elasticsearch hit
        obj = source_obj
    description = obj.get("description")
    if isinstance(description, dict):
        raw_text = text_of(description.get("text")) or text_of(description.get("text_formatted"))
    else:
        raw_text = text_of(description)
    address = obj.get("workplace_address")
    if not isinstance(address, dict):
        address = {}
    return _record(
        source=source,
        origin=origin,
        ident=obj.get("id"),
        headline=obj.get("headline"),
        raw_text=raw_text,
        employer_name=dig(obj, "employer", "name"),
        org_number=dig(obj, "employer", "organization_number"),
        country_code=address.get("country_code"),
        country=address.get("country"),
        region=address.get("region"),
        municipality=address.get("municipality"),
        ssyk=dig(obj, "occupation_group", "legacy_ams_taxonomy_id"),
        occupation=dig(obj, "occupation", "concept_id"),
        published=obj.get("publication_date"),
        removed=bool(obj.get("removed")),
        removed_date=obj.get("removed_date"),
        positions=obj.get("number_of_vacancies"),
        url=text_of(obj.get("webpage_url")) or text_of(dig(obj, "application_details", "url")),
    )


def _record(
    *,
    source: str,
    origin: str,
    ident: object,
    headline: object,
    raw_text: str,
    employer_name: object,
    org_number: object,
    country_code: object,
    country: object,
    region: object,
    municipality: object,
    ssyk: object,
    occupation: object,
    published: object,
    removed: bool,
    removed_date: object,
    positions: object,
    url: str,
) -> AdRecord:
    ident_text = require_id(ident)
    text = require_text(strip_html(raw_text), "description.text")
    codes: dict[str, str] = {}
    ssyk_text = text_of(ssyk)
    if ssyk_text.isdigit() and len(ssyk_text) == 4:
        codes["ssyk"] = ssyk_text
    occupation_text = text_of(occupation)
    if occupation_text:
        codes["jobtech-occupation"] = occupation_text
    return AdRecord(
        source=source,
        source_id=ident_text,
        headline=strip_html(text_of(headline)),
        text=text,
        employer_name=text_of(employer_name).strip(),
        employer_org_number=text_of(org_number).replace("-", "").strip(),
        country=country_code_of(country_code if _iso2(country_code) else country, "SE"),
        region=text_of(region).strip(),
        municipality=text_of(municipality).strip(),
        published=parse_date(published, field="publication_date"),
        removed=parse_date(removed_date, field="removed_date") if removed else None,
        occupation_codes=codes,
        positions=parse_positions(positions),
        url=url,
        origin=origin,
    )


# ---- the typed fast path for JSON Lines --------------------------------------------------------------
# Field types admit what the published files hold (null for any missing value); a value of any other
# type fails validation and sends the line down the general path, never into a wrong record.
class _Description(msgspec.Struct):
    text: str | None = None
    # Only needed when `text` is empty: kept as raw JSON and decoded then, so the common case never
    # builds the HTML twin of every ad's text.
    text_formatted: msgspec.Raw = msgspec.Raw(b"null")


class _Employer(msgspec.Struct):
    name: str | None = None
    organization_number: str | None = None


class _Address(msgspec.Struct):
    country_code: str | None = None
    country: str | None = None
    region: str | None = None
    municipality: str | None = None


class _Concept(msgspec.Struct):
    concept_id: str | None = None
    legacy_ams_taxonomy_id: str | None = None


class _ApplicationDetails(msgspec.Struct):
    url: str | None = None


class _JobTechAd(msgspec.Struct):
    id: str | int | None = None
    headline: str | None = None
    description: _Description | str | None = None
    employer: _Employer | None = None
    workplace_address: _Address | None = None
    occupation: _Concept | None = None
    occupation_group: _Concept | None = None
    publication_date: str | int | None = None
    removed: bool | None = None
    removed_date: str | int | None = None
    number_of_vacancies: int | str | None = None
    webpage_url: str | None = None
    application_details: _ApplicationDetails | None = None
    # An Elasticsearch hit wraps the ad: its presence sends the line down the general path.
    source_: msgspec.Raw | None = msgspec.field(default=None, name="_source")


_DECODER = msgspec.json.Decoder(_JobTechAd)
_NO_ADDRESS = _Address()
_NO_EMPLOYER = _Employer()
_NO_CONCEPT = _Concept()


def jobtech_line(line: bytes | memoryview, origin: str, *, source: str) -> AdRecord | None:
    """The record of one JSON Lines line through the typed decoder, or None when the line is anything
    but a plain, well-typed JobTech ad (the caller then takes the general path)."""
    try:
        ad = _DECODER.decode(line)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    if ad.source_ is not None:
        return None
    description = ad.description
    if isinstance(description, _Description):
        raw_text = description.text or ""
        if not raw_text:
            formatted = msgspec.json.decode(description.text_formatted)
            if formatted is not None and not isinstance(formatted, str):
                return None
            raw_text = formatted or ""
    else:
        raw_text = description or ""
    address = ad.workplace_address or _NO_ADDRESS
    employer = ad.employer or _NO_EMPLOYER
    details = ad.application_details
    return _record(
        source=source,
        origin=origin,
        ident=ad.id,
        headline=ad.headline,
        raw_text=raw_text,
        employer_name=employer.name,
        org_number=employer.organization_number,
        country_code=address.country_code,
        country=address.country,
        region=address.region,
        municipality=address.municipality,
        ssyk=(ad.occupation_group or _NO_CONCEPT).legacy_ams_taxonomy_id,
        occupation=(ad.occupation or _NO_CONCEPT).concept_id,
        published=ad.publication_date,
        removed=bool(ad.removed),
        removed_date=ad.removed_date,
        positions=ad.number_of_vacancies,
        url=ad.webpage_url or (details.url if details is not None and details.url else ""),
    )


class JobTechLines:
    """Mixin for the adapters of JobTech's schema: JSON Lines lines take the typed fast path."""

    source: ClassVar[str]

    def to_record(self, raw: object, origin: str) -> AdRecord:
        if isinstance(raw, bytes | memoryview):
            record = jobtech_line(raw, origin, source=self.source)
            if record is not None:
                return record
        return super().to_record(raw, origin)  # type: ignore[misc]


def _iso2(value: object) -> bool:
    return isinstance(value, str) and len(value) == 2 and value.isalpha()
