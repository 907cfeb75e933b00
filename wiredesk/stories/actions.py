"""The business rules of every editorial action on a story, for the desk, the CLI and the API.

Each action takes the story, an :class:`Actor` (a desk user, or a process such as the CLI run by
the operator) and its arguments; it checks the actor's permission, refuses a wrong state or bad
input with :class:`ActionError` (a message for a person), changes the story in one transaction,
and announces it twice: :data:`action_done` (the desk writes the audit entry from it, inside the
same transaction) and ``story_changed`` (caches and search indexes listen). A refusal for lack
of permission raises :class:`ActionRefused` after sending :data:`action_refused`, so it is
audited too.

Visibility follows ``Story.objects.live()``: a scheduled or embargoed story is ``published``
with ``embargo_until`` in the future, so every output skips it until then with no job to run.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from wiredesk.ingest.normalize.sanitize import html_to_text, sanitize_html

from .models import Revision, Story, StoryState
from .signals import story_changed

# action_done(sender=Story, story=..., actor=Actor, action=str, before=dict, after=dict, note=str)
action_done = Signal()
# action_refused(sender=Story, story=... or None, actor=Actor, action=str, note=str)
action_refused = Signal()

# action name -> the permission it needs (the last four are wiredesk.routing.editing's)
PERMISSIONS = {
    "publish": "stories.publish",
    "schedule": "stories.publish",
    "embargo": "stories.publish",
    "hold": "stories.publish",
    "unpublish": "stories.publish",
    "use_version": "stories.publish",
    "kill": "stories.kill",
    "correct": "stories.correct",
    "edit": "stories.edit_text",
    "edit_live": "stories.publish",  # editing a published story changes what readers see
    "route": "stories.route",
    "place": "stories.route",
    "unplace": "stories.route",
    "set_primary": "stories.route",
    "move": "stories.route",
}

CORRECTION_MAX = 2000
HEADLINE_MAX = 500
PUBLISHABLE = {
    StoryState.INCOMING,
    StoryState.HELD,
    StoryState.PUBLISHED,
    StoryState.REJECTED,
    StoryState.UNPUBLISHED,
}


class ActionError(ValueError):
    """The action cannot be done to this story, or its input is wrong; says why."""


class ActionRefused(PermissionDenied):
    """The actor lacks the permission the action needs."""


@dataclass(frozen=True)
class Actor:
    """Who acts: ``label`` is recorded (user name or process); ``user`` is checked for
    permissions. An actor without a user is the operator (a command run on the server)."""

    label: str
    user: object = None

    @classmethod
    def of(cls, user) -> "Actor":
        return cls(label=user.get_username(), user=user)

    @property
    def decided_by(self) -> str:
        """How placements record this actor's decisions (the classifier learns from these)."""
        return f"editor:{self.label}"

    def can(self, action: str) -> bool:
        return self.user is None or self.user.has_perm(PERMISSIONS[action])

    def require(self, action: str, story=None, note: str = "") -> None:
        """Raise :class:`ActionRefused` (audited) unless the actor may do ``action``."""
        if self.can(action):
            return
        permission = PERMISSIONS[action]
        message = f"{self.label} may not {action.replace('_', ' ')} (needs {permission})"
        action_refused.send(
            sender=Story, story=story, actor=self, action=action, note=note or message
        )
        raise ActionRefused(message)


def snapshot(story: Story) -> dict:
    """What the audit log records of a story before and after an action (JSON-ready)."""

    def when(value):
        return value.isoformat() if value else None

    placements = [
        {
            "site": p.site.key,
            "section": p.section.key if p.section else None,
            "primary": p.is_primary,
            "state": p.state,
            "decided_by": p.decided_by,
        }
        for p in story.placements.select_related("site", "section").order_by("site__key")
    ]
    return {
        "state": story.state,
        "headline": story.headline,
        "revision": story.revision_count,
        "primary_site": story.primary_site.key if story.primary_site else None,
        "published_at": when(story.published_at),
        "embargo_until": when(story.embargo_until),
        "scheduled_at": when(story.scheduled_at),
        "correction": story.correction,
        "killed_at": when(story.killed_at),
        "cluster_canonical": story.cluster.canonical_id if story.cluster else None,
        "placements": placements,
    }


def perform(story: Story, actor: Actor, action: str, change, note: str = "") -> Story:
    """Check ``actor`` may do ``action``, then run ``change(story, now)`` on a locked, fresh
    copy of ``story`` in one transaction, audit it and announce it. Returns the fresh copy."""
    actor.require(action, story)
    with transaction.atomic():
        fresh = (
            Story.objects.select_for_update(of=("self",))
            .select_related("primary_site", "cluster")
            .get(pk=story.pk)
        )
        before = snapshot(fresh)
        now = timezone.now()
        extra = change(fresh, now) or {}
        fresh.updated_at = now
        fresh.save()
        after = snapshot(fresh)
        action_done.send(
            sender=Story,
            story=fresh,
            actor=actor,
            action=action,
            before=before,
            after=after,
            note=extra.get("note", note),
        )
        story_changed.send(sender=Story, story=fresh, action=action)
        for other in extra.get("also_changed", ()):
            story_changed.send(sender=Story, story=other, action=action)
    return fresh


# -- publishing ------------------------------------------------------------------------------


def _check_publishable(story: Story) -> None:
    if story.state == StoryState.KILLED:
        raise ActionError("a killed story stays killed")
    if story.state == StoryState.DUPLICATE:
        raise ActionError(
            "this story is a duplicate in a cluster: choose it with 'use this version'"
        )
    if story.state not in PUBLISHABLE:
        raise ActionError(f"a {story.state} story cannot be published")


def _accept_placements(story: Story, actor: Actor) -> None:
    """Publishing accepts the suggested placements as the editor's own decisions, and makes
    sure one published placement is the primary site."""
    from wiredesk.routing.models import PlacementState
    from wiredesk.routing.tasks import note_editor_decisions

    placements = list(story.placements.exclude(state=PlacementState.REMOVED))
    if not placements:
        raise ActionError("the story is on no site: add a site before publishing it")
    accepted = [p for p in placements if p.state == PlacementState.SUGGESTED]
    note_editor_decisions(len(accepted))
    for placement in accepted:
        placement.reasons = [
            *placement.reasons,
            f"accepted on the desk (suggested by {placement.decided_by})",
        ]
        placement.decided_by = actor.decided_by
        placement.state = PlacementState.PUBLISHED
        placement.save(update_fields=["reasons", "decided_by", "state"])
    primary = next((p for p in placements if p.is_primary), None)
    if primary is None:
        primary = max(placements, key=lambda p: (p.priority, p.confidence, -p.pk))
        primary.is_primary = True
        primary.save(update_fields=["is_primary"])
    story.primary_site_id = primary.site_id


def _go_live(story: Story, actor: Actor, at: datetime, now: datetime, keep_date: bool) -> None:
    _check_publishable(story)
    _accept_placements(story, actor)
    was_out = story.published_at is None or story.published_at > now
    story.state = StoryState.PUBLISHED
    if not keep_date or was_out:
        story.published_at = at
    story.embargo_until = at if at > now else None


def publish(story: Story, actor: Actor) -> Story:
    """Publish now: live on every site it is placed on; lifts any embargo or schedule."""

    def change(story, now):
        _go_live(story, actor, now, now, keep_date=True)
        story.scheduled_at = None

    return perform(story, actor, "publish", change)


def _future(at, now, what: str) -> datetime:
    if not isinstance(at, datetime):
        raise ActionError(f"{what}: give a date and time")
    if timezone.is_naive(at):
        raise ActionError(f"{what}: the time needs a time zone")
    if at <= now:
        raise ActionError(f"{what}: {at:%Y-%m-%d %H:%M} is not in the future; publish it now")
    return at


def schedule(story: Story, actor: Actor, at: datetime) -> Story:
    """Publish at ``at``: published with ``embargo_until`` = ``published_at`` = ``at``, so it
    appears everywhere at that moment, dated then."""

    def change(story, now):
        when = _future(at, now, "schedule")
        _go_live(story, actor, when, now, keep_date=False)
        story.scheduled_at = when

    return perform(story, actor, "schedule", change)


def embargo(story: Story, actor: Actor, until: datetime) -> Story:
    """Hold until ``until``: off every output until then, then live. A story already published
    keeps its date; one not yet published is dated ``until``."""

    def change(story, now):
        when = _future(until, now, "embargo")
        _go_live(story, actor, when, now, keep_date=True)
        story.scheduled_at = None

    return perform(story, actor, "embargo", change)


def hold(story: Story, actor: Actor) -> Story:
    """Take the story off the sites (if it was on) and back to the desk's queue."""

    def change(story, now):
        if story.state == StoryState.HELD:
            raise ActionError("the story is already held")
        _check_publishable(story)
        story.state = StoryState.HELD
        story.scheduled_at = None

    return perform(story, actor, "hold", change)


def unpublish(story: Story, actor: Actor) -> Story:
    """Take a published story down (404 on its URL); it can be published again."""

    def change(story, now):
        if story.state != StoryState.PUBLISHED:
            raise ActionError(f"only a published story can be unpublished (it is {story.state})")
        story.state = StoryState.UNPUBLISHED
        story.scheduled_at = None

    return perform(story, actor, "unpublish", change)


def kill(story: Story, actor: Actor, reason: str = "") -> Story:
    """Kill: gone from every output for good, 410 Gone on its URLs."""

    def change(story, now):
        if story.state == StoryState.KILLED:
            raise ActionError("the story is already killed")
        story.state = StoryState.KILLED
        story.killed_at = now
        story.scheduled_at = None

    return perform(story, actor, "kill", change, note=_one_line(reason))


# -- text ------------------------------------------------------------------------------------


def _one_line(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def correct(story: Story, actor: Actor, note: str) -> Story:
    """Publish a correction note on the story's page (same URL); its modified date moves on.
    A later correction replaces the note shown (the audit log keeps every one)."""
    text = html_to_text(str(note or "")).strip()

    def change(story, now):
        if not text:
            raise ActionError("correction: write the note readers will see")
        if len(text) > CORRECTION_MAX:
            raise ActionError(f"correction: at most {CORRECTION_MAX} characters")
        if story.state != StoryState.PUBLISHED:
            raise ActionError(
                f"corrections are for published stories (this one is {story.state}): edit it"
            )
        story.correction = text
        story.corrected_at = now
        story.modified_at = now

    return perform(story, actor, "correct", change, note=text)


EDITABLE = ("headline", "body_html", "dateline_place", "dateline_date", "byline")


def revision_hash(fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def clean_edit(changes: dict) -> dict:
    """Validate and normalise edited fields: plain one-line headline, dateline and byline;
    the body through the sanitiser. Unknown fields are an error."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ActionError(f"edit: unknown field {sorted(unknown)[0]!r}")
    clean = {}
    for name, value in changes.items():
        if value is None:
            continue
        if name == "body_html":
            clean[name] = sanitize_html(str(value)).strip()
        else:
            clean[name] = _one_line(html_to_text(str(value)))
    if "headline" in clean:
        if not clean["headline"]:
            raise ActionError("headline: it cannot be empty")
        if len(clean["headline"]) > HEADLINE_MAX:
            raise ActionError(f"headline: at most {HEADLINE_MAX} characters")
    if "body_html" in clean and not html_to_text(clean["body_html"]).strip():
        raise ActionError("body: it cannot be empty")
    return clean


def edit(story: Story, actor: Actor, **changes) -> Story:
    """Edit ``headline``, ``body_html``, ``dateline_place``, ``dateline_date`` or ``byline``:
    a new revision by the actor (the URL stays the same). Nothing changed is an error.
    Editing a published story needs the publish permission too: the change goes live."""
    actor.require("edit", story)
    if story.state == StoryState.PUBLISHED:
        actor.require("edit_live", story)
    clean = clean_edit(changes)

    def change(story, now):
        if story.state == StoryState.KILLED:
            raise ActionError("a killed story cannot be edited")
        current = story.revisions.order_by("-number").first()
        if current is None:
            raise ActionError("the story has no text to edit")
        changed = {k: v for k, v in clean.items() if getattr(current, k) != v}
        if not changed:
            raise ActionError("edit: nothing changed")
        fields = {
            f.name: getattr(current, f.name)
            for f in Revision._meta.concrete_fields
            if f.name not in ("id", "story", "number", "created_at", "created_by", "content_hash")
        }
        fields.update(changed)
        if "body_html" in changed:
            fields["summary"] = ""
        number = max(story.revision_count, current.number) + 1
        Revision.objects.create(
            story=story,
            number=number,
            created_at=now,
            created_by=actor.label,
            content_hash=revision_hash({k: fields[k] for k in EDITABLE}),
            **fields,
        )
        story.headline = fields["headline"]
        story.revision_count = number
        story.modified_at = now
        return {"note": "changed " + ", ".join(sorted(changed))}

    return perform(story, actor, "edit", change)


# -- duplicate clusters ----------------------------------------------------------------------


def use_version(story: Story, actor: Actor) -> Story:
    """Make ``story`` the version its duplicate cluster publishes: it takes the current
    version's state, placements and primary site; the current version becomes a duplicate."""
    from wiredesk.routing.models import Placement, PlacementState
    from wiredesk.routing.tasks import note_editor_decisions

    def change(story, now):
        cluster = story.cluster
        if cluster is None:
            raise ActionError("the story is in no duplicate cluster")
        if story.state == StoryState.KILLED:
            raise ActionError("a killed story cannot be the version in use")
        old = cluster.canonical
        if old is not None and old.pk == story.pk:
            raise ActionError("this is already the version in use")
        cluster.canonical = story
        cluster.save(update_fields=["canonical"])
        if old is None:
            story.state = StoryState.HELD
            return {"note": "no version was in use"}
        old = Story.objects.select_for_update().get(pk=old.pk)
        placements = list(old.placements.exclude(state=PlacementState.REMOVED))
        note_editor_decisions(len(placements))
        for placement in placements:
            Placement.objects.update_or_create(
                story=story,
                site_id=placement.site_id,
                defaults={
                    "section_id": placement.section_id,
                    "is_primary": placement.is_primary,
                    "state": PlacementState.PUBLISHED,
                    "confidence": 1.0,
                    "decided_by": actor.decided_by,
                    "reasons": [f"version chosen on the desk instead of story {old.pk}"],
                    "priority": placement.priority,
                },
            )
        story.primary_site_id = old.primary_site_id
        if old.state in PUBLISHABLE:
            story.state = old.state
        else:
            story.state = StoryState.HELD
        if story.state == StoryState.PUBLISHED:
            story.published_at = old.published_at or now
            story.embargo_until = old.embargo_until
        old.state = StoryState.DUPLICATE
        old.updated_at = now
        old.save(update_fields=["state", "updated_at"])
        return {"note": f"replaces story {old.pk}", "also_changed": [old]}

    return perform(story, actor, "use_version", change)
