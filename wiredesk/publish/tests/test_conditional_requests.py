"""Pages, feeds and the API carry ETag, Last-Modified and Cache-Control, and answer 304 Not
Modified to a client that already has the current version. Time alone (an embargo ending)
changes a cached page, and ``max-age`` never runs past that moment."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from wiredesk.publish import caching
from wiredesk.stories.models import StoryState

from .conftest import get_on as api_get

pytestmark = pytest.mark.usefixtures("page_cache")

PATHS = ["/", "/section/military/", "/spacewar.xml", "/feed.json", "/api/stories/", "/api/"]


@pytest.fixture
def story(network, make_story):
    return make_story(network["spacewar"], "War story", 10, section=network["military"])


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.django_db
def test_validators_and_304(client, story, path):
    first = api_get(client, path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and len(etag) == 34
    assert first["Cache-Control"] == "public, max-age=60"
    since = http_date(max(parse_http_date(modified), timezone.now().timestamp()))
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": since}):
        again = api_get(client, path, **headers)
        assert again.status_code == 304, headers
        assert again.content == b"" and again["ETag"] == etag
    stale = api_get(client, path, HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200 and stale.content == first.content


@pytest.mark.django_db
def test_304_also_right_after_a_miss(client, story):
    etag = api_get(client, "/")["ETag"]
    client.get("/", HTTP_HOST="spacewar.localhost")
    from django.core.cache import cache

    cache.clear()  # the next request renders again: same body, same ETag
    assert api_get(client, "/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_publishing_changes_the_etag(client, network, story, make_story):
    etag = api_get(client, "/")["ETag"]
    make_story(network["spacewar"], "Newer story", 0)
    response = api_get(client, "/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "Newer story" in response.content.decode()


@pytest.mark.django_db
def test_head_is_answered_from_the_same_entry(client, story):
    etag = api_get(client, "/")["ETag"]
    response = client.head("/", HTTP_HOST="spacewar.localhost")
    assert response.status_code == 200 and response["ETag"] == etag


@pytest.mark.django_db
def test_last_modified_is_when_the_page_was_rendered(client, story):
    before = timezone.now().timestamp()
    modified = parse_http_date(api_get(client, "/")["Last-Modified"])
    assert before - 1 <= modified <= before + 5
    assert api_get(client, "/", HTTP_IF_MODIFIED_SINCE=http_date(before - 3600)).status_code == 200


@pytest.mark.django_db
def test_embargo_end_changes_the_cached_page(client, network, story, make_story, monkeypatch):
    now = timezone.now()
    make_story(network["spacewar"], "Embargoed story", 0, embargo_until=now + timedelta(seconds=30))
    first = api_get(client, "/")
    assert "Embargoed story" not in first.content.decode()
    max_age = int(first["Cache-Control"].rpartition("=")[2])
    assert 0 <= max_age <= 30, "max-age must not run past the embargo"
    assert "Embargoed story" not in api_get(client, "/").content.decode()

    later = now + timedelta(seconds=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(caching, "clock", lambda: later.timestamp())
    response = api_get(client, "/")
    assert "Embargoed story" in response.content.decode(), "no signal, yet the embargo ended"
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_licence_expiry_changes_the_cached_page(client, network, make_story, monkeypatch):
    now = timezone.now()
    make_story(network["spacewar"], "Expiring story", 0, expires_at=now + timedelta(seconds=20))
    first = api_get(client, "/")
    assert "Expiring story" in first.content.decode()
    assert int(first["Cache-Control"].rpartition("=")[2]) <= 20
    later = now + timedelta(seconds=21)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(caching, "clock", lambda: later.timestamp())
    assert "Expiring story" not in api_get(client, "/").content.decode()


@pytest.mark.django_db
def test_a_feed_whose_date_goes_back_is_not_304(client, network, make_story):
    """A feed is dated by its newest story; kill that story and the date goes back. A client
    that only sends If-Modified-Since must still get the new feed."""
    make_story(network["spacewar"], "Older story", 60)
    newest = make_story(network["spacewar"], "Newest story", 0)
    first = api_get(client, "/spacewar.xml")
    newest.state = StoryState.KILLED
    newest.save()
    response = api_get(client, "/spacewar.xml", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert "Newest story" not in response.content.decode()
