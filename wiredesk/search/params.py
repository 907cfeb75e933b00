"""The search page's query string, read leniently: ``q``, ``section``, ``agency``, ``from``,
``to`` (dates in the site's time zone, YYYY-MM-DD), ``sort`` and ``page``. A value that makes
no sense is dropped with a note for the reader, never an error page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from wiredesk.network.models import Agency, Section

MAX_PAGE = 10_000


@dataclass
class SearchParams:
    q: str = ""
    section: Section | None = None
    agency: Agency | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    problems: list[str] = field(default_factory=list)

    def window(self, tz) -> tuple[datetime | None, datetime | None]:
        """``(start, end)`` in UTC-aware datetimes: the start of ``date_from`` and the end of
        ``date_to`` (exclusive), as days in the site's zone ``tz``."""
        start = datetime.combine(self.date_from, time.min, tz) if self.date_from else None
        end = (
            datetime.combine(self.date_to + timedelta(days=1), time.min, tz)
            if self.date_to
            else None
        )
        return start, end

    def query_string(self, **changes) -> str:
        """This search's query string with ``changes`` (e.g. ``page=2``), for links."""
        from urllib.parse import urlencode

        values = {
            "q": self.q,
            "section": self.section.key if self.section else "",
            "agency": self.agency.key if self.agency else "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "sort": "" if self.sort == "relevance" else self.sort,
            "page": "" if self.page == 1 else str(self.page),
        }
        values.update({key: str(value) for key, value in changes.items()})
        if values.get("page") == "1":
            values["page"] = ""
        return urlencode({key: value for key, value in values.items() if value})


def read_params(get, profile) -> SearchParams:
    """Parse the request's ``GET`` for ``profile``'s search page."""
    params = SearchParams(q=_one(get, "q"))
    section_key = _one(get, "section")
    if section_key:
        params.section = Section.objects.filter(site=profile, key=section_key).first()
        if params.section is None:
            params.problems.append("That section is not on this site; searching all sections.")
    agency_key = _one(get, "agency")
    if agency_key:
        params.agency = Agency.objects.filter(key__iexact=agency_key).first()
        if params.agency is None:
            params.problems.append("No agency has that name; searching all agencies.")
    params.date_from = _date(get, "from", params.problems)
    params.date_to = _date(get, "to", params.problems)
    if params.date_from and params.date_to and params.date_from > params.date_to:
        params.date_from, params.date_to = params.date_to, params.date_from
        params.problems.append("The dates were the wrong way round; they have been swapped.")
    params.sort = "newest" if _one(get, "sort") == "newest" else "relevance"
    page = _one(get, "page")
    params.page = int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1
    return params


def _one(get, name: str) -> str:
    value = get.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _date(get, name: str, problems: list[str]) -> date | None:
    value = _one(get, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        label = "start" if name == "from" else "end"
        problems.append(f"The {label} date is not a date like 2026-11-28; it was left out.")
        return None
