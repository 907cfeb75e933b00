"""Stories are indexed by background tasks as they change: published, updated, killed."""

from wiredesk.routing.models import PlacementState
from wiredesk.search.models import SearchEntry
from wiredesk.search.tests.conftest import NOW
from wiredesk.stories.models import Revision, Story, StoryState
from wiredesk.stories.signals import story_changed, story_received


def test_the_demo_wire_is_searchable_on_the_sites_it_was_placed_on(demo_wire, backend):
    live = list(Story.objects.live().filter(placements__state=PlacementState.PUBLISHED).distinct())
    assert live, "the demo wire published nothing"
    assert SearchEntry.objects.count() == len(live)
    for story in live[:8]:
        placement = story.placements.filter(state=PlacementState.PUBLISHED).first()
        words = [w for w in story.headline.split() if len(w) > 4 and w.isalpha()][:3]
        results = backend.search(" ".join(words), site=placement.site, limit=50)
        assert story.pk in {hit.story.pk for hit in results.hits}, story.headline


def test_a_new_revision_replaces_the_indexed_text(make_story, backend, network):
    story = make_story("Probe launch", "<p>The probe carries a spectrometer.</p>")
    site = network["spacewar"]
    assert backend.search("spectrometer", site=site, now=NOW).total == 1
    revision = Revision.objects.create(
        story=story,
        number=2,
        content_hash="second",
        headline="Probe launch delayed",
        body_html="<p>The probe now carries a magnetometer.</p>",
    )
    Story.objects.filter(pk=story.pk).update(revision_count=2, headline=revision.headline)
    story_received.send(sender=Story, story=story, revision=revision, created=False)
    assert backend.search("spectrometer", site=site, now=NOW).total == 0
    assert backend.search("magnetometer delayed", site=site, now=NOW).total == 1


def test_a_new_story_is_indexed_only_once_it_is_published(make_story, network):
    story = make_story("Quiet arrival", state=StoryState.INCOMING, announce=False)
    story_received.send(sender=Story, story=story, revision=story.current, created=True)
    assert not SearchEntry.objects.filter(story=story).exists()
    story.state = StoryState.PUBLISHED
    story.save(update_fields=["state"])
    story_changed.send(sender=Story, story=story, action="published")
    assert SearchEntry.objects.filter(story=story).exists()


def test_indexing_runs_in_the_task_worker(make_story, backend, network, settings):
    """With the database task backend a change only enqueues; the worker indexes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    story = make_story("Queued beacon")
    assert not SearchEntry.objects.filter(story=story).exists()
    queued = DBTaskResult.objects.filter(task_path="wiredesk.search.tasks.update_story_index")
    assert queued.count() == 1 and queued.get().args_kwargs["args"] == [story.pk]
    job = queued.get()  # what a worker does with it (db_worker itself closes connections)
    job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
    assert SearchEntry.objects.filter(story=story).exists()
    assert backend.search("beacon", site=network["spacewar"], now=NOW).total == 1


def test_deleting_a_story_deletes_its_entry(make_story, backend, network):
    story = make_story("Deleted beacon")
    story.delete()
    assert SearchEntry.objects.count() == 0
    assert backend.search("beacon", site=network["spacewar"], now=NOW).total == 0
