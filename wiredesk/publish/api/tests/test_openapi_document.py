"""The OpenAPI 3.1 document is valid, and every response of every endpoint it describes, for
every status it lists, matches its schema."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from wiredesk.publish.api.openapi import document
from wiredesk.stories.models import StoryState

from .conftest import api_get

DOC_URI = "urn:wiredesk:openapi"

# (path in the document, status) -> a real request that should answer it; {live}, {killed},
# {hidden} are story ids made by the fixture
REQUESTS = {
    ("/api/", 200): "/api/",
    ("/api/sites/", 200): "/api/sites/",
    ("/api/sites/{key}/", 200): "/api/sites/spacewar/",
    ("/api/sites/{key}/", 404): "/api/sites/nosuchsite/",
    ("/api/sites/{key}/sections/", 200): "/api/sites/spacewar/sections/",
    ("/api/sites/{key}/sections/", 404): "/api/sites/nosuchsite/sections/",
    ("/api/sites/{key}/headlines/", 200): "/api/sites/spacewar/headlines/?section=military",
    ("/api/sites/{key}/headlines/", 400): "/api/sites/spacewar/headlines/?count=0",
    ("/api/sites/{key}/headlines/", 404): "/api/sites/spacewar/headlines/?section=nope",
    ("/api/stories/", 200): "/api/stories/?limit=1",
    ("/api/stories/", 400): "/api/stories/?cursor=x",
    ("/api/stories/", 404): "/api/stories/?site=nosuchsite",
    ("/api/stories/{id}/", 200): "/api/stories/{live}/",
    ("/api/stories/{id}/", 404): "/api/stories/{hidden}/",
    ("/api/stories/{id}/", 410): "/api/stories/{killed}/",
    ("/api/openapi.json", 200): "/api/openapi.json",
    ("/api/widget.js", 200): "/api/widget.js",
    ("/api/widget/{key}/", 200): "/api/widget/spacewar/?count=2",
    ("/api/widget/{key}/", 400): "/api/widget/spacewar/?count=500",
    ("/api/widget/{key}/", 404): "/api/widget/nosuchsite/",
}


def documented():
    doc = document()
    return [
        (path, int(status), response)
        for path, item in doc["paths"].items()
        for status, response in item["get"]["responses"].items()
    ]


@pytest.fixture
def stories(network, make_story):
    war = network["spacewar"]
    return {
        "live": make_story(war, "A live story", 1, section=network["military"]).pk,
        "other": make_story(war, "Another live story", 2).pk,
        "killed": make_story(war, "A killed story", 3, state=StoryState.KILLED).pk,
        "hidden": make_story(war, "A held story", 4, state=StoryState.HELD).pk,
    }


def test_document_is_valid_openapi_3_1():
    doc = document("https://www.spacewar.com")
    assert doc["openapi"] == "3.1.0"
    validate(doc)  # raises with the reason when invalid


def test_every_documented_response_has_a_request_here():
    assert {(path, status) for path, status, _ in documented()} == set(REQUESTS)


@pytest.mark.parametrize(
    ("path", "status", "spec"), documented(), ids=[f"{p} {s}" for p, s, _ in documented()]
)
@pytest.mark.django_db
def test_real_response_matches_its_schema(client, stories, path, status, spec):
    url = REQUESTS[(path, status)].format(**stories)
    response = api_get(client, url)
    assert response.status_code == status, response.content[:300]
    (media_type, content), *_ = spec["content"].items()
    assert response["Content-Type"].split(";")[0] == media_type
    if media_type != "application/json":
        assert response.content
        return
    doc = document()
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    schema = content["schema"]
    if "$ref" in schema:
        schema = {"$ref": DOC_URI + schema["$ref"]}
    validator = Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    found = validator.iter_errors(response.json())
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in found]
    assert errors == []


@pytest.mark.django_db
def test_served_document_names_the_server_it_came_from(client, network):
    data = api_get(client, "/api/openapi.json", host="www.spacewar.com").json()
    assert data["servers"] == [{"url": "http://www.spacewar.com"}]
    validate(data)
