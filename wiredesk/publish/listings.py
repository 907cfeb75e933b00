"""Listing pages beside fronts and sections: the archive by day, topics and agencies.

* ``/yesterday/`` lists the days with stories; ``/yesterday/<site>-YYYY-MM-DD.html`` (the
  network's long-standing archive address; the first part is ``WIREDESK_ARCHIVE_PATH``) lists a
  day's stories, in the site's time zone, oldest first, with the days before and after.
* ``/topic/<slug>/`` lists the stories whose keywords or subject codes slugify to ``slug``.
* ``/agency/<key>/`` lists an agency's stories with its rights notice.
"""

from datetime import date, datetime, time, timedelta

from django.core.paginator import InvalidPage, Paginator

from . import listing_queries as queries
from .formatting import site_zone
from .views import SECTION_PAGE_SIZE, not_found, render_page

ARCHIVE_DAYS_LISTED = 90


def archive_index(request):
    """The days of the last ``ARCHIVE_DAYS_LISTED`` that have stories, newest first."""
    profile = request.network_site
    if profile is None:
        return not_found(request)
    days = queries.archive_days(profile, site_zone(profile.time_zone), ARCHIVE_DAYS_LISTED)
    return render_page(request, "archive_index.html", {"days": days})


def archive_day(request, sitekey, day):
    """One day's stories on the site, in its time zone."""
    profile = request.network_site
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        return not_found(request)
    if profile is None or sitekey != profile.key:
        return not_found(request)
    zone = site_zone(profile.time_zone)
    start = datetime.combine(wanted, time.min, tzinfo=zone)
    end = datetime.combine(wanted + timedelta(days=1), time.min, tzinfo=zone)
    stories = list(queries.published_between(profile, start, end))
    if not stories:
        return not_found(request)
    context = {
        "day": wanted,
        "stories": stories,
        "previous_day": queries.nearest_day(profile, zone, before=start),
        "next_day": queries.nearest_day(profile, zone, after=end),
    }
    return render_page(request, "archive_day.html", context)


def topic(request, slug):
    """Stories whose keywords or subjects include the topic, newest first, 20 a page."""
    profile = request.network_site
    if profile is None:
        return not_found(request)
    name, stories = queries.topic_stories(profile, slug)
    if not stories:
        return not_found(request)
    return _paged(request, "topic.html", stories, {"topic": name, "slug": slug})


def agency(request, key):
    """An agency's stories on the site, newest first, 20 a page."""
    profile = request.network_site
    found = queries.find_agency(key) if profile is not None else None
    if found is None:
        return not_found(request)
    stories = queries.agency_stories(profile, found)
    return _paged(request, "agency.html", stories, {"agency": found})


def _paged(request, template, stories, context):
    paginator = Paginator(stories, SECTION_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        return not_found(request)
    return render_page(request, template, {**context, "page": page})
