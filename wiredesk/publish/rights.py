"""Where each agency's stories may appear: its licence's allowed outputs.

An agency's ``outputs`` (network file, admin) lists ``web`` (site pages, sitemaps, search),
``feeds``, ``api`` (the JSON API and the widget) and ``export`` (the static export); all four
by default. A story from an agency without ``web`` is absent from everything, since every other
output links to its page. The agencies lacking an output are read once per network generation
(saving an agency bumps it).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wiredesk.core import generations
from wiredesk.network.models import Agency

OUTPUTS = ("web", "feeds", "api", "export")

_rendering_for: ContextVar[str] = ContextVar("wiredesk_rendering_for", default="web")


@contextmanager
def rendering_for(output: str):
    """Render pages for ``output`` (the static export) in this block: the stories every page
    lists are those the output may carry, so no page links to an article left out of it."""
    token = _rendering_for.set(output)
    try:
        yield
    finally:
        _rendering_for.reset(token)


def current_output() -> str:
    return _rendering_for.get()


_cache: dict = {"generation": None, "without": {}}


def agencies_without(output: str) -> frozenset[int]:
    """Ids of the agencies whose stories may not appear in ``output``."""
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r} (known: {', '.join(OUTPUTS)})")
    generation = generations.current("network")
    if _cache["generation"] != generation:
        rows = list(Agency.objects.values_list("pk", "outputs"))
        _cache["without"] = {
            name: frozenset(pk for pk, allowed in rows if name not in (allowed or ()))
            for name in OUTPUTS
        }
        _cache["generation"] = generation
    return _cache["without"][output]


def allowed_in(stories, output: str):
    """``stories`` (a queryset) without those whose agency may not appear in ``output``."""
    excluded = agencies_without(output)
    return stories.exclude(agency_id__in=excluded) if excluded else stories


def story_allowed_in(story, output: str) -> bool:
    return story.agency_id not in agencies_without(output)
