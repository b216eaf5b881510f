"""Write side of the taxonomy: install a validated domain pack, keeping every version."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction

from kartlagg.domainpack import DomainPack, load_domain_pack
from kartlagg.taxonomy.models import AreaLink, CompetenceArea, Domain, DomainVersion


@dataclass(frozen=True)
class InstallResult:
    version: DomainVersion
    created: int
    updated: int
    retired: int
    unchanged_pack: bool


def domain_pack_install(*, pack: DomainPack) -> InstallResult:
    """Store ``pack`` as the current version of its domain, in one transaction.

    Loading the same content again changes nothing. Areas that a new version drops are kept but marked
    inactive, so figures that referenced them still resolve.
    """
    with transaction.atomic():
        domain, _ = Domain.objects.update_or_create(
            slug=pack.id, defaults={"name_sv": pack.name["sv"], "name_en": pack.name["en"]}
        )
        existing = DomainVersion.objects.filter(domain=domain, content_hash=pack.content_hash).first()
        if existing is not None and existing.is_current:
            return InstallResult(existing, 0, 0, 0, unchanged_pack=True)
        DomainVersion.objects.filter(domain=domain, is_current=True).update(is_current=False)
        if existing is None:
            version = DomainVersion.objects.create(
                domain=domain,
                version=pack.version,
                content_hash=pack.content_hash,
                snapshot=_snapshot(pack),
                is_current=True,
            )
        else:
            existing.is_current = True
            existing.save(update_fields=["is_current"])
            version = existing

        created = updated = 0
        by_code: dict[str, CompetenceArea] = {}
        for index, area in enumerate(pack.areas):
            values = {
                "label_sv": area.label["sv"],
                "label_en": area.label["en"],
                "definition_sv": area.definition["sv"],
                "definition_en": area.definition["en"],
                "levels": list(area.levels),
                "terms": {lang: [t.text for t in area.terms_in(lang)] for lang in pack.languages},
                "sort_order": index,
                "active": True,
                "last_version": version,
            }
            obj = CompetenceArea.objects.filter(domain=domain, code=area.id).first()
            if obj is None:
                obj = CompetenceArea.objects.create(domain=domain, code=area.id, first_version=version, **values)
                created += 1
            else:
                for field, value in values.items():
                    setattr(obj, field, value)
                obj.save()
                updated += 1
            by_code[area.id] = obj
            AreaLink.objects.filter(area=obj).delete()
            AreaLink.objects.bulk_create(
                AreaLink(area=obj, scheme=link.scheme, target=link.target, label=link.label, match=link.match)
                for link in area.links
            )
        for area in pack.areas:
            obj = by_code[area.id]
            parent = by_code.get(area.parent) if area.parent else None
            if obj.parent_id != (parent.pk if parent else None):
                obj.parent = parent
                obj.save(update_fields=["parent"])
        retired = (
            CompetenceArea.objects.filter(domain=domain, active=True)
            .exclude(code__in=list(by_code))
            .update(active=False)
        )
    return InstallResult(version, created, updated, retired, unchanged_pack=False)


def domain_pack_install_by_id(*, domain_id: str) -> InstallResult:
    return domain_pack_install(pack=load_domain_pack(domain_id))


def _snapshot(pack: DomainPack) -> dict[str, object]:
    data = dataclasses.asdict(pack)
    data.pop("path", None)
    return data
