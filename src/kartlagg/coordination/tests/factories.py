"""Building blocks for coordination and API tests: real organisations from the 2022 report, real users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, User

from kartlagg.coordination.policy import COORDINATORS_GROUP
from kartlagg.coordination.services import membership_add
from kartlagg.organisations.models import Organisation, OrganisationKind
from kartlagg.organisations.services import organisation_get_or_create

PASSWORD = "a-long-test-password-1"


@dataclass
class Cast:
    """The people of the issue's walk-through plus an outsider."""

    company: Organisation  # a need owner (offers thesis projects)
    university: Organisation  # an education provider (needs GMP teaching)
    coordinator: User
    company_rep: User
    programme_director: User
    outsider: User  # signed in, member of nothing


def make_user(username: str, **extra: Any) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **extra
    )


def make_cast() -> Cast:
    company = organisation_get_or_create(
        name="NorthX Biologics", kind=OrganisationKind.CDMO, region="Västernorrland", city="Matfors"
    )
    university = organisation_get_or_create(
        name="Umeå universitet", kind=OrganisationKind.UNIVERSITY, region="Västerbotten", city="Umeå"
    )
    coordinator = make_user("coordinator")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    company_rep = make_user("company_rep")
    membership_add(user=company_rep, organisation=company)
    programme_director = make_user("programme_director")
    membership_add(user=programme_director, organisation=university)
    return Cast(
        company=company,
        university=university,
        coordinator=coordinator,
        company_rep=company_rep,
        programme_director=programme_director,
        outsider=make_user("outsider"),
    )
