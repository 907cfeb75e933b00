"""Generation counters in the shared cache: O(1) invalidation across processes.

A process memoises something (the host table, compiled rules) together with the generation it
was built at; bumping the generation makes every process rebuild on its next use. Counters start
from the clock, so a cleared or evicted cache can never bring back an old number.
"""

import time

from django.core.cache import cache


def _key(name: str) -> str:
    return f"wiredesk:generation:{name}"


def current(name: str) -> int:
    return cache.get_or_set(_key(name), time.time_ns)


def bump(name: str) -> int:
    try:
        return cache.incr(_key(name))
    except ValueError:
        value = time.time_ns()
        cache.set(_key(name), value, timeout=None)
        return value
