from __future__ import annotations

from django.utils.text import slugify

from kartlagg.organisations.models import Organisation, OrganisationKind


def organisation_slug(name: str) -> str:
    return slugify(name.replace("ö", "o").replace("Ö", "O"))[:120] or "org"


def organisation_get_or_create(
    *,
    name: str,
    kind: str = OrganisationKind.OTHER,
    country: str = "SE",
    city: str = "",
    region: str = "",
    website: str = "",
    source: str = "",
) -> Organisation:
    """Find an organisation by its slug (derived from the name) or create it; never duplicates a name."""
    slug = organisation_slug(name)
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        org = Organisation(
            slug=slug,
            name=name.strip(),
            kind=kind,
            country=country.upper(),
            city=city,
            region=region,
            website=website,
            source=source,
        )
        # Validate before saving, so bad input is a ValidationError naming the field, not a DB error.
        org.full_clean()
        org.save()
        return org
    changed = False
    # Fill facts we did not know before, but never overwrite what an editor set.
    for field, value in (("city", city), ("region", region), ("website", website)):
        if value and not getattr(org, field):
            setattr(org, field, value)
            changed = True
    if org.kind == OrganisationKind.OTHER and kind != OrganisationKind.OTHER:
        org.kind = kind
        changed = True
    if changed:
        org.full_clean()
        org.save()
    return org
