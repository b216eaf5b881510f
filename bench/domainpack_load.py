"""Domain pack: time to validate the bundled packs and to install ATMP into a database.

    python bench/domainpack_load.py [--repeat 10] [--json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kartlagg_bench python bench/domainpack_load.py

Loading (parse + validate every area, term and link against the bundled JobTech/ESCO lists) runs on
every `kartlagg up`, `kartlagg domain check` and classifier start; target: median under 0.5 s for atmp.
Installing runs once per new version; target: under 5 s on SQLite. The install is timed on a fresh
temporary SQLite database unless DATABASE_URL is set (then that database is migrated and used; the
first install there may be a no-op if the same content is already current, which is reported).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from kartlagg.domainpack import available_domains, load_domain_pack
    from kartlagg.domainpack.reference import esco_occupations, esco_skills, jobtech_skills, jobtech_ssyk4

    started = time.perf_counter()
    jobtech_skills(), jobtech_ssyk4(), esco_skills(), esco_occupations()
    reference_s = time.perf_counter() - started

    result: dict[str, object] = {"reference_lists_s": round(reference_s, 4)}
    for domain_id in available_domains():
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            pack = load_domain_pack(domain_id)
            times.append(time.perf_counter() - t0)
        result[f"load_{domain_id}_median_s"] = round(statistics.median(times), 4)
        result[f"{domain_id}_areas"] = len(pack.areas)
        result[f"{domain_id}_terms"] = sum(len(a.terms) for a in pack.areas)

    with tempfile.TemporaryDirectory() as tmp:
        if "DATABASE_URL" not in os.environ:
            os.environ["KARTLAGG_VAR_DIR"] = tmp  # a fresh SQLite file, never the user's var/
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kartlagg.config.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from kartlagg.taxonomy.services import domain_pack_install_by_id

        t0 = time.perf_counter()
        installed = domain_pack_install_by_id(domain_id="atmp")
        result["install_atmp_s"] = round(time.perf_counter() - t0, 4)
        result["install_was_noop"] = installed.unchanged_pack

    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28s} {value}")


if __name__ == "__main__":
    main()
