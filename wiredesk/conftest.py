"""Fixtures shared by every app's tests: the demo network and its sample wire."""

from pathlib import Path

import pytest
from django.core.management import call_command

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_NETWORK = DEMO_DIR / "network.toml"
DEMO_WIRE = DEMO_DIR / "wire"


@pytest.fixture
def demo_network(db):
    """The demo network file loaded: sites, sections, boxes, agencies, sources and rules."""
    call_command("network", "load", str(DEMO_NETWORK), stdout=open("/dev/null", "w"))


@pytest.fixture
def demo_wire(demo_network):
    """The demo network with its whole sample wire ingested, routed and published."""
    from wiredesk.ingest.models import Source
    from wiredesk.ingest.polling import poll

    reports = {}
    for source in Source.objects.exclude(location__startswith="http"):
        reports[source.name] = poll(source)
    return reports


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (generation counters, cached pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
