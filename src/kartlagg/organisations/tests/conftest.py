"""The catalogue's module-scoped seeded database, shared with these read-mostly tests."""

from kartlagg.catalogue.tests.conftest import seeded, seeded_module  # noqa: F401
