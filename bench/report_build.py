"""Status report build time: collect + render each language and format, on the full illustrative demo.

    python bench/report_build.py [--runs N] [--json]

Uses a throw-away SQLite database in a temporary folder (or DATABASE_URL when set), runs every
`kartlagg up` step (domain pack, catalogue, survey/interview/ad demos, the report edition), then builds
the demo edition N times per language and format and reports the median seconds, plus whether every
build of the same language and format was byte-identical. With --json the last line is one object:
{"runs", "html_s", "pdf_s", "collect_s", "identical", "pdf_bytes"}.
Targets (2 cores): html_s < 2.5, pdf_s < 4, identical true. Measured 2026-11: html 1.97 s, pdf 2.99 s
(collect 1.76 s, of which ~1 s opening and querying the DuckDB ad store), identical.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kartlagg-bench-report-"))
    os.environ.setdefault("KARTLAGG_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kartlagg.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from kartlagg.cli.bootstrap import STEPS, resolve

    for name, path in STEPS:
        print(f"{name}: {resolve(path)()}")

    from kartlagg.reports.collect import collect_report_data
    from kartlagg.reports.demo import DEMO_EDITION
    from kartlagg.reports.models import Edition
    from kartlagg.reports.services import report_render

    edition = Edition.objects.get(key=DEMO_EDITION)
    times: dict[str, list[float]] = {"html": [], "pdf": [], "collect": []}
    outputs: dict[tuple[str, str], set[bytes]] = {}
    pdf_bytes = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        collect_report_data(edition=edition)
        times["collect"].append(time.perf_counter() - start)
        for language in ("sv", "en"):
            for fmt in ("html", "pdf"):
                start = time.perf_counter()
                content = report_render(edition=edition, language=language, fmt=fmt).content
                times[fmt].append(time.perf_counter() - start)
                outputs.setdefault((language, fmt), set()).add(content)
                pdf_bytes = len(content) if fmt == "pdf" else pdf_bytes
    result = {
        "runs": args.runs,
        "html_s": round(statistics.median(times["html"]), 3),
        "pdf_s": round(statistics.median(times["pdf"]), 3),
        "collect_s": round(statistics.median(times["collect"]), 3),
        "identical": all(len(v) == 1 for v in outputs.values()),
        "pdf_bytes": pdf_bytes,
    }
    timing = f"html {result['html_s']} s, pdf {result['pdf_s']} s (median of {args.runs})"
    print(f"{timing}, identical: {result['identical']}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
