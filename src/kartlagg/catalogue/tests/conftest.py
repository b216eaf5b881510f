"""Fixtures of the catalogue tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The domain pack and the seed, loaded once per module for tests that only read.

    Everything happens inside one transaction that is rolled back after the module; each test still
    runs in its own savepoint (the `db` fixture), so a test that writes cannot leak into the next.
    """
    from kartlagg.catalogue.services import catalogue_load_seed
    from kartlagg.taxonomy.services import domain_pack_install_by_id

    with django_db_blocker.unblock(), transaction.atomic():
        domain_pack_install_by_id(domain_id="atmp")
        catalogue_load_seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module, db) -> None:
    """A test's view of the module's seeded catalogue."""
