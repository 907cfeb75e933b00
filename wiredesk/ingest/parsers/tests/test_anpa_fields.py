"""ANPA-1312 (AP): real files, write-thru identity and versions, garbage never raises."""

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import anpa, parse_bytes

from .shared_data import shared_path

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"

EXPECTATIONS = {
    "anpa-1.tst": {
        "external_id": "anpa:ltargentinacancerbeauty:2013-11-13",
        "version": "0",
        "byline": "By PAUL BYRNE and ALMUDENA CALATRAVA",
        "place": "BUENOS AIRES, Argentina",
        "urgency": 1,
    },
    "anpa-2.tst": {"external_id": "anpa:usethanollosinggrassland:2013-11-13", "version": "1"},
    "anpa-3.tst": {"version": "0", "tables": 1},  # tabular rows inside a text story
    "anpa-4.tst": {"external_id": "anpa:aptopentertainmentheadlines:2016-02-09"},
    "ap_anpa-1.tst": {
        "external_id": "anpa:bknheathawks:2016-02-20",
        "version": "1",
        "byline": "By CHARLES ODUM",
        "place": "ATLANTA",
        "published": datetime(2016, 2, 20, 3, 37, tzinfo=UTC),
    },
    "ap_anpa-2.tst": {"byline": "By The Associated Press", "tables": 6},  # one per division,
    "ap_anpa-3.tst": {"external_id": "anpa:usgiantlobsterdeath:2016-08-29", "version": "1"},
    "ap_anpa-4.tst": {"version": "3", "byline": "By GERRY SHIH"},
    "ap_anpa-5.tst": {"external_id": "anpa:usapnewsalert:2017-06-29", "place": "HONOLULU"},
    "ap_anpa-6.tst": {"tables": 2, "published": datetime(2019, 8, 18, 20, 17, tzinfo=UTC)},
    "ap_anpa-7.tst": {"external_id": "anpa:10thingstoknowtoday:2019-09-04", "version": "0"},
}


def _read(name: str) -> bytes:
    return shared_path(FIXTURES, name).read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_real_anpa_file(name):
    result = parse_bytes(_read(name))
    assert (result.format, result.failure) == ("anpa1312", "")
    [item] = result.items
    assert item.headline and item.body_html and item.agency == "AP"
    assert not any(ch in item.body_html for ch in "\x02\x03\x08\x10\x1e\x1f")
    for field, value in EXPECTATIONS[name].items():
        if field == "tables":
            assert item.body_html.count("<table>") == value
        else:
            assert getattr(item, field) == value, field


@pytest.mark.parametrize(
    ("designators", "version"),
    [
        ("", "0"),
        ("1st Ld-Writethru", "1"),
        ("1stLd-Writethru", "1"),
        ("2nd Ld", "2"),
        ("3rd Ld-Writethru", "3"),
        ("Writethru", "1"),
        ("2nd Writethru", "2"),
        ("Correction", "0.5"),
        ("1st Ld-Writethru, Correction", "1.5"),
        ("Urgent", "0"),
    ],
)
def test_designators_give_increasing_versions(designators, version):
    assert anpa.designator_version(designators) == version


@pytest.mark.parametrize(
    ("keyword", "slug", "designators"),
    [
        (
            "BC-US--Giant Lobster Death, 1st Ld-Writethru,127",
            "BC-US--Giant Lobster Death",
            "1st Ld-Writethru",
        ),
        ("BC-US--GiantLobsterDeath 1stLd-Writethru", "BC-US--GiantLobsterDeath", "1stLd-Writethru"),
        ("BC-BBO--Baseball Expanded Glance", "BC-BBO--Baseball Expanded Glance", ""),
        ("BC-US--Story, 2nd Add,300", "BC-US--Story", "2nd Add"),
    ],
)
def test_keyword_lines_split_into_slug_and_designators(keyword, slug, designators):
    assert anpa.split_keyword(keyword) == (slug, designators)


def _variant(data: bytes, designator: str, text: bytes) -> bytes:
    """The real ap_anpa-3 message re-slugged as another version of the same story."""
    header = b" 1stLd-Writethru " if designator else b" "
    keyword = b", " + designator.encode() + b"," if designator else b","
    data = data.replace(
        b" 1stLd-Writethru ",
        header.replace(b"1stLd-Writethru", designator.replace(" ", "").encode()),
    )
    data = data.replace(b", 1st Ld-Writethru,", keyword)
    return data.replace(b"A lobster died.", text)


def test_write_thrus_of_one_story_share_the_id_and_count_up():
    real = _read("ap_anpa-3.tst")
    items = [
        parse_bytes(_variant(real, designator, b"Version text " + str(n).encode())).items[0]
        for n, designator in enumerate(("", "1st Ld-Writethru", "2nd Ld-Writethru"))
    ]
    assert len({item.external_id for item in items}) == 1
    assert [item.version for item in items] == ["0", "1", "2"]


def test_an_add_is_its_own_item():
    real = _read("ap_anpa-3.tst")
    story = parse_bytes(_variant(real, "", b"x")).items[0]
    add = parse_bytes(_variant(real, "1st Add", b"y")).items[0]
    assert add.external_id == story.external_id + ":add-1"


@pytest.mark.parametrize(
    "data",
    [
        b"\x16\x16\x01",
        b"\x16\x16\x01A1234\x1f\x02",
        b"\x16\x16\x01A1234\x1f-----\r\nr a\x13\x11 BC-X 01-01 0001\r\n\x02\x03\x04",
        b"\x16\x16\x01A1234\x1f" + bytes(range(256)) * 3,
        bytes(range(256)) * 4,
    ],
    ids=["syn-soh-only", "no-header", "empty-text", "header-then-garbage", "all-bytes"],
)
def test_garbage_never_raises(data):
    assert isinstance(parse_bytes(data).failure, str)
    assert isinstance(anpa.parse(data).failure, str)
