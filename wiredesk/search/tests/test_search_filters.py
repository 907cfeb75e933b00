"""Filters: site, section, agency and a date range (both backends)."""

from datetime import timedelta

from wiredesk.search.tests.conftest import NOW


def ids(results):
    return {hit.story.pk for hit in results.hits}


def test_only_stories_placed_on_the_site(make_story, backend, network):
    here = make_story("Radar upgrade", site=network["spacewar"])
    there = make_story("Radar telescope", site=network["spacedaily"])
    both = make_story("Radar network", site=network["spacedaily"], sites=[network["spacewar"]])
    assert ids(backend.search("radar", site=network["spacewar"], now=NOW)) == {here.pk, both.pk}
    assert ids(backend.search("radar", site=network["spacedaily"], now=NOW)) == {
        there.pk,
        both.pk,
    }
    assert ids(backend.search("radar", now=NOW)) == {here.pk, there.pk, both.pk}


def test_section(make_story, backend, network):
    military = make_story("Radar one", section=network["military"])
    make_story("Radar two", section=network["nuclear"])
    make_story("Radar three")
    results = backend.search(
        "radar", site=network["spacewar"], section=network["military"], now=NOW
    )
    assert ids(results) == {military.pk}


def test_agency(make_story, backend, network):
    upi = make_story("Radar one", agency=network["upi"])
    make_story("Radar two", agency=network["afp"])
    results = backend.search("radar", site=network["spacewar"], agency=network["upi"], now=NOW)
    assert ids(results) == {upi.pk}


def test_date_range_includes_its_start_and_excludes_its_end(make_story, backend, network):
    old = make_story("Radar old", hours_ago=72)
    start = make_story("Radar start", hours_ago=48)
    middle = make_story("Radar middle", hours_ago=30)
    make_story("Radar end", hours_ago=24)
    make_story("Radar new", hours_ago=1)
    results = backend.search(
        "radar",
        site=network["spacewar"],
        date_from=NOW - timedelta(hours=48),
        date_to=NOW - timedelta(hours=24),
        now=NOW,
    )
    assert ids(results) == {start.pk, middle.pk}
    assert old.pk not in ids(results)
    only_from = backend.search(
        "radar", site=network["spacewar"], date_from=NOW - timedelta(hours=2), now=NOW
    )
    assert only_from.total == 1


def test_filters_combine(make_story, backend, network):
    wanted = make_story(
        "Radar combo", section=network["military"], agency=network["upi"], hours_ago=5
    )
    make_story("Radar combo", section=network["military"], agency=network["afp"], hours_ago=5)
    make_story("Radar combo", section=network["military"], agency=network["upi"], hours_ago=50)
    results = backend.search(
        "radar combo",
        site=network["spacewar"],
        section=network["military"],
        agency=network["upi"],
        date_from=NOW - timedelta(hours=10),
        date_to=NOW,
        now=NOW,
    )
    assert ids(results) == {wanted.pk} and results.total == 1
