"""NewsML 1.2: real AFP, ANA and Business Wire files, revisions sharing an id, hostile input.

Rows state identity, counts and short structural facts of real files in ../shared/data.
"""

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import detect_format, newsml12, parse_bytes
from wiredesk.ingest.parsers.safexml import REFUSED_ENTITIES, REFUSED_EXTERNAL

from .shared_data import shared_files, shared_path

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"
BUSINESS_WIRE = "iptc-ninjs/examples/NewsML"

EXPECTATIONS = {
    (FIXTURES, "afp.xml"): {
        "external_id": "urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86",
        "version": "1",
        "status": "usable",
        "urgency": 4,
        "language": "en",
        "place": "Stockholm",
        "agency": "AFP",
        "updated": datetime(2014, 8, 29, 13, 49, 51, tzinfo=UTC),
        "paragraphs": 10,
    },
    (FIXTURES, "afp20.xml"): {
        "external_id": "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk",
        "version": "1",
        "language": "fr",
        "agency": "AFP",
        "paragraphs": 2,
    },
    (FIXTURES, "ana1.xml"): {
        "external_id": "urn:newsml:ana-mpe.gr:20180404:19336333",
        "language": "en",
        "place": "Athens",
        "urgency": 5,  # from the envelope's Priority: the item has no Urgency
        "subjects": ["subj:09003000", "subj:09003002", "subj:04008004"],
        "published": datetime(2018, 4, 4, 14, 58, 59, tzinfo=UTC),
    },
}


def _parse(folder: str, name: str):
    return parse_bytes(shared_path(folder, name).read_bytes())


@pytest.mark.parametrize("key", sorted(EXPECTATIONS), ids=lambda key: key[1])
def test_real_newsml12_file(key):
    result = _parse(*key)
    assert (result.format, result.failure) == ("newsml-1.2", "")
    [item] = result.items
    assert item.headline and item.body_html and item.dateline and item.rights
    for field, value in EXPECTATIONS[key].items():
        if field == "paragraphs":
            assert item.body_html.lower().count("<p>") == value
        else:
            assert getattr(item, field) == value, field


def test_afp_nested_text_component_is_found():
    # afp20.xml puts its ContentItem in a NewsComponent inside the main one.
    item = _parse(FIXTURES, "afp20.xml").items[0]
    assert item.body_html.startswith("<p>") and "DataContent" not in item.body_html


def test_ana_subheadline_becomes_the_summary():
    item = _parse(FIXTURES, "ana1.xml").items[0]
    assert item.summary and item.summary != item.headline


@pytest.mark.parametrize("path", shared_files(BUSINESS_WIRE, ("*.xml",)))
def test_business_wire_packages_give_the_body_component_only(path):
    result = parse_bytes(path.read_bytes())
    assert (result.format, result.failure) == ("newsml-1.2", "")
    [item] = result.items
    assert item.external_id.startswith("urn:newsml:businesswire.com:")
    assert item.headline and item.dateline
    assert item.body_html.count("<p>") >= 3
    assert "text-align" not in item.body_html  # the style-sheet component is skipped
    assert "<html" not in item.body_html and "xmlns" not in item.body_html


def _revision(number: int, status: str = "Usable", body: str = "Text.") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<NewsML Version="1.2"><NewsEnvelope><DateAndTime>20240101T100000Z</DateAndTime></NewsEnvelope>
<NewsItem><Identification><NewsIdentifier><ProviderId>example.org</ProviderId>
<DateId>20240101</DateId><NewsItemId>ITEM-1</NewsItemId>
<RevisionId PreviousRevision="{number - 1}" Update="N">{number}</RevisionId>
</NewsIdentifier></Identification>
<NewsManagement><NewsItemType FormalName="News"/>
<FirstCreated>20240101T100000Z</FirstCreated>
<ThisRevisionCreated>20240101T1{number}0000Z</ThisRevisionCreated>
<Status FormalName="{status}"/></NewsManagement>
<NewsComponent><NewsLines><HeadLine>Revision {number}</HeadLine></NewsLines>
<ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF"/>
<DataContent><nitf><body><body.content><p>{body}</p></body.content></body></nitf></DataContent>
</ContentItem></NewsComponent></NewsItem></NewsML>""".encode()


def test_revisions_of_one_item_share_the_id_and_count_up():
    first, second = (parse_bytes(_revision(n)).items[0] for n in (1, 2))
    assert first.external_id == second.external_id == "urn:newsml:example.org:20240101:ITEM-1"
    assert (first.version, second.version) == ("1", "2")
    assert second.updated > first.updated
    assert detect_format(_revision(1)) == "newsml-1.2"


def test_canceled_status_is_passed_on():
    assert parse_bytes(_revision(3, status="Canceled")).items[0].status == "canceled"


@pytest.mark.parametrize(
    ("doctype", "reason"),
    [
        ('<!DOCTYPE NewsML [<!ENTITY x SYSTEM "file:///etc/passwd">]>', REFUSED_EXTERNAL),
        ('<!DOCTYPE NewsML [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]>', REFUSED_ENTITIES),
    ],
    ids=["xxe", "entity-expansion"],
)
def test_hostile_newsml12_is_refused(doctype, reason):
    data = _revision(1, body="&x;&b;").replace(
        b'<NewsML Version="1.2">', doctype.encode() + b'<NewsML Version="1.2">'
    )
    assert parse_bytes(data).failure == reason
    assert newsml12.parse(data).failure == reason


@pytest.mark.parametrize(
    "data",
    [b"<NewsML>", b"<NewsML><NewsItem/></NewsML>", b"<NewsML>\x00\xff</NewsML>"],
    ids=["truncated", "empty-item", "binary"],
)
def test_broken_newsml12_never_raises(data):
    assert isinstance(parse_bytes(data).failure, str)
    assert isinstance(newsml12.parse(data).failure, str)
