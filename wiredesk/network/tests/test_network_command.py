"""``wiredesk network load|check|show``: one-line summaries, one-line errors, exit codes."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.network.models import SiteProfile
from wiredesk.routing.models import Rule

from .conftest import SMALL

BAD_BOX = SMALL.replace('site = "beta"', 'site = "betta"', 1)
BAD_BOX_ERROR = "network.toml:20: sites[0].boxes[0].site: unknown site 'betta' (known: alpha, beta)"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("network", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# -- in process -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_prints_a_one_line_summary(small_file):
    out, _ = run("load", small_file)
    assert out == (
        "Loaded network 'Test Network': 2 sites, 2 sections, 2 boxes, 1 ad zone, 1 agency, "
        "1 source, 2 rules (created 11, updated 0)\n"
    )
    out, _ = run("load", small_file)
    assert out.endswith("(created 0, updated 0)\n")


@pytest.mark.django_db
def test_load_with_verbosity_2_prints_a_table(small_file):
    out, _ = run("load", small_file, "--prune", "-v", "2")
    lines = out.splitlines()
    assert lines[1].split() == ["file", "created", "updated", "same", "deleted", "disabled"]
    assert lines[2].split() == ["sites", "2", "2", "0", "0", "0", "0"]
    assert len(lines) == 9


@pytest.mark.django_db
def test_load_prune_option(small_file, write_network):
    run("load", small_file)
    write_network(SMALL.replace('[[rules]]\nname = "Reject sport"', '[[rules]]\nname = "Sport"'))
    run("load", small_file)
    assert Rule.objects.count() == 3
    out, _ = run("load", small_file, "--prune")
    assert out.endswith("(created 0, updated 0, deleted 1)\n")
    assert Rule.objects.count() == 2
    call_command("network", "load", small_file, prune=True, stdout=StringIO())


@pytest.mark.django_db
def test_load_of_a_bad_file_raises_a_one_line_command_error(write_network):
    path = write_network(BAD_BOX)
    with pytest.raises(CommandError) as caught:
        run("load", path)
    assert str(caught.value) == BAD_BOX_ERROR
    assert SiteProfile.objects.count() == 0


@pytest.mark.django_db
def test_load_of_a_missing_file(write_network):
    with pytest.raises(CommandError, match=r"^nope\.toml: cannot read network file: no such file$"):
        run("load", "nope.toml")


def test_check_validates_without_writing(small_file, django_db_blocker):
    with django_db_blocker.block():  # any database access would fail the test
        out, _ = run("check", small_file)
    assert out == (
        "network.toml: OK: network 'Test Network': 2 sites, 2 sections, 2 boxes, 1 ad zone, "
        "1 agency, 1 source, 2 rules\n"
    )


def test_check_lists_every_problem(write_network):
    path = write_network(BAD_BOX.replace("count = 5", "count = 50"))
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("network", "check", path, stdout=StringIO(), stderr=err)
    assert str(caught.value) == "network.toml: 2 problems"
    assert err.getvalue().splitlines() == [
        BAD_BOX_ERROR,
        "network.toml:40: sites[1].boxes[0].count: must be between 1 and 20, got 50",
    ]


def test_check_with_one_problem_is_that_problem(write_network):
    with pytest.raises(CommandError) as caught:
        run("check", write_network(BAD_BOX))
    assert str(caught.value) == BAD_BOX_ERROR


def test_an_action_is_required():
    with pytest.raises(CommandError, match="required: ACTION"):
        run()


@pytest.mark.django_db
def test_show_lists_sites_with_urls_and_counts(small_file):
    out, _ = run("show")
    assert out.startswith("No sites yet.")
    run("load", small_file)
    out, _ = run("show", "--port", "9000")
    lines = out.splitlines()
    assert lines[0].split() == ["site", "name", "url", "dev", "url", "sections", "boxes", "ads"]
    assert lines[1].split() == [
        "*",
        "alpha",
        "Alpha",
        "https://alpha.example.org/",
        "http://alpha.localhost:9000/",
        "1",
        "1",
        "1",
    ]
    assert lines[2].split()[:2] == ["beta", "Beta"]
    assert lines[3] == (
        "2 sites, 1 agency, 1 source (1 enabled), 2 rules (2 enabled); * marks the default site"
    )


@pytest.mark.django_db
def test_show_json(small_file):
    run("load", small_file)
    data = json.loads(run("show", "--json")[0])
    assert [s["key"] for s in data["sites"]] == ["alpha", "beta"]
    assert data["sites"][0]["default"] is True
    assert data["sites"][1]["sections"] == 1
    assert data["totals"]["rules"] == 2


# -- as a real process ----------------------------------------------------------------------


def _env(data_dir) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["WIREDESK_DATA_DIR"] = str(data_dir)
    return env


def wiredesk(*args, env, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A data directory with a migrated SQLite database, for subprocess runs."""
    data_dir = tmp_path_factory.mktemp("wiredesk-data")
    env = _env(data_dir)
    result = wiredesk("migrate", "-v", "0", env=env, cwd=data_dir)
    assert result.returncode == 0, result.stderr
    return env


def test_cli_load_of_a_bad_file_exits_nonzero_with_one_line(migrated, tmp_path):
    (tmp_path / "network.toml").write_text(BAD_BOX, encoding="utf-8")
    result = wiredesk("network", "load", "network.toml", env=migrated, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == f"CommandError: {BAD_BOX_ERROR}\n"
    assert result.stdout == ""


def test_cli_load_of_a_missing_file(migrated, tmp_path):
    result = wiredesk("network", "load", "missing.toml", env=migrated, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("CommandError: missing.toml: cannot read network file: no such file\n")


def test_cli_load_then_show(migrated, tmp_path):
    (tmp_path / "network.toml").write_text(SMALL, encoding="utf-8")
    result = wiredesk("network", "load", "network.toml", env=migrated, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Loaded network 'Test Network': 2 sites,")
    result = wiredesk("network", "show", env=migrated, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "https://alpha.example.org/" in result.stdout
    assert "http://beta.localhost:8000/" in result.stdout


def test_cli_without_a_database_says_to_migrate(tmp_path):
    result = wiredesk("network", "show", env=_env(tmp_path / "empty"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("CommandError: the database is not ready (")
    assert result.stderr.endswith("run 'wiredesk migrate' first\n")
    assert result.stderr.count("\n") == 1


def test_cli_help_has_examples(migrated, tmp_path):
    result = wiredesk("network", "--help", env=migrated, cwd=tmp_path)
    assert result.returncode == 0
    assert "wiredesk network load wiredesk/demo/network.toml" in result.stdout
    for action in ("load", "check", "show"):
        assert action in result.stdout
    result = wiredesk("network", "load", "--help", env=migrated, cwd=tmp_path)
    assert result.returncode == 0
    assert "--prune" in result.stdout and "examples:" in result.stdout
