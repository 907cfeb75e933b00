"""Find the network site a request is for, by host, and cache it on the request."""

from .resolver import resolve_site


class NetworkSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.network_site = resolve_site(request.get_host())
        return self.get_response(request)
