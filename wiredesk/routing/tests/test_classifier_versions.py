"""Stored classifier versions: numbered, exactly one in use, switching tells ``suggest``."""

import pytest
from django.db import IntegrityError, transaction

from wiredesk.core import generations
from wiredesk.routing import suggest
from wiredesk.routing.classifier import RoutingClassifier
from wiredesk.routing.models import ClassifierModel
from wiredesk.routing.rules import StoryFacts
from wiredesk.routing.training import TrainingError, ensure_model, train

ROCKET = StoryFacts("Rocket launch puts a satellite in orbit", "The booster landed after liftoff.")


def test_a_trained_version_is_stored_and_in_use(trained):
    assert trained.version == 1 and trained.in_use and trained.decided_by == "classifier:v1"
    assert trained.trained_on["cold_start"] == trained.trained_on["examples"] > 10
    assert trained.trained_on["editor"] == trained.trained_on["rules"] == 0
    assert set(trained.trained_on["labels"]) == {
        "energydaily",
        "spacedaily",
        "spacedaily/launchers",
        "sportsdaily",
    }
    assert trained.metrics["features"] == "words" and trained.metrics["seconds"] >= 0
    model = RoutingClassifier.from_bytes(bytes(ClassifierModel.objects.get().data))
    assert model.classes_ == sorted(trained.trained_on["labels"])


def test_suggest_uses_the_version_in_use_and_follows_switches(trained):
    (found,) = suggest.suggest([ROCKET])
    assert found[0].site == "spacedaily" and found[0].decided_by == "classifier:v1"
    assert found[0].section == "launchers"
    second = train(holdout=False)
    assert second.version == 2
    assert list(ClassifierModel.objects.filter(in_use=True).values_list("version", flat=True)) == [
        2
    ]
    assert suggest.suggest([ROCKET])[0][0].decided_by == "classifier:v2"
    ClassifierModel.objects.get(version=1).activate()
    assert suggest.suggest([ROCKET])[0][0].decided_by == "classifier:v1"


def test_the_model_is_loaded_once_per_version(trained, django_assert_num_queries):
    suggest.suggest([ROCKET])
    with django_assert_num_queries(0):  # same generation: no query at all
        suggest.suggest([ROCKET, ROCKET])
    generations.bump("classifier")  # something else changed: one look, no reload
    loaded = suggest.current_suggester()
    with django_assert_num_queries(1):
        generations.bump("classifier")
        assert suggest.current_suggester() is loaded


@pytest.mark.django_db
def test_without_a_version_nothing_is_suggested():
    assert suggest.suggest([ROCKET, ROCKET]) == [[], []]
    assert suggest.current_suggester() is None


def test_two_versions_cannot_both_be_in_use(trained):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassifierModel.objects.create(version=2, data=b"x", in_use=True)


@pytest.mark.django_db
def test_nothing_to_train_on_is_one_line():
    with pytest.raises(TrainingError) as caught:
        train()
    assert str(caught.value) == (
        "nothing to train on: no editor or rule placements, and no site or section "
        "descriptions or keywords (load a network file first)"
    )
    assert "\n" not in str(caught.value)
    assert ensure_model() is None
    assert not ClassifierModel.objects.exists()


def test_only_one_label_is_refused(tiny_network):
    from wiredesk.network.models import Section, SiteProfile

    SiteProfile.objects.exclude(key="sportsdaily").update(keywords=[], description="")
    Section.objects.update(keywords=[], description="")
    with pytest.raises(TrainingError, match="^nothing to train on but label 'sportsdaily'"):
        train()


def test_an_unknown_feature_set_is_refused(tiny_network):
    with pytest.raises(TrainingError, match=r"unknown feature set 'pixels' \(known: words, "):
        train(features="pixels")


def test_ensure_model_trains_only_when_none_is_in_use(tiny_network):
    first = ensure_model()
    assert first.version == 1 and first.trigger == "cold start"
    assert ensure_model().pk == first.pk
    assert ClassifierModel.objects.count() == 1


def test_site_thresholds_come_from_the_network(tiny_network):
    limits = suggest.site_thresholds()
    assert limits["spacedaily"] == suggest.Thresholds(0.9, 0.3)
    assert limits["energydaily"] == suggest.Thresholds(0.6, 0.3)
