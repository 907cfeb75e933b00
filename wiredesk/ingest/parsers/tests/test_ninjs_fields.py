"""ninjs 1.x, 2.x and 3.x items map onto ParsedItem fields."""

import json
from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import parse_bytes

NINJS_1 = {
    "uri": "urn:ninjs:1",
    "guid": "ignored-when-uri-present",
    "type": "text",
    "version": 3,
    "versioncreated": "2024-01-02T10:00:00+0000",
    "firstcreated": "2024-01-02T08:00:00+0000",
    "embargoed": "2024-01-03T00:00:00+00:00",
    "pubstatus": "usable",
    "urgency": "2",
    "language": "en",
    "headline": "Comet spotted",
    "byline": "Sky Watcher",
    "located": "Tucson",
    "body_html": "<p>A comet.</p>",
    "description_text": "A comet was seen.",
    "subject": [{"code": "13000000", "name": "science"}, {"code": "x1", "scheme": "topic"}],
    "keywords": ["comet", "astronomy"],
    "copyrightholder": "Example Agency",
    "copyrightnotice": "(c) Example Agency",
    "usageterms": "No archiving",
    "source": "EXA",
    "associations": {
        "featuremedia": {
            "type": "picture",
            "description_text": "The comet.",
            "renditions": {
                "thumbnail": {"href": "https://img.example/t.jpg", "width": 100},
                "original": {
                    "href": "https://img.example/o.jpg",
                    "mimetype": "image/jpeg",
                    "width": 4000,
                    "height": 3000,
                },
            },
        },
        "related": {"type": "text", "uri": "urn:other", "headline": "Not media"},
    },
}

NINJS_3 = {
    "uri": "urn:ninjs:3",
    "type": "text",
    "version": "1",
    "versionCreated": "2024-01-02T10:00:00Z",
    "firstCreated": "2024-01-02T09:00:00Z",
    "pubStatus": "usable",
    "copyrightHolder": "Agency Three",
    "copyrightNotice": "(c) Agency Three",
    "headlines": [{"role": "sub", "value": "Sub"}, {"role": "main", "value": "Main headline"}],
    "descriptions": [
        {"role": "caption", "value": "not this"},
        {"role": "text", "value": "Summary three."},
    ],
    "bodies": [
        {"role": "text", "contentType": "text/plain", "value": "Plain body."},
        {
            "role": "html",
            "contentType": "text/html",
            "value": "<section><p>HTML body.</p></section>",
        },
    ],
    "by": "Writer Three",
    "subjects": [{"literal": "04000000", "name": "economy"}],
    "infoSources": [{"name": "Source Three"}],
    "associations": [
        {
            "name": "a001",
            "type": "picture",
            "descriptions": [{"value": "Caption three"}],
            "renditions": [
                {"name": "thumb", "href": "https://img.example/3t.jpg", "width": 100},
                {
                    "name": "large-ish",
                    "href": "https://img.example/3l.jpg",
                    "width": 2000,
                    "contentType": "image/jpeg",
                },
            ],
        }
    ],
}


def _parse(value) -> object:
    return parse_bytes(json.dumps(value).encode())


def test_ninjs_1_fields():
    result = _parse(NINJS_1)
    assert (result.format, result.failure, result.warnings) == ("ninjs", "", [])
    [item] = result.items
    assert item.external_id == "urn:ninjs:1"
    assert item.version == "3"
    assert item.headline == "Comet spotted"
    assert item.body_html == "<p>A comet.</p>"
    assert item.summary == "A comet was seen."
    assert item.byline == "Sky Watcher"
    assert item.place == "Tucson"
    assert item.agency == "EXA"
    assert item.published == datetime(2024, 1, 2, 8, 0, tzinfo=UTC)
    assert item.updated == datetime(2024, 1, 2, 10, 0, tzinfo=UTC)
    assert item.embargo_until == datetime(2024, 1, 3, tzinfo=UTC)
    assert item.urgency == 2
    assert item.language == "en"
    assert item.subjects == ["13000000", "topic:x1"]
    assert item.keywords == ["comet", "astronomy"]
    assert item.rights == "(c) Example Agency No archiving"
    assert item.status == "usable"
    assert item.media == [
        {
            "url": "https://img.example/o.jpg",
            "type": "image/jpeg",
            "caption": "The comet.",
            "width": 4000,
            "height": 3000,
        }
    ]


def test_ninjs_3_camel_case_fields():
    [item] = _parse(NINJS_3).items
    assert item.external_id == "urn:ninjs:3"
    assert item.headline == "Main headline"
    assert item.body_html == "<section><p>HTML body.</p></section>"
    assert item.summary == "Summary three."
    assert item.byline == "Writer Three"
    assert item.agency == "Source Three"
    assert item.published == datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    assert item.subjects == ["04000000"]
    assert item.rights == "(c) Agency Three"
    assert item.media == [
        {
            "url": "https://img.example/3l.jpg",
            "type": "image/jpeg",
            "caption": "Caption three",
            "width": 2000,
        }
    ]


def test_plain_body_text_is_wrapped_and_guid_is_an_id():
    value = {"guid": "g-1", "headline": "H", "body_text": "One.\n\nTwo <3."}
    [item] = _parse(value).items
    assert item.external_id == "g-1"
    assert item.body_html == "<p>One.</p>\n<p>Two &lt;3.</p>"


@pytest.mark.parametrize(
    "wrapper",
    [
        lambda items: items,
        lambda items: {"item": items},
        lambda items: {"total": 2, "items": items},
        lambda items: {"data": {"items": [{"item": i} for i in items]}},
    ],
    ids=["list", "item-wrapper", "items-wrapper", "api-data-wrapper"],
)
def test_lists_and_wrappers_of_items(wrapper):
    items = [NINJS_1, NINJS_3]
    result = _parse(wrapper(items))
    assert [i.external_id for i in result.items] == ["urn:ninjs:1", "urn:ninjs:3"]


def test_pictures_are_skipped_with_a_warning():
    picture = {"uri": "urn:pic", "type": "picture", "headline": "A photo", "body_text": "caption"}
    result = _parse([picture, NINJS_1])
    assert [i.external_id for i in result.items] == ["urn:ninjs:1"]
    assert result.warnings == ["skipped non-text items: 1 picture"]


def test_json_without_ninjs_items_fails_clearly():
    result = parse_bytes(b'{"uri": "urn:x", "unrelated": true}')
    assert result.items == []
    assert result.failure
