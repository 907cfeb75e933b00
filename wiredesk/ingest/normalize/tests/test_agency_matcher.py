"""The agency matcher (one pattern and one dict per alias table, built once) picks what a
scan of the alias table, alias by alias, picks."""

import random
import re

from wiredesk.ingest.normalize.agency import _alias_table, _norm, detect_agency

KNOWN = {
    "afp": ["AFP", "Agence France-Presse"],
    "afp-relax": ["AFP Relaxnews"],
    "ap": ["AP", "Associated Press", "ap.org"],
    "a.p.": ["A.P."],
    "reuters": ["Reuters", "Thomson Reuters"],
    "twin": ["AP"],  # the same alias as another key: the first in the table wins
}


def _scanned(*fields: str, known) -> str:
    """The matching rule written out as a scan of the table (what the matcher replaces)."""
    table = _alias_table(known)
    for field in fields:
        text = _norm(field or "")
        if not text:
            continue
        for alias, key in table:
            if text == alias:
                return key
        for marker in re.finditer(r"\(([^()]{1,60})\)", text):
            for alias, key in table:
                if marker.group(1).strip() == alias:
                    return key
        best = None
        for alias, key in table:
            match = re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text)
            if match and (best is None or (match.start(), -len(alias)) < best[:2]):
                best = (match.start(), -len(alias), key)
        if best is not None:
            return best[2]
    return ""


def test_matcher_agrees_with_a_scan_of_the_table():
    words = [
        "AFP", "afp", "Relaxnews", "AP", "ap.org", "A.P.", "Associated", "Press", "Reuters",
        "Thomson", "(AFP)", "( AP )", "xAFP", "AFPx", "-", ",", "and", "Agence", "France-Presse",
        "(", ")", "news", "A.P", ".", "’",
    ]  # fmt: skip
    generator = random.Random(7)
    for _ in range(3000):
        fields = [
            " ".join(generator.choice(words) for _ in range(generator.randint(0, 6)))
            for _ in range(generator.randint(1, 3))
        ]
        assert detect_agency(*fields, known=KNOWN) == _scanned(*fields, known=KNOWN), fields


def test_a_changed_table_is_a_new_matcher():
    assert detect_agency("UPI wire", known={"u": ["UPI"]}) == "u"
    assert detect_agency("UPI wire", known={"u": ["United Press"]}) == ""  # keys are aliases too
    assert detect_agency("UPI wire", known={"w": ["wire"]}) == "w"
    assert detect_agency("anything", known={}) == ""


def test_aliases_given_as_a_generator_are_read():
    known = {"afp": (alias for alias in ["Agence France-Presse"])}
    assert detect_agency("by Agence France-Presse", known=known) == "afp"


def test_the_order_of_the_table_decides_between_equal_aliases():
    first = {"a": ["Wire"], "b": ["Wire"]}
    assert detect_agency("Wire", known=first) == "a"
    assert detect_agency("Wire", known={"b": ["Wire"], "a": ["Wire"]}) == "b"
    first["a"].append("Other")  # changed in place: not the table seen before
    assert detect_agency("Other", known=first) == "a"
    first["a"].remove("Other")
    assert detect_agency("Other", known=first) == ""
