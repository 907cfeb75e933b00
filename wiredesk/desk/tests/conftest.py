"""Fixtures for the desk's tests: see factories.py."""

import pytest

from wiredesk.core.tests.conftest import (  # noqa: F401  (the browser tests' fixtures)
    browser,
    chromium_executable,
    screenshots_dir,
)
from wiredesk.network.resolver import bump_network_generation

from . import factories


@pytest.fixture
def net(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    network = factories.make_network()
    yield network
    bump_network_generation()


@pytest.fixture
def desk_client(client):
    """``desk_client(role)``: the test client logged in as a user in ``role``."""

    def login(role):
        if role == "anonymous":
            return client
        client.force_login(factories.make_user(role))
        return client

    return login
