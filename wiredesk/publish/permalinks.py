"""Article URLs from a site's permalink pattern, and the one canonical URL of each story.

A pattern has the form ``/PREFIX/{slug}_{id}.html`` (``/reports/{slug}_{id}.html`` by default)
or ``/{slug}_{id}.html``; the article route in ``urls.py`` serves both forms.
"""

from wiredesk.network.models import DEFAULT_PERMALINK
from wiredesk.network.resolver import site_base_url

_TAIL = "{slug}_{id}.html"


def permalink_pattern(profile) -> str:
    """The site's pattern if it has the supported form, else the network default."""
    pattern = (profile.permalink if profile is not None else "") or DEFAULT_PERMALINK
    prefix, found, rest = pattern.partition(_TAIL)
    if not found or rest or not prefix.startswith("/") or not prefix.endswith("/"):
        return DEFAULT_PERMALINK
    if "/" in prefix.strip("/"):
        return DEFAULT_PERMALINK
    return pattern


def permalink_prefix(profile) -> str:
    """The folder of article URLs, without slashes: ``reports`` (or ``""`` for the root)."""
    return permalink_pattern(profile).partition(_TAIL)[0].strip("/")


def story_url(story, profile) -> str:
    """The path of ``story`` on ``profile``'s site: ``/reports/Some_headline_42.html``."""
    return permalink_pattern(profile).format(slug=story.slug, id=story.pk)


def absolute_story_url(story, profile, request=None) -> str:
    """``story``'s URL on the site ``profile``, with the scheme and host (see site_base_url)."""
    return site_base_url(profile, request) + story_url(story, profile)


def canonical_url(story, request=None, fallback=None) -> str:
    """The one canonical URL of ``story``: on its primary site, else on ``fallback`` (or the
    request's site) when it has none."""
    profile = story.primary_site or fallback or getattr(request, "network_site", None)
    return absolute_story_url(story, profile, request)
