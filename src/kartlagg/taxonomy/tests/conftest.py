"""Helpers for taxonomy and domain-pack tests: copies of the real bundled packs to break or change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from kartlagg.domainpack.loader import DOMAINS_DIR

LANGS = ("sv", "en", "da", "nb", "fi")


@pytest.fixture
def atmp_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled ATMP pack, in a folder named like the pack."""
    target = tmp_path / "atmp"
    shutil.copytree(DOMAINS_DIR / "atmp", target)
    return target


def edit(file: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``file`` (fails loudly if the pack text moved)."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def line_of(file: Path, needle: str) -> int:
    """1-based number of the only line of ``file`` containing ``needle``."""
    lines = [i for i, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def minimal_area(area_id: str, parent: str | None = None) -> dict[str, object]:
    """A complete, valid area entry of a synthetic pack."""
    return {
        "id": area_id,
        "label": {"sv": f"Område {area_id}", "en": f"Area {area_id}"},
        "definition": {"sv": f"Definition av {area_id}.", "en": f"Definition of {area_id}."},
        "parent": parent,
        "levels": ["second_cycle"],
        "terms": {lang: [f"{area_id} {lang}"] for lang in LANGS},
    }


PackWriter = Callable[..., Path]


@pytest.fixture
def write_pack(tmp_path: Path) -> PackWriter:
    """Write a synthetic pack ``{root}/{domain_id}`` from area dicts; returns its folder."""

    def write(
        areas: list[dict[str, object]],
        *,
        domain_id: str = "demo",
        version: str = "1",
        root: Path | None = None,
    ) -> Path:
        folder = (root or tmp_path) / domain_id
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "areas").mkdir(parents=True)
        domain = {
            "id": domain_id,
            "version": version,
            "name": {"sv": f"Domän {domain_id}", "en": f"Domain {domain_id}"},
            "languages": list(LANGS),
            "area_order": [str(a["id"]) for a in areas],
        }
        (folder / "domain.yaml").write_text(yaml.safe_dump(domain, allow_unicode=True), encoding="utf-8")
        for area in areas:
            text = yaml.safe_dump(area, allow_unicode=True, sort_keys=False)
            (folder / "areas" / f"{area['id']}.yaml").write_text(text, encoding="utf-8")
        return folder

    return write
