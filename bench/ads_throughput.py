"""Job-ad pipeline throughput: ingest + classify + store N ads, next to a bare orjson parse of the same file.

    python bench/ads_throughput.py --ads N [--json] [--workers W] [--keep]

Generates (once, cached under $TMPDIR/kartlagg-bench) N ads in the JobTech historical JSON Lines shape,
with texts drawn from the real samples in ../shared/data (IT ads from JobSearch, NAV ads, JobSearch test
ads) mixed with ATMP paragraphs, hard negatives (CAR workshops, battery cells, food GMP, software QA) and
2 % reposts. Without ../shared/data it falls back to the small fixtures inside the package.
Reports ads/s, MB/s, peak memory. With --json the last line is one object:
{"ads", "seconds", "ads_per_s", "mb_per_s", "parse_seconds", "ratio_to_parse", "peak_rss_mb", "workers"}.
Targets (2 cores): 1,000,000 ads < 60 s, ratio_to_parse <= 3, peak_rss_mb < 1024 whatever N.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "src" / "kartlagg" / "ads" / "tests" / "fixtures"

ATMP_PARAGRAPHS = [
    "Vi söker en processingenjör till vår GMP-anläggning för tillverkning av cell- och genterapier (ATMP). "
    "Du kommer att arbeta med aseptisk tillverkning av CAR-T-celler i renrum klass B och med "
    "tekniköverföring "
    "från processutveckling till produktion.",
    "As QC Scientist you will develop and validate potency assays and flow cytometry methods for our "
    "lentiviral vector and cell therapy products, and release batches under EU GMP Annex 1 and the ATMP "
    "guidelines.",
    "Som Qualified Person (QP) ansvarar du för frisläppning av avancerade terapiläkemedel (ATMP) och för att "
    "vår tillverkning av AAV-vektorer för genterapi följer GMP.",
    "You will join our viral vector manufacturing team producing AAV and lentiviral vectors for gene therapy "
    "clinical trials, working with upstream cell culture in bioreactors and downstream purification.",
]
RELATED_PARAGRAPHS = [
    "Vi söker en kvalitetssäkringsspecialist (QA) till vår läkemedelstillverkning av biologiska läkemedel. "
    "Du granskar batchdokumentation och hanterar avvikelser och CAPA enligt GMP.",
    "As Clinical Research Associate you will monitor clinical trials in oncology at Nordic sites according "
    "to ICH-GCP.",
]
HARD_NEGATIVES = [
    "Vi söker en bilmekaniker till vår CAR-verkstad i Göteborg. Du servar och reparerar personbilar och "
    "har B-körkort.",
    "Join our battery cell factory: as production engineer you will scale up cell production lines for "
    "lithium-ion battery cells.",
    "Livsmedelsproduktion enligt GMP och HACCP: vi söker en produktionsledare till vårt mejeri.",
    "Som QA-testare i vårt mjukvaruteam skriver du automatiserade tester i Python och Cypress.",
    "Matematiklärare sökes: undervisning i vektor- och matrisräkning på gymnasiet.",
    "Telecom engineer for our mobile network: cell planning, RAN optimisation and 5G roll-out.",
]


def _paragraphs() -> list[str]:
    texts: list[str] = []
    it_csv = SHARED / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    if it_csv.exists():
        with it_csv.open(encoding="utf-8", newline="") as handle:
            texts += [row["description"] for row in csv.DictReader(handle)]
    for path in [
        *sorted((SHARED / "nav-norway-ad-samples").glob("*.json")),
        *sorted(FIXTURES.glob("*.json*")),
    ]:
        try:
            data = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError:
            continue
        for ad in data.get("content", []) if isinstance(data, dict) else []:
            texts.append(str(ad.get("properties", {}).get("adtext", "")))
    paragraphs = [p.strip() for text in texts for p in text.split("\n\n") if len(p.strip()) > 80]
    if not paragraphs:
        raise SystemExit("no ad texts found (neither ../shared/data nor the package fixtures)")
    return paragraphs


HEADLINES = ["Data Engineer", "Systemutvecklare", "Elektriker", "Processingenjör", "QA Specialist",
             "Produktionstekniker", "Forskningsingenjör", "Projektledare", "Säljare",
             "Sjuksköterska"]  # fmt: skip
REGIONS = [("Stockholms län", "Stockholm"), ("Västra Götalands län", "Göteborg"), ("Skåne län", "Malmö"),
           ("Uppsala län", "Uppsala"), ("Östergötlands län", "Linköping")]  # fmt: skip


def generate(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    paragraphs = _paragraphs()
    tmp = path.with_suffix(".tmp")
    recent: list[dict[str, object]] = []
    start = dt.date(2019, 1, 1)
    with tmp.open("wb") as out:
        for number in range(count):
            if recent and rng.random() < 0.02:  # a repost: same ad, new id
                ad = dict(rng.choice(recent))
                ad["id"] = str(40_000_000 + number)
                out.write(orjson.dumps(ad) + b"\n")
                continue
            parts = rng.sample(paragraphs, k=3)
            roll = rng.random()
            if roll < 0.02:
                parts.insert(1, rng.choice(ATMP_PARAGRAPHS))
            elif roll < 0.05:
                parts.insert(1, rng.choice(RELATED_PARAGRAPHS))
            elif roll < 0.10:
                parts.insert(1, rng.choice(HARD_NEGATIVES))
            text = "\n\n".join(parts)
            region, town = rng.choice(REGIONS)
            published = start + dt.timedelta(days=rng.randrange(2000))
            ad = {
                "id": str(20_000_000 + number),
                "external_id": None,
                "headline": rng.choice(HEADLINES),
                "application_deadline": f"{published + dt.timedelta(days=30)}T23:59:59",
                "number_of_vacancies": rng.choice((1, 1, 1, 2, 3)),
                "description": {
                    "text": text,
                    "text_formatted": "".join(f"<p>{p}</p>" for p in parts),
                    "company_information": None,
                    "needs": None,
                    "requirements": None,
                    "conditions": "Heltid. Tillträde enligt överenskommelse.",
                },
                "employment_type": {
                    "concept_id": "PFZr_Syz_cUq",
                    "label": "Vanlig anställning",
                    "legacy_ams_taxonomy_id": "1",
                },
                "salary_type": {
                    "concept_id": "oG8G_9cW_nRf",
                    "label": "Fast månads- vecko- eller timlön",
                    "legacy_ams_taxonomy_id": "1",
                },
                "duration": {
                    "concept_id": "a7uU_j21_mkL",
                    "label": "Tills vidare",
                    "legacy_ams_taxonomy_id": "1",
                },
                "working_hours_type": {
                    "concept_id": "6YE1_gAC_R2G",
                    "label": "Heltid",
                    "legacy_ams_taxonomy_id": "1",
                },
                "employer": {
                    "phone_number": None,
                    "email": None,
                    "url": None,
                    "organization_number": f"55{rng.randrange(10**8):08d}",
                    "name": f"Arbetsgivare {rng.randrange(5000)} AB",
                    "workplace": None,
                },  # fmt: skip
                "application_details": {
                    "information": None,
                    "reference": None,
                    "email": None,
                    "via_af": False,
                    "url": None,
                    "other": None,
                },
                "occupation": {
                    "concept_id": "7wdX_4rv_33z",
                    "label": "Backend-utvecklare",
                    "legacy_ams_taxonomy_id": "7632",
                },
                "occupation_group": {
                    "concept_id": "DJh5_yyF_hEM",
                    "label": "Mjukvaru- och systemutvecklare m.fl.",
                    "legacy_ams_taxonomy_id": "2512",
                },
                "occupation_field": {
                    "concept_id": "apaJ_2ja_LuF",
                    "label": "Data/IT",
                    "legacy_ams_taxonomy_id": "3",
                },
                "workplace_address": {
                    "municipality_code": None,
                    "municipality": town,
                    "region_code": None,
                    "region": region,
                    "country_code": None,
                    "country": "Sverige",
                    "street_address": None,
                    "postcode": None,
                    "city": None,
                    "coordinates": [None, None],
                },  # fmt: skip
                "must_have": {"skills": [], "languages": [], "work_experiences": []},
                "nice_to_have": {"skills": [], "languages": [], "work_experiences": []},
                "publication_date": f"{published}T00:00:00",
                "last_publication_date": f"{published + dt.timedelta(days=30)}T23:59:59",
                "removed": False,
                "removed_date": None,
                "source_type": "VIA_AF_FORMULAR",
                "timestamp": 1_500_000_000_000 + number,
            }
            if len(recent) < 1000:
                recent.append(ad)
            elif rng.random() < 0.01:
                recent[rng.randrange(1000)] = ad
            out.write(orjson.dumps(ad) + b"\n")
    tmp.replace(path)


def cache_dir() -> Path:
    cache = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "kartlagg-bench"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def cached_corpus(count: int) -> Path:
    """The bench corpus of `count` ads, generated once and kept under the cache directory."""
    corpus = cache_dir() / f"ads-{count}.jsonl"
    if not corpus.exists():
        print(f"generating {count} ads into {corpus} ...", file=sys.stderr)
        generate(corpus, count)
    return corpus


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(c) for c in text.split())
    except OSError:
        pass
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared between the parent and its forked workers count once in total."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


class MemorySampler(threading.Thread):
    """Peak memory of this process and its workers together, sampled each second (smaps costs CPU)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self._halt = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._halt.is_set():
            total = _pss_kb(me) + sum(_pss_kb(child) for child in _children(me))
            self.peak_kb = max(self.peak_kb, total)
            self._halt.wait(1.0)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_kb / 1024


def bare_parse_seconds(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of parsing every line with orjson on one core."""
    loads = orjson.loads
    started, cpu = time.perf_counter(), time.process_time()
    with path.open("rb", buffering=1 << 20) as handle:
        for line in handle:
            loads(line)
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ads", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from kartlagg.ads.configuration import PipelineConfig
    from kartlagg.ads.pipeline import Pipeline, default_classifier

    cache = cache_dir()
    corpus = cached_corpus(args.ads)
    size_mb = corpus.stat().st_size / 1e6

    # The bare parse, best of two: the first also warms the page cache for the run. A single parse of the
    # same 1M-ad file took 9.7–16.4 s on this shared machine while the pipeline's wall stayed within 2 %,
    # and the ratio is only as steady as its denominator (the best of two is also the stricter one).
    parse_seconds, parse_cpu = min(bare_parse_seconds(corpus) for _ in range(2))

    store_dir = Path(tempfile.mkdtemp(prefix="kartlagg-bench-store-", dir=cache))
    pipeline = Pipeline(
        store=store_dir / "ads.duckdb",
        config=PipelineConfig(workers=args.workers),
        classifier_factory=default_classifier,
    )
    sampler = MemorySampler()
    sampler.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = pipeline.ingest([corpus])
    seconds = time.perf_counter() - started
    parent_cpu = time.process_time() - cpu_started
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    peak = sampler.stop()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for line in summary.lines():
        print(line, file=sys.stderr)
    # On a machine shared with other jobs the wall clock says little; CPU seconds say what the work costs.
    cores = max(1, min(args.workers, os.cpu_count() or 1))
    idle_estimate = max(parent_cpu, (parent_cpu + workers_cpu) / cores)
    print(
        f"CPU: parent {parent_cpu:.1f} s, workers {workers_cpu:.1f} s; bare parse {parse_cpu:.1f} s CPU; "
        f"on {cores} idle cores ≈ {idle_estimate:.1f} s (ratio ≈ {idle_estimate / parse_cpu:.1f}, "
        f"{args.ads / idle_estimate:,.0f} ads/s)",
        file=sys.stderr,
    )
    stages = summary.stage_seconds
    print(
        "CPU µs per ad by stage: "
        + ", ".join(f"{name} {seconds * 1e6 / max(1, args.ads):.1f}" for name, seconds in stages.items()),
        file=sys.stderr,
    )
    print(
        f"peak memory of parent + workers (PSS, sampled): {peak:.0f} MB; "
        f"peak RSS of the parent {own:.0f} MB, of the largest worker {children:.0f} MB",
        file=sys.stderr,
    )
    if not args.keep:
        shutil.rmtree(store_dir, ignore_errors=True)
    result = {
        "ads": args.ads,
        "seconds": round(seconds, 2),
        "ads_per_s": round(args.ads / seconds),
        "mb_per_s": round(size_mb / seconds, 1),
        "parse_seconds": round(parse_seconds, 2),
        "ratio_to_parse": round(seconds / parse_seconds, 2),
        "peak_rss_mb": round(peak),
        "workers": args.workers,
    }
    if args.json:
        print(orjson.dumps(result).decode())
    else:
        print(
            f"{args.ads} ads ({size_mb:.0f} MB) in {seconds:.1f} s: {result['ads_per_s']} ads/s, "
            f"{result['mb_per_s']} MB/s; bare orjson parse {parse_seconds:.1f} s (ratio "
            f"{result['ratio_to_parse']}); "
            f"peak memory {result['peak_rss_mb']} MB (parent + workers, PSS) with {args.workers} worker(s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
