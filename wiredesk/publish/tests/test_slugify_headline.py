"""Headlines become the network's URL slugs: words joined by "_", punctuation dropped."""

import pytest

from wiredesk.publish.slugs import slugify_headline

CASES = [
    (
        "Blinken urges Iraq to pursue attackers of US forces",
        "Blinken_urges_Iraq_to_pursue_attackers_of_US_forces",
    ),
    ("China's new rocket: a first flight?", "Chinas_new_rocket_a_first_flight"),
    ("China\u2019s curly apostrophe", "Chinas_curly_apostrophe"),
    ("U.S. and U.K. sign pact", "US_and_UK_sign_pact"),
    ("Israel-Hamas war: day 18", "Israel_Hamas_war_day_18"),
    ("Zürich and Łódź\u2013São Paulo", "Zurich_and_Lodz_Sao_Paulo"),
    ("Straße in Ærø", "Strasse_in_AEro"),
    ("  spaces   everywhere  ", "spaces_everywhere"),
    ("$5bn deal, 50% cut", "5bn_deal_50_cut"),
    ("?!", "story"),
    ("", "story"),
    ("東京 summit", "summit"),
]


@pytest.mark.parametrize(("headline", "expected"), CASES)
def test_slugify_headline(headline, expected):
    assert slugify_headline(headline) == expected


def test_long_headline_is_cut_at_a_word_boundary():
    slug = slugify_headline("word " * 40)
    assert len(slug) <= 100
    assert slug.endswith("word")
    assert "__" not in slug


def test_one_overlong_word_is_cut_hard():
    assert slugify_headline("x" * 150) == "x" * 100
