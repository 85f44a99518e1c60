"""Test-wide settings.

Hypothesis's per-example deadline (200 ms by default) measures wall time, which a loaded CI
machine stretches: a property that holds then fails as "flaky". Speed is checked by the
benchmarks in ``benchmarks/``, never by timed tests (house rule 6), so no example has a deadline.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("zwxmt", deadline=None)
settings.load_profile("zwxmt")
