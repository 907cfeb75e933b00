"""``SEARCH_BACKENDS`` picks the backend: by default the one for the database in use."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from wiredesk.search.backends import get_search_backend, get_search_backends
from wiredesk.search.backends.base import BaseSearchBackend
from wiredesk.search.checks import check_search_backends

EXPECTED = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}


class CustomBackend(BaseSearchBackend):
    label = "custom"


def test_default_follows_the_database(settings):
    del settings.SEARCH_BACKENDS
    assert type(get_search_backend()).__name__ == EXPECTED[connection.vendor]


@pytest.mark.parametrize(
    "path", ["wiredesk.search.backends.database", "wiredesk.search.backends.database.SearchBackend"]
)
def test_module_or_callable_path(settings, path):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": path}}
    assert type(get_search_backend()).__name__ == EXPECTED[connection.vendor]


def test_a_class_path_with_options(settings):
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "wiredesk.search.backends.database.SearchBackend"},
        "other": {
            "BACKEND": f"{__name__}.CustomBackend",
            "AUTO_UPDATE": False,
            "OPTIONS": {"x": 1},
        },
    }
    other = get_search_backend("other")
    assert isinstance(other, CustomBackend) and other.options == {"x": 1}
    assert [b.alias for b in get_search_backends(with_auto_update=True)] == ["default"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"default": {"BACKEND": "no.such.module"}}, "cannot be imported"),
        ({"default": {"BACKEND": "wiredesk.search.query.MAX_WORDS"}}, "not a search backend"),
        ({"other": {}}, "'default' entry"),
    ],
)
def test_bad_settings_say_what_is_wrong(settings, setting, message):
    settings.SEARCH_BACKENDS = setting
    with pytest.raises(ImproperlyConfigured, match=message):
        get_search_backend()
    errors = check_search_backends(None)
    assert errors and message in errors[0].msg


def test_a_backend_for_another_database_fails_the_system_check(settings):
    other = (
        "postgres.PostgresSearchBackend"
        if connection.vendor == "sqlite"
        else "sqlite.SQLiteSearchBackend"
    )
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": f"wiredesk.search.backends.{other}"}}
    errors = check_search_backends(None)
    assert [e.id for e in errors] == ["search.E002"]
    assert "needs a" in errors[0].msg


def test_the_configured_default_passes_the_system_check():
    assert check_search_backends(None) == []
