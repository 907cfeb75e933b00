"""A bumped generation is one no process has seen, on the file cache and on others."""

import pytest
from django.core.cache import caches

from wiredesk.core import generations


@pytest.fixture(
    params=[
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.locmem.LocMemCache",
    ],
    ids=["file", "locmem"],
)
def a_cache(request, settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": request.param, "LOCATION": str(tmp_path)}}
    assert request.param.endswith(type(caches["default"]).__name__)
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_each_bump_moves_the_generation_to_a_value_not_seen_before(a_cache):
    seen = [generations.current("pages")]
    for _ in range(20):
        seen.append(generations.bump("pages"))
        assert generations.current("pages") == seen[-1]
    assert len(set(seen)) == len(seen)
    assert seen == sorted(seen)  # the clock only moves on


def test_a_bump_of_a_missing_counter_starts_it(a_cache):
    value = generations.bump("never-read")
    assert generations.current("never-read") == value > 0


def test_bumping_one_name_leaves_the_others(a_cache):
    before = generations.current_many(["a", "b"])
    generations.bump("a")
    after = generations.current_many(["a", "b"])
    assert after["a"] != before["a"] and after["b"] == before["b"]
