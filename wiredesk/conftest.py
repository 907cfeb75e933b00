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
    """Each test starts with an empty cache (generation counters, cached pages) and no
    near-duplicate index left from another test's database."""
    from django.core.cache import cache

    from wiredesk.stories.identity import forget_recent_stories

    cache.clear()
    forget_recent_stories()
    yield


@pytest.fixture(scope="session")
def process_database_url():
    """A ``DATABASE_URL`` for wiredesk processes that tests start (demo, serve, commands).

    On SQLite it is empty: each process uses SQLite in its own data dir. On PostgreSQL it names
    a fresh database, created for the session and dropped after it, on the same server.
    """
    import os
    import uuid

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield ""
        return
    import psycopg
    from psycopg import sql

    base, _, _ = url.rpartition("/")
    name = f"wiredesk_process_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
