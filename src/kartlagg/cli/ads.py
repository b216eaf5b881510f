"""`kartlagg ads ...`: ingest job-ad files, classify, count, export; `eval` comes from the classifier."""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from kartlagg.cli.django_setup import setup_django


@click.group("ads")
def command() -> None:
    """Job ads: ingest corpora, find the ATMP ads, count them."""


def _store_option(func: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--store",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="DuckDB store file (default: <var dir>/ads/ads.duckdb).",
    )(func)


@command.command("ingest")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--format", "fmt", default="auto", show_default=True, help="Adapter name, or auto-detect.")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Column mapping (YAML) for CSV / JSON Lines from other boards: the generic adapter.",
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: up to 2).")
@click.option("--no-classify", is_flag=True, help="Store the ads only; run `kartlagg ads classify` later.")
@click.option("--force", is_flag=True, help="Read files again that were ingested completely before.")
@_store_option
def ingest_command(
    files: tuple[Path, ...],
    fmt: str,
    mapping: Path | None,
    workers: int | None,
    no_classify: bool,
    force: bool,
    store: Path | None,
) -> None:
    """Ingest ad files (JobTech JSON / JSON Lines / .gz / .zip, legacy, NAV pam-ad, CSV with --mapping).

    Malformed records are reported with file and line and skipped; the run goes on. A stopped run
    resumes where it ended when started again with the same files; nothing is counted twice.
    """
    setup_django()
    from kartlagg.ads.configuration import PipelineConfig
    from kartlagg.ads.exceptions import AdsError
    from kartlagg.ads.ingest.generic import ColumnMapping
    from kartlagg.ads.pipeline import Pipeline, default_classifier

    try:
        column_mapping = ColumnMapping.from_file(mapping) if mapping else None
    except AdsError as exc:
        raise click.ClickException(str(exc)) from exc
    config = PipelineConfig() if workers is None else PipelineConfig(workers=max(1, workers))
    err = sys.stderr
    state: dict[str, str | int] = {"name": "", "done": 0}

    started: dict[str, str | float] = {"file": "", "at": time.monotonic()}

    def progress(name: str, done: int, fraction: float | None) -> None:
        # One self-overwriting status line: file, records, percentage and time left where known.
        if started["file"] != name:
            started["file"], started["at"] = name, time.monotonic()
        if sys.stderr.isatty():
            line = f"\r{name}: {done:,} records"
            if fraction:
                elapsed = time.monotonic() - float(started["at"])
                width = 30
                bar = "#" * int(width * fraction)
                line += f" [{bar:<{width}}] {fraction:4.0%}, ~{elapsed / fraction - elapsed:.0f} s left"
            err.write(line + "   ")
            err.flush()
        state["name"], state["done"] = name, done

    pipeline = Pipeline(
        store=store,
        config=config,
        classifier_factory=None if no_classify else default_classifier,
        progress=progress,
    )
    try:
        summary = pipeline.ingest(list(files), fmt=fmt, mapping=column_mapping, force=force)
    except AdsError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        raise click.ClickException(
            f"stopped during {state['name']} after {state['done']} committed records; "
            "run the same command again to resume"
        ) from None
    if sys.stderr.isatty():
        err.write("\n")
    for line in summary.lines():
        click.echo(line)
    if any(f.error for f in summary.files):
        raise SystemExit(1)


@command.command("classify")
@click.option("--all", "all_ads", is_flag=True, help="Classify every stored ad again, not only new ones.")
@_store_option
def classify_command(all_ads: bool, store: Path | None) -> None:
    """Classify stored ads that have no classification from the current classifier version."""
    setup_django()
    from kartlagg.ads.classify_stored import classify_stored
    from kartlagg.ads.pipeline import default_classifier

    count = classify_stored(store=store, classifier=default_classifier(), all_ads=all_ads)
    click.echo(f"classified {count} ads")


@command.command("stats")
@click.option(
    "--by",
    "by",
    default="year",
    show_default=True,
    help="year, quarter, country, region, employer, relevance, area, language, source",
)
@click.option("--relevance", default="", help="Only ads of this relevance (atmp, related, none).")
@click.option("--country", default="", help="Only ads from this country (SE, NO, DK, FI, IS).")
@click.option("--year", default="", help="Only ads published this year.")
@click.option("--area", default="", help="Only ads with this competence area.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@_store_option
def stats_command(
    by: str, relevance: str, country: str, year: str, area: str, as_json: bool, store: Path | None
) -> None:
    """Counts of ads (duplicates counted once) and positions."""
    setup_django()
    import orjson

    from kartlagg.ads.exceptions import AdsError
    from kartlagg.ads.store import open_store
    from kartlagg.ads.summaries import AdFilters, counts, totals

    filters = AdFilters(relevance=relevance, country=country.upper(), year=year, area=area)
    try:
        with open_store(store, read_only=True) as opened:
            if opened is None:
                raise click.ClickException("no ads stored yet: run `kartlagg ads ingest FILE...` first")
            rows = counts(opened, by=by, filters=filters)
            total = totals(opened, filters)
    except (AdsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(
            orjson.dumps(
                {
                    "by": by,
                    "ads": total.ads,
                    "positions": total.positions,
                    "copies": total.copies,
                    "rows": [{"key": r.key, "ads": r.ads, "positions": r.positions} for r in rows],
                }
            ).decode()
        )
        return
    width = max([len(by), *(len(r.key) for r in rows)]) if rows else len(by)
    click.echo(f"{by:<{width}}  {'ads':>8}  {'positions':>9}")
    for row in rows:
        click.echo(f"{row.key or '—':<{width}}  {row.ads:>8}  {row.positions:>9}")
    click.echo(
        f"{'total':<{width}}  {total.ads:>8}  {total.positions:>9}   ({total.copies} stored copies "
        "not counted)"
    )


@command.command("problems")
@click.option("--limit", default=50, show_default=True)
@_store_option
def problems_command(limit: int, store: Path | None) -> None:
    """Skipped records of earlier ingests: file, line and reason."""
    setup_django()
    from kartlagg.ads.store import open_store

    with open_store(store, read_only=True) as opened:
        if opened is None:
            click.echo("no ads stored yet")
            return
        for origin, reason, detail in opened.problems(limit=limit):
            click.echo(f"{origin}: {reason}{' (' + detail + ')' if detail else ''}")


@command.command("export")
@click.argument("target", type=click.Path(path_type=Path))
@_store_option
def export_command(target: Path, store: Path | None) -> None:
    """Export to Parquet (TARGET is a folder) or CSV (TARGET ends in .csv; counted ads, no texts)."""
    setup_django()
    from kartlagg.ads.store import open_store
    from kartlagg.ads.summaries import iter_export_rows

    with open_store(store, read_only=True) as opened:
        if opened is None:
            raise click.ClickException("no ads stored yet")
        if target.suffix.lower() == ".csv":
            with target.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                count = -1
                for count, row in enumerate(iter_export_rows(opened)):  # noqa: B007
                    writer.writerow(row)
            click.echo(f"wrote {max(count, 0)} ads to {target}")
            return
        outputs = opened.export_parquet(target)
    for name, path in outputs.items():
        click.echo(f"{name}: {path}")


def _attach_eval() -> None:
    """`kartlagg ads eval` is the classifier's own command (kartlagg.ads.classify.cli)."""
    try:
        from kartlagg.ads.classify.cli import eval_command
    except ImportError:  # pragma: no cover - the classifier package ships it
        return
    command.add_command(eval_command)


_attach_eval()
