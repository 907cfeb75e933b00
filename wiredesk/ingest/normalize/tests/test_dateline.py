"""Datelines: fields parsed, and leading datelines split off body paragraphs."""

import pytest

from wiredesk.ingest.normalize.dateline import Dateline, parse_dateline, split_body_dateline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington, Oct 24 (AFP)", Dateline("Washington", "Oct 24", "AFP")),
        ("PARIS (AFP) -", Dateline("PARIS", "", "AFP")),
        (
            "Cape Canaveral, Fla., Nov. 24 (UPI) --",
            Dateline("Cape Canaveral, Fla.", "Nov. 24", "UPI"),
        ),
        ("Moscow (RIA Novosti)", Dateline("Moscow", "", "RIA Novosti")),
        ("BEIJING, Nov 3 (Reuters) -", Dateline("BEIJING", "Nov 3", "Reuters")),
        ("(ANSA) - Rome, October 11 -", Dateline("Rome", "October 11", "ANSA")),
        ("London (dpa) - ", Dateline("London", "", "dpa")),
        ("Berlin, 3. März 2024 (dpa)", Dateline("Berlin", "3. März 2024", "dpa")),
        ("Paris, 12 janvier (AFP)", Dateline("Paris", "12 janvier", "AFP")),
        ("WASHINGTON, Jan. 5, 2024 (AP) —", Dateline("WASHINGTON", "Jan. 5, 2024", "AP")),
        ("Tokyo, Monday (Kyodo)", Dateline("Tokyo", "Monday", "Kyodo")),
        ("Houston Oct 24 (AFP)", Dateline("Houston", "Oct 24", "AFP")),
        ("Geneva (Agence France-Presse)", Dateline("Geneva", "", "Agence France-Presse")),
        ("Rio de Janeiro", Dateline("Rio de Janeiro", "", "")),
        ("  WASHINGTON  ", Dateline("WASHINGTON", "", "")),
        ("Helsinki, 24.10.2024", Dateline("Helsinki", "24.10.2024", "")),
        ("", None),
        ("   -- ", None),
        (
            "He said (quoting the minister) that this is not a dateline at all; it is a sentence.",
            None,
        ),
        ("x" * 200, None),
    ],
)
def test_parse_dateline(text, expected):
    assert parse_dateline(text) == expected


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        (
            "PARIS (AFP) - France said on Monday",
            Dateline("PARIS", "", "AFP"),
            "France said on Monday",
        ),
        (
            "Washington (AFP) - The US space agency",
            Dateline("Washington", "", "AFP"),
            "The US space agency",
        ),
        (
            "Cape Canaveral, Fla., Nov. 24 (UPI) -- A rocket",
            Dateline("Cape Canaveral, Fla.", "Nov. 24", "UPI"),
            "A rocket",
        ),
        ("BEIJING, Nov 3 (Reuters) - China's", Dateline("BEIJING", "Nov 3", "Reuters"), "China's"),
        ("Moscow (RIA Novosti) – Russia", Dateline("Moscow", "", "RIA Novosti"), "Russia"),
        ("GROSSETO, Italy (AP) -- The trial", Dateline("GROSSETO, Italy", "", "AP"), "The trial"),
        (
            "FORT WASHINGTON, Pa. (AP) _ The company",
            Dateline("FORT WASHINGTON, Pa.", "", "AP"),
            "The company",
        ),
        (
            "(ANSA) - Rome, October 11 - The minister",
            Dateline("Rome", "October 11", "ANSA"),
            "The minister",
        ),
        ("Jan 3 (Reuters) - Residents", Dateline("", "Jan 3", "Reuters"), "Residents"),
        ("WASHINGTON — The Senate voted", Dateline("WASHINGTON", "", ""), "The Senate voted"),
        ("Rio de Janeiro (Reuters) - Brazil", Dateline("Rio de Janeiro", "", "Reuters"), "Brazil"),
    ],
)
def test_split_body_dateline(paragraph, dateline, rest):
    assert split_body_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The minister (who is 45) - said nothing.",
        "Prices rose 3% (year on year) - the fastest pace since 2008.",
        "Nothing here - at all",
        "A well-known phrase - it is not a dateline.",
        "PARIS (AFP) - ",
        "",
    ],
)
def test_split_body_dateline_leaves_ordinary_text_alone(paragraph):
    assert split_body_dateline(paragraph) == (None, paragraph)
