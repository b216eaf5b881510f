"""Job-ad classifier speed on one core: the full classify() and the lexicon stage alone.

    python bench/classifier_speed.py [--ads N] [--json]

Corpus: the 504 real JobSearch IT ads (../shared/data, when present) and the bundled dev set
(src/kartlagg/data/devset: ATMP, related, hard-negative and ordinary ads), cycled to N ads. Reports
ads/s and MB/s of text for (a) the lexicon stage alone (one hyperscan scan of every ad), (b) full
classification (contexts, scoring, areas and skills for the relevant ads). With --json the last line is
{"ads", "mb", "lexicon_ads_per_s", "lexicon_mb_per_s", "classify_ads_per_s", "classify_mb_per_s",
"relevant_share", "matcher_backend"}. Times are CPU time of this process (time.process_time), so a busy
machine does not halve the figures; wall time on an idle core is about the same.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kartlagg.ads.classify.classifier import Classifier  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def corpus() -> list[tuple[str, str]]:
    ads: list[tuple[str, str]] = []
    it_ads = SHARED / "jobtech-ad-samples" / "denillox_jobsearch_2026_it_ads_504.csv"
    if it_ads.is_file():
        with it_ads.open(encoding="utf-8") as handle:
            ads += [(row["job_title"], row["description"]) for row in csv.DictReader(handle)]
    for name in ("ads.jsonl", "holdout_ads.jsonl"):
        with (ROOT / "src/kartlagg/data/devset" / name).open(encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                ads.append((obj["headline"], obj["description"]["text"]))
    return ads


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ads", type=int, default=50_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    base = corpus()
    ads = list(itertools.islice(itertools.cycle(base), args.ads))
    mb = sum(len(h.encode()) + len(t.encode()) + 1 for h, t in ads) / 1e6
    classifier = Classifier.from_domain("atmp")
    _ = classifier.skills  # build outside the timing, as a pipeline worker does once

    started = time.process_time()
    for headline, text in ads:
        classifier._signals.find(f"{headline}\n{text}")
    lexicon = time.process_time() - started

    started = time.process_time()
    results = [classifier.classify_text(headline, text) for headline, text in ads]
    full = time.process_time() - started
    relevant = sum(1 for r in results if r.relevance != "none") / len(results)

    out = {
        "ads": len(ads),
        "mb": round(mb, 1),
        "lexicon_ads_per_s": round(len(ads) / lexicon),
        "lexicon_mb_per_s": round(mb / lexicon, 1),
        "classify_ads_per_s": round(len(ads) / full),
        "classify_mb_per_s": round(mb / full, 1),
        "relevant_share": round(relevant, 3),
        "matcher_backend": classifier._signals.backend,
    }
    print(
        f"{out['ads']:,} ads ({out['mb']} MB, {relevant:.1%} atmp/related), one core, "
        f"{out['matcher_backend']}:\n"
        f"  lexicon stage  {out['lexicon_ads_per_s']:>8,} ads/s  {out['lexicon_mb_per_s']:>6} MB/s\n"
        f"  full classify  {out['classify_ads_per_s']:>8,} ads/s  {out['classify_mb_per_s']:>6} MB/s"
    )
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
