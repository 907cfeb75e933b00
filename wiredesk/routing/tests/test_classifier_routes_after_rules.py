"""Ingest routes a story no rule places by the classifier in use: published at or above the
site's auto-publish threshold, queued for the desk from its review threshold up, with the
version, the probability and the words that decided it."""

import pytest

from wiredesk.ingest.models import Source
from wiredesk.ingest.pipeline import Ingestor
from wiredesk.routing.models import Placement, PlacementState, Rule
from wiredesk.routing.services import rules_changed
from wiredesk.stories.models import Story, StoryState

pytestmark = pytest.mark.django_db


def _feed(*items):
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><description>{body}</description>"
        "<pubDate>Tue, 24 Oct 2023 10:00:00 GMT</pubDate></item>"
        for guid, title, body in items
    )
    return f"<rss version='2.0'><channel><title>t</title>{entries}</channel></rss>".encode()


def _ingest(*items):
    source = Source.objects.get_or_create(name="wire", defaults={"location": "/tmp/wire"})[0]
    return Ingestor(source).document(_feed(*items), "test.xml")


def test_the_classifier_places_what_the_rules_leave(trained):
    _ingest(
        (
            "a",
            "Rocket launch puts satellite in orbit",
            "The rocket launch carried a satellite "
            "into orbit, and the booster landed after liftoff.",
        ),  # fmt: skip
        (
            "b",
            "Solar and wind power feed the grid",
            "New solar farms and wind turbines, with battery storage, feed more power to the grid.",
        ),  # fmt: skip
    )
    space = Story.objects.get(external_id="a")
    placement = Placement.objects.get(story=space)
    assert placement.site.key == "spacedaily"
    assert placement.decided_by == f"classifier:v{trained.version}"
    assert 0 < placement.confidence <= 1
    assert placement.reasons and all(r.startswith("term '") for r in placement.reasons)
    expected = PlacementState.PUBLISHED if placement.confidence >= 0.9 else PlacementState.SUGGESTED
    assert placement.state == expected
    assert space.state == (
        StoryState.PUBLISHED if expected == PlacementState.PUBLISHED else StoryState.HELD
    )
    energy = Placement.objects.get(story__external_id="b")
    assert energy.site.key == "energydaily"


def test_a_rule_placement_wins_and_the_classifier_adds_only_other_sites(trained):
    Rule.objects.create(
        name="everything to sport", position=0, match={"keywords": ["rocket"]},
        action={"site": "sportsdaily"},
    )  # fmt: skip
    rules_changed()
    _ingest(("c", "Rocket launch", "A rocket launch put a satellite in orbit after liftoff."))
    placements = {p.site.key: p for p in Placement.objects.filter(story__external_id="c")}
    assert placements["sportsdaily"].decided_by == "rule:everything to sport"
    assert placements["sportsdaily"].is_primary
    assert all(
        p.decided_by.startswith("classifier:") and not p.is_primary
        for key, p in placements.items()
        if key != "sportsdaily"
    )


def test_with_no_version_in_use_nothing_is_suggested(tiny_network):
    _ingest(("d", "Rocket launch", "A rocket launch put a satellite in orbit."))
    story = Story.objects.get(external_id="d")
    assert story.state == StoryState.HELD
    assert not Placement.objects.filter(story=story).exists()
