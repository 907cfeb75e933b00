"""Make ``django.contrib.sites``' idea of the current site agree with the network's.

Django finds the current Site by the request's exact host, but wiredesk also serves a site on
``KEY.localhost`` and serves the desk and admin on any host (a bare IP address included).
Without this, contrib views that ask for the current site (the login pages, password resets)
fail with ``Site.DoesNotExist`` on those hosts. ``install()`` lets the site manager ask the
network resolver first: a network site's own Site, else the default site's, else Django's
``RequestSite`` built from the host.
"""

from django.contrib.sites.models import SiteManager
from django.contrib.sites.requests import RequestSite

from .models import SiteProfile
from .resolver import resolve_site

_original = SiteManager._get_site_by_request


def _get_site_by_request(manager, request):
    profile = getattr(request, "network_site", None) or resolve_site(request.get_host())
    if profile is not None:
        return profile.site
    try:
        return _original(manager, request)
    except manager.model.DoesNotExist:
        default = SiteProfile.objects.select_related("site").filter(is_default=True).first()
        return default.site if default is not None else RequestSite(request)


def install() -> None:
    SiteManager._get_site_by_request = _get_site_by_request
