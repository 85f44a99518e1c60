"""One local Dask cluster (2 worker processes) shared by the distributed tests of a session."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def client() -> Any:
    """The session's client, started on first use and closed at interpreter exit."""
    import atexit

    import distributed

    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    c = distributed.Client(cluster)

    def close() -> None:
        c.close()
        cluster.close()

    atexit.register(close)
    return c
