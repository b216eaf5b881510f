"""Who am I: lets a script check its token before it writes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from kartlagg.api.auth import REQUIRED_AUTH
from kartlagg.api.schemas import errors
from kartlagg.coordination import policy
from kartlagg.organisations.models import Organisation

router = Router(tags=["account"])


class MeOut(Schema):
    username: str
    is_coordinator: bool
    organisations: list[str]


@router.get("/me", response={200: MeOut, **errors(401)}, auth=REQUIRED_AUTH, summary="The signed-in caller")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    slugs = Organisation.objects.filter(pk__in=policy.member_organisation_ids(user)).order_by("slug")
    return MeOut(
        username=user.get_username(),
        is_coordinator=policy.is_coordinator(user),
        organisations=list(slugs.values_list("slug", flat=True)),
    )
