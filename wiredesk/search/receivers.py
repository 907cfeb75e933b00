"""Keep the search index in step with stories: each change enqueues an index task."""

from django.dispatch import receiver

from wiredesk.stories.models import StoryState
from wiredesk.stories.signals import stories_changed, story_changed, story_received

from .tasks import schedule_update, schedule_updates


@receiver(story_changed)
def story_visibility_changed(sender, story, **kwargs):
    """Published, killed, unpublished, made a duplicate...: index or remove it."""
    schedule_update(story)


@receiver(stories_changed)
def many_stories_changed(sender, stories, **kwargs):
    """A routed chunk of new stories: one task indexes them all."""
    schedule_updates(stories)


@receiver(story_received)
def story_text_received(sender, story, created, **kwargs):
    """A new revision: refresh the indexed text. A new story is not published yet (routing
    announces that with ``story_changed``), so there is nothing to index for it now."""
    if created and story.state != StoryState.PUBLISHED:
        return
    schedule_update(story)
