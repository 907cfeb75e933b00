"""Killing ``wiredesk ingest`` at any moment loses nothing and duplicates nothing.

A real ``python -m wiredesk ingest`` process is SIGKILLed in the middle of a batch (when the
database shows it has stored some stories, after a random extra delay; one file holds more
items than the pipeline stores per transaction, so kills also land inside a document), then
the same command is run again to completion. The database must then hold exactly what one
clean run stores: the same external ids, one story per (source, external id), one revision
each, and the same routing placements. Runs on SQLite (a data dir per process) and on
PostgreSQL (a database per process on the server ``DATABASE_URL`` names).
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from wiredesk.conftest import DEMO_NETWORK

FILES = 60  # enough left to do after the last kill point, however fast ingest gets
ITEMS_PER_FILE = 12
BIG_FILE, BIG_FILE_ITEMS = 10, 230  # more items than the pipeline stores per transaction
SIZES = [BIG_FILE_ITEMS if n == BIG_FILE else ITEMS_PER_FILE for n in range(FILES)]
TOTAL = sum(SIZES)
BEFORE_BIG = sum(SIZES[:BIG_FILE])  # stories stored when the big file begins
SOURCE = "command-line"  # `wiredesk ingest` stores into it when no --source is named
RUN_TIMEOUT = 600
WORDS = (
    "launch orbit satellite rocket engine mission crew station lunar probe telescope "
    "drought harvest river delta reservoir rainfall farmers quota irrigation monsoon "
    "parliament minister coalition budget ballot tariff treaty summit envoy sanctions "
    "reactor turbine grid solar wind battery pipeline refinery output emissions "
    "navy destroyer drills frigate strait patrol convoy airbase radar missile"
).split()


def rss_file(number: int, rng: random.Random) -> str:
    base = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
    items = []
    for index in range(SIZES[number]):
        serial = sum(SIZES[:number]) + index
        words = rng.choices(WORDS, k=12)
        headline = f"Story {serial}: {' '.join(words[:6])}"
        paragraphs = "".join(
            f"<p>{' '.join(rng.choices(WORDS, k=40))} ({serial}-{p}).</p>" for p in range(3)
        )
        date = format_datetime(base + timedelta(minutes=serial))
        items.append(
            f"<item><title>{escape(headline)}</title>"
            f"<link>https://wire.example.com/story/{serial}</link>"
            f'<guid isPermaLink="false">crash-test-{serial}</guid>'
            f"<pubDate>{date}</pubDate>"
            f"<description>{escape(paragraphs)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Crash test wire {number}</title><link>https://wire.example.com/</link>"
        f"<description>generated</description>{''.join(items)}</channel></rss>"
    )


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash-feeds")
    rng = random.Random(20261124)
    for number in range(FILES):
        (folder / f"wire-{number:03d}.xml").write_text(rss_file(number, rng), encoding="utf-8")
    return folder


class Wiredesk:
    """A data dir (SQLite) or a database (PostgreSQL) that wiredesk subprocesses share."""

    def __init__(self, data_dir: Path, database_url: str):
        self.data_dir = data_dir
        self.database_url = database_url
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env["WIREDESK_DATA_DIR"] = str(data_dir)
        if database_url:
            env["DATABASE_URL"] = database_url
        self.env = env

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "wiredesk", *args]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.argv(*args),
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.data_dir,
            timeout=RUN_TIMEOUT,
            check=False,
        )

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.argv(*args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
            cwd=self.data_dir,
        )

    def prepare(self) -> None:
        for args in (("migrate", "-v", "0"), ("network", "load", str(DEMO_NETWORK))):
            done = self.run(*args)
            assert done.returncode == 0, f"{args}: {done.stderr[-2000:]}"

    def query(self, sql: str) -> list[tuple]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return [tuple(row) for row in conn.execute(sql).fetchall()]
        path = self.data_dir / "wiredesk.sqlite3"
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def story_count(self) -> int:
        try:
            return self.query("SELECT count(*) FROM stories_story")[0][0]
        except Exception:  # the table is locked or being written: ask again shortly
            return -1

    def snapshot(self) -> dict:
        stories = self.query(
            "SELECT src.name, s.external_id, s.headline, s.revision_count, s.current_version "
            "FROM stories_story s JOIN ingest_source src ON src.id = s.source_id"
        )
        revisions = self.query(
            "SELECT s.external_id, r.number, r.content_hash FROM stories_revision r "
            "JOIN stories_story s ON s.id = r.story_id"
        )
        placements = self.query(
            "SELECT s.external_id, p.site_id, p.section_id, p.is_primary, p.state "
            "FROM routing_placement p JOIN stories_story s ON s.id = p.story_id"
        )
        return {
            "stories": sorted(stories),
            "revisions": sorted(revisions),
            "placements": sorted(placements, key=repr),
        }


@pytest.fixture(scope="module")
def fresh_wiredesk(tmp_path_factory, process_database_url):
    """Make Wiredesk instances, each with its own SQLite data dir or PostgreSQL database."""
    created: list[str] = []
    base = process_database_url.rpartition("/")[0] if process_database_url else ""

    def make(label: str) -> Wiredesk:
        data_dir = tmp_path_factory.mktemp(f"crash-{label}")
        url = ""
        if base:
            import psycopg
            from psycopg import sql

            name = f"wiredesk_crash_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            created.append(name)
            url = f"{base}/{name}"
        return Wiredesk(data_dir, url)

    yield make
    if created:
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            for name in created:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@pytest.fixture(scope="module")
def clean_run(fresh_wiredesk, feeds) -> dict:
    """What one uninterrupted run of the command stores."""
    desk = fresh_wiredesk("clean")
    desk.prepare()
    done = desk.run("ingest", str(feeds), "--no-progress")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{FILES} documents: {TOTAL} new" in done.stdout, done.stdout
    return desk.snapshot()


def kill_when_stored(desk: Wiredesk, feeds: Path, at_least: int, rng: random.Random) -> int:
    """Start the command, SIGKILL it once ``at_least`` stories are stored (plus a random
    delay, so the kill lands anywhere in an item), and return the count at the kill."""
    process = desk.start("ingest", str(feeds), "--no-progress")
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"ingest ended (exit {process.returncode}) before {at_least} stories")
            if desk.story_count() >= at_least:
                break
            time.sleep(0.02)
        else:
            pytest.fail(f"no {at_least} stories within {RUN_TIMEOUT}s")
        time.sleep(rng.uniform(0, 0.05))
        assert process.poll() is None, "ingest finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    return desk.story_count()


@pytest.mark.parametrize(
    "kills",
    [
        pytest.param((1,), id="kill-at-first-story"),
        pytest.param((BEFORE_BIG + 1,), id="kill-inside-the-big-file"),
        pytest.param((25, 150, 300), id="kill-three-times"),
    ],
)
def test_killed_ingest_rerun_equals_a_clean_run(fresh_wiredesk, feeds, clean_run, kills, capsys):
    rng = random.Random(hash(kills))
    desk = fresh_wiredesk("killed")
    desk.prepare()
    stored_at_kill = [kill_when_stored(desk, feeds, at_least, rng) for at_least in kills]
    assert all(0 < count < TOTAL for count in stored_at_kill), stored_at_kill

    done = desk.run("ingest", str(feeds), "--no-progress")
    assert done.returncode == 0, done.stderr[-2000:]
    after = desk.snapshot()
    with capsys.disabled():
        print(
            f"\ncrash safety {kills}: killed with {stored_at_kill} stories stored; rerun: "
            f"{done.stdout.strip().splitlines()[-1]}"
        )

    ids = [external_id for _, external_id, *_ in after["stories"]]
    assert len(ids) == len(set(ids)) == TOTAL, "duplicated or missing stories"
    assert {src for src, *_ in after["stories"]} == {SOURCE}
    assert all(count == 1 for *_, count, _ in after["stories"]), "a story has >1 revision"
    assert [(i, n) for i, n, _ in after["revisions"]] == sorted((i, 1) for i in ids)
    assert after["stories"] == clean_run["stories"]
    assert after["revisions"] == clean_run["revisions"]
    assert after["placements"] == clean_run["placements"]
