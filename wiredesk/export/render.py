"""Render a URL exactly as the live server would: a request through Django's real middleware,
URL resolver and views (``BaseHandler``, as the test client does), on the site's host."""

from dataclasses import dataclass, field

from django.core.handlers.base import BaseHandler
from django.test import RequestFactory

from wiredesk.publish.fragments import SSIIncludes

from . import ssi


@dataclass
class Rendered:
    status: int
    content: bytes
    content_type: str = ""
    location: str = ""
    inlined_boxes: bool = False
    includes: list = field(default_factory=list)


class Renderer:
    """Renders URLs of one export run. ``ssi`` True makes article pages include the shared
    box fragments instead of inlining them (the exported form)."""

    def __init__(self, scheme: str = "https", use_ssi: bool = True):
        self.secure = scheme == "https"
        self.use_ssi = use_ssi
        self.factory = RequestFactory()
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.selections: dict = {}

    def request(self, host: str, url: str, use_ssi: bool):
        request = self.factory.get(url, HTTP_HOST=host, secure=self.secure)
        if use_ssi:
            request.wiredesk_ssi = SSIIncludes(self.selections, ssi.include)
        return request

    def render(self, host: str, url: str, use_ssi: bool | None = None) -> Rendered:
        request = self.request(host, url, self.use_ssi if use_ssi is None else use_ssi)
        return self._rendered(request, self.handler.get_response(request))

    def plain(self, host: str, url: str) -> Rendered:
        """What the live server answers for ``url`` (no SSI), e.g. to learn a 410 or 301."""
        return self.render(host, url, use_ssi=False)

    def render_gone(self, host: str, url: str) -> Rendered:
        """The site's 410 page, as the article view renders it for a killed story."""
        from wiredesk.network.resolver import resolve_site
        from wiredesk.publish.views import render_page

        request = self.request(host, url, False)
        request.network_site = resolve_site(host)
        return self._rendered(request, render_page(request, "gone.html", status=410))

    def _rendered(self, request, response) -> Rendered:
        if response.streaming:
            content = b"".join(response.streaming_content)
        else:
            content = response.content
        marker = getattr(request, "wiredesk_ssi", None)
        return Rendered(
            status=response.status_code,
            content=content,
            content_type=response.get("Content-Type", ""),
            location=response.get("Location", ""),
            inlined_boxes=bool(marker and marker.inlined),
            includes=ssi.includes(content) if marker else [],
        )
