"""``/search/`` on each site: results with safe highlighted snippets, filters, pages, and
friendly empty and bad-query states."""

from datetime import timedelta

import lxml.html
import pytest

from wiredesk.search.tests.conftest import NOW

HOST = "spacewar.localhost"


def get(client, query="", host=HOST):
    return client.get(f"/search/{query}", HTTP_HOST=host)


def page(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def headlines(doc):
    return [" ".join(a.text_content().split()) for a in doc.cssselect(".search-result h2 a")]


def test_results_link_to_articles_with_marked_snippets(client, make_story):
    story = make_story("Interceptor test", "<p>The interceptor hit a target over the sea.</p>")
    doc = page(get(client, "?q=interceptor"))
    link = doc.cssselect(".search-result h2 a")[0]
    assert link.get("href").endswith(f"_{story.pk}.html")
    assert [m.text for m in doc.cssselect(".search-result-snippet mark")] == ["interceptor"]
    assert "1 story matches" in doc.cssselect(".search-summary")[0].text_content()
    assert doc.cssselect('meta[name="robots"]')[0].get("content") == "noindex"


def test_everything_typed_or_stored_is_escaped(client, make_story):
    make_story(
        "Rocket <img src=x onerror=alert(1)>",
        "<p>A rocket &lt;script&gt;alert(2)&lt;/script&gt; flew.</p>",
    )
    response = get(client, '?q=rocket+"><script>alert(3)</script>')
    html = response.content.decode()
    assert "<script>" not in html and "<img src=x" not in html
    doc = page(get(client, "?q=rocket"))
    assert not doc.cssselect(".search-result img, .search-result script")
    for element in doc.cssselect(".search-result-snippet *, .search-result h2 a *"):
        assert element.tag == "mark"


def test_filters_from_the_query_string(client, make_story, network):
    make_story("Radar military", section=network["military"], agency=network["upi"])
    make_story("Radar nuclear", section=network["nuclear"], agency=network["upi"])
    make_story("Radar afp", section=network["military"], agency=network["afp"])
    doc = page(get(client, "?q=radar&section=military&agency=upi"))
    assert headlines(doc) == ["Radar military"]
    selected = doc.cssselect("#search-section option[selected]")
    assert [option.get("value") for option in selected] == ["military"]


def test_dates_are_days_in_the_sites_time_zone(client, make_story):
    # SpaceWar is on New York time: a story at 03:00 UTC belongs to the previous day there
    story_time = (NOW - timedelta(days=3)).replace(hour=3, minute=0)
    make_story("Radar late night", published_at=story_time)
    local_day = (story_time - timedelta(hours=6)).date().isoformat()
    next_day = (story_time + timedelta(hours=6)).date().isoformat()
    assert headlines(page(get(client, f"?q=radar&from={local_day}&to={local_day}"))) == [
        "Radar late night"
    ]
    assert headlines(page(get(client, f"?q=radar&from={next_day}&to={next_day}"))) == []


def test_pagination_links_keep_the_search(client, make_story, network):
    for n in range(12):
        make_story(f"Launch {n}", "<p>A launch.</p>", hours_ago=n + 1, agency=network["upi"])
    doc = page(get(client, "?q=launch&agency=UPI"))
    assert len(doc.cssselect(".search-result")) == 10
    next_link = doc.cssselect('.pagination a[rel="next"]')[0].get("href")
    assert "q=launch" in next_link and "agency=UPI" in next_link and "page=2" in next_link
    second = page(get(client, next_link))
    assert len(second.cssselect(".search-result")) == 2
    assert second.cssselect(".search-results")[0].get("start") == "11"


def test_empty_search_shows_the_form_and_a_hint(client, make_story):
    doc = page(get(client))
    assert doc.cssselect("form.search-form input[name=q]")
    assert doc.cssselect(".search-empty")
    assert not doc.cssselect(".search-result")


def test_no_results(client, make_story):
    make_story("Radar", "<p>Radar.</p>")
    doc = page(get(client, "?q=zeppelin"))
    assert "match" in doc.cssselect(".search-no-results")[0].text_content()


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?q=-radar", "excluded words alone"),
        ('?q=""', "letters or numbers"),
        ("?q=radar&from=yesterday", "start date is not a date"),
        ("?q=radar&to=2026-02-30", "end date is not a date"),
        ("?q=radar&section=nope", "section is not on this site"),
        ("?q=radar&agency=nope", "No agency"),
        ("?q=radar&page=-3", None),
        ("?q=radar&page=999999999999", None),
        ("?q=radar&sort=sideways", None),
        ("?q=radar&q=second&from=2026-01-02&to=2026-01-01", "wrong way round"),
    ],
)
def test_bad_queries_get_a_note_not_an_error(client, make_story, query, note):
    make_story("Radar", "<p>Radar.</p>")
    doc = page(get(client, query))
    notes = " ".join(li.text_content() for li in doc.cssselect(".search-problems li"))
    if note:
        assert note in notes
    else:
        assert notes == ""


def test_the_network_index_host_has_no_search(client, network):
    assert get(client, "?q=radar", host="127.0.0.1").status_code == 404
