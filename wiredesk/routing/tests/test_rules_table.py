"""A table of stories against rules, with the placements and reasons each must produce."""

import pytest

from wiredesk.routing.rules import CompiledRule, StoryFacts, evaluate

RULES = [
    CompiledRule("embargoed wires to desk", {"regex": r"\bembargo(ed)?\b"}, {"hold": True}),
    CompiledRule(
        "military",
        {"keywords": ["missile", "troops", "us forces", "pentagon"]},
        {"site": "spacewar", "section": "geopolitics"},
    ),
    CompiledRule("launches", {"keywords": ["rocket", "launch", "orbit"]}, {"site": "spacedaily"}),
    CompiledRule(
        "mars", {"keywords": ["mars", "rover"]}, {"site": "marsdaily", "section": "rovers"}
    ),
    CompiledRule(
        "afp sport is rejected",
        {"agency": "AFP", "keywords": ["football"]},
        {"reject": True},
        stop=True,
    ),
    CompiledRule("never reached after stop", {"keywords": ["football"]}, {"site": "spacewar"}),
]

CASES = [
    # (headline, body, agency, expected sites in rank order, primary, hold, reject)
    (
        "Pentagon sends troops",
        "US forces moved a missile battery.",
        "AFP",
        ["spacewar"],
        "spacewar",
        False,
        False,
    ),
    (
        "Rocket reaches orbit",
        "The launch carried a Mars rover.",
        "UPI",
        ["spacedaily", "marsdaily"],
        "spacedaily",
        False,
        False,
    ),
    (
        "Rover drives on Mars",
        "The rover left the rocket stage behind.",
        "UPI",
        ["marsdaily", "spacedaily"],
        "marsdaily",
        False,
        False,
    ),
    (
        "Embargoed: missile test",
        "Details under embargo.",
        "AFP",
        ["spacewar"],
        "spacewar",
        True,
        False,
    ),
    ("Football final", "A football match.", "AFP", [], "", False, True),
    ("Football final", "A football match.", "UPI", ["spacewar"], "spacewar", False, False),
    ("Missiles fired", "Plurals match too.", "UPI", ["spacewar"], "spacewar", False, False),
    ("A missileer's diary", "Nothing matches whole words here.", "UPI", [], "", False, False),
]


@pytest.mark.parametrize("headline,body,agency,sites,primary,hold,reject", CASES)
def test_rules_place_stories(headline, body, agency, sites, primary, hold, reject):
    decision = evaluate(RULES, StoryFacts(headline=headline, body_text=body, agency=agency))
    assert [h.site for h in decision.placements] == sites
    assert decision.primary_site == primary
    assert decision.hold is hold
    assert decision.reject is reject


def test_reasons_name_the_rule_and_the_matched_keywords():
    decision = evaluate(
        RULES, StoryFacts(headline="Pentagon sends troops", body_text="US forces", agency="AFP")
    )
    (hit,) = decision.placements
    assert hit.rule == "military"
    assert hit.score == 3
    assert hit.reasons == ("keywords: pentagon, troops, us forces",)
    assert hit.section == "geopolitics"
