"""An item's MinHash words are reused for routing's words; the content hash stays the SHA-256
of the same JSON (stored hashes must keep matching)."""

import hashlib
import json
from datetime import UTC, datetime

from wiredesk.ingest.parsers.base import ParsedItem
from wiredesk.ingest.prepare import content_hash, prepare
from wiredesk.routing.rules import text_words
from wiredesk.stories import dedupe

AGENCIES = {"AFP": ["AFP", "Agence France-Presse"]}
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _item(headline: str, body: str) -> ParsedItem:
    return ParsedItem(external_id="x-1", headline=headline, body_html=body, format="rss")


def test_signature_brings_routing_words_when_nfkc_changes_nothing():
    prepared = prepare(
        _item("Rocket launch delayed", "<p>Engines (AFP) – Ünïcödé</p>"), AGENCIES, NOW
    )
    assert prepared.text_words is None
    signature = prepared.signature
    assert prepared.text_words == text_words(prepared.headline, prepared.body_text)
    assert signature.hashvalues.tolist() == (
        dedupe.signature(f"{prepared.headline}\n{prepared.body_text}").hashvalues.tolist()
    )


def test_no_words_from_the_signature_where_nfkc_changes_the_text():
    prepared = prepare(_item("ﬁre crews", "<p>Ｆｕｌｌ width</p>"), AGENCIES, NOW)
    prepared.signature  # noqa: B018
    assert prepared.text_words is None  # routing computes its own (they differ here)
    assert "ﬁre" in text_words(prepared.headline, prepared.body_text)


def _reference(fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_content_hash_is_the_json_hash():
    fields = {
        "headline": 'Quotes " and \\ back\nslash',
        "body": "<p>é 😀 \u2028 \x00 \x1f</p>",
        "byline": "",
        "place": "Paris",
        "wire_date": "Oct 24",
        "version": "2",
        "embargo": None,
        "status": "usable",
    }
    assert content_hash(fields) == _reference(fields)
    assert content_hash(dict(fields, embargo=NOW)) == _reference(dict(fields, embargo=NOW))
    assert content_hash({}) == _reference({})
    assert content_hash({"b": "1", "a": None}) == _reference({"a": None, "b": "1"})
