"""Test configuration: hypothesis profiles and strategy registration.

Profiles: ``ci`` (derandomized, no example database, so every CI run checks
the same examples) and ``dev`` (random, the default). Select one with
``pytest --hypothesis-profile=ci``.
"""

from hypothesis import HealthCheck, settings

import strategies  # noqa: F401 - registers st.from_type strategies for every model

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("dev")
