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
def _isolated_ads_store(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Every test gets its own (empty) job-ad store path, never the one in the machine's var folder.

    A test that needs a particular store sets settings.KARTLAGG_ADS_STORE itself, after this ran.
    """
    settings.KARTLAGG_ADS_STORE = str(tmp_path / "ads" / "ads.duckdb")


@pytest.fixture(autouse=True)
def _swedish_by_default():  # type: ignore[no-untyped-def]
    """Every test starts in the default language: an /en/ request must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """With KARTLAGG_DB_TESTS_ONLY=1 run only tests that touch the database.

    CI runs the whole suite on SQLite and then again on PostgreSQL; the second run only needs the tests
    whose outcome can depend on the database (pure pipeline and parser tests would repeat themselves).
    """
    import os

    if os.environ.get("KARTLAGG_DB_TESTS_ONLY") != "1":
        return
    db_fixtures = {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
    selected, deselected = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            db_fixtures & set(item.fixturenames)
        )
        (selected if uses_db else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
