"""The routing classifier: multi-label predictions, explanations, cold start, storage."""

import numpy as np
import pytest

from wiredesk.routing.classifier import (
    FORMAT,
    ClassifierError,
    RoutingClassifier,
    cold_start,
    cold_start_documents,
)

from .test_corpus_tiny import tiny_documents

ROWS = tiny_documents(6)
TEXTS = [f"{title}\n{text}" for _, title, text in ROWS]
LABELS = [label for label, _, _ in ROWS]


@pytest.fixture(scope="module")
def model():
    return RoutingClassifier(seed=42).fit(TEXTS, LABELS)


def test_each_label_gets_a_calibrated_svm_when_it_has_enough_examples(model):
    assert model.classes_ == ["energy", "space", "sport"]
    assert model.methods_ == ["calibrated-svm"] * 3


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rocket launch puts a satellite in orbit", "space"),
        ("Wind turbine and solar farms feed the grid", "energy"),
        ("Striker scores the winning goal in the cup final", "sport"),
    ],
)
def test_predicts_the_right_label(model, text, expected):
    assert model.predict_top([text]) == [expected]
    ranked = model.rank(text)
    assert ranked[0][0] == expected
    assert [label for label, _ in ranked] != [] and all(0 <= p <= 1 for _, p in ranked)


def test_probabilities_have_one_column_per_label(model):
    probabilities = model.predict_proba(["rocket orbit", "football goal"])
    assert probabilities.shape == (2, 3)
    assert probabilities[0].argmax() == 1 and probabilities[1].argmax() == 2


def test_multi_label_training_and_prediction():
    texts = TEXTS + ["Rocket fuel and solar battery for the orbit grid"] * 4
    labels = [[label] for label in LABELS] + [["space", "energy"]] * 4
    model = RoutingClassifier(seed=1).fit(texts, labels)
    both = model.predict(["Solar battery rocket fuel orbit grid"], threshold=0.3)[0]
    assert set(both) == {"space", "energy"}
    assert model.predict(["football goal striker"], threshold=0.5) == [("sport",)]


def test_tiny_labels_fall_back_to_logistic_regression():
    model = RoutingClassifier().fit(
        ["rocket orbit", "solar wind", "rocket launch"], ["s", "e", "s"]
    )
    assert model.methods_ == ["logistic", "logistic"]
    assert model.predict_top(["rocket"]) == ["s"]


def test_a_label_every_example_has_is_a_constant():
    model = RoutingClassifier().fit(["a b", "c d", "a c"], [["x", "y"], ["x"], ["x", "y"]])
    assert model.methods_ == ["constant", "logistic"]
    assert model.predict_proba(["zzz"])[0][0] == 1.0
    assert model.explain("a b", "x") == []


def test_same_seed_same_model():
    first = RoutingClassifier(seed=7).fit(TEXTS, LABELS).predict_proba(["rocket wind goal"])
    second = RoutingClassifier(seed=7).fit(TEXTS, LABELS).predict_proba(["rocket wind goal"])
    assert np.array_equal(first, second)


def test_explain_names_the_terms_that_pushed_towards_the_label(model):
    text = "Rocket launch puts a satellite in orbit after a football match"
    found = model.explain(text, "space", top=3)
    assert len(found) == 3
    assert {c.term for c in found} <= {"rocket", "launch", "satellite", "orbit", "rocket launch"}
    assert all(c.kind == "word" and c.weight > 0 for c in found)
    assert [c.weight for c in found] == sorted((c.weight for c in found), reverse=True)
    assert str(found[0]).startswith(found[0].term + " (+")
    with_chars = model.explain(text, "space", top=50, chars=True)
    assert {c.kind for c in with_chars} == {"word", "chars"}


def test_explain_an_unknown_label(model):
    with pytest.raises(ClassifierError, match=r"unknown label 'weather' \(known: energy, space"):
        model.explain("rain", "weather")


def test_serialised_model_predicts_the_same(model):
    data = model.to_bytes()
    loaded = RoutingClassifier.from_bytes(data)
    assert np.array_equal(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))
    assert model.version.startswith(FORMAT + " (scikit-learn ")


@pytest.mark.parametrize("data", [b"", b"not a model", b"\x80\x04K\x01."])
def test_loading_something_else_is_refused(data):
    with pytest.raises(ClassifierError, match="classifier"):
        RoutingClassifier.from_bytes(data)


@pytest.mark.parametrize(
    "texts, labels, message",
    [
        (["a", "b"], ["x"], "2 texts but 1 labels"),
        (["a", "b"], ["x", "x"], "at least two different labels"),
        (["a", "b"], ["x", ""], "example 1 has no label"),
    ],
)
def test_bad_training_data(texts, labels, message):
    with pytest.raises(ClassifierError, match=message):
        RoutingClassifier().fit(texts, labels)


def test_an_untrained_model_says_so():
    with pytest.raises(ClassifierError, match="not trained yet"):
        RoutingClassifier().predict_proba(["x"])


KEYWORDS = {
    "spacewar/nuclear": ["nuclear weapon", "warhead", "icbm", "arms control", "enrichment"],
    "spacedaily/astronomy": ["astronomer", "telescope", "galaxy", "exoplanet", "black hole"],
    "energydaily/solar": ["solar panel", "photovoltaic", "solar farm", "inverter"],
}


def test_cold_start_documents_come_from_keywords_and_descriptions():
    texts, labels = cold_start_documents(
        {"a": ["x", " y "], "b": ["z"]}, descriptions={"b": "About z."}
    )
    assert texts == ["x", "y", "x y", "z", "z", "About z."]
    assert labels == ["a", "a", "a", "b", "b", "b"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Astronomers using the Webb telescope found an exoplanet in a distant galaxy.", 1),
        ("Talks on arms control stalled over the enrichment of uranium and new warheads.", 0),
        ("The solar farm's photovoltaic panels and inverters were installed last week.", 2),
    ],
)
def test_cold_start_ranks_stories_by_the_network_keywords(text, expected):
    model = cold_start(KEYWORDS)
    assert model.methods_ == ["logistic"] * 3
    label = list(KEYWORDS)[expected]
    assert model.rank(text)[0][0] == label
    assert model.explain(text, label)


@pytest.mark.parametrize(
    "keywords, message",
    [
        ({"a": ["x"], "b": []}, "label 'b' has no keywords or description"),
        ({"a": ["x"]}, "at least two labels"),
    ],
)
def test_cold_start_needs_keywords_for_two_labels(keywords, message):
    with pytest.raises(ClassifierError, match=message):
        cold_start(keywords)


def test_scores_only_uses_the_plain_svm():
    model = RoutingClassifier(scores_only=True).fit(TEXTS, LABELS)
    assert model.methods_ == ["svm-scores"] * 3
    assert model.predict_top(["rocket orbit"]) == ["space"]
    assert model.explain("rocket orbit", "space")[0].term in {"rocket", "orbit"}
