"""Search backends, chosen by the ``SEARCH_BACKENDS`` setting (as in Wagtail).

::

    SEARCH_BACKENDS = {
        "default": {"BACKEND": "wiredesk.search.backends.database"},
    }

``BACKEND`` is the dotted path of a :class:`~.base.BaseSearchBackend` subclass, or of a module
with a ``SearchBackend`` callable. The default, ``wiredesk.search.backends.database``, picks
SQLite FTS5 or PostgreSQL full-text search from the database in use. The ``default`` backend
answers the search page; every configured backend is kept up to date as stories change
(unless its ``AUTO_UPDATE`` is false). ``OPTIONS`` are passed to the backend.
"""

from __future__ import annotations

from types import ModuleType

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import BaseSearchBackend, SearchHit, SearchResults

DEFAULT_BACKEND = "wiredesk.search.backends.database"
DEFAULT_SETTING = {"default": {"BACKEND": DEFAULT_BACKEND}}

__all__ = [
    "BaseSearchBackend",
    "SearchHit",
    "SearchResults",
    "get_search_backend",
    "get_search_backends",
    "backend_settings",
]


def backend_settings() -> dict:
    """``SEARCH_BACKENDS``, or the default when it is not set."""
    configured = getattr(settings, "SEARCH_BACKENDS", None) or DEFAULT_SETTING
    if not isinstance(configured, dict) or "default" not in configured:
        raise ImproperlyConfigured("SEARCH_BACKENDS must be a dict with a 'default' entry")
    return configured


def get_search_backend(alias: str = "default") -> BaseSearchBackend:
    """A new instance of the backend configured as ``alias``."""
    configured = backend_settings()
    if alias not in configured:
        raise ImproperlyConfigured(
            f"no search backend {alias!r} in SEARCH_BACKENDS (have: {', '.join(configured)})"
        )
    params = dict(configured[alias] or {})
    path = params.get("BACKEND") or DEFAULT_BACKEND
    try:
        target = import_string(path)
    except ImportError:
        try:
            target = import_string(f"{path}.SearchBackend")
        except ImportError as error:
            raise ImproperlyConfigured(
                f"SEARCH_BACKENDS[{alias!r}]['BACKEND'] = {path!r} cannot be imported: {error}"
            ) from error
    if isinstance(target, ModuleType):
        target = getattr(target, "SearchBackend", None)
    if not callable(target):
        raise ImproperlyConfigured(
            f"SEARCH_BACKENDS[{alias!r}]['BACKEND'] = {path!r} is not a search backend"
        )
    backend = target(alias, params)
    if not isinstance(backend, BaseSearchBackend):
        raise ImproperlyConfigured(
            f"SEARCH_BACKENDS[{alias!r}]['BACKEND'] = {path!r} is not a search backend "
            "(a BaseSearchBackend subclass, or a module with a SearchBackend callable)"
        )
    return backend


def get_search_backends(with_auto_update: bool = False) -> list[BaseSearchBackend]:
    """Every configured backend (only those that keep themselves up to date, if asked)."""
    backends = [get_search_backend(alias) for alias in backend_settings()]
    if with_auto_update:
        backends = [backend for backend in backends if backend.auto_update]
    return backends
