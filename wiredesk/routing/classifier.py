"""The learned routing classifier (pure Python and scikit-learn, no Django).

A story's headline and body (``document_text``: plus one word per subject code) become two
TF-IDF blocks, word n-grams (1-2) and character n-grams (``char_wb`` 2-5; none when
``char_features=0``, the live model's setting), both hashed (``HashingVectorizer``: no
vocabulary to store, and the raw counts of a corpus can be computed once and reused by every
fold of an evaluation). Each label (a site, or site/section) gets its own linear model,
one-vs-rest, so a story can belong on several sites:

- a linear SVM trained by SGD (hinge loss), with probabilities calibrated by
  ``CalibratedClassifierCV`` (sigmoid, cross-validated) when the label has at least
  ``calibration_folds`` positive and negative examples;
- otherwise (a label with too few examples, or ``calibrate=False``) a plain
  ``LogisticRegression``, whose probabilities need no calibration set;
- a label that every example has, or none has, is a constant;
- with ``scores_only`` (quick single-label evaluation), the uncalibrated SVM, its
  "probability" a logistic of the decision score: fine for an argmax, not for thresholds.

``predict`` returns every label at or above a threshold (multi-label); ``predict_top`` the most
probable label (for single-label corpora). ``explain`` lists the terms that pushed a text
towards a label: linear coefficient times the text's TF-IDF weight. ``cold_start`` builds a
model from a network file's keywords alone. ``linear()`` views every label's model as one
coefficient matrix with a sigmoid each (``LinearView``), for fast prediction. Everything is
deterministic for a given ``seed``; ``to_bytes``/``from_bytes`` serialise a model with its
format version.
"""

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold

FORMAT = "wiredesk-routing-classifier/1"

Progress = Callable[[], None]


class ClassifierError(ValueError):
    """Training data or a stored model that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Contribution:
    """One term's push towards a label: coefficient × TF-IDF weight."""

    term: str
    weight: float
    kind: str = "word"  # or "chars"

    def __str__(self):
        return f"{self.term} ({self.weight:+.3f})"


@dataclass(frozen=True)
class _Constant:
    probability: float


def _label_sets(labels: Sequence) -> list[tuple[str, ...]]:
    """Each item a label or an iterable of labels: a tuple of distinct labels per example."""
    sets = []
    for position, item in enumerate(labels):
        names = (item,) if isinstance(item, str) else tuple(item)
        names = tuple(dict.fromkeys(str(n).strip() for n in names if str(n).strip()))
        if not names:
            raise ClassifierError(f"example {position} has no label")
        sets.append(names)
    return sets


class RoutingClassifier:
    """TF-IDF word and character n-grams into one-vs-rest calibrated linear models."""

    steps_per_fit_overhead = 1  # featurising; then one step per label (see ``fit_steps``)

    def __init__(
        self,
        *,
        seed: int = 42,
        word_features: int = 2**19,
        char_features: int = 2**19,
        alpha: float = 1e-4,
        epochs: int = 10,
        calibrate: bool = True,
        calibration_folds: int = 3,
        small_c: float = 10.0,
        scores_only: bool = False,
    ):
        self.seed = seed
        self.word_features = word_features
        self.char_features = char_features
        self.alpha = alpha
        self.epochs = epochs
        self.calibrate = calibrate
        self.calibration_folds = calibration_folds
        self.small_c = small_c
        self.scores_only = scores_only
        self.classes_: list[str] = []
        self.models_: list = []
        self.methods_: list[str] = []
        self.n_examples_ = 0
        self._idf: tuple[TfidfTransformer, TfidfTransformer] | None = None

    # -- features ------------------------------------------------------------------------

    def _hashers(self) -> tuple[HashingVectorizer, HashingVectorizer | None]:
        """The word hasher and the character hasher (None when ``char_features`` is 0)."""
        common = dict(alternate_sign=False, norm=None, lowercase=True)
        words = HashingVectorizer(ngram_range=(1, 2), n_features=self.word_features, **common)
        if not self.char_features:
            return words, None
        chars = HashingVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), n_features=self.char_features, **common
        )
        return words, chars

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw hashed n-gram counts of ``texts`` (stateless: compute once, reuse per fold)."""
        words, chars = self._hashers()
        texts = list(texts)
        if not self.char_features:
            return words.transform(texts).tocsr()
        return sp.hstack([words.transform(texts), chars.transform(texts)], format="csr")

    def _blocks(self, counts: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
        if not self.char_features:
            return counts, None
        return counts[:, : self.word_features], counts[:, self.word_features :]

    def _features(self, texts=None, counts=None) -> sp.csr_matrix:
        if self._idf is None:
            raise ClassifierError("the classifier is not trained yet: call fit() first")
        if counts is None:
            counts = self.counts(texts)
        word_idf, char_idf = self._idf
        words, chars = self._blocks(counts)
        if char_idf is None:
            return word_idf.transform(words).tocsr()
        return sp.hstack([word_idf.transform(words), char_idf.transform(chars)], format="csr")

    # -- training ------------------------------------------------------------------------

    @staticmethod
    def fit_steps(n_labels: int) -> int:
        """How many times ``fit`` calls its ``progress`` callback."""
        return RoutingClassifier.steps_per_fit_overhead + n_labels

    def fit(
        self,
        texts: Sequence[str] | None,
        labels: Sequence,
        *,
        counts: sp.csr_matrix | None = None,
        progress: Progress | None = None,
    ) -> "RoutingClassifier":
        """Train on ``texts`` (or their precomputed ``counts``) and their labels.

        Each label is a string or an iterable of strings (a story on several sites).
        """
        advance = progress or (lambda: None)
        label_sets = _label_sets(labels)
        if counts is None:
            counts = self.counts(texts)
        if counts.shape[0] != len(label_sets):
            raise ClassifierError(
                f"{counts.shape[0]} texts but {len(label_sets)} labels: they must pair up"
            )
        self.classes_ = sorted({name for names in label_sets for name in names})
        if len(self.classes_) < 2:
            raise ClassifierError("training needs at least two different labels")
        self.n_examples_ = len(label_sets)
        words, chars = self._blocks(counts)
        self._idf = (
            TfidfTransformer(sublinear_tf=True).fit(words),
            TfidfTransformer(sublinear_tf=True).fit(chars) if self.char_features else None,
        )
        features = self._features(counts=counts)
        advance()
        index = {name: i for i, name in enumerate(self.classes_)}
        targets = np.zeros((len(label_sets), len(self.classes_)), dtype=int)
        for row, names in enumerate(label_sets):
            targets[row, [index[n] for n in names]] = 1
        self.models_, self.methods_ = [], []
        for column in range(len(self.classes_)):
            model, method = self._fit_label(features, targets[:, column])
            self.models_.append(model)
            self.methods_.append(method)
            advance()
        return self

    def _fit_label(self, features, target):
        positives = int(target.sum())
        negatives = len(target) - positives
        if positives == 0 or negatives == 0:
            return _Constant(float(positives > 0)), "constant"
        svm = SGDClassifier(
            loss="hinge", alpha=self.alpha, max_iter=self.epochs, tol=None, random_state=self.seed
        )
        if self.scores_only:
            svm.fit(features, target)
            svm.sparsify()
            return svm, "svm-scores"
        if self.calibrate and min(positives, negatives) >= self.calibration_folds:
            folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.seed)
            model = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
            model.fit(features, target)
            model.calibrated_classifiers_[0].estimator.sparsify()
            return model, "calibrated-svm"
        model = LogisticRegression(C=self.small_c, max_iter=1000, random_state=self.seed)
        model.fit(features, target)
        model.sparsify()
        return model, "logistic"

    # -- prediction ----------------------------------------------------------------------

    def predict_proba(self, texts=None, *, counts=None) -> np.ndarray:
        """Probability of each label (columns in ``classes_`` order), one row per text."""
        features = self._features(texts, counts)
        columns = []
        for model in self.models_:
            if isinstance(model, _Constant):
                columns.append(np.full(features.shape[0], model.probability))
            elif isinstance(model, SGDClassifier):  # scores_only: a logistic of the SVM score
                columns.append(1 / (1 + np.exp(-2 * model.decision_function(features))))
            else:
                columns.append(model.predict_proba(features)[:, 1])
        return np.column_stack(columns)

    def predict_top(self, texts=None, *, counts=None) -> list[str]:
        """The most probable label of each text (single-label use, e.g. evaluation)."""
        probabilities = self.predict_proba(texts, counts=counts)
        return [self.classes_[i] for i in np.argmax(probabilities, axis=1)]

    def predict(self, texts=None, *, counts=None, threshold: float = 0.5) -> list[tuple[str, ...]]:
        """Every label at or above ``threshold`` for each text (possibly none)."""
        probabilities = self.predict_proba(texts, counts=counts)
        return [
            tuple(self.classes_[i] for i in np.flatnonzero(row >= threshold))
            for row in probabilities
        ]

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every label with its probability for ``text``, most probable first."""
        row = self.predict_proba([text])[0]
        order = sorted(range(len(row)), key=lambda i: (-row[i], self.classes_[i]))
        return [(self.classes_[i], float(row[i])) for i in order]

    # -- explanation ---------------------------------------------------------------------

    def coefficients(self, label: str) -> sp.csr_matrix | None:
        """The linear coefficients (1 × features) behind ``label``; None for a constant."""
        try:
            model = self.models_[self.classes_.index(label)]
        except ValueError:
            known = ", ".join(self.classes_)
            raise ClassifierError(f"unknown label {label!r} (known: {known})") from None
        if isinstance(model, _Constant):
            return None
        if isinstance(model, CalibratedClassifierCV):
            model = model.calibrated_classifiers_[0].estimator
        return sp.csr_matrix(model.coef_)

    def explain(
        self, text: str, label: str, top: int = 8, *, chars: bool = False
    ) -> list[Contribution]:
        """The ``top`` terms of ``text`` that pushed it most towards ``label``.

        Word n-grams only unless ``chars``: character n-grams explain little to an editor.
        """
        coef = self.coefficients(label)
        if coef is None or top <= 0:
            return []
        features = self._features([text])
        weights = features.data * coef[:, features.indices].toarray().ravel()
        terms = self._terms_by_index(text, chars=chars)
        found = []
        for column, weight in zip(features.indices, weights, strict=True):
            if weight > 0 and column in terms:
                kind, names = terms[column]
                found.append(Contribution(" / ".join(sorted(names)), float(weight), kind))
        found.sort(key=lambda c: (-c.weight, c.term))
        return found[:top]

    def _terms_by_index(self, text: str, chars: bool) -> dict[int, tuple[str, set[str]]]:
        """Feature column → the n-grams of ``text`` hashed there (hashing is one-way)."""
        words, char_hasher = self._hashers()
        analyzers = [("word", words.build_analyzer(), 0, self.word_features)]
        if chars and char_hasher is not None:
            analyzers.append(
                ("chars", char_hasher.build_analyzer(), self.word_features, self.char_features)
            )
        terms: dict[int, tuple[str, set[str]]] = {}
        for kind, analyze, offset, n_features in analyzers:
            grams = sorted(set(analyze(text)))
            if not grams:
                continue
            hasher = FeatureHasher(n_features, input_type="string", alternate_sign=False)
            columns = hasher.transform([[g] for g in grams]).indices
            for gram, column in zip(grams, columns, strict=True):
                shown = gram if kind == "word" else repr(gram)
                terms.setdefault(int(column) + offset, (kind, set()))[1].add(shown)
        return terms

    # -- fast prediction -----------------------------------------------------------------

    def linear(self) -> "LinearView":
        """Every label's model as one coefficient matrix: ``LinearView.predict_proba`` gives
        the same probabilities as ``predict_proba`` with one sparse product for all labels."""
        view = getattr(self, "_linear", None)
        if view is None:
            view = self._linear = LinearView.of(self)
        return view

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The TF-IDF features of ``texts`` (what the linear models read)."""
        return self._features(texts)

    def word_analyzer(self) -> Callable[[str], list[str]]:
        """The word n-grams of a text, as the word hasher sees them."""
        return self._hashers()[0].build_analyzer()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_linear", None)  # rebuilt on demand
        return state

    # -- storage -------------------------------------------------------------------------

    @property
    def version(self) -> str:
        return f"{FORMAT} (scikit-learn {sklearn.__version__})"

    def to_bytes(self) -> bytes:
        """The trained model as bytes (joblib, compressed), with its format version."""
        if self._idf is None:
            raise ClassifierError("the classifier is not trained yet: call fit() first")
        buffer = io.BytesIO()
        payload = {"format": FORMAT, "sklearn": sklearn.__version__, "model": self}
        joblib.dump(payload, buffer, compress=3)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "RoutingClassifier":
        """A model saved by ``to_bytes``; ``ClassifierError`` if it is not one."""
        try:
            payload = joblib.load(io.BytesIO(data))
        except Exception as error:  # noqa: BLE001 - any unpickling failure is "not a model"
            raise ClassifierError(f"not a stored classifier ({type(error).__name__})") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
            raise ClassifierError(f"stored classifier format {found!r} is not {FORMAT!r}")
        return payload["model"]


class LinearView:
    """All of a model's labels as ``scores = X @ weights + intercepts`` and one sigmoid each.

    A calibrated SVM's probability is ``expit(-(a * score + b))`` (Platt scaling), a logistic
    regression's ``expit(score)``, a ``scores_only`` SVM's ``expit(2 * score)``; a constant
    label is a constant. Pure numpy and scipy: for the live path, where one call per label
    would cost more than the features themselves.
    """

    def __init__(self, classes, weights, intercepts, slopes, offsets, constants):
        self.classes = list(classes)
        self.weights = weights  # features x labels, CSR (row slices for explanations)
        self.intercepts = intercepts
        self.slopes = slopes
        self.offsets = offsets
        self.constants = constants  # NaN where the label is not a constant
        self._table = None  # see rows()

    @classmethod
    def of(cls, model: RoutingClassifier) -> "LinearView":
        n_labels = len(model.classes_)
        columns, intercepts = [], np.zeros(n_labels)
        slopes, offsets = np.ones(n_labels), np.zeros(n_labels)
        constants = np.full(n_labels, np.nan)
        n_features = None
        for j, fitted in enumerate(model.models_):
            if isinstance(fitted, _Constant):
                constants[j] = fitted.probability
                columns.append(None)
                continue
            estimator = fitted
            if isinstance(fitted, CalibratedClassifierCV):
                calibrated = fitted.calibrated_classifiers_[0]
                estimator = calibrated.estimator
                (calibrator,) = calibrated.calibrators
                slopes[j], offsets[j] = -calibrator.a_, -calibrator.b_
            elif isinstance(fitted, SGDClassifier):
                slopes[j] = 2.0
            coef = sp.csr_matrix(estimator.coef_)
            n_features = coef.shape[1]
            intercepts[j] = float(np.ravel(estimator.intercept_)[0])
            columns.append(coef)
        n_features = n_features or model.word_features + model.char_features
        empty = sp.csr_matrix((1, n_features))
        stacked = sp.vstack([c if c is not None else empty for c in columns], format="csr")
        return cls(model.classes_, stacked.T.tocsr(), intercepts, slopes, offsets, constants)

    def scores(self, features: sp.csr_matrix) -> np.ndarray:
        """The linear scores (before calibration) of each row for each label."""
        if self.weights is None:
            raise ClassifierError("this view was compacted for rows(); use the model's view")
        product = features @ self.weights
        product = product.toarray() if sp.issparse(product) else np.asarray(product)
        return product + self.intercepts

    def predict_proba(self, features: sp.csr_matrix) -> np.ndarray:
        return self.probabilities(self.scores(features))

    def rows(self, columns: np.ndarray) -> np.ndarray:
        """The coefficients of feature ``columns`` for every label (len(columns) × labels).

        A dense table of the features that any label uses, built on first use, and a column
        → row lookup: one numpy gather, where scipy's fancy indexing would cost more than
        the rest of a one-story prediction.
        """
        if self._table is None:
            self.compact(keep_weights=True)
        lookup, table = self._table
        return table[lookup[columns]]

    def compact(self, *, keep_weights: bool = False) -> "LinearView":
        """Build the table behind ``rows`` (float32: half the memory of the sparse matrix;
        sums differ from float64 by about 1e-7) and, unless ``keep_weights``, drop the sparse
        matrix (``scores`` and ``predict_proba`` then refuse)."""
        if self._table is None:
            used = np.unique(self.weights.nonzero()[0])
            lookup = np.full(self.weights.shape[0], len(used), dtype=np.int32)
            lookup[used] = np.arange(len(used), dtype=np.int32)
            table = np.zeros((len(used) + 1, len(self.classes)), dtype=np.float32)
            table[: len(used)] = self.weights[used].toarray()  # last row: unused features
            self._table = (lookup, table)
        if not keep_weights:
            self.weights = None
        return self

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        """Linear scores (with intercepts) of one or more rows to probabilities."""
        probabilities = expit(self.slopes * scores + self.offsets)
        fixed = ~np.isnan(self.constants)
        probabilities[..., fixed] = self.constants[fixed]
        return probabilities


def document_text(headline: str, body: str = "", subjects: Iterable[str] = ()) -> str:
    """What the classifier reads of a story: headline, body and one token per subject code
    (``medtop:16000000`` becomes ``medtop16000000``, one word n-gram)."""
    tokens = " ".join(subject_token(s) for s in subjects if s)
    return "\n".join(part for part in (headline, body, tokens) if part)


def subject_token(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def cold_start_documents(
    keywords_by_label: Mapping[str, Iterable[str]],
    descriptions: Mapping[str, str] | None = None,
) -> tuple[list[str], list[str]]:
    """Tiny synthetic documents from each label's keywords (and description).

    Each keyword becomes a document, and so does the whole keyword list, so a story that
    mentions any of them leans towards the label.
    """
    descriptions = descriptions or {}
    texts, labels = [], []
    for label, keywords in keywords_by_label.items():
        documents = label_documents(descriptions.get(label, ""), keywords)
        texts.extend(documents)
        labels.extend([label] * len(documents))
    return texts, labels


def label_documents(
    description: str, keywords: Iterable[str] = (), subjects: Iterable[str] = ()
) -> list[str]:
    """A label's synthetic documents: each keyword, all keywords and subject tokens
    together, and the description."""
    words = [k.strip() for k in keywords or () if k and k.strip()]
    tokens = [subject_token(s) for s in subjects or () if s]
    documents = list(words)
    if words or tokens:
        documents.append(" ".join(words + tokens))
    if description and description.strip():
        documents.append(description.strip())
    return documents


def cold_start(
    keywords_by_label: Mapping[str, Iterable[str]],
    descriptions: Mapping[str, str] | None = None,
    *,
    seed: int = 42,
) -> RoutingClassifier:
    """A usable model before any editor decision, from the network file's keywords alone."""
    texts, labels = cold_start_documents(keywords_by_label, descriptions)
    empty = [label for label in keywords_by_label if label not in set(labels)]
    if empty:
        raise ClassifierError(f"label {empty[0]!r} has no keywords or description")
    if len(set(labels)) < 2:
        raise ClassifierError("a cold start needs keywords for at least two labels")
    return RoutingClassifier(seed=seed, calibrate=False).fit(texts, labels)
