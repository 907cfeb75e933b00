"""Generation counters in the shared cache: O(1) invalidation across processes.

A process memoises something (the host table, compiled rules, a rendered page) together with the
generation it was built at; bumping the generation makes every process rebuild on its next use.
Counters start from the clock, so a cleared or evicted cache can never bring back an old number.
They are stored without a timeout: an expiring counter would only cost needless rebuilds.
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache


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
    """Move ``name`` to a generation no process has seen; return it."""
    key = _key(name)
    if isinstance(caches["default"], FileBasedCache):
        return _restart(key)
    try:
        return cache.incr(key)
    except ValueError:
        value = time.time_ns()
        cache.set(key, value, timeout=None)
        return value


def _restart(key: str) -> int:
    """Bump by starting the counter again from the clock, for the file cache.

    Its ``incr`` writes a new file over the old one, which ext4 flushes to disk at once
    (about 1 ms); deleting first and adding a new file costs a third of that. The clock is
    far ahead of any count that started from it earlier, so the new value is new too. A
    reader that finds the key missing in between starts it from the clock itself, which
    also moves it on.
    """
    cache.delete(key)
    value = time.time_ns()
    if cache.add(key, value, timeout=None):
        return value
    return cache.get(key, value)
