"""Settings for the property tests: fixed seeds in the test suite, unseeded and longer in `bench/properties.py`.

The suite derandomizes its property tests so that a run fails or passes the same way every time; the long run
(`SITE_GEN_LONG_PROPERTIES=N`, N times the examples) explores new cases on every run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = int(os.environ.get("SITE_GEN_LONG_PROPERTIES") or 0)


def examples(n: int, **more) -> settings:
    """Return settings for a property test of `n` examples (N times as many, unseeded, in a long run)."""
    return settings(max_examples=n * LONG if LONG else n, derandomize=not LONG, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow], **more)
