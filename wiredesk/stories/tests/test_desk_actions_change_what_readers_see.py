"""The editorial actions (wiredesk.stories.actions): their rules, and that the public pages,
feeds and queries reflect each one at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.desk.models import AuditEntry
from wiredesk.desk.tests.factories import future, make_cluster, make_story
from wiredesk.publish.permalinks import story_url
from wiredesk.publish.queries import visible_stories
from wiredesk.routing.models import PlacementState
from wiredesk.stories import actions
from wiredesk.stories.actions import ActionError, Actor
from wiredesk.stories.models import Story, StoryState
from wiredesk.stories.signals import story_changed

ED = Actor("ed")
HOST = "spacewar.localhost"


@pytest.fixture
def net(db, settings):
    from wiredesk.desk.tests.factories import make_network

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return make_network()


def on_site(net, story, key="spacewar", now=None):
    return (
        visible_stories(net[key]).filter(pk=story.pk).exists()
        if now is None
        else (Story.objects.live(now).filter(pk=story.pk, placements__site=net[key]).exists())
    )


def page(client, story, net, key="spacewar"):
    return client.get(story_url(story, net[key]), HTTP_HOST=f"{key}.localhost")


def test_publish_makes_a_held_story_appear_and_accepts_its_placements(net, client):
    story = make_story(net, "Held story to publish")
    assert not on_site(net, story)
    assert page(client, story, net).status_code == 404
    story = actions.publish(story, ED)
    assert story.state == StoryState.PUBLISHED and story.published_at is not None
    assert on_site(net, story)
    assert page(client, story, net).status_code == 200
    assert "Held story to publish" in client.get("/spacewar.xml", HTTP_HOST=HOST).text
    placement = story.placements.get()
    assert placement.state == PlacementState.PUBLISHED
    assert placement.decided_by == "editor:ed"
    assert any("suggested by rule:Test rule" in r for r in placement.reasons)


def test_publish_lifts_an_embargo(net):
    story = make_story(net, state=StoryState.PUBLISHED, embargo_until=future())
    assert not on_site(net, story)
    assert actions.publish(story, ED).embargo_until is None
    assert on_site(net, story)


@pytest.mark.parametrize(
    "state,message",
    [
        (StoryState.KILLED, "killed story stays killed"),
        (StoryState.DUPLICATE, "use this version"),
    ],
)
def test_publish_refuses_killed_and_duplicate_stories(net, state, message):
    story = make_story(net, state=state)
    with pytest.raises(ActionError, match=message):
        actions.publish(story, ED)
    assert Story.objects.get(pk=story.pk).state == state
    assert not AuditEntry.objects.exists()


def test_publish_needs_a_site(net):
    story = make_story(net, sites=())
    with pytest.raises(ActionError, match="on no site"):
        actions.publish(story, ED)


def test_schedule_publishes_at_the_time(net):
    at = future(3)
    story = actions.schedule(make_story(net), ED, at)
    assert story.state == StoryState.PUBLISHED
    assert (story.published_at, story.embargo_until, story.scheduled_at) == (at, at, at)
    assert not on_site(net, story)
    assert on_site(net, story, now=at + timedelta(seconds=1))


@pytest.mark.parametrize("at", [None, "tomorrow", timezone.now() - timedelta(minutes=1)])
def test_schedule_refuses_a_time_not_in_the_future(net, at):
    story = make_story(net)
    with pytest.raises(ActionError, match="schedule"):
        actions.schedule(story, ED, at)
    assert Story.objects.get(pk=story.pk).state == StoryState.HELD


def test_embargo_holds_a_published_story_until_then_keeping_its_date(net, client):
    story = make_story(net, state=StoryState.PUBLISHED)
    published = story.published_at
    until = future(1)
    story = actions.embargo(story, ED, until)
    assert story.published_at == published and story.embargo_until == until
    assert not on_site(net, story)
    assert page(client, story, net).status_code == 404
    assert story.headline not in client.get("/spacewar.xml", HTTP_HOST=HOST).text
    assert on_site(net, story, now=until + timedelta(seconds=1))


def test_hold_and_unpublish_take_a_story_down_and_publish_brings_it_back(net, client):
    story = make_story(net, state=StoryState.PUBLISHED)
    assert actions.hold(story, ED).state == StoryState.HELD
    assert not on_site(net, story)
    actions.publish(story, ED)
    story = actions.unpublish(story, ED)
    assert story.state == StoryState.UNPUBLISHED
    assert page(client, story, net).status_code == 404
    with pytest.raises(ActionError, match="only a published story"):
        actions.unpublish(story, ED)
    assert actions.publish(story, ED).state == StoryState.PUBLISHED
    assert page(client, story, net).status_code == 200


def test_kill_answers_410_everywhere(net, client):
    story = make_story(net, "Story to kill", state=StoryState.PUBLISHED)
    assert page(client, story, net).status_code == 200
    story = actions.kill(story, ED, "legal advice")
    assert story.state == StoryState.KILLED and story.killed_at is not None
    assert page(client, story, net).status_code == 410
    assert "Story to kill" not in client.get("/spacewar.xml", HTTP_HOST=HOST).text
    assert AuditEntry.objects.get(action="kill").note == "legal advice"
    with pytest.raises(ActionError, match="already killed"):
        actions.kill(story, ED)
    with pytest.raises(ActionError, match="killed"):
        actions.publish(story, ED)


def test_correct_sets_a_public_note_and_moves_the_modified_date(net, client):
    story = make_story(net, state=StoryState.PUBLISHED)
    url = story_url(story, net["spacewar"])
    before = timezone.now()
    story = actions.correct(story, ED, "An earlier version <b>misnamed</b> the rocket.")
    assert story.correction == "An earlier version misnamed the rocket."
    assert story.corrected_at >= before and story.modified_at == story.corrected_at
    assert story_url(story, net["spacewar"]) == url
    assert page(client, story, net).status_code == 200


@pytest.mark.parametrize(
    "state,note,message",
    [
        (StoryState.PUBLISHED, "   ", "write the note"),
        (StoryState.PUBLISHED, "x" * 2001, "at most 2000"),
        (StoryState.HELD, "A note", "corrections are for published stories"),
    ],
)
def test_correct_refuses(net, state, note, message):
    story = make_story(net, state=state)
    with pytest.raises(ActionError, match=message):
        actions.correct(story, ED, note)
    assert Story.objects.get(pk=story.pk).correction == ""


def test_edit_makes_a_sanitised_revision_by_the_editor(net, client):
    story = make_story(net, "Old invented headline", state=StoryState.PUBLISHED)
    slug = story.slug
    story = actions.edit(
        story,
        ED,
        headline="  New invented\nheadline ",
        body_html='<p onclick="x()">Clean</p><script>alert(1)</script><p>text</p>',
        byline="By A. Writer",
        dateline_place="Paris",
    )
    revision = story.current
    assert (revision.number, revision.created_by) == (2, "ed")
    assert revision.headline == story.headline == "New invented headline"
    assert "script" not in revision.body_html and "onclick" not in revision.body_html
    assert "<p>Clean</p>" in revision.body_html
    assert (revision.byline, revision.dateline_place, revision.dateline_date) == (
        "By A. Writer",
        "Paris",
        "Oct 24",
    )
    assert story.slug == slug and story.revision_count == 2 and story.is_updated
    response = page(client, story, net)
    assert response.status_code == 200 and "New invented headline" in response.text
    assert "changed body_html, byline, dateline_place, headline" in (
        AuditEntry.objects.get(action="edit").note
    )


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"headline": "Invented test story"}, "nothing changed"),
        ({"headline": "<b> </b>"}, "headline: it cannot be empty"),
        ({"body_html": "<script>only</script>"}, "body: it cannot be empty"),
        ({"slug": "x"}, "unknown field 'slug'"),
    ],
)
def test_edit_refuses(net, changes, message):
    story = make_story(net)
    with pytest.raises(ActionError, match=message):
        actions.edit(story, ED, **changes)
    assert Story.objects.get(pk=story.pk).revision_count == 1


def test_use_this_version_swaps_the_published_story_of_a_cluster(net, client):
    canonical, duplicate = make_cluster(net)
    assert page(client, canonical, net).status_code == 200
    chosen = actions.use_version(duplicate, ED)
    canonical.refresh_from_db()
    assert chosen.cluster.canonical_id == chosen.pk
    assert (chosen.state, canonical.state) == (StoryState.PUBLISHED, StoryState.DUPLICATE)
    assert chosen.primary_site == net["spacewar"]
    assert chosen.placements.get().decided_by == "editor:ed"
    assert on_site(net, chosen) and not on_site(net, canonical)
    assert page(client, chosen, net).status_code == 200
    assert page(client, canonical, net).status_code == 404
    with pytest.raises(ActionError, match="already the version in use"):
        actions.use_version(chosen, ED)


def test_use_this_version_needs_a_cluster(net):
    with pytest.raises(ActionError, match="no duplicate cluster"):
        actions.use_version(make_story(net), ED)


def test_every_action_is_announced_and_audited(net):
    heard = []

    def listener(sender, story, action, **kwargs):
        heard.append((story.pk, action))

    story_changed.connect(listener)
    try:
        story = make_story(net)
        actions.publish(story, ED)
        actions.correct(story, ED, "A note.")
        actions.kill(story, ED)
    finally:
        story_changed.disconnect(listener)
    assert heard == [(story.pk, "publish"), (story.pk, "correct"), (story.pk, "kill")]
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.actor_label, e.actor_id) for e in entries] == [
        ("publish", "ed", None),
        ("correct", "ed", None),
        ("kill", "ed", None),
    ]
    assert entries[0].before["state"] == "held" and entries[0].after["state"] == "published"
    assert entries[1].after["correction"] == "A note."
