"""The queue: held, incoming, recently auto-published and rejected stories with their
placements, confidence and reasons; filters by state, site, agency and headline; the rows
fragment the page refreshes itself with."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.stories.models import StoryState

from .factories import make_story


@pytest.fixture
def stories(net):
    old = timezone.now() - timedelta(hours=30)
    return {
        "held": make_story(net, "Held launch story"),
        "incoming": make_story(net, "Incoming radar story", state=StoryState.INCOMING),
        "new": make_story(net, "Fresh published story", state=StoryState.PUBLISHED),
        "old": make_story(
            net, "Yesterday's published story", state=StoryState.PUBLISHED, created_at=old
        ),
        "rejected": make_story(net, "Rejected sports story", state=StoryState.REJECTED),
        "upi": make_story(net, "UPI story on SpaceDaily", sites=("spacedaily",), agency="upi"),
        "killed": make_story(net, "Killed story", state=StoryState.KILLED),
    }


def shown(response):
    return {story.headline for story in response.context["stories"]}


def test_default_queue_is_the_desks_work(stories, desk_client):
    response = desk_client("viewer").get("/desk/")
    assert shown(response) == {
        "Held launch story",
        "Incoming radar story",
        "Fresh published story",
        "Rejected sports story",
        "UPI story on SpaceDaily",
    }
    text = response.text
    assert "rule:Test rule" in text and "keyword: invented" in text and "70%" in text
    assert 'id="live-status"' in text and 'data-refresh="15"' in text


@pytest.mark.parametrize(
    "query,expected",
    [
        ("?state=published", {"Fresh published story", "Yesterday's published story"}),
        ("?state=killed", {"Killed story"}),
        ("?site=spacedaily", {"UPI story on SpaceDaily"}),
        ("?agency=UPI&state=all", {"UPI story on SpaceDaily"}),
        ("?q=LAUNCH", {"Held launch story"}),
        ("?q=story+radar", {"Incoming radar story"}),
        ("?state=nonsense&q=killed", set()),
        ("?state=all&q=killed", {"Killed story"}),
    ],
)
def test_filters(stories, desk_client, query, expected):
    assert shown(desk_client("viewer").get("/desk/" + query)) == expected


def test_counts_per_state_follow_the_other_filters(stories, desk_client):
    response = desk_client("viewer").get("/desk/?site=spacewar")
    counts = {chip["value"]: chip["count"] for chip in response.context["chips"]}
    assert counts["held"] == 1 and counts["published"] == 2 and counts["all"] == 6


def test_rows_fragment_has_the_rows_counts_and_bulk_bar(stories, desk_client):
    response = desk_client("viewer").get("/desk/rows/?state=held&here=/desk/%3Fstate%3Dheld")
    assert response.status_code == 200
    text = response.text
    assert "<html" not in text
    assert 'id="queue-rows"' in text and 'id="state-chips"' in text and 'id="bulk"' in text
    assert shown(response) == {"Held launch story", "UPI story on SpaceDaily"}
    assert 'value="/desk/?state=held"' in text


def test_viewers_get_no_action_buttons_editors_do(stories, desk_client):
    viewer = desk_client("viewer").get("/desk/").text
    assert 'value="publish"' not in viewer and "/publish/" not in viewer
    editor = desk_client("editor").get("/desk/").text
    assert 'value="publish"' in editor and f"/desk/story/{stories['held'].pk}/publish/" in editor
