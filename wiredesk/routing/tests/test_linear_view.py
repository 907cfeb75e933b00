"""``LinearView``: every label's model as one matrix gives the same probabilities as the
models themselves, for each kind of label model."""

import numpy as np
import pytest

from wiredesk.routing.classifier import ClassifierError, RoutingClassifier

from .test_corpus_tiny import tiny_documents

ROWS = tiny_documents(6)
TEXTS = [f"{title}\n{text}" for _, title, text in ROWS]
PROBE = ["rocket orbit", "wind turbine grid", "football goal", "nothing known", ""]


@pytest.mark.parametrize(
    "options, labels, methods",
    [
        ({}, [label for label, _, _ in ROWS], {"calibrated-svm"}),
        ({"char_features": 0}, [label for label, _, _ in ROWS], {"calibrated-svm"}),
        ({"calibrate": False}, [label for label, _, _ in ROWS], {"logistic"}),
        ({"scores_only": True}, [label for label, _, _ in ROWS], {"svm-scores"}),
        # "all" is on every example: a constant
        ({}, [(label, "all") for label, _, _ in ROWS], {"calibrated-svm", "constant"}),
    ],
)
def test_the_view_predicts_like_the_models(options, labels, methods):
    model = RoutingClassifier(seed=5, **options).fit(TEXTS, labels)
    assert set(model.methods_) == methods
    view = model.linear()
    assert view is model.linear()  # built once
    expected = model.predict_proba(PROBE)
    features = model.features(PROBE)
    assert np.allclose(view.predict_proba(features), expected, atol=1e-12)
    for i in range(len(PROBE)):
        row = features[i]
        scores = (row.data[:, None] * view.rows(row.indices)).sum(axis=0) + view.intercepts
        assert np.allclose(view.probabilities(scores), expected[i], atol=1e-5)


def test_a_compacted_view_keeps_only_the_table():
    model = RoutingClassifier(char_features=0).fit(TEXTS, [label for label, _, _ in ROWS])
    view = model.linear()
    view.compact()
    assert view.weights is None
    assert view.rows(np.array([0, 1])).shape == (2, 3)
    with pytest.raises(ClassifierError, match="compacted"):
        view.predict_proba(model.features(["x"]))


def test_the_view_is_not_stored_with_the_model():
    model = RoutingClassifier(char_features=0).fit(TEXTS, [label for label, _, _ in ROWS])
    model.linear()
    loaded = RoutingClassifier.from_bytes(model.to_bytes())
    assert "_linear" not in loaded.__dict__
    assert np.allclose(
        loaded.linear().predict_proba(loaded.features(PROBE)), model.predict_proba(PROBE)
    )
