"""Test-wide settings.

Hypothesis's per-example deadline (200 ms by default) measures wall time, which a loaded CI
machine stretches: a property that holds then fails as "flaky". Speed is checked by the
benchmarks in ``benchmarks/``, never by timed tests (house rule 6), so no example has a deadline.

``client``: the distributed tests' Dask cluster, one per session.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("zwxmt", deadline=None)
settings.load_profile("zwxmt")


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    """One local Dask cluster (2 worker processes) shared by the distributed tests of a session,
    started on first use."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()
