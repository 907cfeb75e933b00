"""The four desk roles exist as groups after migrate, each with exactly what it needs."""

import pytest
from django.contrib.auth.models import Group

from wiredesk.desk.roles import ensure_roles, grant, role_of

from .factories import make_user


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_groups_and_their_permissions():
    groups = {g.name: codenames(g) for g in Group.objects.all()}
    assert set(groups) >= {"viewer", "contributor", "editor", "admin"}
    assert groups["viewer"] == {
        "stories.view_story",
        "desk.view_auditentry",
        "routing.view_placement",
    }
    assert groups["contributor"] - groups["viewer"] == {"stories.edit_text"}
    assert groups["editor"] - groups["contributor"] == {
        "stories.publish",
        "stories.correct",
        "stories.kill",
        "stories.route",
    }
    assert groups["admin"] > groups["editor"]
    assert {"network.change_siteprofile", "routing.change_rule", "ingest.add_source"} <= (
        groups["admin"]
    )
    assert not any(name.startswith("desk.") and "view" not in name for name in groups["admin"])


@pytest.mark.django_db
def test_ensure_roles_is_idempotent_and_keeps_added_permissions():
    from django.contrib.auth.models import Permission

    extra = Permission.objects.get(codename="view_source")
    Group.objects.get(name="viewer").permissions.add(extra)
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name="viewer").count() == 1
    assert "ingest.view_source" in codenames(Group.objects.get(name="viewer"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,expected",
    [("none", ""), ("viewer", "viewer"), ("editor", "editor"), ("superuser", "admin")],
)
def test_role_of(role, expected):
    assert role_of(make_user(role)) == expected


@pytest.mark.django_db
def test_grant_replaces_the_previous_role():
    user = make_user("contributor")
    grant(user, "editor")
    assert list(user.groups.values_list("name", flat=True)) == ["editor"]
    with pytest.raises(ValueError, match="role: choose one of"):
        grant(user, "boss")
