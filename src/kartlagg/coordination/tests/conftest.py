from __future__ import annotations

import pytest

from kartlagg.coordination.tests.factories import Cast, make_cast


@pytest.fixture
def cast(atmp_domain: object) -> Cast:
    return make_cast()
