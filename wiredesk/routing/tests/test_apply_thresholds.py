"""``apply_thresholds`` and ``after_rules``: the pure decision from a site's thresholds."""

import pytest

from wiredesk.network.loader import Thresholds
from wiredesk.routing.rules import Decision, RuleHit
from wiredesk.routing.suggest import Suggestion, after_rules, apply_thresholds


def s(site: str, p: float) -> Suggestion:
    return Suggestion(site, "", p, "classifier:v1")


SITES = {"a": Thresholds(0.9, 0.5), "b": Thresholds(0.6, 0.2), "c": Thresholds(1.0, 1.0)}


@pytest.mark.parametrize(
    "suggestions, thresholds, publish, review",
    [
        ([], SITES, [], []),
        ([s("a", 0.95)], SITES, ["a"], []),
        ([s("a", 0.9)], SITES, ["a"], []),  # at the threshold publishes
        ([s("a", 0.89)], SITES, [], ["a"]),
        ([s("a", 0.5)], SITES, [], ["a"]),  # at review: the desk
        ([s("a", 0.49)], SITES, [], []),
        ([s("b", 0.7), s("a", 0.7)], SITES, ["b"], ["a"]),  # each site its own
        ([s("b", 0.1)], SITES, [], []),
        ([s("c", 0.99)], SITES, [], []),  # 1.0/1.0: only certainty publishes
        ([s("c", 1.0)], SITES, ["c"], []),
        ([s("zzz", 0.95)], SITES, ["zzz"], []),  # unknown site: the defaults 0.9/0.5
        ([s("zzz", 0.6)], SITES, [], ["zzz"]),
        ([s("a", 0.3), s("b", 0.3)], Thresholds(0.3, 0.1), ["a", "b"], []),  # one for all
        ([s("a", 0.0)], Thresholds(1.0, 0.0), [], ["a"]),  # review 0: everything to the desk
    ],
)
def test_apply_thresholds(suggestions, thresholds, publish, review):
    published, queued = apply_thresholds(suggestions, thresholds)
    assert [x.site for x in published] == publish
    assert [x.site for x in queued] == review


def hit(site: str) -> RuleHit:
    return RuleHit("r", site, "", True, False, False, 0, 1, ())


@pytest.mark.parametrize(
    "decision, publish, review",
    [
        (Decision(), ["a"], ["b"]),
        (Decision(placements=[hit("a")]), [], ["b"]),  # the rules placed a: theirs
        (Decision(placements=[hit("a")], hold=True), [], ["b"]),
        (Decision(hold=True), [], ["a", "b"]),  # held: even a confident one waits
        (Decision(reject=True), [], []),  # rejected: the classifier adds nothing
    ],
)
def test_after_rules(decision, publish, review):
    suggestions = [s("a", 0.95), s("b", 0.7), s("c", 0.1)]
    published, queued = after_rules(decision, suggestions, Thresholds(0.9, 0.5))
    assert [x.site for x in published] == publish
    assert [x.site for x in queued] == review
