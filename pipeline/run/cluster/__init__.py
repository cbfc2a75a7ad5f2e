"""Running a batch on a Dask cluster: the executor (`dask_executor`) and what runs on each worker (`sidecar`).

Needs the `dask` extra: `pip install "solieu[dask]"` (dask.distributed, fsspec). Imported only by
`solieu run --executor dask`.
"""

from pipeline.run.cluster.dask_executor import DaskExecutor, require_dask

__all__ = ["DaskExecutor", "require_dask"]
