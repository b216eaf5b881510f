"""Score the classifier against a labelled ad file: `kartlagg ads eval ADS LABELS [--json]`.

LABELS is JSON Lines, one object per ad: {"id": ..., "relevance": "atmp"|"related"|"none",
"competences": [area ids]}. The ``--json`` output is a stable contract:

    {"relevance": {"atmp": {"precision": p, "recall": r, "f1": f}, "related": {...}, "none": {...}},
     "confusion": {true class: {predicted class: count}},
     "competences": {"micro_f1": x, "macro_f1": y},
     "n": count}

A class without examples scores zeros, never an error. Competence scores count (ad, area) pairs over
all labelled ads; macro F1 averages over the areas that occur in the labels or the predictions.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from kartlagg.ads.classify.classifier import Classifier
from kartlagg.ads.classify.result import RELEVANCE_CLASSES, AdClassification, Relevance
from kartlagg.ads.record import AdRecord

ROUND = 4


class EvaluationInputError(Exception):
    """A labels or ads file cannot be used; the message names the file, line and field."""


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    relevance: Relevance
    competences: frozenset[str]
    line: int


# ---------------------------------------------------------------------------------------- reading


def read_labels(path: Path, area_ids: Sequence[str] | None = None) -> list[Label]:
    labels: list[Label] = []
    seen: dict[str, int] = {}
    known = set(area_ids) if area_ids is not None else None
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise EvaluationInputError(f"{where}: not valid JSON ({exc})") from None
            if not isinstance(obj, dict):
                raise EvaluationInputError(f"{where}: expected a JSON object")
            ident = obj.get("id")
            if ident is None or str(ident).strip() == "":
                raise EvaluationInputError(f"{where}: field 'id' is missing")
            ident = str(ident)
            if ident in seen:
                raise EvaluationInputError(
                    f"{where}: id {ident!r} is labelled twice (also line {seen[ident]})"
                )
            seen[ident] = number
            relevance = obj.get("relevance")
            if relevance not in RELEVANCE_CLASSES:
                raise EvaluationInputError(
                    f"{where}: field 'relevance' is {relevance!r}; expected atmp, related or none"
                )
            competences = obj.get("competences", [])
            if not isinstance(competences, list) or not all(isinstance(c, str) for c in competences):
                raise EvaluationInputError(f"{where}: field 'competences' must be a list of area ids")
            if known is not None:
                unknown = sorted(set(competences) - known)
                if unknown:
                    raise EvaluationInputError(
                        f"{where}: field 'competences' names unknown area(s) {unknown}"
                    )
            labels.append(Label(ident, relevance, frozenset(competences), number))
    return labels


def read_ads(path: Path) -> Iterator[AdRecord]:
    """Every ad in ``path``, read by the ingest adapter that recognises the file (JobTech JSON / JSON
    Lines / .gz / .zip, legacy, NAV pam-ad). A record the adapter refuses stops the evaluation with
    its place named: a labelled set must be clean."""
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    from kartlagg.ads.exceptions import AdsError, MalformedRecord
    from kartlagg.ads.ingest.reading import iter_document, iter_lines
    from kartlagg.ads.ingest.registry import choose_adapter

    try:
        adapter, layout = choose_adapter(path)
    except AdsError as exc:
        raise EvaluationInputError(str(exc)) from exc
    source: Iterator[tuple[str, Any]]
    if layout.layout == "lines":
        source = ((f"{path.name}:{label}:{number}", line) for label, number, line in iter_lines(path))
    elif layout.layout == "csv":
        raise EvaluationInputError(f"{path}: CSV ad files need a column mapping; convert to JSON Lines first")
    else:
        source = (
            (f"{path.name}#{number}", item) for number, item in iter_document(path, layout.document_prefix)
        )
    for where, raw in source:
        try:
            yield adapter.to_record(raw, where)
        except MalformedRecord as exc:
            raise EvaluationInputError(f"{where}: {exc}") from exc


def read_jobtech_lines(path: Path) -> Iterator[AdRecord]:
    """A minimal reader of JobTech-shaped JSON Lines (id, headline, description.text, employer.name,
    workplace_address): the labelled-set shape, without the ingest's normalisation."""
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise EvaluationInputError(f"{where}: not valid JSON ({exc})") from None
            if not isinstance(obj, dict):
                raise EvaluationInputError(f"{where}: expected a JSON object")
            yield _jobtech_ad(obj, where)


def _jobtech_ad(obj: Mapping[str, Any], where: str) -> AdRecord:
    source = obj.get("_source")
    if isinstance(source, Mapping):
        obj = source
    ident = obj.get("id")
    if ident is None or str(ident).strip() == "":
        raise EvaluationInputError(f"{where}: field 'id' is missing")
    description = obj.get("description")
    text = description.get("text") if isinstance(description, Mapping) else description
    if not isinstance(text, str) or not text.strip():
        raise EvaluationInputError(f"{where}: field 'description.text' is missing or empty")
    employer = obj.get("employer")
    address = obj.get("workplace_address")
    address = address if isinstance(address, Mapping) else {}
    return AdRecord(
        source="labelled",
        source_id=str(ident),
        headline=str(obj.get("headline") or ""),
        text=text,
        employer_name=str(employer.get("name") or "") if isinstance(employer, Mapping) else "",
        country=str(address.get("country_code") or ""),
        region=str(address.get("region") or ""),
        municipality=str(address.get("municipality") or ""),
        origin=where,
    )


def _open_text(path: Path) -> Any:
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


# ---------------------------------------------------------------------------------------- scoring


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, ROUND), "recall": round(recall, ROUND), "f1": round(f1, ROUND)}


def score(pairs: Iterable[tuple[Label, AdClassification]]) -> dict[str, Any]:
    """The contract object for (gold label, prediction) pairs."""
    confusion: dict[str, dict[str, int]] = {t: dict.fromkeys(RELEVANCE_CLASSES, 0) for t in RELEVANCE_CLASSES}
    area_tp: dict[str, int] = {}
    area_fp: dict[str, int] = {}
    area_fn: dict[str, int] = {}
    n = 0
    for label, prediction in pairs:
        n += 1
        confusion[label.relevance][prediction.relevance] += 1
        predicted = {hit.area for hit in prediction.areas}
        for area in predicted & label.competences:
            area_tp[area] = area_tp.get(area, 0) + 1
        for area in predicted - label.competences:
            area_fp[area] = area_fp.get(area, 0) + 1
        for area in label.competences - predicted:
            area_fn[area] = area_fn.get(area, 0) + 1
    relevance = {}
    for klass in RELEVANCE_CLASSES:
        tp = confusion[klass][klass]
        fp = sum(confusion[t][klass] for t in RELEVANCE_CLASSES if t != klass)
        fn = sum(confusion[klass][p] for p in RELEVANCE_CLASSES if p != klass)
        relevance[klass] = _prf(tp, fp, fn)
    micro = _prf(sum(area_tp.values()), sum(area_fp.values()), sum(area_fn.values()))["f1"]
    areas = set(area_tp) | set(area_fp) | set(area_fn)
    per_area = [_prf(area_tp.get(a, 0), area_fp.get(a, 0), area_fn.get(a, 0))["f1"] for a in sorted(areas)]
    macro = round(sum(per_area) / len(per_area), ROUND) if per_area else 0.0
    return {
        "relevance": relevance,
        "confusion": confusion,
        "competences": {"micro_f1": micro, "macro_f1": macro},
        "n": n,
    }


def evaluate(
    ads_path: Path, labels_path: Path, classifier: Classifier | None = None
) -> tuple[dict[str, Any], list[tuple[Label, AdRecord, AdClassification]]]:
    """Classify every labelled ad in ``ads_path``; returns the contract object and the per-ad details."""
    classifier = classifier or Classifier.from_domain()
    labels = read_labels(labels_path, area_ids=classifier.pack.area_ids)
    wanted = {label.id: label for label in labels}
    details: list[tuple[Label, AdRecord, AdClassification]] = []
    found: set[str] = set()
    for ad in read_ads(ads_path):
        label = wanted.get(ad.source_id)
        if label is None or ad.source_id in found:
            continue  # unlabelled ads (and repeats of a labelled one) are not scored
        found.add(ad.source_id)
        details.append((label, ad, classifier.classify(ad)))
    missing = [label for label in labels if label.id not in found]
    if missing:
        first = missing[0]
        raise EvaluationInputError(
            f"{labels_path}:{first.line}: id {first.id!r} is not in {ads_path}"
            + (f" ({len(missing)} labelled ids are missing in all)" if len(missing) > 1 else "")
        )
    return score((label, prediction) for label, _, prediction in details), details


def format_report(result: Mapping[str, Any]) -> str:
    """The human-readable report: per-class table, confusion matrix, competence F1."""
    lines = [
        f"Labelled ads scored: {result['n']}",
        "",
        f"{'class':<10}{'precision':>10}{'recall':>10}{'f1':>10}",
    ]
    for klass in RELEVANCE_CLASSES:
        m = result["relevance"][klass]
        lines.append(f"{klass:<10}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}")
    lines += [
        "",
        "confusion (rows: labelled, columns: predicted)",
        f"{'':<10}" + "".join(f"{c:>10}" for c in RELEVANCE_CLASSES),
    ]
    for true in RELEVANCE_CLASSES:
        row = result["confusion"][true]
        lines.append(f"{true:<10}" + "".join(f"{row[p]:>10}" for p in RELEVANCE_CLASSES))
    comp = result["competences"]
    lines += ["", f"competences: micro F1 {comp['micro_f1']:.3f}, macro F1 {comp['macro_f1']:.3f}"]
    return "\n".join(lines)
