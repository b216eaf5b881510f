"""Shared pytest fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The project's shared data folder; tests that need it skip on a machine without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs the shared data folder at {SHARED_DATA} (not present on this machine)")
    return SHARED_DATA


@pytest.fixture
def atmp_domain(db):  # type: ignore[no-untyped-def]
    """The bundled ATMP domain pack, installed in the test database."""
    from kartlagg.taxonomy.services import domain_pack_install_by_id

    return domain_pack_install_by_id(domain_id="atmp").version


@pytest.fixture
def seeded_catalogue(atmp_domain):  # type: ignore[no-untyped-def]
    from kartlagg.catalogue.services import catalogue_load_seed

    return catalogue_load_seed()


@pytest.fixture(autouse=True)
def _swedish_by_default():  # type: ignore[no-untyped-def]
    """Every test starts in the default language: a request to an /en/ page must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
