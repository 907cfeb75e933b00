"""The Jinja2 environment for public templates (fast; Django's own template engine serves admin).

Besides ``static`` and ``url`` it offers the permalink helpers and date filters that show UTC
times in the site's zone: ``{{ story.published_at|datefmt(tz) }}``, and ``fragment`` for parts
of a page that are the same on every page of a site (the masthead, the footer)::

    {% call fragment("footer", site.pk if site else none) %}...{% endcall %}

renders its body; the static export (``wiredesk/export/accelerate.py``) replaces it with one
that renders each key once per run and reuses the text, so the key must name everything the
body shows besides the site's own settings.
"""

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment

from .formatting import format_date, format_time, local_time
from .permalinks import canonical_url, story_url


def isoformat(moment, tz=None) -> str:
    """A ``datetime`` attribute value: ISO 8601 with the site's offset."""
    return local_time(moment, tz).isoformat(timespec="minutes") if moment else ""


def fragment(*key, caller):
    """A part of a page identified by ``key``: rendered every time (see the module's text)."""
    return caller()


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(
        static=static,
        url=reverse,
        story_url=story_url,
        canonical_url=canonical_url,
        fragment=fragment,
    )
    env.filters.update(datefmt=format_date, timefmt=format_time, isoformat=isoformat)
    return env
