"""Generic skill extraction on the published benchmarks, with the benchmarks' own metrics.

    python bench/skill_extraction.py [--json] [--data ../shared/data]

What is measured (all English except Kompetencer, which is Danish):
- Span extraction, span-F1 strict (exact token span) and loose (any token overlap), on the test splits of
  Green et al. 2022 (skill spans), SkillSpan (Zhang et al. 2022; SKILL and KNOWLEDGE spans merged, house
  and tech), Kompetencer (Zhang et al. 2022, Danish) and Sayfullina et al. 2018 (soft skills).
  Ours: kartlagg's literal label matcher (kartlagg.ads.classify.skills: 13,895 ESCO preferred labels +
  6,657 JobTech labels, whole-word, longest match). The benchmarks annotate *skill phrases* ("ability
  to influence", "managing large teams"), not taxonomy labels, so a label matcher is expected to score far
  below the supervised taggers in the papers; the number says how much a lexicon sees.
- Skill linking (Decorte et al. 2022/2023): per sentence, rank all 13,895 ESCO skills; R-Precision@K
  (K = 5, 10) and MRR over sentences with at least one gold ESCO label, as in the paper. Ours: BM25 over
  each skill's preferred and alternative labels (ESCO alt labels read in place from
  ../shared/data/esco-v1.1.1-en), with a bonus for a literal preferred-label match. No training.
Speed is printed too (sentences/s), one core.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kartlagg.ads.classify.skills import SkillExtractor, read_bundled_concepts  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
TOKEN = re.compile(r"\w[\w+#.-]*\w|\w", re.UNICODE)
STOP_WORDS = """a an and are as at be by for from has have in is it its of on or our the their to we will with
you your this that who which can all any other such using use work working experience
skills skill ability knowledge good strong excellent"""
STOP = set(STOP_WORDS.split())

Span = tuple[int, int]  # token indices [start, end)


# ------------------------------------------------------------------------------------------ CoNLL data


def read_conll(path: Path, columns: Iterable[int]) -> Iterator[tuple[list[str], set[Span]]]:
    """Sentences as (tokens, gold spans); spans from the BIO tags of the given tag columns, merged."""
    tokens: list[str] = []
    tags: list[list[str]] = []
    cols = list(columns)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield tokens, _spans(tags)
                tokens, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            tokens.append(parts[0])
            tags.append([parts[c] if c < len(parts) else "O" for c in cols])
    if tokens:
        yield tokens, _spans(tags)


def _spans(tags: list[list[str]]) -> set[Span]:
    spans: set[Span] = set()
    for column in range(len(tags[0]) if tags else 0):
        start = None
        for i, row in enumerate([*tags, ["O"] * len(tags[0])]):
            tag = row[column]
            if start is not None and not tag.startswith("I"):
                spans.add((start, i))
                start = None
            if tag.startswith("B") or (tag.startswith("I") and start is None):
                start = i
    return spans


def predict_spans(extractor: SkillExtractor, tokens: list[str]) -> set[Span]:
    """Run the label matcher over the space-joined sentence and map character spans to token spans."""
    text = " ".join(tokens)
    starts, ends = [], []
    pos = 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok)
        ends.append(pos)
        pos += 1
    spans: set[Span] = set()
    for start, end, _label in extractor.spans(text):
        first = next((i for i, e in enumerate(ends) if e > start), None)
        last = next((i for i in range(len(starts) - 1, -1, -1) if starts[i] < end), None)
        if first is not None and last is not None and first <= last:
            spans.add((first, last + 1))
    return spans


def span_scores(pairs: Iterable[tuple[set[Span], set[Span]]]) -> dict[str, float]:
    tp = fp = fn = 0
    loose_tp_pred = loose_tp_gold = n_pred = n_gold = 0
    for gold, pred in pairs:
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        n_pred += len(pred)
        n_gold += len(gold)
        loose_tp_pred += sum(1 for p in pred if any(_overlap(p, g) for g in gold))
        loose_tp_gold += sum(1 for g in gold if any(_overlap(p, g) for p in pred))

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    strict_p = tp / (tp + fp) if tp + fp else 0.0
    strict_r = tp / (tp + fn) if tp + fn else 0.0
    loose_p = loose_tp_pred / n_pred if n_pred else 0.0
    loose_r = loose_tp_gold / n_gold if n_gold else 0.0
    return {
        "strict_p": round(strict_p, 4),
        "strict_r": round(strict_r, 4),
        "strict_f1": round(f1(strict_p, strict_r), 4),
        "loose_p": round(loose_p, 4),
        "loose_r": round(loose_r, 4),
        "loose_f1": round(f1(loose_p, loose_r), 4),
        "gold_spans": n_gold,
        "predicted_spans": n_pred,
    }


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ------------------------------------------------------------------------------------------ Decorte


def _tokens(text: str) -> list[str]:
    out = []
    for tok in TOKEN.findall(text.lower()):
        if tok in STOP:
            continue
        for suffix in ("ing", "ies", "es", "s", "ed"):
            if len(tok) > len(suffix) + 3 and tok.endswith(suffix):
                tok = tok[: -len(suffix)]
                break
        out.append(tok)
    return out


class Bm25Ranker:
    """BM25 over ESCO skills, each skill a document of its preferred and alternative labels."""

    def __init__(
        self, labels: list[str], alt_labels: dict[str, list[str]], k1: float = 1.2, b: float = 0.5
    ) -> None:
        self.labels = labels
        self.docs = [_tokens(" ".join([label, *alt_labels.get(label, [])])) for label in labels]
        self.pref = [set(_tokens(label)) for label in labels]
        self.avg = sum(len(d) for d in self.docs) / len(self.docs)
        self.k1, self.b = k1, b
        df: Counter[str] = Counter()
        self.tf: list[Counter[str]] = []
        for doc in self.docs:
            counts = Counter(doc)
            self.tf.append(counts)
            df.update(counts.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, counts in enumerate(self.tf):
            for t in counts:
                self.postings[t].append(i)

    def rank(self, sentence: str, top: int = 100) -> list[str]:
        query = set(_tokens(sentence))
        scores: dict[int, float] = defaultdict(float)
        for t in query:
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i in self.postings[t]:
                tf = self.tf[i][t]
                length = len(self.docs[i])
                scores[i] += (
                    idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / self.avg))
                )
        for i in list(scores):
            pref = self.pref[i]
            if pref and pref <= query:  # every word of the preferred label is in the sentence
                scores[i] += 5.0
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:top]
        return [self.labels[i] for i, _ in best]


def read_decorte(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = (row.get("label") or "").strip()
            if label and label not in ("LABEL NOT PRESENT", "UNDERSPECIFIED"):
                gold[row["sentence"]].add(label)
    return gold


def ranking_scores(gold: dict[str, set[str]], ranker: Bm25Ranker) -> dict[str, float]:
    rp = {5: 0.0, 10: 0.0}
    mrr = 0.0
    for sentence, labels in gold.items():
        ranked = ranker.rank(sentence)
        for k in rp:
            rp[k] += sum(1 for r in ranked[:k] if r in labels) / min(k, len(labels))
        first = next((i for i, r in enumerate(ranked, start=1) if r in labels), None)
        mrr += 1 / first if first else 0.0
    n = len(gold)
    return {
        "rp@5": round(rp[5] / n, 4),
        "rp@10": round(rp[10] / n, 4),
        "mrr": round(mrr / n, 4),
        "sentences": n,
    }


# ------------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    args = parser.parse_args()
    data: Path = args.data
    if not data.is_dir():
        print(f"needs the benchmark data folder (not found: {data})", file=sys.stderr)
        return 2

    extractor = SkillExtractor(read_bundled_concepts())
    esco_only = SkillExtractor(c for c in read_bundled_concepts() if c[0] == "esco-skill")
    results: dict[str, object] = {}
    span_sets = {
        "green_test": (data / "green-2022-job-description-ner" / "green_test.conll", [1], esco_only),
        "skillspan_house_test": (data / "skillspan" / "skillspan_house_test.conll", [1, 2], esco_only),
        "skillspan_tech_test": (data / "skillspan" / "skillspan_tech_test.conll", [1, 2], esco_only),
        "kompetencer_da_test": (data / "kompetencer" / "kompetencer_danish_test.conll", [1, 2], extractor),
        "sayfullina_test": (data / "sayfullina-soft-skills" / "sayfullina_test.conll", [1], esco_only),
    }
    for name, (path, columns, matcher) in span_sets.items():
        started = time.perf_counter()
        sentences = list(read_conll(path, columns))
        pairs = [(gold, predict_spans(matcher, tokens)) for tokens, gold in sentences]
        seconds = time.perf_counter() - started
        scores = span_scores(pairs)
        scores["sentences"] = len(sentences)
        scores["sentences_per_s"] = round(len(sentences) / seconds)
        results[name] = scores
        print(
            f"{name:<24} span-F1 strict {scores['strict_f1']:.3f}"
            f" (P {scores['strict_p']:.3f} R {scores['strict_r']:.3f})"
            f"  loose {scores['loose_f1']:.3f}  [{len(sentences)} sentences, {scores['sentences_per_s']}/s]"
        )

    labels = [
        line.strip()
        for line in (ROOT / "src/kartlagg/data/reference/esco_skills_en.txt").open(encoding="utf-8")
    ]
    labels = [label for label in labels if label]
    alt: dict[str, list[str]] = {}
    alt_path = data / "esco-v1.1.1-en" / "skills_en_labels_altlabels_northstar.csv"
    if alt_path.is_file():
        with alt_path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                alt[row["preferredLabel"]] = [
                    a for a in (row.get("altLabels") or "").split("\n") if a.strip()
                ]
    ranker = Bm25Ranker(labels, alt)
    folder = data / "decorte-esco-skill-extraction-benchmark"
    for name in ("tech_test", "house_test", "techwolf_test"):
        started = time.perf_counter()
        scores = ranking_scores(read_decorte(folder / f"{name}_annotations.csv"), ranker)
        scores["sentences_per_s"] = round(scores["sentences"] / (time.perf_counter() - started))
        results[f"decorte_{name}"] = scores
        print(
            f"decorte_{name:<16} RP@5 {scores['rp@5']:.3f}  RP@10 {scores['rp@10']:.3f}"
            f"  MRR {scores['mrr']:.3f}"
            f"  [{scores['sentences']} sentences, {scores['sentences_per_s']}/s]"
        )
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
