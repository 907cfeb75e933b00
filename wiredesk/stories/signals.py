"""Signals the stories app sends; other stages (routing, publish, search) listen."""

from django.dispatch import Signal

# sent inside the transaction that stored a story's new revision:
# story_received(sender=Story, story=..., revision=..., created=bool)
story_received = Signal()

# sent after story_received for every new story of a chunk stored together, in the same
# transaction: stories_received(sender=Story, received=[(story, revision), ...])
stories_received = Signal()

# sent when a story's visibility changes (published, killed, clustered, ...):
# story_changed(sender=Story, story=..., action=str)
story_changed = Signal()

# sent once for many stories whose visibility changed together (a routed chunk), instead of
# one story_changed each: stories_changed(sender=Story, stories=[...], action=str), with
# sites={site ids} when the sender knows every site they are placed on (routing does)
stories_changed = Signal()
