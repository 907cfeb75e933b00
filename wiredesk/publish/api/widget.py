"""The embeddable headline widget: ``/api/widget.js`` (a script tag) and the iframe fallback
``/api/widget/<site>/`` that works without JavaScript. See docs/api.md."""

from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from .. import queries
from ..rights import allowed_in
from ..theme import site_colours
from . import serializers as out
from .responses import ApiError, api_view, error_response
from .views import COUNT_DEFAULT, COUNT_MAX, box_title, find_section, find_site, int_param

SCRIPT = Path(__file__).resolve().parent.parent / "static" / "wiredesk" / "widget.js"
# The iframe page may be framed by any site; it runs no script and loads nothing.
FRAME_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors *"
)


@cache
def script_source() -> bytes:
    return SCRIPT.read_bytes()


@api_view
def widget_js(request):
    """The widget script, from the API's own origin so that it knows where the API is."""
    response = HttpResponse(script_source(), content_type="text/javascript; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@xframe_options_exempt
def widget_frame(request, key):
    """A site's newest headlines as a small HTML page for an ``<iframe>``; links open in the
    top window. ``?section=``, ``?count=`` and ``?title=`` as for the script."""
    if request.method not in ("GET", "HEAD"):
        return error_response(405, "method_not_allowed", "the widget is read-only")
    try:
        profile = find_site(key)
        count = int_param(request, "count", COUNT_DEFAULT, COUNT_MAX)
        section_key = request.GET.get("section", "").strip()
        section = find_section(profile, section_key) if section_key else None
    except ApiError as error:
        response = HttpResponse(error.message, status=error.status, content_type="text/plain")
        response["Content-Security-Policy"] = FRAME_POLICY
        return response
    stories = allowed_in(queries.visible_stories(profile, section), "api")[:count]
    context = {
        "title": request.GET.get("title", "").strip()[:200] or box_title(profile, section),
        "site": out.site_ref(profile, request),
        "headlines": [out.headline_item(s, profile, request) for s in stories],
        "colours": site_colours(profile.theme),
        "lang": profile.language or "en",
    }
    response = render(request, "publish/widget.html", context)
    response["Content-Security-Policy"] = FRAME_POLICY
    return response
