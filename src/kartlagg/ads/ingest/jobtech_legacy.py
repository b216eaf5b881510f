"""Arbetsförmedlingen's legacy ad-registration format (`testannonser[]` with annonsId, annonsrubrik,
annonstext, arbetsplatsadress, yrkesroll, ...), as read by JobTech's elastic-importers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kartlagg.ads.ingest.base import Adapter, dig, require_id, require_text, text_of
from kartlagg.ads.normalise import country_code, parse_date, parse_positions, strip_html
from kartlagg.ads.record import AdRecord


class LegacyAdapter(Adapter):
    name: ClassVar[str] = "jobtech-legacy"
    # The legacy annonsId is the same number JobSearch later publishes as `id`: one source, one ad.
    source: ClassVar[str] = "jobtech"
    description: ClassVar[str] = (
        "Arbetsförmedlingen legacy import format (annonsId, annonsrubrik, annonstext)"
    )

    def sniff(self, sample: Mapping[str, Any]) -> bool:
        return "annonsId" in sample and ("annonstext" in sample or "annonsrubrik" in sample)

    def map_record(self, obj: Mapping[str, Any], origin: str) -> AdRecord:
        ident = require_id(obj.get("annonsId"))
        raw_text = text_of(obj.get("annonstext")) or text_of(obj.get("annonstextFormaterad"))
        text = require_text(strip_html(raw_text), "annonstext")
        codes: dict[str, str] = {}
        role = text_of(dig(obj, "yrkesroll", "varde"))
        if role:
            codes["af-yrkesroll"] = role
        removed = None
        if obj.get("avpublicerad"):
            removed = parse_date(
                obj.get("avpubliceringsdatum") or obj.get("sistaPubliceringsdatum"),
                field="avpubliceringsdatum",
            )
        return AdRecord(
            source=self.source,
            source_id=ident,
            headline=strip_html(text_of(obj.get("annonsrubrik"))),
            text=text,
            employer_name=text_of(obj.get("arbetsgivareNamn")).strip(),
            employer_org_number=text_of(obj.get("organisationsnummer")).replace("-", "").strip(),
            country=country_code(dig(obj, "arbetsplatsadress", "land"), "SE"),
            region=text_of(dig(obj, "arbetsplatsadress", "lan", "namn")).strip(),
            municipality=text_of(dig(obj, "arbetsplatsadress", "kommun", "namn")).strip(),
            published=parse_date(obj.get("publiceringsdatum"), field="publiceringsdatum"),
            removed=removed,
            occupation_codes=codes,
            positions=parse_positions(obj.get("antalPlatser")),
            url=text_of(obj.get("webbadress")).strip(),
            origin=origin,
        )


ADAPTER = LegacyAdapter()
