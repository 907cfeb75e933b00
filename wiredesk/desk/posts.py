"""The desk's actions: POST only (CSRF-checked by Django's middleware), each calling the
business rules in ``wiredesk.stories.actions`` or ``wiredesk.routing.editing``, then going back
to where the editor was with a message. A missing permission is a 403 (and an audit entry)."""

from datetime import UTC, datetime

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wiredesk.routing import editing
from wiredesk.stories import actions
from wiredesk.stories.actions import ActionError, ActionRefused
from wiredesk.stories.models import Story

from .access import actor, denied, desk_page

BULK_ACTIONS = ("publish", "hold", "kill")
BULK_MAX = 200


def parse_when(value: str, what: str) -> datetime:
    """A ``datetime-local`` value (``2026-11-28T14:30``), read as UTC."""
    text = (value or "").strip().replace(" ", "T")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ActionError(f"{what}: give a date and time (UTC), like 2026-11-28 14:30") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _edit(story, who, data):
    fields = {name: data.get(name) for name in actions.EDITABLE if name in data}
    return actions.edit(story, who, **fields)


# action name -> (function(story, actor, POST data), message when done)
ACTIONS = {
    "publish": (lambda s, a, d: actions.publish(s, a), "Published."),
    "schedule": (
        lambda s, a, d: actions.schedule(s, a, parse_when(d.get("at"), "schedule")),
        "Scheduled.",
    ),
    "embargo": (
        lambda s, a, d: actions.embargo(s, a, parse_when(d.get("until"), "embargo")),
        "Embargoed.",
    ),
    "hold": (lambda s, a, d: actions.hold(s, a), "Held for the desk."),
    "unpublish": (lambda s, a, d: actions.unpublish(s, a), "Unpublished."),
    "kill": (lambda s, a, d: actions.kill(s, a, d.get("reason", "")), "Killed."),
    "correct": (lambda s, a, d: actions.correct(s, a, d.get("note", "")), "Correction published."),
    "edit": (_edit, "Saved as a new revision."),
    "use_version": (lambda s, a, d: actions.use_version(s, a), "This version is now in use."),
    "place": (
        lambda s, a, d: editing.place(
            s, a, d.get("site"), d.get("section") or None, primary=bool(d.get("primary"))
        ),
        "Placed.",
    ),
    "unplace": (lambda s, a, d: editing.unplace(s, a, d.get("site")), "Removed from the site."),
    "set_primary": (lambda s, a, d: editing.set_primary(s, a, d.get("site")), "Primary site set."),
    "move": (
        lambda s, a, d: editing.move(s, a, d.get("site"), d.get("section") or None),
        "Moved.",
    ),
}


def back(request, default: str) -> HttpResponseRedirect:
    """Back to the page the form came from (``next``), if it is on this host."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


@require_POST
@desk_page()
def story_action(request, pk, action):
    """``POST /desk/story/<id>/<action>/``."""
    if action not in ACTIONS:
        raise Http404(f"no desk action {action!r}")
    story = get_object_or_404(Story, pk=pk)
    function, done = ACTIONS[action]
    story_page = reverse("desk:story", args=[pk])
    try:
        function(story, actor(request), request.POST)
    except ActionRefused as refusal:
        return denied(request, str(refusal))
    except ActionError as error:
        messages.error(request, f"{story.headline[:80]}: {error}")
        return back(request, story_page)
    messages.success(request, done)
    if action == "edit":  # from the edit form to the story, with its new revision
        return HttpResponseRedirect(story_page)
    return back(request, story_page)


@require_POST
@desk_page()
def bulk(request):
    """``POST /desk/bulk/``: publish, hold or kill the selected stories (``story`` ids)."""
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, f"Choose one of: {', '.join(BULK_ACTIONS)}.")
        return back(request, reverse("desk:queue"))
    ids = [int(v) for v in request.POST.getlist("story") if v.isdigit()][:BULK_MAX]
    if not ids:
        messages.error(request, "Select one or more stories first.")
        return back(request, reverse("desk:queue"))
    who = actor(request)
    try:
        who.require(action, note=f"bulk {action} of stories {', '.join(map(str, ids))}")
    except ActionRefused as refusal:
        return denied(request, str(refusal))
    function, _done = ACTIONS[action]
    done, problems = 0, []
    for story in Story.objects.filter(pk__in=ids).order_by("pk"):
        try:
            function(story, who, request.POST)
            done += 1
        except ActionError as error:
            problems.append(f"{story.headline[:60]}: {error}")
    if done:
        messages.success(request, f"{action.capitalize()}: {done} of {len(ids)} done.")
    for problem in problems:
        messages.error(request, problem)
    return back(request, reverse("desk:queue"))
