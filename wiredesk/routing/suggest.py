"""The classifier's suggestions for stories, after the rules: which sites, how sure, and why.

``suggest(batch)`` takes story facts (anything with ``headline``, ``body_text`` and
``subjects``, such as ``rules.StoryFacts``) and returns, for each story, one ``Suggestion`` per
site whose probability is at least ``min_probability``, most probable first. It uses the
classifier version in use (``ClassifierModel.in_use``), loaded once per process and reloaded
when the ``classifier`` generation changes (``ClassifierModel.activate`` bumps it). With no
version in use it suggests nothing.

``apply_thresholds(suggestions, thresholds)`` is the pure decision: at or above a site's
``auto_publish`` → publish; from ``review`` up → the desk queue; below → not placed.

Labels are site keys (``spacewar``) and site/section keys (``spacewar/nuclear``); every
example placed in a section is also an example of its site. A suggestion's probability is
its site label's; its section is the site's most probable section label (if it reaches
``min_probability``). The reasons are the words that pushed the story towards the site:
``term 'satellite' +0.41`` (linear coefficient × TF-IDF weight, before calibration).

Speed (docs/routing.md has the figures): for the word-only live model each story's n-grams
are hashed (frequent ones cached) and weighted here, and every label is scored with one gather
from a dense coefficient table (``LinearView.rows``): no scikit-learn call per story except
the tokeniser, so one story per call costs what a story in a batch does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from wiredesk.network.loader import Thresholds

if TYPE_CHECKING:
    from .classifier import RoutingClassifier

# scikit-learn (through .classifier) is imported when a classifier is first used, not when
# Django starts: it costs about 1.5 s, which every command paid before, needed or not

MIN_PROBABILITY = 0.05  # suggestions below this are not even returned
REASONS = 3  # top contributing terms per suggestion
_GRAM_CACHE_LIMIT = 200_000


class FactsLike(Protocol):
    headline: str
    body_text: str
    subjects: Sequence[str]


@dataclass(frozen=True)
class Suggestion:
    """The classifier's proposal to place a story on ``site`` (and ``section``)."""

    site: str
    section: str
    probability: float
    decided_by: str  # classifier:vN
    reasons: tuple[str, ...] = ()
    section_probability: float = 0.0

    @property
    def where(self) -> str:
        return f"{self.site}/{self.section}" if self.section else self.site


def apply_thresholds(
    suggestions: Iterable[Suggestion], thresholds: Thresholds | Mapping[str, Thresholds]
) -> tuple[list[Suggestion], list[Suggestion]]:
    """Split ``suggestions`` into (publish, review); the rest are not placed.

    ``thresholds`` is one ``Thresholds`` for every site, or a mapping of site key to its
    thresholds (a site missing from it gets the defaults).
    """
    publish, review = [], []
    for suggestion in suggestions:
        if isinstance(thresholds, Thresholds):
            limits = thresholds
        else:
            limits = thresholds.get(suggestion.site) or Thresholds()
        if suggestion.probability >= limits.auto_publish:
            publish.append(suggestion)
        elif suggestion.probability >= limits.review:
            review.append(suggestion)
    return publish, review


class Suggester:
    """One trained classifier, ready for the live path (pure: no Django).

    For a word-only model (the default, see training.FEATURES) a story's features are built
    here from its word n-grams (hashed once per distinct n-gram per process, then cached),
    exactly as the model's hasher and TF-IDF weights would, so that the same n-grams also
    name the reasons and no scikit-learn input checking runs per story. A model with
    character n-grams goes through ``RoutingClassifier.features`` instead.
    """

    def __init__(self, model: RoutingClassifier, version: int):
        from sklearn.feature_extraction import FeatureHasher

        from .classifier import LinearView

        self.model = model
        self.version = version
        self.decided_by = f"classifier:v{version}"
        self.view = LinearView.of(model).compact()
        self._analyze = model.word_analyzer()
        self._hasher = FeatureHasher(model.word_features, input_type="string", alternate_sign=False)
        self._columns: dict[str, int] = {}
        self._fast = not model.char_features
        self._idf = model._idf[0].idf_ if self._fast else None
        self.sites: dict[str, int | None] = {}  # site -> its label's column (None: none)
        self.sections: dict[str, list[tuple[str, int]]] = {}
        for j, label in enumerate(model.classes_):
            site, _, section = label.partition("/")
            if section:
                self.sections.setdefault(site, []).append((section, j))
                self.sites.setdefault(site, None)
            else:
                self.sites[site] = j

    def release(self) -> Suggester:
        """Drop the per-label estimators (the view holds what prediction needs): for a
        model loaded only to suggest."""
        self.model.models_ = []
        return self

    def suggest(
        self,
        batch: Sequence[FactsLike],
        *,
        min_probability: float = MIN_PROBABILITY,
        reasons: int = REASONS,
    ) -> list[list[Suggestion]]:
        from .classifier import document_text

        texts = [
            document_text(f.headline, f.body_text, getattr(f, "subjects", ()) or ()) for f in batch
        ]
        out = []
        for text, (columns, weights, names) in zip(texts, self._rows(texts), strict=True):
            pushes = weights[:, None] * self.view.rows(columns)  # feature x label
            row = self.view.probabilities(pushes.sum(axis=0) + self.view.intercepts)
            found = []
            for site, column in self.sites.items():
                sections = self.sections.get(site, [])
                if column is None:  # a site known only through its sections
                    column = max(sections, key=lambda s: row[s[1]])[1]
                probability = float(row[column])
                if probability < min_probability:
                    continue
                section, section_p = "", 0.0
                if sections:
                    best, best_column = max(sections, key=lambda s: (row[s[1]], s[0]))
                    if row[best_column] >= min_probability:
                        section, section_p = best, float(row[best_column])
                why: tuple[str, ...] = ()
                if reasons > 0:
                    if names is None:
                        names = self._names(text, columns)
                    why = self._reasons(columns, pushes[:, column], names, reasons)
                found.append(
                    Suggestion(site, section, probability, self.decided_by, why, section_p)
                )
            found.sort(key=lambda s: (-s.probability, s.site))
            out.append(found)
        return out

    def _rows(self, texts: list[str]):
        """Each text's feature columns, their TF-IDF weights and a name for each column."""
        if not self._fast:
            features = self.model.features(texts) if texts else None
            for i in range(len(texts)):
                row = features[i]
                yield row.indices, row.data, None
            return
        for text in texts:
            grams = self._analyze(text)
            hashed = self._hash(grams)
            columns, first, counts = np.unique(hashed, return_index=True, return_counts=True)
            weights = (1.0 + np.log(counts)) * self._idf[columns]
            norm = np.sqrt(np.dot(weights, weights))
            if norm > 0:
                weights = weights / norm
            yield columns, weights, _FirstGram(grams, first)

    def _reasons(self, columns, pushes, names, top: int) -> tuple:
        words = columns < self.model.word_features
        order = np.argsort(-np.where(words, pushes, 0.0), kind="stable")[:top]
        return tuple(f"term '{names[k]}' {pushes[k]:+.2f}" for k in order if pushes[k] > 0)

    def _hash(self, grams: list[str]) -> np.ndarray:
        """The feature column of each n-gram, as the model's hasher computes it (hashing is
        one-way, so columns are remembered per n-gram to name the reasons).

        The cache keeps the first ``_GRAM_CACHE_LIMIT`` n-grams it meets (the frequent ones,
        mostly); rarer ones are hashed again when they come back.
        """
        cache = self._columns
        unknown = list(set(grams).difference(cache))
        if not unknown:
            return np.fromiter(map(cache.__getitem__, grams), dtype=np.int64, count=len(grams))
        hashed = self._hasher.transform([[g] for g in unknown]).indices.tolist()
        columns = dict(zip(unknown, hashed, strict=True))
        room = _GRAM_CACHE_LIMIT - len(cache)
        if room > 0:
            cache.update(columns if room >= len(columns) else list(columns.items())[:room])
        columns.update((g, cache[g]) for g in set(grams).difference(columns))
        return np.fromiter(map(columns.__getitem__, grams), dtype=np.int64, count=len(grams))

    def _names(self, text: str, columns: np.ndarray) -> list[str]:
        """A name for each feature column of ``text`` (slow path: word columns only)."""
        grams = self._analyze(text)
        hashed = self._hash(grams)
        first = {}
        for gram, column in zip(grams, hashed.tolist(), strict=True):
            first.setdefault(column, gram)
        return [first.get(int(c), "") for c in columns]


class _FirstGram:
    """The name of feature column k: the first n-gram of the text hashed there."""

    __slots__ = ("grams", "first")

    def __init__(self, grams: list[str], first: np.ndarray):
        self.grams, self.first = grams, first

    def __getitem__(self, k: int) -> str:
        return self.grams[self.first[k]]


# -- the version in use, per process ---------------------------------------------------------

_current: dict = {"generation": None, "suggester": None}


def current_suggester() -> Suggester | None:
    """The in-use classifier, loaded once and again only when the in-use version changes."""
    from wiredesk.core import generations

    from .models import ClassifierModel

    generation = generations.current("classifier")
    if _current["generation"] == generation:
        return _current["suggester"]
    row = ClassifierModel.objects.filter(in_use=True).values("pk", "version").first()
    suggester = _current["suggester"]
    if row is None:
        suggester = None
    elif suggester is None or suggester.version != row["version"]:
        from .classifier import RoutingClassifier

        data = ClassifierModel.objects.filter(pk=row["pk"]).values_list("data", flat=True)[0]
        model = RoutingClassifier.from_bytes(bytes(data))
        suggester = Suggester(model, row["version"]).release()
    _current.update(generation=generation, suggester=suggester)
    return suggester


def suggest(
    batch: Sequence[FactsLike],
    *,
    min_probability: float = MIN_PROBABILITY,
    reasons: int = REASONS,
) -> list[list[Suggestion]]:
    """The in-use classifier's suggestions for each story of ``batch`` (empty lists when no
    version is in use)."""
    suggester = current_suggester()
    if suggester is None:
        return [[] for _ in batch]
    return suggester.suggest(batch, min_probability=min_probability, reasons=reasons)


_thresholds: dict = {"generation": None, "by_site": {}}


def site_thresholds() -> dict[str, Thresholds]:
    """Each site's thresholds (from the network file), cached per network generation."""
    from wiredesk.core import generations
    from wiredesk.network.models import SiteProfile

    generation = generations.current("network")
    if _thresholds["generation"] != generation:
        rows = SiteProfile.objects.values_list("key", "auto_publish_threshold", "review_threshold")
        _thresholds["by_site"] = {key: Thresholds(high, low) for key, high, low in rows}
        _thresholds["generation"] = generation
    return _thresholds["by_site"]


def after_rules(
    decision, suggestions: Iterable[Suggestion], thresholds: Thresholds | Mapping[str, Thresholds]
) -> tuple[list[Suggestion], list[Suggestion]]:
    """The classifier's share once the rules have decided (``rules.Decision``): (publish,
    review) among the sites the rules did not place; nothing when the rules reject; when they
    hold the story, even confident suggestions wait on the desk."""
    if decision.reject:
        return [], []
    placed = {hit.site for hit in decision.placements}
    publish, review = apply_thresholds((s for s in suggestions if s.site not in placed), thresholds)
    if decision.hold:
        return [], publish + review
    return publish, review
