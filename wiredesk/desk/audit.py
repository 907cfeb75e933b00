"""Write the audit log: every editorial action (from the desk, the CLI or the API), every
refusal, who did it, when, and the story before and after."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from wiredesk.stories.actions import action_done, action_refused

from . import ratelimit
from .models import AuditEntry


def record(actor, action: str, story=None, before=None, after=None, note: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor.user if actor.user is not None and actor.user.pk else None,
        actor_label=actor.label[:150],
        action=action[:64],
        story=story,
        before=before or {},
        after=after or {},
        note=note,
    )


@receiver(action_done)
def audit_action(sender, story, actor, action, before, after, note="", **kwargs):
    record(actor, action, story, before, after, note)


@receiver(action_refused)
def audit_refusal(sender, story, actor, action, note="", **kwargs):
    record(actor, f"refused:{action}", story, note=note)


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    ratelimit.record_failure(request, credentials.get("username", ""))


@receiver(user_logged_in)
def clear_failed_logins(sender, request, user, **kwargs):
    ratelimit.record_success(request, user.get_username())
