"""Catalogue file import/export speed: N generated offerings through CSV or Excel, first load and re-import.

    python bench/catalogue_import.py --offerings N [--format csv|xlsx|json|yaml] [--json]

Uses a throw-away SQLite database in a temporary folder (or DATABASE_URL when set), installs the ATMP
domain pack, writes N valid offerings (random kinds, countries, 0-4 competence areas), then times:
import (all created), re-import (all unchanged), export. With --json the last line is one object:
{"offerings", "format", "import_s", "reimport_s", "export_s", "rows_per_s"}.
Targets (2 cores, SQLite): 5,000 offerings imported < 60 s, re-import < 30 s, export < 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kartlagg.catalogue.records import OfferingRecord

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

AREAS = [
    "cell-molecular-biology", "cmc", "gmp-production", "cell-production", "viral-vector-production",
    "in-vivo-models", "regulatory-affairs", "quality-assurance", "quality-control", "process-development",
    "gene-editing", "clinical-trials", "clinical-implementation", "tissue-engineering",
    "nonclinical-safety-glp", "supply-chain-logistics", "biosafety-gmo", "bioinformatics",
    "business-market-access", "leadership-project-management",
]  # fmt: skip


def generate(n: int, seed: int = 7) -> list[OfferingRecord]:
    from kartlagg.catalogue.records import OfferingRecord

    rng = random.Random(seed)
    records = []
    for i in range(n):
        areas = sorted(
            {
                (a, rng.choice(["awareness", "working", "expert"]))
                for a in rng.sample(AREAS, rng.randint(0, 4))
            }
        )
        records.append(
            OfferingRecord(
                key=f"bench-{i:06d}",
                kind=rng.choice(["course", "e_learning", "hands_on", "degree_programme"]),
                provider=f"Provider {i % 97}",
                country=rng.choice(["SE", "NO", "DK", "FI", "GB", "US"]),
                atmp_share=rng.choice(["none", "some", "substantial", "dedicated"]),
                title_sv=f"Kurs {i} i ATMP-tillverkning",
                title_en=f"Course {i} in ATMP manufacturing",
                languages=["sv", "en"],
                target_groups=["industry_staff"],
                description_en="Cleanroom practice, GMP documentation; validation, and release testing. " * 3,
                areas=list(dict(areas).items()),
                source="bench",
            )
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--format", choices=["csv", "xlsx", "json", "yaml"], default="csv")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kartlagg-bench-catalogue-"))
    os.environ.setdefault("KARTLAGG_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kartlagg.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from kartlagg.catalogue.files import write_records
    from kartlagg.catalogue.services import catalogue_export_file, catalogue_import_file
    from kartlagg.taxonomy.services import domain_pack_install_by_id

    domain_pack_install_by_id(domain_id="atmp")
    path = folder / f"offerings.{args.format}"
    write_records(generate(args.offerings), path)

    started = time.perf_counter()
    first = catalogue_import_file(path=path)
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    again = catalogue_import_file(path=path)
    reimport_s = time.perf_counter() - started
    started = time.perf_counter()
    catalogue_export_file(path=folder / f"export.{args.format}")
    export_s = time.perf_counter() - started
    assert first.created == args.offerings and again.unchanged == args.offerings

    result = {
        "offerings": args.offerings,
        "format": args.format,
        "import_s": round(import_s, 2),
        "reimport_s": round(reimport_s, 2),
        "export_s": round(export_s, 2),
        "rows_per_s": round(args.offerings / import_s, 1),
    }
    if not args.json:
        print(
            f"{args.offerings} offerings ({args.format}): import {import_s:.1f} s, "
            f"re-import {reimport_s:.1f} s, export {export_s:.1f} s"
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
