"""Fixtures of the hostile-input tests that send queries: an outbound sink.

The query guards promise that no query reaches the network unless asked. A local
HTTP server on 127.0.0.1 stands in for "the network": tests point SERVICE and
LOAD at it, and it must receive nothing.
"""

from __future__ import annotations

import pytest
from outbound_sink import running_sink


@pytest.fixture(scope="module")
def sink():
    with running_sink() as server:
        yield server


@pytest.fixture
def nothing_reaches_the_sink(sink):
    """Whatever a test does, the sink must be as empty afterwards as before."""
    before = list(sink.requests)
    yield
    assert sink.requests == before, "an outbound request reached the sink"
