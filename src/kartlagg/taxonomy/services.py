"""Write side of the taxonomy: install a validated domain pack, keeping every version."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from kartlagg.domainpack import Area, DomainPack, load_domain_pack, load_domain_pack_from
from kartlagg.taxonomy.models import AreaLink, CompetenceArea, Domain, DomainVersion


@dataclass(frozen=True)
class InstallResult:
    version: DomainVersion
    created: int  # areas new to the database
    updated: int  # areas whose stored content (labels, terms, links, parent, order...) changed
    retired: int  # areas the new version no longer has, now inactive
    unchanged_pack: bool  # the pack's exact content was already the current version: nothing was written
    reactivated: int = 0  # retired areas that this version brings back
    unchanged: int = 0  # areas present in the pack whose stored content did not change


def domain_pack_install(*, pack: DomainPack) -> InstallResult:
    """Store ``pack`` as the current version of its domain, in one transaction.

    Loading the same content again changes nothing. A new content (any byte of the pack's files)
    becomes a new DomainVersion; the earlier ones stay, so figures that recorded them still resolve.
    Areas that a new version drops are kept but marked inactive; loading an earlier content again
    makes that earlier DomainVersion current again instead of duplicating it.
    """
    with transaction.atomic():
        domain = Domain.objects.filter(slug=pack.id).first()
        if domain is None:
            domain = Domain.objects.create(slug=pack.id, name_sv=pack.name["sv"], name_en=pack.name["en"])
        existing = DomainVersion.objects.filter(domain=domain, content_hash=pack.content_hash).first()
        if existing is not None and existing.is_current:
            return InstallResult(existing, 0, 0, 0, unchanged_pack=True, unchanged=len(pack.areas))
        if (domain.name_sv, domain.name_en) != (pack.name["sv"], pack.name["en"]):
            domain.name_sv, domain.name_en = pack.name["sv"], pack.name["en"]
            domain.save(update_fields=["name_sv", "name_en"])
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

        created = updated = unchanged = reactivated = 0
        by_code: dict[str, CompetenceArea] = {}
        for index, area in enumerate(pack.areas):
            values = _area_values(area, pack, index)
            obj = CompetenceArea.objects.filter(domain=domain, code=area.id).first()
            if obj is None:
                obj = CompetenceArea(
                    domain=domain, code=area.id, first_version=version, last_version=version, **values
                )
                obj.full_clean(exclude=["parent"])
                obj.save()
                created += 1
            else:
                was_active = obj.active
                changed = any(getattr(obj, field) != value for field, value in values.items())
                changed = changed or (obj.parent.code if obj.parent else None) != area.parent
                for field, value in values.items():
                    setattr(obj, field, value)
                obj.last_version = version
                obj.full_clean(exclude=["parent"])
                obj.save()
                reactivated += not was_active
                links_changed = _links_of(obj) != sorted(
                    (link.scheme, link.target, link.label, link.match) for link in area.links
                )
                if changed or links_changed:
                    updated += 1
                else:
                    unchanged += 1
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
    return InstallResult(version, created, updated, retired, False, reactivated, unchanged)


def domain_pack_install_by_id(*, domain_id: str) -> InstallResult:
    """Validate and install a pack shipped with kartlagg (``kartlagg/domains/<domain_id>``)."""
    return domain_pack_install(pack=load_domain_pack(domain_id))


def domain_pack_install_from_path(*, path: Path) -> InstallResult:
    """Validate and install a pack from any folder (e.g. one a coordinator is editing)."""
    return domain_pack_install(pack=load_domain_pack_from(path))


def _area_values(area: Area, pack: DomainPack, index: int) -> dict[str, Any]:
    return {
        "label_sv": area.label["sv"],
        "label_en": area.label["en"],
        "definition_sv": area.definition["sv"],
        "definition_en": area.definition["en"],
        "levels": list(area.levels),
        "terms": {lang: [t.text for t in area.terms_in(lang)] for lang in pack.languages},
        "sort_order": index,
        "active": True,
    }


def _links_of(obj: CompetenceArea) -> list[tuple[str, str, str, str]]:
    return sorted(AreaLink.objects.filter(area=obj).values_list("scheme", "target", "label", "match"))


def _snapshot(pack: DomainPack) -> dict[str, object]:
    data = dataclasses.asdict(pack)
    data.pop("path", None)
    return data
