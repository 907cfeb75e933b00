"""Too many failed logins from one address answer 429 with a clear message, on the desk's
login page; a success clears the count; failures on the admin's login count too."""

import pytest

from .factories import PASSWORD, make_user


@pytest.fixture
def limited(settings):
    settings.WIREDESK_LOGIN_ATTEMPTS = 3
    settings.WIREDESK_LOGIN_WINDOW = 900


def login(client, username, password, addr="10.0.0.1", path="/desk/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=addr)


@pytest.mark.django_db
def test_the_fourth_attempt_after_three_failures_is_refused(client, limited):
    make_user("editor", "ed")
    for _ in range(3):
        assert login(client, "ed", "wrong").status_code == 200
    response = login(client, "ed", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 800
    assert "Too many failed logins. Try again in about 15 minutes." in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_limit_is_per_address_and_user_name(client, limited):
    make_user("editor", "ed")
    make_user("viewer", "vi")
    for _ in range(3):
        login(client, "ed", "wrong")
    assert login(client, "ed", PASSWORD, addr="10.0.0.2").status_code == 302
    client.logout()
    assert login(client, "vi", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_success_clears_the_count(client, limited):
    make_user("editor", "ed")
    for _ in range(2):
        login(client, "ed", "wrong")
    assert login(client, "ed", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        login(client, "ed", "wrong")
    assert login(client, "ed", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_names_is_stopped(client, limited):
    for i in range(30):
        login(client, f"guess{i}", "wrong")
    make_user("editor", "ed")
    assert login(client, "ed", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_admin_login_failures_count(client, limited):
    make_user("superuser", "root")
    for _ in range(3):
        login(client, "root", "wrong", path="/admin/login/")
    assert login(client, "root", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_admin_login_view_is_limited_too(rf, limited):
    from django.contrib.sessions.middleware import SessionMiddleware

    from wiredesk.desk.login import admin_login

    make_user("superuser", "root")
    request = rf.post(
        "/admin/login/", {"username": "root", "password": "x"}, REMOTE_ADDR="10.9.9.9"
    )
    for _ in range(3):
        from wiredesk.desk import ratelimit

        ratelimit.record_failure(request, "root")
    SessionMiddleware(lambda r: None).process_request(request)
    response = admin_login(request)
    assert response.status_code == 429 and b"Too many failed logins" in response.content
