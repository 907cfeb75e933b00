"""Bad requests get a JSON error with a clear message and the right status; the API is
read-only and open to any origin."""

import pytest

from .conftest import api_get

CASES = [
    ("/api/stories/?limit=0", 400, "bad_limit", "limit must be a whole number from 1 to 100"),
    ("/api/stories/?limit=101", 400, "bad_limit", "from 1 to 100"),
    ("/api/stories/?limit=ten", 400, "bad_limit", "from 1 to 100"),
    ("/api/stories/?cursor=not-a-cursor", 400, "bad_cursor", "not a cursor from this API"),
    ("/api/stories/?cursor=WzEsMiwzXQ", 400, "bad_cursor", "not a cursor"),  # [1,2,3]
    ("/api/stories/?since=yesterday", 400, "bad_since", "ISO 8601"),
    ("/api/stories/?section=military", 400, "section_needs_site", "section needs site"),
    ("/api/stories/?site=nosuchsite", 404, "unknown_site", "no site with the key 'nosuchsite'"),
    ("/api/stories/?site=spacewar&section=nope", 404, "unknown_section", "has no section"),
    ("/api/stories/?agency=XYZ", 404, "unknown_agency", "no agency with the key 'XYZ'"),
    ("/api/sites/nosuchsite/", 404, "unknown_site", "see /api/sites/"),
    ("/api/sites/nosuchsite/sections/", 404, "unknown_site", "no site"),
    ("/api/sites/nosuchsite/headlines/", 404, "unknown_site", "no site"),
    ("/api/sites/spacewar/headlines/?count=51", 400, "bad_count", "from 1 to 50"),
    ("/api/sites/spacewar/headlines/?section=nope", 404, "unknown_section", "no section"),
    ("/api/stories/12345/", 404, "not_found", "no story 12345"),
]


@pytest.mark.parametrize(("path", "status", "code", "message"), CASES)
@pytest.mark.django_db
def test_bad_request_gets_a_json_error(client, network, path, status, code, message):
    response = api_get(client, path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["status"] == status and error["code"] == code
    assert message in error["message"]


@pytest.mark.django_db
def test_writes_are_refused_as_json(client, network):
    response = client.post("/api/stories/", HTTP_HOST="spacewar.localhost")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_cors_preflight_is_answered(client, network):
    response = client.options(
        "/api/stories/",
        HTTP_HOST="spacewar.localhost",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.django_db
def test_every_answer_allows_any_origin(client, network):
    for path in ("/api/", "/api/sites/", "/api/stories/", "/api/openapi.json"):
        response = api_get(client, path, HTTP_ORIGIN="https://partner.example")
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.django_db
def test_not_modified_answers_keep_cors(client, network):
    etag = api_get(client, "/api/stories/")["ETag"]
    response = api_get(client, "/api/stories/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"
