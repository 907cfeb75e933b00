"""A login rate limit in the shared cache: after too many failed logins from one address for
one user name (or from one address for any name) within a window, logins are refused with 429
until the window ends. Failures are counted from every login form (desk and admin) through
Django's ``user_login_failed`` signal; a successful login clears its counter.

Settings: ``WIREDESK_LOGIN_ATTEMPTS`` (failures allowed per address and user name, default 5),
``WIREDESK_LOGIN_WINDOW`` (seconds, default 900); an address may fail ten times as often over
all user names. The address is ``REMOTE_ADDR``: behind a proxy, have the proxy set it.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PER_ADDRESS_FACTOR = 10


def attempts() -> int:
    return int(getattr(settings, "WIREDESK_LOGIN_ATTEMPTS", 5))


def window() -> int:
    return int(getattr(settings, "WIREDESK_LOGIN_WINDOW", 900))


def address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request is not None else "unknown"


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"wiredesk:login-failures:{digest}"


def _keys(request, username: str) -> list[tuple[str, int]]:
    ip = address(request)
    return [
        (_key(ip, (username or "").strip().lower()), attempts()),
        (_key(ip), attempts() * PER_ADDRESS_FACTOR),
    ]


def retry_after(request, username: str) -> int:
    """Seconds until ``username`` may try again from this address; 0 when it may now."""
    for key, limit in _keys(request, username):
        entry = cache.get(key)
        if entry and entry[0] >= limit:
            return max(1, int(entry[1] + window() - time.time()))
    return 0


def record_failure(request, username: str) -> None:
    now = time.time()
    for key, _limit in _keys(request, username):
        count, started = cache.get(key) or (0, now)
        if now - started >= window():
            count, started = 0, now
        cache.set(key, (count + 1, started), timeout=max(1, int(started + window() - now)))


def record_success(request, username: str) -> None:
    cache.delete(_keys(request, username)[0][0])
