"""A story's desk page: revisions with diffs, its cluster with "use this version", its
placements and their history from the audit log, and its public URLs."""

import pytest

from wiredesk.routing import editing
from wiredesk.stories import actions
from wiredesk.stories.actions import Actor
from wiredesk.stories.models import StoryState

from .factories import make_cluster, make_story

ED = Actor("ed")


def test_revisions_show_word_diffs(net, desk_client):
    story = make_story(net, "Rocket launched on Monday")
    actions.edit(story, ED, headline="Rocket launched on Tuesday", byline="By A. Writer")
    text = desk_client("viewer").get(f"/desk/story/{story.pk}/").text
    assert "<del>Monday</del><ins>Tuesday</ins>" in text
    assert "<ins>By A. Writer</ins>" in text
    assert "r2" in text and "r1" in text and "changed: headline, byline" in text


def test_cluster_offers_use_this_version_to_editors_only(net, desk_client):
    canonical, duplicate = make_cluster(net)
    viewer = desk_client("viewer").get(f"/desk/story/{canonical.pk}/").text
    assert "Duplicate cluster" in viewer and "Rocket carries test cargo" in viewer
    assert "Use this version" not in viewer
    editor = desk_client("editor").get(f"/desk/story/{canonical.pk}/").text
    assert f"/desk/story/{duplicate.pk}/use_version/" in editor
    assert f"/desk/story/{canonical.pk}/use_version/" not in editor


def test_placements_history_and_public_links(net, desk_client):
    story = make_story(net, state=StoryState.PUBLISHED)
    editing.move(story, ED, "spacedaily", "launch")
    actions.correct(story, ED, "A fixed fact.")
    text = desk_client("viewer").get(f"/desk/story/{story.pk}/", HTTP_HOST="127.0.0.1:8000").text
    assert "editor:ed" in text and "moved to spacedaily/launch" in text
    assert "<code>move</code>" in text and "<code>correct</code>" in text
    assert "spacewar (primary)" in text and "spacedaily/launch (primary)" in text
    assert "A fixed fact." in text
    assert 'href="http://spacedaily.localhost:8000/reports/' in text
    assert f"_{story.pk}.html" in text and "spacewar.localhost:8000" not in text


@pytest.mark.parametrize(
    "role,forms",
    [
        ("viewer", set()),
        ("contributor", set()),
        ("editor", {"publish", "schedule", "embargo", "hold", "correct", "kill", "place", "move"}),
    ],
)
def test_action_forms_follow_the_role(net, desk_client, role, forms):
    import re

    story = make_story(net, state=StoryState.PUBLISHED)
    text = desk_client(role).get(f"/desk/story/{story.pk}/").text
    found = set(re.findall(rf'action="/desk/story/{story.pk}/(\w+)/"', text))
    assert forms <= found
    assert not found - forms - {"unpublish", "unplace", "set_primary"}
    assert (f'href="/desk/story/{story.pk}/edit/"' in text) == (role != "viewer")


def test_missing_story_is_404(net, desk_client):
    assert desk_client("viewer").get("/desk/story/999999/").status_code == 404


def test_edit_form_then_post_makes_a_revision(net, desk_client):
    story = make_story(net, "An invented headline")
    client = desk_client("contributor")
    form = client.get(f"/desk/story/{story.pk}/edit/")
    assert 'value="An invented headline"' in form.text and "r2" in form.text
    response = client.post(
        f"/desk/story/{story.pk}/edit/",
        {
            "headline": "A sharper headline",
            "body_html": "<p>New body</p>",
            "byline": "",
            "dateline_place": "Washington",
            "dateline_date": "Oct 24",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/desk/story/{story.pk}/"
    story.refresh_from_db()
    assert story.headline == "A sharper headline" and story.current.created_by == "user-contributor"


def test_a_failed_action_goes_back_with_the_reason(net, desk_client):
    story = make_story(net, state=StoryState.KILLED)
    client = desk_client("editor")
    response = client.post(
        f"/desk/story/{story.pk}/publish/", {"next": "/desk/?state=killed"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/desk/?state=killed"
    assert "a killed story stays killed" in response.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_next_must_stay_on_this_host(net, desk_client, target):
    story = make_story(net)
    response = desk_client("editor").post(f"/desk/story/{story.pk}/publish/", {"next": target})
    assert response["Location"] == f"/desk/story/{story.pk}/"
