"""Keyword conditions give the same matches whatever the other keywords of the rule: a
keyword that is another's plural, phrases, punctuation inside a keyword."""

import pytest

from wiredesk.routing.rules import CompiledRule, StoryFacts


@pytest.mark.parametrize(
    "keywords, text, matched",
    [
        (["bu", "bus"], "The bus was late", ["bus"]),
        (["bus", "bu"], "Two buses collided", ["bus"]),
        (["space station", "space"], "The space station was hit", ["space station"]),
        (
            ["space station", "space"],
            "Space debris hit the space station",
            ["space", "space station"],
        ),
        (["u.s.", "missile"], "U.S. tests a missile", ["missile", "u.s."]),
        (["covid-19"], "A covid-19 outbreak", ["covid-19"]),
        (["covid-19"], "A covid 19 outbreak", []),
        (["satellite"], "Satellites launched", ["satellite"]),
        (["sat"], "A satellite", []),
    ],
)
def test_matched_keywords(keywords, text, matched):
    rule = CompiledRule("r", {"keywords": keywords}, {"site": "s"})
    hit = rule.evaluate(StoryFacts(headline=text))
    found = hit.reasons[-1].removeprefix("keywords: ").split(", ") if hit else []
    assert found == matched
