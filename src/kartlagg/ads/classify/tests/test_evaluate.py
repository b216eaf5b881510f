"""`kartlagg ads eval ADS LABELS [--json]`: the JSON object is a contract; bad input names its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kartlagg.ads.classify.cli import eval_command
from kartlagg.ads.classify.evaluate import EvaluationInputError, Label, read_labels, score
from kartlagg.ads.classify.result import AdClassification, AreaHit

ADS = [
    ("a1", "Produktionstekniker cellterapi", "Vi tillverkar CAR-T-celler i renrum enligt GMP för patienter."),
    ("a2", "QA-specialist", "Läkemedelsföretag söker QA med erfarenhet av GMP och batchfrisläppning."),
    ("a3", "Bilmekaniker", "Vi söker bilmekaniker till vår CAR-verkstad. Service och däckbyte."),
    ("a4", "Säljare", "Vi söker en säljare till vår klädbutik."),
]


def write_ads(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for ident, headline, text in rows:
            ad = {
                "id": ident,
                "headline": headline,
                "description": {"text": text},
                "employer": {"name": "Exempel AB"},
                "workplace_address": {"municipality": "Göteborg", "country_code": "SE"},
                "publication_date": "2025-03-01T08:00:00",
            }
            handle.write(json.dumps(ad, ensure_ascii=False) + "\n")
    return path


def write_labels(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    ads = write_ads(tmp_path / "ads.jsonl", ADS)
    labels = write_labels(
        tmp_path / "labels.jsonl",
        [
            {"id": "a1", "relevance": "atmp", "competences": ["cell-production", "gmp-production"]},
            {
                "id": "a2",
                "relevance": "atmp",
                "competences": ["quality-assurance"],
            },  # deliberately wrong label
            {"id": "a3", "relevance": "none", "competences": []},
            {"id": "a4", "relevance": "none", "competences": []},
        ],
    )
    return ads, labels


def test_json_output_is_exactly_the_contract(files: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(eval_command, [str(files[0]), str(files[1]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["relevance", "confusion", "competences", "n"]
    assert data["n"] == 4
    assert data["confusion"] == {
        "atmp": {"atmp": 1, "related": 1, "none": 0},
        "related": {"atmp": 0, "related": 0, "none": 0},
        "none": {"atmp": 0, "related": 0, "none": 2},
    }
    assert data["relevance"]["atmp"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    # No ad is labelled related: zeros, never an error.
    assert data["relevance"]["related"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert data["relevance"]["none"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert set(data["competences"]) == {"micro_f1", "macro_f1"}
    assert all(isinstance(v, float) for v in data["competences"].values())


def test_human_report_has_table_confusion_and_competences(files: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(eval_command, [str(files[0]), str(files[1]), "--errors"])
    assert result.exit_code == 0, result.output
    assert "Labelled ads scored: 4" in result.output
    assert "atmp           1.000     0.500     0.667" in result.output
    assert "confusion (rows: labelled, columns: predicted)" in result.output
    assert "competences: micro F1" in result.output
    assert "a2: labelled atmp, predicted related" in result.output


def test_scores_by_hand() -> None:
    def label(ident: str, relevance: str, areas: list[str]) -> Label:
        return Label(ident, relevance, frozenset(areas), 1)  # type: ignore[arg-type]

    def pred(relevance: str, areas: list[str]) -> AdClassification:
        return AdClassification(relevance, 0.0, areas=tuple(AreaHit(a, ()) for a in areas))  # type: ignore[arg-type]

    result = score(
        [
            (label("1", "atmp", ["cmc", "quality-assurance"]), pred("atmp", ["cmc"])),
            (label("2", "related", ["cmc"]), pred("none", ["bioinformatics"])),
        ]
    )
    # pairs: tp cmc 1; fp bioinformatics 1; fn quality-assurance 1, cmc 1 -> P 1/2, R 1/3, F1 0.4
    assert result["competences"]["micro_f1"] == 0.4
    # per area F1: cmc 2/3, quality-assurance 0, bioinformatics 0 -> macro 0.2222
    assert result["competences"]["macro_f1"] == 0.2222
    assert result["relevance"]["related"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["confusion"]["related"]["none"] == 1


def test_empty_label_file_scores_zeros(tmp_path: Path) -> None:
    ads = write_ads(tmp_path / "ads.jsonl", ADS[:1])
    labels = write_labels(tmp_path / "labels.jsonl", [])
    result = CliRunner().invoke(eval_command, [str(ads), str(labels), "--json"])
    data = json.loads(result.output)
    assert data["n"] == 0
    assert data["competences"] == {"micro_f1": 0.0, "macro_f1": 0.0}
    assert data["relevance"]["atmp"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "a1", "relevance": "maybe", "competences": []}',
            "labels.jsonl:2: field 'relevance' is 'maybe'",
        ),
        ('{"id": "a1", "relevance": "atmp", "competences": ["cars"]}', "labels.jsonl:2: field 'competences'"),
        ('{"relevance": "atmp"}', "labels.jsonl:2: field 'id' is missing"),
        ("{not json", "labels.jsonl:2: not valid JSON"),
        ('{"id": "a9", "relevance": "none", "competences": []}', "labels.jsonl:2: id 'a9' is not in"),
    ],
)
def test_bad_labels_are_refused_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    ads = write_ads(tmp_path / "ads.jsonl", ADS)
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        '{"id": "a4", "relevance": "none", "competences": []}\n' + line + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(eval_command, [str(ads), str(labels), "--json"])
    assert result.exit_code == 1
    assert message in result.output


def test_duplicate_label_names_both_lines(tmp_path: Path) -> None:
    labels = write_labels(
        tmp_path / "l.jsonl", [{"id": "x", "relevance": "none"}, {"id": "x", "relevance": "atmp"}]
    )
    with pytest.raises(EvaluationInputError, match=r"l.jsonl:2: id 'x' is labelled twice \(also line 1\)"):
        read_labels(labels)


def test_a_broken_ad_file_is_refused_with_its_place(tmp_path: Path) -> None:
    ads = tmp_path / "ads.jsonl"
    write_ads(ads, ADS[:1])
    with ads.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "a2", "headline": "x"}\n')
    labels = write_labels(tmp_path / "labels.jsonl", [{"id": "a1", "relevance": "atmp", "competences": []}])
    result = CliRunner().invoke(eval_command, [str(ads), str(labels)])
    assert result.exit_code == 1
    assert "ads.jsonl" in result.output and ":2" in result.output
    missing = CliRunner().invoke(eval_command, [str(tmp_path / "nope.jsonl"), str(labels)])
    assert missing.exit_code == 1 and "nope.jsonl: no such file" in missing.output


def test_kartlagg_ads_eval_is_the_same_command(files: tuple[Path, Path]) -> None:
    from kartlagg.cli.main import cli

    result = CliRunner().invoke(cli, ["ads", "eval", str(files[0]), str(files[1]), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n"] == 4
