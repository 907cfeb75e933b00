"""Which configured agency an item comes from."""

import pytest

from wiredesk.ingest.normalize.agency import detect_agency

KNOWN = {
    "afp": ["AFP", "Agence France-Presse", "Agence France Presse"],
    "ap": ["AP", "Associated Press", "ap.org"],
    "reuters": ["Reuters", "Thomson Reuters", "reuters.com"],
    "dpa": ["dpa", "Deutsche Presse-Agentur"],
    "ria": ["RIA Novosti"],
    "upi": ["UPI", "United Press International"],
    "afp-relax": ["AFP Relaxnews"],
}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (("AFP",), "afp"),
        (("Agence France-Presse",), "afp"),
        (("nprov:REUTERS",), "reuters"),
        (("reuters.com",), "reuters"),
        (("", "(c) Copyright Thomson Reuters 2016. Click For Restrictions"), "reuters"),
        (("Deutsche Presse-Agentur GmbH",), "dpa"),
        (("", "", "", "Washington, Oct 24 (AFP)"), "afp"),
        (("", "", "", "Moscow (RIA Novosti)"), "ria"),
        (("Automated Insights", "ap.org"), "ap"),
        (("Copyright 2024 The Associated Press. All rights reserved.",), "ap"),
        (("AFP Relaxnews",), "afp-relax"),
        (("United Press International",), "upi"),
        (("Some Other Wire", "", "(c) Nobody"), ""),
        (("a map of the capital",), ""),  # "ap" only as a whole word
        (("rapid growth",), ""),
        ((), ""),
        (("", None), ""),
    ],
)
def test_detect_agency(fields, expected):
    assert detect_agency(*fields, known=KNOWN) == expected


def test_earlier_fields_win():
    assert detect_agency("Reuters", "(AFP)", known=KNOWN) == "reuters"
    assert detect_agency("", "(AFP)", known=KNOWN) == "afp"


def test_the_earliest_mention_in_a_field_wins():
    assert detect_agency("AFP and Reuters", known=KNOWN) == "afp"
    assert detect_agency("Reuters with AFP", known=KNOWN) == "reuters"


def test_keys_match_even_without_aliases():
    assert detect_agency("Kyodo News", known={"kyodo": []}) == "kyodo"
    assert detect_agency("AFP", known={}) == ""
