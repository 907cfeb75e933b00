"""Fixtures for the API, widget and page-cache tests: the publish tests' small network (three
sites, an agency, ``make_story``), the page cache middleware switched on, and helpers."""

import pytest

# the real-browser harness (Debian's Chromium through Playwright), for test_browser_widget
from wiredesk.core.tests.conftest import (  # noqa: F401
    browser,
    chromium_executable,
    screenshots_dir,
)

# the small network and make_story, shared with wiredesk/publish/tests
from wiredesk.publish.tests.conftest import (  # noqa: F401
    _isolated_cache,
    afp,
    make_story,
    network,
    source,
)

CACHE_MIDDLEWARE = "wiredesk.publish.caching.PageCacheMiddleware"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache middleware in its place (right after WhiteNoise), whether or not the
    settings already list it; its receivers are connected by importing the module."""
    import wiredesk.publish.caching  # noqa: F401

    middleware = [m for m in settings.MIDDLEWARE if m != CACHE_MIDDLEWARE]
    at = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    settings.MIDDLEWARE = [*middleware[:at], CACHE_MIDDLEWARE, *middleware[at:]]


def api_get(client, path, host="spacewar.localhost", **extra):
    return client.get(path, HTTP_HOST=host, **extra)
