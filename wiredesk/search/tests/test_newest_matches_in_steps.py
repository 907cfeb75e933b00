"""For a very common word PostgreSQL looks for the newest matches among the newest id buckets
first, then among the older ids: whichever step finds them, a search ranks the same window, in
the same order, with the same total as one pass over every match. Buckets of a few ids here
(the real ones hold 1,000), and every word counts as very common, with first steps of several
sizes, so that a handful of stories spans both steps."""

import pytest
from django.db import connection

from wiredesk.search.tests.conftest import NOW

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's id buckets only"
)


@pytest.fixture
def buckets(monkeypatch):
    from wiredesk.search.backends import postgres

    def use(ids, margin, staged_from=0):
        monkeypatch.setattr(postgres, "BUCKET_IDS", ids)
        monkeypatch.setattr(postgres, "MARGIN", margin)
        monkeypatch.setattr(postgres, "STAGED_FROM", staged_from)

    return use


def search(backend, site, **options):
    results = backend.search("beacon", site=site, now=NOW, limit=20, **options)
    return results.total, [hit.story.pk for hit in results.hits]


@pytest.mark.parametrize("words_every", [1, 2, 5])
@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_steps_find_what_one_pass_finds(make_story, network, settings, buckets, words_every, order):
    from wiredesk.search.backends import get_search_backend

    for n in range(24):
        word = "beacon" if n % words_every == 0 else "lantern"
        headline = f"{word.title()} report {n}" + (" beacon" * (n % 3))
        make_story(headline, f"<p>A {word} was seen.</p>", hours_ago=n % 7 + 1)
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wiredesk.search.backends.database",
            "OPTIONS": {"RANK_WINDOW": 4},
        }
    }
    backend = get_search_backend()
    site = network["spacewar"]
    buckets(1000, 2, staged_from=10**9)  # nothing counts as common: a single step
    one_pass = search(backend, site, order=order)
    for ids, margin in [(1, 0.01), (1, 0.2), (2, 0.05), (3, 0.5), (5, 1)]:
        buckets(ids, margin)
        assert search(backend, site, order=order) == one_pass, (ids, margin)
    assert one_pass[1]  # something was found
