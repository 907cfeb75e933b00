"""The widget without JavaScript: ``/api/widget/<site>/`` may be framed by any page; and
``/api/widget.js`` is served from the API's origin to any page."""

import pytest

from wiredesk.publish.tests.pages import by_class, parse, text

from .conftest import api_get


@pytest.mark.django_db
def test_frame_lists_headlines_and_may_be_framed_anywhere(client, network, make_story):
    war = network["spacewar"]
    story = make_story(war, "Tanks & <b>bombs</b> at the border")
    make_story(war, "Older story", 5)
    response = api_get(client, "/api/widget/spacewar/?count=1&title=War+News")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]  # default-src 'none'
    doc = parse(response)
    box = by_class(doc, "wiredesk-widget")[0]
    assert text(box.xpath(".//h2")[0]) == "War News"
    links = box.xpath(".//li/a")
    assert [text(a) for a in links] == ["Tanks & <b>bombs</b> at the border"]  # escaped text
    assert links[0].get("href").endswith(f"_{story.pk}.html")
    assert links[0].get("target") == "_top"
    assert not doc.xpath("//script")
    again = api_get(client, "/api/widget/spacewar/?count=1&title=War+News")  # from the cache
    assert again.content == response.content and "X-Frame-Options" not in again
    assert again["Content-Security-Policy"] == response["Content-Security-Policy"]


@pytest.mark.django_db
def test_frame_errors_are_short_text(client, network):
    assert api_get(client, "/api/widget/nosuchsite/").status_code == 404
    response = api_get(client, "/api/widget/spacewar/?count=0")
    assert response.status_code == 400 and b"count must be" in response.content


@pytest.mark.django_db
def test_other_pages_still_refuse_framing(client, network):
    assert api_get(client, "/")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_script_is_served_to_any_origin(client, network):
    response = api_get(client, "/api/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.content.decode()
    assert "textContent" in body and "innerHTML" not in body
