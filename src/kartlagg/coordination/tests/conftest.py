from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from kartlagg.coordination.tests.factories import Cast, make_cast


@pytest.fixture
def cast(atmp_domain: object) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def swedish_outside_requests() -> Iterator[None]:
    """reverse() and gettext outside a request use the thread's active language, which an earlier
    test's request to an /en/ page leaves behind; start every test from the default, Swedish."""
    with translation.override("sv"):
        yield
