"""What every public page shows around its content: the site, its sections, its sisters."""

from wiredesk.network.resolver import site_base_url

from . import queries
from .formatting import site_zone
from .theme import site_colours


def site_chrome(request, profile=None) -> dict:
    """Template context for ``base.html``; ``profile`` None means the network index."""
    profile = profile if profile is not None else getattr(request, "network_site", None)
    if profile is None:
        return {"site": None, "colours": site_colours({}), "lang": "en", "tz": site_zone(None)}
    sisters = [
        {"name": sister.name, "url": site_base_url(sister, request) + "/"}
        for sister in queries.sister_sites(profile)
    ]
    return {
        "site": profile,
        "home_url": "/",
        "sections": queries.site_sections(profile),
        "sisters": sisters,
        "colours": site_colours(profile.theme),
        "lang": profile.language or "en",
        "tz": site_zone(profile.time_zone),
    }
