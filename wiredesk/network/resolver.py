"""Host to site resolution.

A request's host picks a site by, in order: the site's own domain (``www.spacewar.com``), the
development form ``KEY.<WIREDESK_DEV_HOST_SUFFIX>`` (``spacewar.localhost``), or nothing: a bare
IP address or ``localhost`` shows the network index (``None``). Unknown names fall back to the
default site. The lookup table is cached per process and cleared when the network changes.
"""

from django.conf import settings

from wiredesk.core import generations

from .models import SiteProfile

_local = {"table": None, "generation": None}


def network_generation() -> int:
    return generations.current("network")


def bump_network_generation() -> None:
    generations.bump("network")
    _local["table"] = None


def _host_table() -> dict:
    generation = network_generation()
    if _local["table"] is None or _local["generation"] != generation:
        profiles = list(SiteProfile.objects.select_related("site"))
        by_host = {}
        for profile in profiles:
            by_host[profile.site.domain.lower()] = profile
            by_host[f"{profile.key}.{settings.WIREDESK_DEV_HOST_SUFFIX}"] = profile
        default = next((p for p in profiles if p.is_default), None)
        _local["table"] = {"hosts": by_host, "default": default}
        _local["generation"] = generation
    return _local["table"]


def resolve_site(host: str) -> SiteProfile | None:
    hostname = host.rsplit(":", 1)[0].lower() if not host.endswith("]") else host.lower()
    if hostname.startswith("[") or hostname.replace(".", "").isdigit():
        return None
    if hostname in {"localhost", settings.WIREDESK_DEV_HOST_SUFFIX}:
        return None
    table = _host_table()
    return table["hosts"].get(hostname, table["default"])


def site_base_url(profile: SiteProfile, request=None) -> str:
    """The base URL of a site as seen from ``request``: the dev host form when the request came
    in on it, else the site's real domain."""
    if request is not None:
        host = request.get_host()
        hostname, _, port = host.partition(":")
        suffix = settings.WIREDESK_DEV_HOST_SUFFIX
        if (
            hostname == suffix
            or hostname.endswith("." + suffix)
            or hostname.replace(".", "").isdigit()
        ):
            port_part = f":{port}" if port else ""
            return f"{request.scheme}://{profile.key}.{suffix}{port_part}"
        return f"{request.scheme}://{profile.site.domain}"
    return f"https://{profile.site.domain}"
