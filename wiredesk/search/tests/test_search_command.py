"""``wiredesk search reindex`` and ``wiredesk search query``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.search.models import SearchEntry


def run(*args):
    out = io.StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_reindex_rebuilds_the_index(make_story):
    make_story("Beacon one", announce=False)
    make_story("Beacon two", announce=False)
    assert SearchEntry.objects.count() == 0
    output = run("reindex", "--no-progress")
    assert "2 stories indexed" in output
    assert SearchEntry.objects.count() == 2


def test_query_prints_hits_with_marks(make_story):
    story = make_story("Beacon signal", "<p>A faint beacon was heard.</p>")
    output = run("query", "beacon", "--site", "spacewar")
    assert "1 stories match on spacewar" in output
    assert f"#{story.pk}" in output and "[Beacon] signal" in output
    assert "faint [beacon]" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "x", "--site", "nowhere"], "unknown site 'nowhere'"),
        (["query", "x", "--site", "spacewar", "--limit", "0"], "at least 1"),
        (["reindex", "--backend", "nope"], "no search backend 'nope'"),
        (["query", "x", "--site", "spacewar", "--backend", "nope"], "no search backend"),
    ],
)
def test_bad_input_is_one_line(network, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
