"""Totals are counted up to a limit (``OPTIONS["COUNT_LIMIT"]``): above it a search says "more
than N" and still pages correctly up to the deepest result a page reaches; below it the total is
exact, embargoed and expired matches left out. The limit is never below that deepest result, so
these tests lower both (the real ones are 1,000)."""

from datetime import timedelta

import lxml.html
import pytest

from wiredesk.search.backends import base
from wiredesk.search.tests.conftest import NOW

DEEPEST = 12  # stands for MAX_RESULTS (1,000) in these tests


@pytest.fixture
def searcher(settings, monkeypatch, db):
    """``searcher(count_limit, rank_window=DEEPEST)``: the default backend with these
    options, pages reaching the ``DEEPEST``-th result."""
    from wiredesk.search.backends import get_search_backend

    monkeypatch.setattr(base, "MAX_RESULTS", DEEPEST)

    def make(count_limit, rank_window=DEEPEST):
        settings.SEARCH_BACKENDS = {
            "default": {
                "BACKEND": "wiredesk.search.backends.database",
                "OPTIONS": {"COUNT_LIMIT": count_limit, "RANK_WINDOW": rank_window},
            }
        }
        return get_search_backend()

    return make


def reports(make_story, count, **fields):
    return [
        make_story(f"Beacon report {n}", "<p>A beacon was seen.</p>", hours_ago=n + 1, **fields)
        for n in range(count)
    ]


def pages(results_of):
    return [[hit.story.pk for hit in results_of(page).hits] for page in (1, 2)]


def test_more_matches_than_the_limit_say_more_than_it(make_story, searcher, network):
    reports(make_story, DEEPEST + 3)
    site = network["spacewar"]
    capped = searcher(DEEPEST).search("beacon", site=site, now=NOW, limit=10)
    exact = searcher(None).search("beacon", site=site, now=NOW, limit=10)
    assert (exact.total, exact.total_exact) == (DEEPEST + 3, True)
    assert (capped.total, capped.total_exact) == (DEEPEST, False)
    assert capped.num_pages == exact.num_pages == 2


@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_capped_pages_show_the_same_hits_as_exact_ones(make_story, searcher, network, order):
    reports(make_story, DEEPEST + 3)
    site = network["spacewar"]

    def search(count_limit):
        backend = searcher(count_limit)
        return pages(
            lambda page: backend.search(
                "beacon", site=site, now=NOW, limit=10, page=page, order=order
            )
        )

    capped, exact = search(DEEPEST), search(None)
    assert capped == exact
    assert [len(hits) for hits in capped] == [10, DEEPEST - 10]


def test_a_total_at_the_limit_is_exact(make_story, searcher, network):
    reports(make_story, DEEPEST)
    results = searcher(DEEPEST).search("beacon", site=network["spacewar"], now=NOW)
    assert (results.total, results.total_exact) == (DEEPEST, True)


def test_hidden_matches_do_not_push_a_total_over_the_limit(make_story, searcher, network):
    # DEEPEST + 2 entries match, but two are embargoed and one has expired
    reports(make_story, DEEPEST - 1)
    reports(make_story, 2, embargo_until=NOW + timedelta(hours=1))
    reports(make_story, 1, expires_at=NOW + timedelta(minutes=30))
    site = network["spacewar"]
    later = NOW + timedelta(hours=2)  # the embargo is over and the licence has expired
    at_once = searcher(DEEPEST).search("beacon", site=site, now=NOW)
    assert (at_once.total, at_once.total_exact) == (DEEPEST, True)
    after = searcher(DEEPEST).search("beacon", site=site, now=later)
    assert (after.total, after.total_exact) == (DEEPEST, False)


def test_a_date_range_is_counted_up_to_the_limit(make_story, searcher, network):
    reports(make_story, DEEPEST + 3)
    site = network["spacewar"]
    window = {"date_from": NOW - timedelta(days=2), "date_to": NOW}
    capped = searcher(DEEPEST).search("beacon", site=site, now=NOW, **window)
    assert (capped.total, capped.total_exact) == (DEEPEST, False)
    since = NOW - timedelta(hours=4, minutes=30)
    few = searcher(DEEPEST).search("beacon", site=site, now=NOW, date_from=since, date_to=NOW)
    assert (few.total, few.total_exact) == (4, True)  # 1 to 4 hours ago


def test_a_small_rank_window_still_counts_up_to_the_limit(make_story, searcher, network):
    reports(make_story, 8)
    results = searcher(DEEPEST, rank_window=3).search("beacon", site=network["spacewar"], now=NOW)
    assert (results.total, results.total_exact) == (8, True)
    assert len(results.hits) == 3


def test_the_search_page_says_more_than(client, make_story, searcher, network):
    reports(make_story, DEEPEST + 3)
    searcher(DEEPEST)
    response = client.get("/search/?q=beacon", HTTP_HOST="spacewar.localhost")
    summary = lxml.html.fromstring(response.content.decode()).cssselect(".search-summary")[0]
    text = " ".join(summary.text_content().split())
    assert text.startswith(f"More than {DEEPEST} stories match beacon; showing 1 to 10")


def test_the_search_command_says_more_than(make_story, searcher, network):
    from io import StringIO

    from django.core.management import call_command

    reports(make_story, DEEPEST + 3)
    searcher(DEEPEST)
    out = StringIO()
    call_command("search", "query", "beacon", "--site", "spacewar", stdout=out)
    assert f"more than {DEEPEST} stories match on spacewar; page 1 of 2" in out.getvalue()


def test_the_last_reachable_page_says_how_to_reach_the_others(client, make_story, searcher):
    reports(make_story, DEEPEST + 3)
    searcher(DEEPEST)
    response = client.get("/search/?q=beacon&page=2", HTTP_HOST="spacewar.localhost")
    summary = lxml.html.fromstring(response.content.decode()).cssselect(".search-summary")[0]
    text = " ".join(summary.text_content().split())
    assert f"showing 11 to {DEEPEST}." in text and "Narrow the search" in text
