"""The desk and admin login pages work on every host the network answers on."""

import pytest

from wiredesk.desk.roles import grant


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost", "spacewar.localhost:8000", "www.spacewar.com"]
)
@pytest.mark.parametrize("path", ["/desk/login/", "/admin/login/"])
def test_login_page_answers(demo_network, client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_page_without_any_site(db, client):
    response = client.get("/desk/login/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200


def test_desk_requires_login_then_shows_the_queue(demo_wire, client, django_user_model):
    assert client.get("/desk/", HTTP_HOST="127.0.0.1").status_code == 302
    user = django_user_model.objects.create_user("ed", password="a-long-test-password")
    client.force_login(user)
    assert client.get("/desk/", HTTP_HOST="127.0.0.1").status_code == 403, "no desk role yet"
    grant(user, "viewer")
    response = client.get("/desk/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert b"rule:" in response.content
