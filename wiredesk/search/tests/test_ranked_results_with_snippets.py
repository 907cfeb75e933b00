"""Ranked results with highlighted snippets, on whichever database the suite runs on (SQLite
FTS5 or PostgreSQL full-text search): the same expectations hold for both."""

import re

from wiredesk.search.tests.conftest import NOW

BODY = (
    "<p>The interceptor was launched from a ship in the Pacific. Officials said the missile "
    "defence test met every objective, and a second test is planned for next year.</p>"
)


def test_headline_matches_rank_above_body_mentions(make_story, backend, network):
    mention = make_story("Navy budget grows", "<p>The budget also covers a missile.</p>")
    headline = make_story("Missile defence test succeeds", BODY)
    results = backend.search("missile", site=network["spacewar"], now=NOW)
    assert results.total == 2
    assert [hit.story.pk for hit in results.hits] == [headline.pk, mention.pk]
    assert results.hits[0].score > results.hits[1].score


def test_snippets_mark_the_matched_words(make_story, backend, network):
    make_story("Pacific trial", BODY)
    hit = backend.search("interceptor", site=network["spacewar"], now=NOW).hits[0]
    assert "<mark>interceptor</mark>" in hit.snippet_html
    assert hit.headline_html == "Pacific trial"


def test_stemming_finds_other_forms_of_a_word(make_story, backend, network):
    make_story("Satellites launched", "<p>Three satellites were launched on Tuesday.</p>")
    results = backend.search("launching satellite", site=network["spacewar"], now=NOW)
    assert results.total == 1


def test_phrase_queries_need_the_words_together(make_story, backend, network):
    together = make_story("Space force plans", "<p>The space force unveiled a plan.</p>")
    make_story("Force of nature", "<p>In space, the force of the blast was huge.</p>")
    results = backend.search('"space force"', site=network["spacewar"], now=NOW)
    assert [hit.story.pk for hit in results.hits] == [together.pk]
    loose = backend.search("space force", site=network["spacewar"], now=NOW)
    assert loose.total == 2


def test_excluded_words_and_alternatives(make_story, backend, network):
    rover = make_story("Mars rover drills", "<p>The rover drilled a rock on Mars.</p>")
    orbiter = make_story("Mars orbiter maps", "<p>The orbiter mapped ice on Mars.</p>")
    moon = make_story("Moon lander", "<p>The lander touched down near the pole.</p>")
    site = network["spacewar"]
    assert [h.story.pk for h in backend.search("mars -rover", site=site, now=NOW).hits] == [
        orbiter.pk
    ]
    either = backend.search("rover OR lander", site=site, now=NOW)
    assert {hit.story.pk for hit in either.hits} == {rover.pk, moon.pk}


def test_story_text_is_escaped_in_snippets(make_story, backend, network):
    make_story(
        "Tags <b>in</b> a headline",
        "<p>Text with &lt;script&gt;alert(1)&lt;/script&gt; and a rocket.</p>",
    )
    hit = backend.search("rocket", site=network["spacewar"], now=NOW).hits[0]
    # the only tags are our marks (PostgreSQL's ts_headline drops tag-like words, FTS5
    # keeps them as text: either way nothing of the story's reaches the page as markup)
    for html in (hit.snippet_html, hit.headline_html):
        assert set(re.findall(r"<[^>]*>", html)) <= {"<mark>", "</mark>"}, html
    assert "<mark>rocket</mark>" in hit.snippet_html
    assert "&lt;b&gt;" in hit.headline_html


def test_pages_and_newest_first(make_story, backend, network):
    stories = [
        make_story(f"Launch report {n}", "<p>A rocket launch.</p>", hours_ago=n)
        for n in range(1, 26)
    ]
    site = network["spacewar"]
    first = backend.search("launch", site=site, limit=10, now=NOW, order="newest")
    third = backend.search("launch", site=site, limit=10, page=3, now=NOW, order="newest")
    assert first.total == third.total == 25
    assert first.num_pages == 3 and first.has_next and not first.has_previous
    assert [hit.story.pk for hit in first.hits] == [s.pk for s in stories[:10]]
    assert [hit.story.pk for hit in third.hits] == [s.pk for s in stories[20:]]
    assert (third.start_index, third.end_index) == (21, 25)


def test_an_empty_query_searches_nothing(make_story, backend, network):
    make_story("Anything", "<p>Anything at all.</p>")
    results = backend.search("", site=network["spacewar"], now=NOW)
    assert results.total == 0 and results.hits == [] and results.problems == []


def test_ranking_covers_the_newest_matches_up_to_the_rank_window(make_story, network, settings):
    from wiredesk.search.backends import get_search_backend

    best_but_first = make_story("Comet comet comet", "<p>The comet, the comet.</p>")
    later = [make_story(f"Report {n}", "<p>A comet was seen.</p>") for n in range(4)]
    site = network["spacewar"]
    everything = get_search_backend().search("comet", site=site, now=NOW)
    assert everything.hits[0].story.pk == best_but_first.pk and everything.total == 5
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wiredesk.search.backends.database",
            "OPTIONS": {"RANK_WINDOW": 3},
        }
    }
    windowed = get_search_backend().search("comet", site=site, now=NOW)
    assert windowed.total == 5  # the total still counts every match
    assert {hit.story.pk for hit in windowed.hits} == {story.pk for story in later[1:]}
