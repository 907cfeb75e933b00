"""``/robots.txt``: keep crawlers out of the desk and the admin, and point them at the site's
sitemaps (on the network index host there are none)."""

from django.http import HttpResponse
from django.urls import reverse

from wiredesk.network.resolver import site_base_url

PRIVATE_PATHS = ("/desk/", "/admin/")


def robots_lines(profile, request) -> list[str]:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
    if profile is not None:
        base = site_base_url(profile, request)
        lines.append("")
        lines += [f"Sitemap: {base}{reverse(name)}" for name in ("sitemap-index", "news-sitemap")]
    return lines


def robots_txt(request):
    profile = getattr(request, "network_site", None)
    body = "\n".join(robots_lines(profile, request)) + "\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
