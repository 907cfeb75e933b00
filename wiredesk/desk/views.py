"""The desk: what came in, where it went, and why. Editing actions arrive with issue 4."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from wiredesk.routing.models import Placement
from wiredesk.stories.models import Story, StoryState

QUEUE_SIZE = 100


@login_required
def queue(request):
    state = request.GET.get("state", "")
    stories = Story.objects.select_related(
        "agency", "source", "primary_site__site"
    ).prefetch_related(
        Prefetch("placements", queryset=Placement.objects.select_related("site__site", "section"))
    )
    if state in StoryState.values:
        stories = stories.filter(state=state)
    context = {
        "stories": stories.order_by("-created_at")[:QUEUE_SIZE],
        "states": StoryState.choices,
        "current_state": state,
        "counts": {s: Story.objects.filter(state=s).count() for s, _ in StoryState.choices},
    }
    return render(request, "desk/queue.html", context)
