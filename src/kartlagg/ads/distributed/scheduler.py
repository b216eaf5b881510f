"""Which Dask scheduler runs the blocks: in-process (default), a LocalCluster, or a scheduler address."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from kartlagg.ads.configuration import _settings_value

IN_PROCESS = "in-process"
LOCAL = "local"


@dataclass(frozen=True)
class SchedulerConfig:
    # "in-process": no cluster, blocks run one after another in this process (the default: no Dask
    # machinery for small runs and tests). "local": a LocalCluster on this machine. Anything else is a
    # scheduler address ("tcp://10.0.0.5:8786") of a cluster started elsewhere (SLURM, Kubernetes...).
    scheduler: str = IN_PROCESS
    workers: int = 2  # LocalCluster only
    processes: bool = True  # LocalCluster: worker processes (real parallelism) or threads in this process
    memory_limit: str = "1GiB"  # per LocalCluster worker: Dask pauses, then restarts, a worker above it
    retries: int = 2  # a failed block is run again up to this many times (outputs are idempotent)

    @classmethod
    def from_settings(cls, **overrides: Any) -> SchedulerConfig:
        """KARTLAGG_DASK_SCHEDULER (Django setting or environment) selects the scheduler."""
        value = _settings_value("KARTLAGG_DASK_SCHEDULER") or os.environ.get("KARTLAGG_DASK_SCHEDULER")
        config = cls(scheduler=str(value)) if value else cls()
        return replace(config, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def in_process(self) -> bool:
        return self.scheduler in ("", IN_PROCESS)


@contextlib.contextmanager
def dask_client(config: SchedulerConfig) -> Iterator[Any]:
    """A distributed.Client for the configured scheduler, or None in-process. Closes what it started."""
    if config.in_process:
        yield None
        return
    from distributed import Client, LocalCluster

    if config.scheduler == LOCAL:
        cluster = LocalCluster(
            n_workers=config.workers,
            threads_per_worker=1,  # one block at a time per worker: memory per worker stays bounded
            processes=config.processes,
            memory_limit=config.memory_limit,
            dashboard_address=":0",  # a free port: never clashes with another cluster on 8787
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    with Client(config.scheduler) as client:
        yield client
