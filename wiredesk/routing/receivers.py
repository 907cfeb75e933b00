"""Route new stories as soon as the stories app has stored them (a chunk at a time)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wiredesk.stories.signals import stories_received

from .models import Rule
from .services import route_new_stories, rules_changed


@receiver(stories_received)
def route_new(sender, received, **kwargs):
    route_new_stories(received)


@receiver(post_save, sender=Rule)
@receiver(post_delete, sender=Rule)
def recompile_rules(sender, **kwargs):
    rules_changed()
