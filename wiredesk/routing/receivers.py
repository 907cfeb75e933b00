"""Route each new story as soon as the stories app has stored it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wiredesk.stories.signals import story_received

from .models import Rule
from .services import route_story, rules_changed


@receiver(story_received)
def route_new_story(sender, story, revision, created, **kwargs):
    if created:
        route_story(story, revision, new=True)


@receiver(post_save, sender=Rule)
@receiver(post_delete, sender=Rule)
def recompile_rules(sender, **kwargs):
    rules_changed()
