"""Generation counters in the shared cache: O(1) invalidation across processes.

A process memoises something (the host table, compiled rules, a rendered page) together with the
generation it was built at; bumping the generation makes every process rebuild on its next use.
Counters start from the clock, so a cleared or evicted cache can never bring back an old number.
They are stored without a timeout: an expiring counter would only cost needless rebuilds.
"""

import time

from django.core.cache import cache


def _key(name: str) -> str:
    return f"wiredesk:generation:{name}"


def current(name: str) -> int:
    return cache.get_or_set(_key(name), time.time_ns, timeout=None)


def current_many(names) -> dict[str, int]:
    """``{name: generation}`` for every name, in one cache round trip when all exist."""
    names = list(names)
    keys = {_key(name): name for name in names}
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), timeout=None)
        found.update(cache.get_many(missing))
    return {name: found.get(key, 0) for key, name in keys.items()}


def bump(name: str) -> int:
    try:
        return cache.incr(_key(name))
    except ValueError:
        value = time.time_ns()
        cache.set(_key(name), value, timeout=None)
        return value
