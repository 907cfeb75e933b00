"""Fixtures for the API and widget tests: the publish tests' small network (three
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
    page_cache,
    source,
)


@pytest.fixture(autouse=True)
def _page_cache_on(request):
    """Every API test runs with the page cache middleware in place."""
    request.getfixturevalue("page_cache")


def api_get(client, path, host="spacewar.localhost", **extra):
    return client.get(path, HTTP_HOST=host, **extra)
