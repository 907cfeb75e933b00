"""``Suggester``: one suggestion per likely site, with the section, the probability the model
gives, ``classifier:vN`` and the terms behind it; the same numbers as ``predict_proba``."""

import numpy as np
import pytest

from wiredesk.routing.classifier import RoutingClassifier, document_text
from wiredesk.routing.rules import StoryFacts
from wiredesk.routing.suggest import Suggester, Suggestion

from .test_corpus_tiny import tiny_documents

SITES = {"space": "spacedaily", "energy": "energydaily", "sport": "sportsdaily"}


def site_labels(label: str, i: int) -> tuple[str, ...]:
    site = SITES[label]
    return (site, f"{site}/{'news' if i % 2 else 'features'}") if label != "sport" else (site,)


ROWS = tiny_documents(8)
TEXTS = [f"{title}\n{text}" for _, title, text in ROWS]
LABELS = [site_labels(label, i) for i, (label, _, _) in enumerate(ROWS)]
STORIES = [
    StoryFacts("Rocket launch puts a satellite in orbit", "The astronaut watched the launch."),
    StoryFacts("Wind turbine and solar farms feed the grid", "A battery stores the power."),
    StoryFacts("Striker scores in the cup final", "The league match ended 2-1."),
]


@pytest.fixture(scope="module", params=["words", "words+chars"])
def model(request):
    options = {"char_features": 0} if request.param == "words" else {}
    return RoutingClassifier(seed=3, **options).fit(TEXTS, LABELS)


def test_suggestions_have_the_models_probabilities(model):
    suggestions = Suggester(model, 7).suggest(STORIES, min_probability=0.0)
    expected = model.predict_proba([document_text(s.headline, s.body_text) for s in STORIES])
    for row, found in zip(expected, suggestions, strict=True):
        assert len(found) == 3  # one per site, min_probability 0
        for suggestion in found:
            column = model.classes_.index(suggestion.site)
            assert suggestion.probability == pytest.approx(row[column], abs=1e-5)


@pytest.mark.parametrize(
    "story, site", list(zip(STORIES, ["spacedaily", "energydaily", "sportsdaily"], strict=True))
)
def test_the_most_probable_site_comes_first_with_its_reasons(model, story, site):
    (found,) = Suggester(model, 7).suggest([story])
    best = found[0]
    assert isinstance(best, Suggestion)
    assert best.site == site and best.decided_by == "classifier:v7"
    assert best.probability > 0.5
    assert [s.probability for s in found] == sorted((s.probability for s in found), reverse=True)
    words = set((story.headline + " " + story.body_text).lower().replace(".", "").split())
    assert 1 <= len(best.reasons) <= 3
    for reason in best.reasons:
        term, _, weight = reason.removeprefix("term '").rpartition("' ")
        assert set(term.split()) <= words and float(weight) > 0
    if site == "sportsdaily":
        assert best.section == "" and best.where == "sportsdaily"
    else:
        assert best.section in {"news", "features"} and best.section_probability > 0
        assert best.where == f"{site}/{best.section}"


def test_min_probability_and_reasons_options(model):
    suggester = Suggester(model, 1)
    (few,) = suggester.suggest(STORIES[:1], min_probability=0.99)
    (many,) = suggester.suggest(STORIES[:1], min_probability=0.0, reasons=0)
    assert len(few) < len(many) == 3
    assert all(s.probability >= 0.99 for s in few)
    assert all(s.reasons == () for s in many)


def test_an_empty_batch_and_an_empty_story(model):
    suggester = Suggester(model, 1)
    assert suggester.suggest([]) == []
    (found,) = suggester.suggest([StoryFacts("", "")], min_probability=0.0)
    assert len(found) == 3 and all(s.reasons == () for s in found)


def test_subject_codes_are_read_as_words():
    extra = ["quarterly results", "annual report", "market update", "profit warning"]
    texts = TEXTS + extra
    labels = LABELS + [("financedaily",)] * len(extra)
    subjects = [()] * len(TEXTS) + [("medtop:04000000",)] * len(extra)
    texts = [document_text(t, "", s) for t, s in zip(texts, subjects, strict=True)]
    assert texts[-1] == "profit warning\nmedtop04000000"
    model = RoutingClassifier(char_features=0).fit(texts, labels)
    story = StoryFacts("An item", "", subjects=("medtop:04000000",))
    (found,) = Suggester(model, 1).suggest([story])
    assert found[0].site == "financedaily"
    assert found[0].reasons[0].startswith("term 'medtop04000000' +")


def test_one_story_at_a_time_gives_the_batch_answer(model):
    suggester = Suggester(model, 1)
    batch = suggester.suggest(STORIES)
    alone = [suggester.suggest([story])[0] for story in STORIES]
    for together, single in zip(batch, alone, strict=True):
        assert [s.site for s in together] == [s.site for s in single]
        assert np.allclose([s.probability for s in together], [s.probability for s in single])


def test_the_n_gram_cache_is_bounded_and_stays_right(model, monkeypatch):
    from wiredesk.routing import suggest as module

    monkeypatch.setattr(module, "_GRAM_CACHE_LIMIT", 5)
    suggester = Suggester(model, 1)
    first = suggester.suggest(STORIES, min_probability=0.0)
    again = suggester.suggest(STORIES, min_probability=0.0)
    assert len(suggester._columns) == 5  # the first five n-grams met, no more
    for a, b in zip(first, again, strict=True):
        assert [(s.site, s.reasons) for s in a] == [(s.site, s.reasons) for s in b]
