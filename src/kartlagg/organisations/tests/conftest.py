"""The catalogue's module-scoped seeded database, shared with these read-mostly tests, and the reset of
the active language after each test."""

from kartlagg.catalogue.tests.conftest import _back_to_swedish, seeded, seeded_module  # noqa: F401
