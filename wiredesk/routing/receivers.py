"""Route each new story as soon as the stories app has stored it."""

from django.dispatch import receiver

from wiredesk.stories.signals import story_received

from .services import route_story


@receiver(story_received)
def route_new_story(sender, story, revision, created, **kwargs):
    if created:
        route_story(story, revision)
