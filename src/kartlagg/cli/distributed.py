"""`kartlagg ads ingest-dask` (the pipeline on Dask) and `kartlagg ads stream` (JobStream monitor).

Both are added to the `ads` group; this module defines no group of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kartlagg.cli.ads import command as ads_group
from kartlagg.cli.django_setup import setup_django

COMMANDS: list[click.Command] = []


@ads_group.command("ingest-dask")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--scheduler",
    default=None,
    help="in-process (default), local (a LocalCluster here), or a scheduler address tcp://host:8786. "
    "Default from KARTLAGG_DASK_SCHEDULER.",
)
@click.option("--workers", type=int, default=None, help="LocalCluster workers (default 2).")
@click.option("--memory-limit", default=None, help="LocalCluster memory per worker (default 1GiB).")
@click.option("--threads", is_flag=True, help="LocalCluster workers as threads of this process.")
@click.option("--format", "fmt", default="auto", show_default=True, help="Adapter name, or auto-detect.")
@click.option("--no-classify", is_flag=True, help="Store the ads only.")
@click.option("--force", is_flag=True, help="Read files again that were ingested completely before.")
@click.option(
    "--store", type=click.Path(dir_okay=False, path_type=Path), default=None, help="DuckDB store file."
)
def ingest_dask_command(
    files: tuple[Path, ...],
    scheduler: str | None,
    workers: int | None,
    memory_limit: str | None,
    threads: bool,
    fmt: str,
    no_classify: bool,
    force: bool,
    store: Path | None,
) -> None:
    """Ingest ad files with the blocks run on Dask; the store ends up as with `kartlagg ads ingest`.

    Workers must see the files and the store's folder at the same paths (a shared file system).
    """
    setup_django()
    from kartlagg.ads.distributed import DaskPipeline, SchedulerConfig
    from kartlagg.ads.exceptions import AdsError
    from kartlagg.ads.pipeline import default_classifier

    config = SchedulerConfig.from_settings(
        scheduler=scheduler, workers=workers, memory_limit=memory_limit, processes=False if threads else None
    )
    pipeline = DaskPipeline(
        store=store, scheduler=config, classifier_factory=None if no_classify else default_classifier
    )
    try:
        summary = pipeline.ingest(list(files), fmt=fmt, force=force)
    except AdsError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in summary.lines():
        click.echo(line)
    if any(f.error for f in summary.files):
        raise SystemExit(1)


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date/time like 2026-11-24T06:00:00") from None


@ads_group.command("stream")
@click.option(
    "--since",
    default=None,
    help="Start (first run), e.g. 2026-11-24T00:00:00; later runs use the checkpoint.",
)
@click.option("--until", default=None, help="End (default: now, local time as the feed uses).")
@click.option("--window-hours", type=float, default=6.0, show_default=True, help="Hours per request.")
@click.option("--base-url", default=None, help="JobStream base URL (default: the public service).")
@click.option("--min-interval", type=float, default=None, help="Seconds between requests (default 1).")
@click.option(
    "--store", type=click.Path(dir_okay=False, path_type=Path), default=None, help="DuckDB store file."
)
def stream_command(
    since: str | None,
    until: str | None,
    window_hours: float,
    base_url: str | None,
    min_interval: float | None,
    store: Path | None,
) -> None:
    """Fetch JobStream changes since the last run: new ads stored and classified, removed ads marked.

    Safe to run every few minutes from cron or a systemd timer; the checkpoint lives in the store.
    """
    setup_django()
    from dataclasses import replace

    from kartlagg.ads.exceptions import AdsError, StoreBusyError
    from kartlagg.ads.jobstream.client import ClientConfig, JobStreamClient
    from kartlagg.ads.jobstream.monitor import run_stream

    client_config = ClientConfig()
    if base_url:
        client_config = replace(client_config, base_url=base_url)
    if min_interval is not None:
        client_config = replace(client_config, min_interval=min_interval)
    end = _parse_time(until) or dt.datetime.now().replace(microsecond=0)
    try:
        with JobStreamClient(client_config) as client:
            summary = run_stream(
                client=client,
                since=_parse_time(since),
                until=end,
                store=store,
                window=dt.timedelta(hours=window_hours),
            )
    except StoreBusyError as exc:
        raise click.ClickException(f"{exc}; skipping this run") from exc
    except AdsError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in summary.lines():
        click.echo(line)
