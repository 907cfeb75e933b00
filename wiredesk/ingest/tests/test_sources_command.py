"""`wiredesk sources`: a health table, --json, --failing, and full --help."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from wiredesk.ingest.models import FetchLog, Source
from wiredesk.network.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(tmp_path):
    afp = Agency.objects.create(key="AFP", name="Agence France-Presse")
    good = Source.objects.create(
        name="afp-wire", agency=afp, location=str(tmp_path), hot_folder=True, interval=600
    )
    bad = Source.objects.create(
        name="broken-feed",
        location="https://feeds.example.com/rss",
        interval=300,
        error_streak=3,
        last_error="refused: feeds.example.com resolves to 10.0.0.1, a non-public address "
        "(set WIREDESK_ALLOW_PRIVATE_FETCH=1 to allow)",
    )
    FetchLog.objects.create(source=good, origin="x", ok=True, new=35)
    return good, bad


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("sources", *args, stdout=out)
    return out.getvalue()


def test_table_shows_health(sources):
    lines = run().splitlines()
    assert lines[0].split() == [
        "name", "agency", "kind", "interval", "last", "success", "streak", "last", "error",
        "items/day",
    ]  # fmt: skip
    afp = lines[1].split()
    assert afp[:5] == ["afp-wire", "AFP", "hot", "folder", "10m"]
    assert afp[-1] == "5.0"
    broken = lines[2]
    assert broken.startswith("broken-feed") and " url " in broken and " 5m " in broken
    assert "never" in broken and "refused: feeds.example.com resolves to …" in broken
    assert broken.rstrip().endswith("0.0")


def test_failing_filter(sources):
    lines = run("--failing").splitlines()
    assert len(lines) == 2 and lines[1].startswith("broken-feed")
    assert run("list", "--failing").splitlines() == lines


def test_json(sources):
    rows = json.loads(run("--json"))
    assert [r["name"] for r in rows] == ["afp-wire", "broken-feed"]
    assert rows[0]["kind"] == "hot folder" and rows[0]["items_per_day"] == 5.0
    assert rows[1]["last_error"].endswith("(set WIREDESK_ALLOW_PRIVATE_FETCH=1 to allow)")
    assert rows[1]["error_streak"] == 3 and rows[1]["last_success_at"] is None
    assert json.loads(run("list", "--json", "--failing"))[0]["name"] == "broken-feed"


def test_empty():
    assert run() == "no sources\n"
    assert run("--failing") == "no failing sources\n"
    assert json.loads(run("--json")) == []


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], ["--json", "--failing", "import-opml", "list", "docs/sources.md", "examples:"]),
        (["import-opml"], ["FILE", "--agency KEY", "--interval N", "--dry-run", "examples:"]),
        (["list"], ["--json", "--failing"]),
    ],
)
def test_help(args, expected):
    result = subprocess.run(
        [sys.executable, "-m", "wiredesk", "sources", *args, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout
