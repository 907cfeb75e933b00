"""Workers make each item's rule decision ahead; the store uses it only while the rules are
the ones it was made with."""

import pytest

from wiredesk.ingest import parallel
from wiredesk.ingest.models import Source
from wiredesk.routing import services
from wiredesk.routing.models import Placement
from wiredesk.routing.rules import Decision
from wiredesk.stories.models import Story, StoryState

from .test_parallel_ingest import feed_files


@pytest.fixture
def jobs(demo_network, tmp_path):
    source = Source.objects.create(name="ahead", location="", enabled=False)
    return [(source, path) for path in feed_files(tmp_path)]


def _rule_placements(story) -> set:
    return {
        (p.site.key, p.section.key if p.section else "", p.decided_by)
        for p in Placement.objects.filter(story=story, decided_by__startswith="rule:")
    }


def test_decisions_made_ahead_are_the_rules_decisions(jobs):
    parallel.ingest_many(jobs, workers=2)
    stories = list(Story.objects.exclude(state=StoryState.DUPLICATE))
    assert len(stories) >= 20
    placed = 0
    for story in stories:
        fresh = services.decide(story)
        expected = {(h.site, h.section, f"rule:{h.rule}") for h in fresh.placements}
        assert _rule_placements(story) == expected
        placed += bool(expected)
    assert placed  # the demo rules place some of these stories


def test_a_decision_is_used_only_with_the_rules_it_was_made_with(jobs, monkeypatch):
    rejected = Decision(reject=True, reasons=["made ahead"])

    def stale_for_odd_files(item, agency, source):  # runs in the workers
        generation = services._compiled["generation"]
        number = int(item.external_id[1:].split("-")[0])
        return (generation if number % 2 == 0 else generation - 1), rejected

    monkeypatch.setattr(parallel, "decide_ahead", stale_for_odd_files)
    parallel.ingest_many(jobs, workers=2)
    for story in Story.objects.all():
        number = int(story.external_id[1:].split("-")[0])
        if number % 2 == 0:  # same rules: the decision made ahead is applied (so it was made)
            assert story.state == StoryState.REJECTED
        else:  # other rules: decided again when stored
            assert story.state != StoryState.REJECTED
