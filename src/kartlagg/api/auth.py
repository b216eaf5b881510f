"""How API callers prove who they are: a bearer token (scripts) or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kartlagg.api.services import api_token_user


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_user(raw=token)
        if user is not None:
            request.user = user
        return user


# Write operations accept either; the session variant checks the CSRF token like any Django form.
REQUIRED_AUTH = [ApiTokenAuth(), SessionAuth()]


def optional_user(request: HttpRequest) -> Any:
    """The caller on public endpoints: a token's user, the session user, or the anonymous user.

    Public endpoints never refuse a caller; who the caller is only widens what they see (coordinators
    see non-public records and contact persons).
    """
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() == "bearer" and raw:
        user = api_token_user(raw=raw.strip())
        if user is not None:
            return user
    return request.user
