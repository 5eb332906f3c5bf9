from __future__ import annotations

import pytest

from tests.pg_cluster import Cluster, pg_bin


@pytest.fixture(scope="session")
def cluster():
    if pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (.ci/run installs it)")
    c = Cluster()
    yield c
    c.stop()


@pytest.fixture
def pg(cluster):
    """An empty, migrated shared database with the application roles granted rows."""
    if not cluster.running():  # a test that stopped the server failed before starting it
        cluster.start()
    cluster.reset()
    return cluster
