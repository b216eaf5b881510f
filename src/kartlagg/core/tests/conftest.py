"""The catalogue's module-scoped seeded database, shared with these read-mostly tests, and the reset of
the active language after each test."""

from kartlagg.catalogue.tests.conftest import seeded, seeded_module  # noqa: F401
