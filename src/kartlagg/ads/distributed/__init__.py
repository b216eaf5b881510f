"""The job-ad pipeline on Dask distributed: the same block functions, run by Dask workers.

See docs/distributed.md. `DaskPipeline` is `kartlagg.ads.pipeline.Pipeline` with one thing changed:
where a block runs. Blocks become Dask tasks whose outputs are Parquet files named by the block's
content; the parent reads them back and commits them with the single-machine code, in file order.
"""

from kartlagg.ads.distributed.run import DaskPipeline, run_partition
from kartlagg.ads.distributed.scheduler import SchedulerConfig, dask_client

__all__ = ["DaskPipeline", "SchedulerConfig", "dask_client", "run_partition"]
