"""JSON Feed 1.0 and 1.1 items map onto ParsedItem fields."""

import json
from datetime import UTC, datetime

from wiredesk.ingest.parsers import parse_bytes


def _feed(**overrides) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON wire",
        "language": "en",
        "authors": [{"name": "Feed Author"}],
        "items": [
            {
                "id": 42,
                "url": "https://json.example/42",
                "title": "Probe lands",
                "content_html": "<p>It landed.</p>",
                "summary": "It <em>landed</em>.",
                "date_published": "2024-02-01T10:00:00+01:00",
                "date_modified": "2024-02-01T12:00:00Z",
                "tags": ["space", "mars", "space"],
                "image": "https://json.example/42.jpg",
                "attachments": [
                    {
                        "url": "https://json.example/42.mp3",
                        "mime_type": "audio/mpeg",
                        "title": "Audio",
                    }
                ],
            },
            {"id": "b", "content_text": "First.\n\nSecond & last.", "author": {"name": "Old"}},
            "not an object",
        ],
    }
    feed.update(overrides)
    return json.dumps(feed).encode()


def test_jsonfeed_item_fields():
    result = parse_bytes(_feed())
    assert (result.format, result.failure) == ("jsonfeed", "")
    assert result.warnings == ["item 2 is not an object; skipped"]
    item = result.items[0]
    assert item.external_id == "42"
    assert item.headline == "Probe lands"
    assert item.body_html == "<p>It landed.</p>"
    assert item.summary == "It landed."
    assert item.link == "https://json.example/42"
    assert item.byline == "Feed Author"
    assert item.published == datetime(2024, 2, 1, 9, 0, tzinfo=UTC)
    assert item.updated == datetime(2024, 2, 1, 12, 0, tzinfo=UTC)
    assert item.language == "en"
    assert item.subjects == ["space", "mars"]
    assert item.media == [
        {"url": "https://json.example/42.jpg", "type": "image", "caption": ""},
        {"url": "https://json.example/42.mp3", "type": "audio/mpeg", "caption": "Audio"},
    ]


def test_jsonfeed_1_0_author_and_text_content():
    data = _feed(version="https://jsonfeed.org/version/1", authors=None)
    item = parse_bytes(data).items[1]
    assert item.byline == "Old"
    assert item.body_html == "<p>First.</p>\n<p>Second &amp; last.</p>"
    assert item.headline == ""


def test_jsonfeed_without_items_fails():
    result = parse_bytes(b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}')
    assert result.failure == "not a JSON Feed: no items list"


def test_truncated_jsonfeed_fails_as_malformed_json():
    result = parse_bytes(_feed()[:60])
    assert result.format == "jsonfeed"
    assert result.failure.startswith("malformed JSON")
