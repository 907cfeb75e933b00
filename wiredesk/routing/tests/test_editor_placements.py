"""Editors change placements (wiredesk.routing.editing): each decision is a placement decided
by ``editor:<name>`` (the classifier's training data), and the public sites follow."""

import pytest

from wiredesk.desk.models import AuditEntry
from wiredesk.desk.tests.factories import make_network, make_story
from wiredesk.publish.permalinks import canonical_url, story_url
from wiredesk.publish.queries import visible_stories
from wiredesk.routing import editing
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.actions import ActionError, Actor
from wiredesk.stories.models import StoryState

ED = Actor("ed")


@pytest.fixture
def net(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return make_network()


def sites_showing(net, story):
    return {
        key for key in ("spacewar", "spacedaily") if visible_stories(net[key]).filter(pk=story.pk)
    }


def test_move_reroutes_a_published_story_to_another_site(net, client):
    story = make_story(net, "Story to move", state=StoryState.PUBLISHED)
    assert sites_showing(net, story) == {"spacewar"}
    story = editing.move(story, ED, "spacedaily", "launch")
    assert sites_showing(net, story) == {"spacedaily"}
    assert story.primary_site == net["spacedaily"]
    assert "spacedaily" in canonical_url(story)
    rows = {p.site.key: p for p in Placement.objects.filter(story=story)}
    assert rows["spacewar"].state == PlacementState.REMOVED and not rows["spacewar"].is_primary
    assert rows["spacedaily"].state == PlacementState.PUBLISHED and rows["spacedaily"].is_primary
    assert rows["spacedaily"].section == net["launch"]
    assert {p.decided_by for p in rows.values()} == {"editor:ed"}
    url = story_url(story, net["spacedaily"])
    assert client.get(url, HTTP_HOST="spacedaily.localhost").status_code == 200
    old = story_url(story, net["spacewar"])
    assert client.get(old, HTTP_HOST="spacewar.localhost").status_code == 404
    assert "Story to move" in client.get("/spacedaily.xml", HTTP_HOST="spacedaily.localhost").text
    entry = AuditEntry.objects.get(action="move")
    assert (
        entry.before["primary_site"] == "spacewar" and entry.after["primary_site"] == "spacedaily"
    )


def test_place_adds_a_site_and_the_first_site_is_primary(net):
    story = make_story(net, sites=())
    story = editing.place(story, ED, "spacewar", "military")
    assert story.primary_site == net["spacewar"]
    story = editing.place(story, ED, net["spacedaily"])
    assert story.primary_site == net["spacewar"]
    placed = Placement.objects.get(story=story, site=net["spacedaily"])
    assert (placed.state, placed.decided_by, placed.is_primary) == ("published", "editor:ed", False)
    story = editing.place(story, ED, "spacedaily", "launch", primary=True)
    assert story.primary_site == net["spacedaily"]
    assert Placement.objects.filter(story=story, is_primary=True).count() == 1


def test_unplacing_the_primary_site_promotes_another(net):
    story = make_story(net, state=StoryState.PUBLISHED, sites=("spacewar", "spacedaily"))
    story = editing.unplace(story, ED, "spacewar")
    assert story.primary_site == net["spacedaily"]
    assert sites_showing(net, story) == {"spacedaily"}
    story = editing.unplace(story, ED, "spacedaily")
    assert story.primary_site is None and sites_showing(net, story) == set()
    with pytest.raises(ActionError, match="not on spacedaily"):
        editing.unplace(story, ED, "spacedaily")


def test_set_primary_moves_the_canonical_url(net):
    story = make_story(net, state=StoryState.PUBLISHED, sites=("spacewar", "spacedaily"))
    story = editing.set_primary(story, ED, "spacedaily")
    assert story.primary_site == net["spacedaily"]
    assert Placement.objects.get(story=story, is_primary=True).site == net["spacedaily"]


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda s: editing.place(s, ED, "nosuchsite"), "site: there is no site 'nosuchsite'"),
        (lambda s: editing.place(s, ED, "spacewar", "launch"), "spacewar has no section 'launch'"),
        (lambda s: editing.move(s, ED, ""), "there is no site ''"),
        (lambda s: editing.set_primary(s, ED, "spacedaily"), "not on spacedaily"),
    ],
)
def test_bad_sites_and_sections_are_refused_with_nothing_changed(net, call, message):
    story = make_story(net, state=StoryState.PUBLISHED)
    with pytest.raises(ActionError, match=message):
        call(story)
    placement = Placement.objects.get(story=story)
    assert (placement.site.key, placement.decided_by) == ("spacewar", "rule:Test rule")
    assert not AuditEntry.objects.exists()


def test_editor_decisions_are_counted_for_retraining(net, settings):
    from django.core.cache import cache

    from wiredesk.routing.tasks import COUNTER_KEY
    from wiredesk.stories import actions

    settings.WIREDESK_RETRAIN_EVERY = 1000
    cache.delete(COUNTER_KEY)
    held = make_story(net, sites=("spacewar", "spacedaily"))
    actions.publish(held, ED)  # two suggestions accepted
    editing.move(held, ED, "spacewar")  # one placed, one removed
    editing.place(held, ED, "spacedaily")
    assert cache.get(COUNTER_KEY) == 5
