"""The desk's pages: the live queue, a story with its revisions, cluster, placements and
history, the edit form and the audit log. Actions (POST) are in ``posts.py``."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.network.models import Section, SiteProfile
from wiredesk.network.resolver import site_base_url
from wiredesk.publish.permalinks import story_url
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Story, StoryState

from . import posts
from . import queue as q
from .access import desk_page, permissions
from .diffs import changed, word_diff
from .models import AuditEntry

REFRESH_SECONDS = 15
AUDIT_PAGE_SIZE = 50


def _refresh(request) -> int:
    try:
        return min(600, max(2, int(request.GET.get("refresh", REFRESH_SECONDS))))
    except ValueError:
        return REFRESH_SECONDS


def _queue_context(request):
    flt = q.QueueFilter.from_query(request.GET)
    now = timezone.now()
    counts = q.state_counts(flt, now)
    chips = [
        {
            "value": value,
            "label": label if value else "Queue",
            "count": counts[value],
            "href": "?" + flt.query_string(state=value),
            "current": flt.state == value,
        }
        for value, label in q.STATE_FILTERS
    ]
    return {
        "flt": flt,
        "stories": q.queue_stories(flt, now),
        "chips": chips,
        "clear_href": "?" + q.QueueFilter(state=flt.state).query_string(),
        "recent_hours": q.RECENT_HOURS,
        "now": now,
        "can": permissions(request.user),
        "here": request.get_full_path(),
    }


@desk_page()
def queue(request):
    """``/desk/``: the queue, refreshed in place every few seconds by desk.js."""
    context = _queue_context(request)
    context.update(q.filter_choices())
    context["refresh"] = _refresh(request)
    return render(request, "desk/queue.html", context)


@desk_page()
def queue_rows(request):
    """``/desk/rows/``: the queue's rows and counts alone, for the live refresh."""
    context = _queue_context(request)
    context["here"] = request.GET.get("here", "/desk/")
    return render(request, "desk/_rows.html", context)


def _revision_diffs(revisions):
    """Each revision with what changed from the one before (word diffs of text fields)."""
    rows = []
    previous = None
    for revision in revisions:
        body = html_to_text(revision.body_html)
        row = {"revision": revision, "body_text": body, "diffs": []}
        if previous is not None:
            for label, old, new in [
                ("Headline", previous["revision"].headline, revision.headline),
                ("Dateline", _dateline(previous["revision"]), _dateline(revision)),
                ("Byline", previous["revision"].byline, revision.byline),
                ("Body", previous["body_text"], body),
            ]:
                pieces = word_diff(old, new)
                if changed(pieces):
                    row["diffs"].append((label, pieces))
        rows.append(row)
        previous = row
    return rows


def _dateline(revision) -> str:
    return " ".join(p for p in (revision.dateline_place, revision.dateline_date) if p)


def _changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """The fields an audit entry changed: ``[(name, before, after)]``."""
    rows = []
    for key in sorted(set(entry.before) | set(entry.after)):
        old, new = entry.before.get(key), entry.after.get(key)
        if old == new:
            continue
        if key == "placements":
            old, new = _placements_text(old), _placements_text(new)
        rows.append((key.replace("_", " "), old, new))
    return rows


def _placements_text(placements) -> str:
    shown = []
    for p in placements or []:
        if p.get("state") == PlacementState.REMOVED:
            continue
        text = p["site"] + (f"/{p['section']}" if p.get("section") else "")
        if p.get("primary"):
            text += " (primary)"
        if p.get("state") == PlacementState.SUGGESTED:
            text += " (suggested)"
        shown.append(text)
    return ", ".join(shown) or "nowhere"


def public_links(story, request) -> list[tuple[SiteProfile, str]]:
    """``[(site, URL)]`` of the story on every site it is placed on (published placements)."""
    links = []
    for placement in story.placements.all():
        if placement.state == PlacementState.PUBLISHED:
            profile = placement.site
            links.append((profile, site_base_url(profile, request) + story_url(story, profile)))
    return links


@desk_page()
def story(request, pk):
    """``/desk/story/<id>/``: everything about one story, and its actions."""
    story = get_object_or_404(q.base_queryset(), pk=pk)
    revisions = list(story.revisions.order_by("number"))
    cluster = []
    if story.cluster_id:
        cluster = list(
            Story.objects.filter(cluster_id=story.cluster_id)
            .select_related("agency", "source")
            .order_by("pk")
        )
    history = list(story.audit.select_related("actor").order_by("-at", "-pk")[:200])
    for entry in history:
        entry.changes = _changes(entry)
    sites = list(SiteProfile.objects.select_related("site"))
    sections = list(Section.objects.order_by("site__position", "position"))
    context = {
        "story": story,
        "revision_rows": list(reversed(_revision_diffs(revisions))),
        "current": revisions[-1] if revisions else None,
        "cluster": cluster,
        "canonical_id": story.cluster.canonical_id if story.cluster_id else None,
        "placements": list(
            Placement.objects.filter(story=story)
            .select_related("site__site", "section")
            .order_by("-is_primary", "site__position")
        ),
        "history": history,
        "links": public_links(story, request),
        "sites": sites,
        "sections": sections,
        "can": permissions(request.user),
        "here": request.get_full_path(),
        "states": StoryState,
        "now": timezone.now(),
    }
    return render(request, "desk/story.html", context)


def edit(request, pk):
    """``/desk/story/<id>/edit/``: the form (GET) that makes a new revision (POST)."""
    if request.method == "POST":
        return posts.story_action(request, pk, "edit")
    return edit_form(request, pk)


@desk_page("stories.edit_text")
def edit_form(request, pk):
    story = get_object_or_404(Story.objects.select_related("agency"), pk=pk)
    current = story.current
    values = {
        "headline": current.headline if current else story.headline,
        "dateline_place": current.dateline_place if current else "",
        "dateline_date": current.dateline_date if current else "",
        "byline": current.byline if current else "",
        "body_html": current.body_html if current else "",
    }
    return render(
        request,
        "desk/edit.html",
        {"story": story, "values": values, "here": request.get_full_path()},
    )


@desk_page("desk.view_auditentry")
def audit(request):
    """``/desk/audit/``: every action and refusal, newest first, 50 a page."""
    entries = AuditEntry.objects.select_related("story", "actor").order_by("-at", "-pk")
    action = request.GET.get("action", "").strip()
    who = request.GET.get("who", "").strip()
    if action:
        entries = entries.filter(action=action)
    if who:
        entries = entries.filter(actor_label=who)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.changes = _changes(entry)
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return render(
        request,
        "desk/audit.html",
        {"page": page, "action": action, "who": who, "actions": list(actions)},
    )
