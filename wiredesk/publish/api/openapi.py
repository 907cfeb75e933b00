"""The API's OpenAPI 3.1 description, served at ``/api/openapi.json``.

Written by hand as data. The tests validate it with openapi-spec-validator and check every
endpoint's real responses against the schemas here, so it cannot drift from the views.
Objects are closed (``additionalProperties: false``): a field added to a view must be added
here too.
"""

from .responses import api_view, json_response

STRING = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
URL = {"type": "string", "format": "uri"}
TIME = {"type": ["string", "null"], "format": "date-time", "description": "ISO 8601, UTC"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(required: dict, description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": required,
        "required": list(required),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


FEEDS = closed({"rss": URL, "atom": URL, "json": URL}, "The feeds, RSS 2.0, Atom and JSON Feed")

SCHEMAS = {
    "Error": closed(
        {
            "error": closed(
                {
                    "status": {"type": "integer"},
                    "code": {
                        "type": "string",
                        "description": "bad_limit, bad_count, bad_cursor, bad_since, "
                        "unknown_site, unknown_section, unknown_agency, section_needs_site, "
                        "not_found, gone, method_not_allowed",
                    },
                    "message": {"type": "string", "description": "What to change, for a person"},
                }
            )
        }
    ),
    "Index": closed(
        {
            "name": STRING,
            "version": STRING,
            "links": closed({"sites": URL, "stories": URL, "openapi": URL, "widget": URL}),
        }
    ),
    "SiteRef": closed({"key": STRING, "name": STRING, "url": URL}, "A site, briefly"),
    "Site": closed(
        {
            "key": STRING,
            "name": STRING,
            "url": URL,
            "domain": STRING,
            "tagline": STRING,
            "language": STRING,
            "time_zone": STRING,
            "feeds": FEEDS,
            "links": closed({"self": URL, "sections": URL, "headlines": URL, "stories": URL}),
        }
    ),
    "SiteList": closed({"sites": {"type": "array", "items": ref("Site")}}),
    "Section": closed(
        {
            "key": STRING,
            "name": STRING,
            "description": STRING,
            "url": URL,
            "feeds": FEEDS,
            "links": closed({"headlines": URL, "stories": URL}),
        }
    ),
    "SectionList": closed(
        {"site": ref("SiteRef"), "sections": {"type": "array", "items": ref("Section")}}
    ),
    "StorySummary": closed(
        {
            "id": {"type": "integer"},
            "headline": STRING,
            "summary": STRING,
            "url": {**URL, "description": "The canonical URL, on the story's primary site"},
            "published_at": TIME,
            "modified_at": TIME,
            "is_updated": {"type": "boolean", "description": "More than one revision"},
            "agency": {**TEXT_OR_NULL, "description": "The agency's key, e.g. AFP"},
            "sites": {"type": "array", "items": STRING, "description": "Keys, primary first"},
            "links": closed({"self": URL}),
        }
    ),
    "StoryList": closed(
        {
            "stories": {"type": "array", "items": ref("StorySummary")},
            "count": {"type": "integer", "description": "Stories on this page"},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page (same filters, a cursor), null on the last",
            },
        }
    ),
    "Agency": closed({"key": STRING, "name": STRING, "rights_notice": STRING}),
    "Placement": closed(
        {
            "site": STRING,
            "section": TEXT_OR_NULL,
            "is_primary": {"type": "boolean"},
            "url": {**URL, "description": "The story's page on that site"},
        }
    ),
    "Headline": closed(
        {"id": {"type": "integer"}, "headline": STRING, "url": URL, "published_at": TIME}
    ),
    "Headlines": closed(
        {
            "title": {**STRING, "description": "A heading for a box of these headlines"},
            "accent": {**STRING, "pattern": "^#[0-9a-f]{6}$", "description": "Site colour"},
            "site": ref("SiteRef"),
            "section": {"oneOf": [closed({"key": STRING, "name": STRING}), {"type": "null"}]},
            "headlines": {"type": "array", "items": ref("Headline")},
        }
    ),
}
SCHEMAS["SiteDetail"] = closed(
    {
        **SCHEMAS["Site"]["properties"],
        "description": STRING,
        "sections": {"type": "array", "items": ref("Section")},
    }
)
SCHEMAS["Story"] = closed(
    {
        **SCHEMAS["StorySummary"]["properties"],
        "slug": STRING,
        "dateline": {**STRING, "description": "Washington, Oct 24 (AFP) Oct 24, 2023"},
        "dateline_place": STRING,
        "byline": STRING,
        "body_html": {**STRING, "description": "Sanitised HTML"},
        "language": STRING,
        "subjects": {"type": "array", "items": STRING},
        "keywords": {"type": "array", "items": STRING},
        "revisions": {"type": "integer", "minimum": 1},
        "agency": {"oneOf": [ref("Agency"), {"type": "null"}]},
        "rights_notice": STRING,
        "correction": {**STRING, "description": "A published correction note, or empty"},
        "placements": {"type": "array", "items": ref("Placement")},
    }
)


def json_content(schema_name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema_name)}},
    }


def error(description: str) -> dict:
    return json_content("Error", description)


def query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


SITE_KEY = {
    "name": "key",
    "in": "path",
    "required": True,
    "description": "The site's key, e.g. spacedaily",
    "schema": STRING,
}
COUNT = query(
    "count",
    "How many headlines (1-50, default 5)",
    {"type": "integer", "minimum": 1, "maximum": 50},
)
SECTION = query("section", "A section key of the site", STRING)

PATHS = {
    "/api/": {
        "get": {
            "operationId": "index",
            "summary": "Links to everything",
            "responses": {"200": json_content("Index", "The API's entry points")},
        }
    },
    "/api/sites/": {
        "get": {
            "operationId": "listSites",
            "summary": "Every site of the network",
            "responses": {"200": json_content("SiteList", "Sites in network order")},
        }
    },
    "/api/sites/{key}/": {
        "get": {
            "operationId": "getSite",
            "summary": "A site with its sections",
            "parameters": [SITE_KEY],
            "responses": {
                "200": json_content("SiteDetail", "The site"),
                "404": error("No such site"),
            },
        }
    },
    "/api/sites/{key}/sections/": {
        "get": {
            "operationId": "listSections",
            "summary": "A site's sections in menu order",
            "parameters": [SITE_KEY],
            "responses": {
                "200": json_content("SectionList", "The sections"),
                "404": error("No such site"),
            },
        }
    },
    "/api/sites/{key}/headlines/": {
        "get": {
            "operationId": "getHeadlines",
            "summary": "A site's newest headlines, for boxes and widgets",
            "parameters": [SITE_KEY, SECTION, COUNT],
            "responses": {
                "200": json_content("Headlines", "Newest first"),
                "400": error("A bad count"),
                "404": error("No such site or section"),
            },
        }
    },
    "/api/stories/": {
        "get": {
            "operationId": "listStories",
            "summary": "Live stories, newest first, a page at a time",
            "parameters": [
                query("site", "Only stories published on this site (its key)", STRING),
                query("section", "Only this section of the site (needs site)", STRING),
                query("agency", "Only this agency's stories (its key, e.g. AFP)", STRING),
                query(
                    "since", "Only stories first published at or after this time (ISO 8601)", STRING
                ),
                query(
                    "limit",
                    "Stories per page (1-100, default 20)",
                    {"type": "integer", "minimum": 1, "maximum": 100},
                ),
                query("cursor", "From a previous page's next link", STRING),
            ],
            "responses": {
                "200": json_content("StoryList", "A page of stories"),
                "400": error("A bad limit, since or cursor, or section without site"),
                "404": error("No such site, section or agency"),
            },
        }
    },
    "/api/stories/{id}/": {
        "get": {
            "operationId": "getStory",
            "summary": "One live story with its text",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": json_content("Story", "The story"),
                "404": error("No such story, or not visible (embargoed, unpublished)"),
                "410": error("The story was killed or its licence expired"),
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/api/widget.js": {
        "get": {
            "operationId": "getWidgetScript",
            "summary": "The headline widget script (see the description of the API)",
            "responses": {
                "200": {
                    "description": "JavaScript",
                    "content": {"text/javascript": {"schema": STRING}},
                }
            },
        }
    },
    "/api/widget/{key}/": {
        "get": {
            "operationId": "getWidgetFrame",
            "summary": "The headline widget as a page for an iframe (no JavaScript needed)",
            "parameters": [SITE_KEY, SECTION, COUNT, query("title", "The box's heading", STRING)],
            "responses": {
                "200": {"description": "HTML", "content": {"text/html": {"schema": STRING}}},
                "400": {
                    "description": "A bad count",
                    "content": {"text/plain": {"schema": STRING}},
                },
                "404": {
                    "description": "No such site or section",
                    "content": {"text/plain": {"schema": STRING}},
                },
            },
        }
    },
}

DESCRIPTION = """\
Read-only JSON about the network's sites, sections and live stories. Only what a reader can
see now is served: embargoed, held, unpublished, killed and expired stories are absent; a
killed or expired story answers 410 at its URL. Every response allows any origin (CORS) and
carries ETag, Last-Modified and Cache-Control; send If-None-Match to get 304 when nothing
changed. Errors are JSON: `{"error": {"status", "code", "message"}}`.

The headline widget: `<script src="https://SITE/api/widget.js" data-site="KEY" data-section=""
data-count="5" async></script>`, or without JavaScript `<iframe
src="https://SITE/api/widget/KEY/?count=5">`."""


def document(server_url: str = "") -> dict:
    """The OpenAPI document; ``server_url`` is the origin the API is served from."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "wiredesk API",
            "version": "1",
            "description": DESCRIPTION,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": server_url or "/"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }


@api_view
def openapi_json(request):
    return json_response(document(request.build_absolute_uri("/").rstrip("/")))
