"""The ORM queries behind the archive, topic and agency pages (see ``listings.py``)."""

from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.text import slugify

from wiredesk.network.models import Agency

from .queries import visible_stories

TOPIC_CANDIDATES = 2000
"""Stories a topic page looks at (newest first) to find the ones carrying the topic."""


def published_between(profile, start: datetime, end: datetime):
    """The site's visible stories published in ``[start, end)``, oldest first."""
    return (
        visible_stories(profile)
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "pk")
    )


def archive_days(profile, zone, days: int) -> list[tuple]:
    """``[(day, count)]`` for the newest ``days`` days (in ``zone``) with stories."""
    rows = (
        visible_stories(profile)
        .order_by()
        .annotate(day=TruncDate("published_at", tzinfo=zone))
        .values("day")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-day")[:days]
    )
    return [(row["day"], row["count"]) for row in rows]


def nearest_day(profile, zone, before=None, after=None):
    """The closest day with stories before ``before`` or from ``after`` on, or None."""
    stories = visible_stories(profile)
    if before is not None:
        moment = (
            stories.filter(published_at__lt=before)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
    else:
        moment = (
            stories.filter(published_at__gte=after)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
    return moment.astimezone(zone).date() if moment else None


def topic_stories(profile, slug: str) -> tuple[str, list]:
    """The topic's name as first written and the site's stories carrying it, newest first.

    A story carries a topic when a keyword or subject code of one of its revisions slugifies
    to ``slug``. The database narrows the candidates by text; the slugs decide.
    """
    words = [w for w in slug.split("-") if w]
    if not words:
        return "", []
    narrow = Q()
    for word in words:
        narrow &= Q(revisions__keywords__icontains=word) | Q(revisions__subjects__icontains=word)
    candidates = (visible_stories(profile).filter(narrow).distinct().prefetch_related("revisions"))[
        :TOPIC_CANDIDATES
    ]
    name, found = "", []
    for story in candidates:
        for revision in story.revisions.all():
            terms = [*revision.keywords, *revision.subjects]
            match = next((t for t in terms if topic_slug(t) == slug), None)
            if match:
                name = name or match
                found.append(story)
                break
    return name, found


def topic_slug(term) -> str:
    """A keyword's or subject code's topic slug: ``South China Sea`` -> ``south-china-sea``,
    ``medtop:20000763`` -> ``medtop-20000763``."""
    return slugify(str(term).replace(":", " ")) if term else ""


def find_agency(key: str):
    """The agency with ``key`` (any case), or None."""
    return Agency.objects.filter(key__iexact=key).first()


def agency_stories(profile, agency):
    return visible_stories(profile).filter(agency=agency)
