"""Training data: editors' placements (published = belongs, removed = does not) win over the
rules', the classifier's own placements are never used, and the network file's descriptions,
keywords and subjects make the cold-start examples."""

import pytest

from wiredesk.routing.models import Placement
from wiredesk.routing.training import (
    TrainingData,
    cold_start_examples,
    placement_examples,
    training_data,
)
from wiredesk.stories.models import Story


def by_headline(examples):
    return {e.text.split("\n")[0]: e for e in examples}


def two_placed_stories():
    """Two stories the rules published on one site each."""
    stories = [s for s in Story.objects.order_by("pk") if s.placements.count() == 1][:2]
    assert len(stories) == 2
    return stories


def test_rule_placements_are_examples_of_their_site_and_section(demo_wire):
    examples = placement_examples()
    placed = Placement.objects.filter(decided_by__startswith="rule:", state="published")
    assert len(examples) == placed.values("story").distinct().count() > 20
    assert {e.origin for e in examples} == {"rules"}
    placement = placed.select_related("site", "section", "story").first()
    example = by_headline(examples)[placement.story.current.headline]
    assert placement.site.key in example.labels
    if placement.section:
        assert f"{placement.site.key}/{placement.section.key}" in example.labels


def test_editor_decisions_override_the_rules(demo_wire):
    kept, moved = two_placed_stories()
    # the editor accepted the first story where it was
    kept_site = kept.placements.get().site.key
    kept.placements.update(decided_by="editor:alice")
    # and moved the second: removed from its site, published on another without section
    old = moved.placements.get()
    old_site = old.site
    Placement.objects.filter(pk=old.pk).update(decided_by="editor:alice", state="removed")
    other = Placement.objects.exclude(site=old_site).values_list("site", flat=True).first()
    Placement.objects.create(story=moved, site_id=other, decided_by="editor:bob", state="published")
    examples = by_headline(placement_examples())
    first, second = examples[kept.current.headline], examples[moved.current.headline]
    assert first.origin == second.origin == "editor"
    assert kept_site in first.labels
    assert old_site.key not in second.labels
    other_key = Placement.objects.filter(story=moved, site_id=other).get().site.key
    assert second.labels == (other_key,)


def test_a_story_an_editor_removed_everywhere_is_an_example_of_nowhere(demo_wire):
    story, _ = two_placed_stories()
    story.placements.update(decided_by="editor:alice", state="removed")
    example = by_headline(placement_examples())[story.current.headline]
    assert example.labels == () and example.origin == "editor"


def test_the_classifiers_own_placements_are_not_training_data(demo_wire):
    story, _ = two_placed_stories()
    story.placements.update(decided_by="classifier:v1")
    assert story.current.headline not in by_headline(placement_examples())


def test_without_rules_only_editor_stories_count(demo_wire):
    story, _ = two_placed_stories()
    story.placements.update(decided_by="editor:alice")
    examples = placement_examples(include_rules=False)
    assert [e.text.split("\n")[0] for e in examples] == [story.current.headline]


def test_cold_start_examples_come_from_the_network_file(demo_network):
    examples = cold_start_examples()
    assert {e.origin for e in examples} == {"cold_start"}
    texts = {e.text: e.labels for e in examples}
    # a site's keyword, its description, and the site's keywords with its subject tokens
    assert texts["pentagon"] == ("spacewar",)
    assert texts["Rovers, orbiters and the science of the red planet."] == ("marsdaily",)
    together = next(t for t, labels in texts.items() if t.startswith("military defense"))
    assert together.endswith("medtop16000000 medtop11000000")
    # a section's documents are examples of the section and its site
    assert texts["warhead"] == ("spacewar", "spacewar/nuclear")


def test_training_data_summary(demo_wire):
    data = training_data()
    summary = data.summary()
    assert summary["examples"] == summary["rules"] + summary["cold_start"] + summary["editor"]
    assert summary["labels"]["spacewar"] >= summary["labels"]["spacewar/nuclear"] > 0
    assert isinstance(data, TrainingData)


@pytest.mark.django_db
def test_an_empty_database_has_nothing_to_train_on():
    assert training_data().examples == []
