"""Train the routing classifier from the network and its placements; store each version.

Where the examples come from (labels are site keys and site/section keys, see suggest.py):

- **editors**: a placement whose ``decided_by`` starts with ``editor:`` (made or accepted on
  the desk). Published: the story belongs on that site (and section). Removed: it does not
  (a story whose only editor placements were removed is an example of "nowhere").
- **rules** (``include_rules``, on by default): published placements by ``rule:NAME`` on
  sites no editor decided for that story. The rules are the network's own judgement, and
  they give a young network many examples; an editor's decision on a site always wins.
- **cold start** (``cold_start``, on by default): tiny synthetic documents from the network
  file, so a brand-new network routes something sensible before any decision: each site's
  and section's description, each of its keywords, all its keywords and subject codes
  together. A section's documents are examples of its site too.

Placements by the classifier itself are never training data (it would learn its own
mistakes). ``train`` fits a model, measures it on a holdout of the stories (when there are
enough), fits again on everything, stores a ``ClassifierModel`` and makes it the one in use.
"""

import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q

from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.network.models import SiteProfile
from wiredesk.stories.models import Revision

from .classifier import ClassifierError, RoutingClassifier, document_text, label_documents
from .models import ClassifierModel, Placement, PlacementState

HOLDOUT = 0.2
MIN_HOLDOUT_STORIES = 20  # fewer labelled stories than this: no holdout figure
FEATURES = {
    # word n-grams only: as accurate on BBC News and about 8x cheaper per story (docs/routing.md)
    "words": {"char_features": 0},
    "words+chars": {},
}
DEFAULT_FEATURES = "words"
_CHUNK = 500


class TrainingError(ValueError):
    """Nothing (or not enough) to train on; the message is one line."""


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]  # () = belongs on no site
    origin: str  # editor, rules or cold_start


@dataclass
class TrainingData:
    examples: list[Example]

    def count(self, origin: str) -> int:
        return sum(1 for e in self.examples if e.origin == origin)

    def labels(self) -> dict[str, int]:
        counted = Counter(label for e in self.examples for label in e.labels)
        return {label: counted[label] for label in sorted(counted)}

    def summary(self) -> dict:
        return {
            "examples": len(self.examples),
            "editor": self.count("editor"),
            "rules": self.count("rules"),
            "cold_start": self.count("cold_start"),
            "labels": self.labels(),
        }


# -- examples --------------------------------------------------------------------------------


def cold_start_examples() -> list[Example]:
    """Synthetic examples from every site's and section's description, keywords, subjects."""
    examples = []
    for site in SiteProfile.objects.prefetch_related("sections").order_by("position", "key"):
        for text in label_documents(site.description, site.keywords, site.subjects):
            examples.append(Example(text, (site.key,), "cold_start"))
        for section in site.sections.all():
            label = f"{site.key}/{section.key}"
            for text in label_documents(section.description, section.keywords, section.subjects):
                examples.append(Example(text, (site.key, label), "cold_start"))
    return examples


def placement_examples(*, include_rules: bool = True) -> list[Example]:
    """One example per story that editors (or, optionally, the rules) placed."""
    wanted = Q(decided_by__startswith="editor:", state__in=["published", "removed"])
    if include_rules:
        wanted |= Q(decided_by__startswith="rule:", state=PlacementState.PUBLISHED)
    rows = Placement.objects.filter(wanted).values_list(
        "story_id", "site__key", "section__key", "state", "decided_by"
    )
    by_story: dict[int, dict[str, tuple]] = {}
    for story_id, site, section, state, decided_by in rows.iterator(chunk_size=2000):
        editor = decided_by.startswith("editor:")
        sites = by_story.setdefault(story_id, {})
        if editor or site not in sites:
            sites[site] = (section, state, editor)
    examples = []
    ids = sorted(by_story)
    for start in range(0, len(ids), _CHUNK):
        for story_id, text in _story_texts(ids[start : start + _CHUNK]).items():
            labels: list[str] = []
            for site, (section, state, _) in sorted(by_story[story_id].items()):
                if state == PlacementState.PUBLISHED:
                    labels.append(site)
                    if section:
                        labels.append(f"{site}/{section}")
            editor = any(editor for _, _, editor in by_story[story_id].values())
            examples.append(Example(text, tuple(labels), "editor" if editor else "rules"))
    return examples


def _story_texts(story_ids: list[int]) -> dict[int, str]:
    """Each story's current revision as the classifier reads it."""
    texts: dict[int, str] = {}
    revisions = (
        Revision.objects.filter(story_id__in=story_ids)
        .order_by("story_id", "-number")
        .values_list("story_id", "headline", "body_html", "subjects")
    )
    for story_id, headline, body_html, subjects in revisions:
        if story_id not in texts:
            texts[story_id] = document_text(headline, html_to_text(body_html), subjects or ())
    return texts


def training_data(*, include_rules: bool = True, cold_start: bool = True) -> TrainingData:
    examples = placement_examples(include_rules=include_rules)
    if cold_start:
        examples += cold_start_examples()
    return TrainingData(examples)


# -- fitting and measuring -------------------------------------------------------------------


def make_classifier(features: str = DEFAULT_FEATURES, seed: int = 42) -> RoutingClassifier:
    if features not in FEATURES:
        known = ", ".join(FEATURES)
        raise TrainingError(f"unknown feature set {features!r} (known: {known})")
    return RoutingClassifier(seed=seed, **FEATURES[features])


def check_trainable(data: TrainingData) -> None:
    labels = data.labels()
    if not data.examples or not labels:
        raise TrainingError(
            "nothing to train on: no editor or rule placements, and no site or section "
            "descriptions or keywords (load a network file first)"
        )
    if len(labels) < 2:
        (only,) = labels
        raise TrainingError(
            f"nothing to train on but label {only!r}: a classifier needs at least two "
            "(add keywords to more sites or sections, or place stories on another site)"
        )


def holdout_metrics(data: TrainingData, features: str, seed: int) -> dict:
    """Train without a random 20% of the labelled stories, then score that 20% by site."""
    stories = [i for i, e in enumerate(data.examples) if e.origin != "cold_start" and e.labels]
    if len(stories) < MIN_HOLDOUT_STORIES:
        return {"holdout": f"skipped: {len(stories)} labelled stories, need {MIN_HOLDOUT_STORIES}"}
    rng = np.random.default_rng(seed)
    test = set(rng.choice(stories, size=max(1, round(len(stories) * HOLDOUT)), replace=False))
    train = [e for i, e in enumerate(data.examples) if i not in test]
    tested = [data.examples[i] for i in sorted(test)]
    try:
        model = make_classifier(features, seed).fit(
            [e.text for e in train], [e.labels for e in train]
        )
    except ClassifierError as error:
        return {"holdout": f"skipped: {error}"}
    sites = [j for j, label in enumerate(model.classes_) if "/" not in label]
    probabilities = model.predict_proba([e.text for e in tested])[:, sites]
    names = [model.classes_[j] for j in sites]
    top_hits, true_positive, predicted, actual = 0, 0, 0, 0
    for row, example in zip(probabilities, tested, strict=True):
        truth = {label for label in example.labels if "/" not in label}
        chosen = {names[k] for k in np.flatnonzero(row >= 0.5)}
        top_hits += names[int(np.argmax(row))] in truth
        true_positive += len(chosen & truth)
        predicted += len(chosen)
        actual += len(truth)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "holdout_stories": len(tested),
        "top_site_accuracy": round(top_hits / len(tested), 4),
        "site_precision": round(precision, 4),
        "site_recall": round(recall, 4),
        "site_micro_f1": round(f1, 4),
    }


def train(
    *,
    include_rules: bool = True,
    cold_start: bool = True,
    features: str = DEFAULT_FEATURES,
    seed: int = 42,
    holdout: bool = True,
    activate: bool = True,
    trigger: str = "command",
) -> ClassifierModel:
    """Train on everything there is, store the new version and (by default) put it in use."""
    started = time.monotonic()
    make_classifier(features, seed)  # an unknown feature set fails before any work
    data = training_data(include_rules=include_rules, cold_start=cold_start)
    check_trainable(data)
    metrics = holdout_metrics(data, features, seed) if holdout else {}
    try:
        model = make_classifier(features, seed).fit(
            [e.text for e in data.examples], [e.labels for e in data.examples]
        )
    except ClassifierError as error:
        raise TrainingError(str(error)) from None
    metrics.update(
        features=features,
        seed=seed,
        methods=dict(Counter(model.methods_)),
        seconds=round(time.monotonic() - started, 2),
    )
    return store(model, data.summary(), metrics, activate=activate, trigger=trigger)


def store(
    model: RoutingClassifier,
    trained_on: dict,
    metrics: dict,
    *,
    activate: bool = True,
    trigger: str = "",
) -> ClassifierModel:
    """Save ``model`` as the next version (retrying if another process took the number)."""
    data = model.to_bytes()
    for attempt in range(5):
        try:
            with transaction.atomic():
                row = ClassifierModel.objects.create(
                    version=ClassifierModel.objects.next_version(),
                    trained_on=trained_on,
                    metrics=metrics,
                    data=data,
                    trigger=trigger[:100],
                )
                if activate:
                    row.activate()
                return row
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def ensure_model(*, trigger: str = "cold start") -> ClassifierModel | None:
    """The version in use, training one first if there is none and anything to train on."""
    current = ClassifierModel.objects.in_use()
    if current is not None:
        return current
    try:
        return train(trigger=trigger)
    except TrainingError:
        return None
