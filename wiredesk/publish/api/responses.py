"""JSON responses of the API: CORS for GET from any origin, and errors as JSON.

Every view is wrapped in :func:`api_view`: it answers ``OPTIONS`` (a CORS preflight), refuses
other methods than GET and HEAD with 405, turns :class:`ApiError` into
``{"error": {"status", "code", "message"}}`` and adds the CORS headers.
"""

from functools import wraps

from django.http import JsonResponse

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


class ApiError(Exception):
    """A request the API cannot answer: ``status`` (400, 404, 410), a ``code`` and a message
    for the person who wrote the request."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def json_response(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def error_response(status: int, code: str, message: str) -> JsonResponse:
    return json_response({"error": {"status": status, "code": code, "message": message}}, status)


def api_view(view):
    """Wrap a read-only API view (see the module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = json_response({}, status=204)
            response.content = b""
            for name, value in PREFLIGHT_HEADERS.items():
                response[name] = value
            return response
        if request.method not in ("GET", "HEAD"):
            response = error_response(
                405, "method_not_allowed", f"{request.method} is not allowed: the API is read-only"
            )
            response["Allow"] = ALLOWED_METHODS
            return response
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error.status, error.code, error.message)

    wrapped.csrf_exempt = True  # read-only: a POST gets the JSON 405 above, not a CSRF page
    return wrapped
