"""Words computed ahead (by an ingest worker) are the words the rules would compute, and give
the same decision."""

from wiredesk.routing.rules import CompiledRule, StoryFacts, evaluate, text_words

TEXTS = [
    ("Army moves missile defense troops", "WASHINGTON - The Army's new Patriot batteries..."),
    ("ÉNERGIE: l'Île-de-France mise sur l'éolien", "Les turbines (3,2 MW) tournent déjà."),
    ("Space Force orbits a new satellite", "Air-force officers said the satellites'd launch."),
    ("", ""),
]
RULES = [
    CompiledRule("war", {"keywords": ["missile", "troops", "air force"]}, {"site": "spacewar"}),
    CompiledRule("space", {"keywords": ["satellite", "space force"]}, {"site": "spacedaily"}),
    CompiledRule("energy", {"keywords": ["éolien", "turbine"]}, {"site": "energy"}),
]


def test_text_words_are_the_facts_words():
    for headline, body in TEXTS:
        assert text_words(headline, body) == StoryFacts(headline, body).words


def test_known_words_give_the_same_decision():
    for headline, body in TEXTS:
        computed = evaluate(RULES, StoryFacts(headline, body))
        ahead = evaluate(RULES, StoryFacts(headline, body, known_words=text_words(headline, body)))
        assert ahead == computed
    assert evaluate(RULES, StoryFacts(*TEXTS[0])).primary_site == "spacewar"
