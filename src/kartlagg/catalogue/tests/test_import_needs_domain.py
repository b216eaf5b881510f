"""Importing before any domain pack is loaded says what to do, and stores nothing."""

from __future__ import annotations

import pytest

from kartlagg.catalogue.exceptions import CatalogueImportError
from kartlagg.catalogue.models import Offering
from kartlagg.catalogue.services import SEED_FILE, catalogue_import_file


@pytest.mark.django_db
def test_import_without_a_domain_pack_says_what_to_do():
    with pytest.raises(CatalogueImportError) as info:
        catalogue_import_file(path=SEED_FILE)
    problems = [(p.file, p.row, p.field, p.message) for p in info.value.problems]
    assert problems == [(str(SEED_FILE), 0, "", "no domain pack is loaded; run `kartlagg domain load` first")]
    assert Offering.objects.count() == 0
