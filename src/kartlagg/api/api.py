"""The kartlagg HTTP API: one NinjaAPI, one router per domain (see routers/__init__.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from kartlagg import __version__
from kartlagg.api.routers import ROUTERS
from kartlagg.coordination.exceptions import CoordinationError

DESCRIPTION = """\
Open data and coordination for ATMP competence and education in Sweden and the Nordics.

Reading is public: the competence taxonomy, the education catalogue and the public side of the
coordination workbench (offers, needs, agreed matches, initiatives). Writing needs a coordinator (or,
for offers and needs, a member of the organisation): send `Authorization: Bearer <token>` (create one
with `kartlagg coordination api-token USER`) or use a signed-in browser session with its CSRF token.
"""

api = NinjaAPI(
    title="kartlagg API",
    version=__version__,
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

for prefix, router in ROUTERS:
    api.add_router(prefix, router)


@api.exception_handler(CoordinationError)
def coordination_error(request: HttpRequest, exc: CoordinationError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": "; ".join(exc.messages)}, status=422)
