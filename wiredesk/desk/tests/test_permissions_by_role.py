"""Every desk endpoint against every role: the status each gets, enforced on the server.

A refusal of a logged-in user with a desk role is recorded in the audit log; an allowed action
is recorded under its own name.
"""

import pytest

from wiredesk.desk.models import AuditEntry
from wiredesk.stories.models import StoryState

from .factories import as_input, future, make_cluster, make_story

ROLES = ["anonymous", "none", "viewer", "contributor", "editor", "admin", "superuser"]
READERS = {"viewer", "contributor", "editor", "admin", "superuser"}
EDITORS = {"editor", "admin", "superuser"}
WRITERS = {"contributor", *EDITORS}


def expected(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 403


# (name, URL template, who may)
PAGES = [
    ("queue", "/desk/", READERS),
    ("rows", "/desk/rows/", READERS),
    ("story", "/desk/story/{id}/", READERS),
    ("edit form", "/desk/story/{id}/edit/", WRITERS),
    ("audit log", "/desk/audit/", READERS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url,allowed", PAGES, ids=[p[0] for p in PAGES])
def test_pages(net, desk_client, role, name, url, allowed):
    story = make_story(net)
    response = desk_client(role).get(url.format(id=story.pk))
    assert response.status_code == expected(role, allowed)
    if role == "anonymous":
        assert response["Location"].startswith("/desk/login/?next=")


def _held(net):
    return make_story(net)


def _published(net):
    return make_story(net, state=StoryState.PUBLISHED)


def _two_sites(net):
    return make_story(net, state=StoryState.PUBLISHED, sites=("spacewar", "spacedaily"))


def _duplicate(net):
    return make_cluster(net)[1]


# (action, story maker, POST data, who may)
ACTIONS = [
    ("publish", _held, {}, EDITORS),
    ("schedule", _held, {"at": as_input(future())}, EDITORS),
    ("embargo", _published, {"until": as_input(future())}, EDITORS),
    ("hold", _published, {}, EDITORS),
    ("unpublish", _published, {}, EDITORS),
    ("kill", _published, {"reason": "legal"}, EDITORS),
    ("correct", _published, {"note": "An earlier version misnamed the rocket."}, EDITORS),
    ("edit", _held, {"headline": "A better invented headline"}, WRITERS),
    ("edit", _published, {"headline": "A live story's new headline"}, EDITORS),
    ("use_version", _duplicate, {}, EDITORS),
    ("place", _held, {"site": "spacedaily", "section": "launch"}, EDITORS),
    ("unplace", _two_sites, {"site": "spacedaily"}, EDITORS),
    ("set_primary", _two_sites, {"site": "spacedaily"}, EDITORS),
    ("move", _published, {"site": "spacedaily"}, EDITORS),
]
ACTION_IDS = [f"{a[0]}-{a[1].__name__.strip('_')}" for a in ACTIONS]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,make,data,allowed", ACTIONS, ids=ACTION_IDS)
def test_actions(net, desk_client, role, action, make, data, allowed):
    story = make(net)
    client = desk_client(role)
    response = client.post(f"/desk/story/{story.pk}/{action}/", {**data, "next": "/desk/"})
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/desk/login/")
        assert not AuditEntry.objects.exists()
    elif role in allowed:
        assert response.status_code == 302, response.content[:500]
        expected_target = f"/desk/story/{story.pk}/" if action == "edit" else "/desk/"
        assert response["Location"] == expected_target
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.actor_label, entry.story_id) == (
            action,
            f"user-{role}",
            story.pk,
        )
        assert entry.before != entry.after
    else:
        assert response.status_code == 403
        if role != "none":  # a user with no desk role never reaches an action
            entry = AuditEntry.objects.get()
            assert entry.action.startswith("refused:")
            assert entry.story_id == story.pk
            assert entry.before == entry.after == {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("bulk_action", ["publish", "hold", "kill"])
def test_bulk(net, desk_client, role, bulk_action):
    stories = [make_story(net, f"Bulk story {i}", state=StoryState.INCOMING) for i in range(2)]
    response = desk_client(role).post(
        "/desk/bulk/", {"action": bulk_action, "story": [s.pk for s in stories]}
    )
    allowed = EDITORS
    if role == "anonymous":
        assert response.status_code == 302 and "/desk/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code == 302
        assert AuditEntry.objects.filter(action=bulk_action).count() == 2
    else:
        assert response.status_code == 403
        if role != "none":
            assert AuditEntry.objects.filter(action=f"refused:{bulk_action}").count() == 1


@pytest.mark.parametrize(
    "url", ["/desk/story/{id}/publish/", "/desk/story/{id}/kill/", "/desk/bulk/"]
)
def test_actions_refuse_get(net, desk_client, url):
    story = make_story(net)
    response = desk_client("editor").get(url.format(id=story.pk))
    assert response.status_code == 405
    assert not AuditEntry.objects.exists()


def test_unknown_action_is_not_found(net, desk_client):
    story = make_story(net)
    assert desk_client("editor").post(f"/desk/story/{story.pk}/delete/").status_code == 404
