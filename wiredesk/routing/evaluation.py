"""Evaluate the classifier on a labelled corpus (pure Python and scikit-learn, no Django).

Two protocols, both reproducible for a given seed:

- ``cross_validate``: stratified k-fold cross-validation (default 5 folds, seed 42); every
  document is predicted once, by the model that did not see it, and the scores are computed
  on all the pooled predictions (the per-fold macro-F1 is reported too);
- ``per_class``: train on N random examples of each class and test on all the rest, which is
  what a young network with few editor decisions looks like.

The classifier is single-label here: its most probable label is the prediction. The hashed
n-gram counts of the corpus are computed once; each fold fits its own TF-IDF weights and
models on its training part only.
"""

import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from .classifier import RoutingClassifier

DEFAULT_FOLDS = 5
DEFAULT_SEED = 42
CHUNK = 100  # documents featurised per progress step

Progress = Callable[[], None]
ClassifierFactory = Callable[[int], RoutingClassifier]


class EvaluationError(ValueError):
    """Options that do not fit the corpus; the message is one line."""


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class EvaluationResult:
    method: str
    seed: int
    n_documents: int
    classes: list[ClassScore]
    macro_precision: float
    macro_recall: float
    macro_f1: float
    accuracy: float
    n_train: int = 0
    n_test: int = 0
    fold_macro_f1: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def table(self) -> str:
        width = max(len("macro average"), *(len(c.label) for c in self.classes))
        lines = [
            f"{self.method}, seed {self.seed}: {self.n_documents} documents, "
            f"{len(self.classes)} classes"
            + (f" (trained on {self.n_train}, tested on {self.n_test})" if self.n_train else ""),
            f"{'class':{width}}  precision  recall      f1  support",
        ]
        for c in self.classes:
            lines.append(
                f"{c.label:{width}}  {c.precision:9.4f}  {c.recall:6.4f}  {c.f1:6.4f}  "
                f"{c.support:7}"
            )
        support = sum(c.support for c in self.classes)
        lines.append(
            f"{'macro average':{width}}  {self.macro_precision:9.4f}  {self.macro_recall:6.4f}  "
            f"{self.macro_f1:6.4f}  {support:7}"
        )
        lines.append(f"{'accuracy':{width}}  {'':9}  {'':6}  {self.accuracy:6.4f}  {support:7}")
        summary = f"macro-F1: {self.macro_f1:.4f}"
        if self.fold_macro_f1:
            folds = " ".join(f"{f:.4f}" for f in self.fold_macro_f1)
            mean = float(np.mean(self.fold_macro_f1))
            spread = float(np.std(self.fold_macro_f1))
            summary += f" (per fold: {folds}; mean {mean:.4f} ± {spread:.4f})"
        lines.append(summary)
        return "\n".join(lines)

    __str__ = table


def _default_factory(seed: int) -> RoutingClassifier:
    return RoutingClassifier(seed=seed)


def _scores(method, seed, truth, predicted, classes, **extra) -> EvaluationResult:
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=classes, zero_division=0
    )
    rows = [
        ClassScore(label, float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(classes, precision, recall, f1, support, strict=True)
    ]
    return EvaluationResult(
        method=method,
        seed=seed,
        classes=rows,
        macro_precision=float(np.mean(precision)),
        macro_recall=float(np.mean(recall)),
        macro_f1=float(f1_score(truth, predicted, labels=classes, average="macro")),
        accuracy=float(accuracy_score(truth, predicted)),
        **extra,
    )


def _check_corpus(texts: Sequence[str], labels: Sequence[str]) -> Counter:
    if len(texts) != len(labels):
        raise EvaluationError(f"{len(texts)} texts but {len(labels)} labels")
    return _label_counts(labels)


def _label_counts(labels: Sequence[str]) -> Counter:
    counts = Counter(labels)
    if len(counts) < 2:
        raise EvaluationError("the corpus needs at least two labels")
    return counts


def _featurise(classifier, texts, progress: Progress):
    blocks = []
    for start in range(0, len(texts), CHUNK):
        blocks.append(classifier.counts(texts[start : start + CHUNK]))
        progress()
    return sp.vstack(blocks, format="csr")


def cross_validate_steps(n_documents: int, n_labels: int, folds: int) -> int:
    """How many times ``cross_validate`` calls its ``progress`` callback."""
    return math.ceil(n_documents / CHUNK) + folds * (RoutingClassifier.fit_steps(n_labels) + 1)


def per_class_steps(n_documents: int, n_labels: int) -> int:
    """How many times ``per_class`` calls its ``progress`` callback."""
    return math.ceil(n_documents / CHUNK) + RoutingClassifier.fit_steps(n_labels) + 1


def check_folds(labels: Sequence[str], folds: int) -> None:
    counts = _label_counts(labels)
    if folds < 2:
        raise EvaluationError(f"--folds must be at least 2 (got {folds})")
    label, smallest = min(counts.items(), key=lambda item: (item[1], item[0]))
    if folds > smallest:
        raise EvaluationError(
            f"--folds {folds} needs at least {folds} examples of every label; "
            f"{label!r} has {smallest}"
        )


def check_per_class(labels: Sequence[str], per_class: int) -> None:
    counts = _label_counts(labels)
    if per_class < 1:
        raise EvaluationError(f"--per-class must be at least 1 (got {per_class})")
    label, smallest = min(counts.items(), key=lambda item: (item[1], item[0]))
    if per_class >= smallest:
        raise EvaluationError(
            f"--per-class {per_class} leaves no test examples for label {label!r}, "
            f"which has {smallest}"
        )


def _setup(texts, labels, check, make_classifier, seed, advance):
    """What both evaluations start from, after checking the corpus: the labels, the sorted
    classes, every text's features and the labels as an array."""
    texts, labels = list(texts), list(labels)
    _check_corpus(texts, labels)
    check(labels)
    counts = _featurise(make_classifier(seed), texts, advance)
    return labels, sorted(set(labels)), counts, np.array(labels, dtype=object)


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
    make_classifier: ClassifierFactory = _default_factory,
    progress: Progress | None = None,
) -> EvaluationResult:
    """Stratified k-fold cross-validation of the classifier on a single-label corpus."""
    started = time.monotonic()
    advance = progress or (lambda: None)
    labels, classes, counts, truth = _setup(
        texts, labels, lambda labels: check_folds(labels, folds), make_classifier, seed, advance
    )
    predicted = np.empty(len(labels), dtype=object)
    fold_scores = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(labels)), truth):
        model = make_classifier(seed).fit(
            None, truth[train].tolist(), counts=counts[train], progress=advance
        )
        predicted[test] = model.predict_top(counts=counts[test])
        advance()
        fold_scores.append(
            float(f1_score(truth[test], predicted[test], labels=classes, average="macro"))
        )
    return _scores(
        f"{folds}-fold cross-validation",
        seed,
        truth.tolist(),
        predicted.tolist(),
        classes,
        n_documents=len(labels),
        fold_macro_f1=fold_scores,
        seconds=time.monotonic() - started,
    )


def per_class_split(labels: Sequence[str], per_class: int, seed: int) -> tuple[list, list]:
    """Indices of ``per_class`` random examples of each label, and of all the others."""
    rng = np.random.default_rng(seed)
    train: list[int] = []
    for label in sorted(set(labels)):
        members = [i for i, value in enumerate(labels) if value == label]
        train.extend(int(i) for i in rng.choice(members, size=per_class, replace=False))
    chosen = set(train)
    return sorted(train), [i for i in range(len(labels)) if i not in chosen]


def per_class(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    per_class: int,
    seed: int = DEFAULT_SEED,
    make_classifier: ClassifierFactory = _default_factory,
    progress: Progress | None = None,
) -> EvaluationResult:
    """Train on ``per_class`` random examples of each label; test on all the rest."""
    started = time.monotonic()
    advance = progress or (lambda: None)
    labels, classes, counts, truth = _setup(
        texts,
        labels,
        lambda labels: check_per_class(labels, per_class),
        make_classifier,
        seed,
        advance,
    )
    train, test = per_class_split(labels, per_class, seed)
    model = make_classifier(seed).fit(
        None, truth[train].tolist(), counts=counts[train], progress=advance
    )
    predicted = model.predict_top(counts=counts[test])
    advance()
    return _scores(
        f"{per_class} per class",
        seed,
        truth[test].tolist(),
        predicted,
        classes,
        n_documents=len(labels),
        n_train=len(train),
        n_test=len(test),
        seconds=time.monotonic() - started,
    )
