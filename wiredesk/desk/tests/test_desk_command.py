"""``wiredesk desk``: roles, users, and every story action from the command line, audited."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.desk.models import AuditEntry
from wiredesk.desk.roles import role_of
from wiredesk.stories.models import Story, StoryState

from .factories import make_story, make_user


def run(*args, stdin=""):
    out = io.StringIO()
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("desk", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


@pytest.mark.django_db
def test_user_gets_a_role_and_a_password():
    assert "ana: created, role editor" in run(
        "user", "ana", "--role", "editor", "--password-stdin", stdin="a-long-password\n"
    )
    user = get_user_model().objects.get(username="ana")
    assert user.check_password("a-long-password") and role_of(user) == "editor"
    run("user", "ana", "--role", "viewer")
    assert role_of(get_user_model().objects.get(username="ana")) == "viewer"
    assert "members: ana" in run("roles")


def test_story_actions_from_the_command_line(net):
    story = make_story(net)
    assert "publish done; state published, primary spacewar" in run(
        "story", str(story.pk), "publish"
    )
    run("story", str(story.pk), "move", "--site", "spacedaily", "--section", "launch")
    run("story", str(story.pk), "correct", "--note", "A fixed date.")
    run("story", str(story.pk), "schedule", "--at", "2999-01-01T06:00Z")
    story.refresh_from_db()
    assert story.primary_site == net["spacedaily"] and story.correction == "A fixed date."
    assert story.scheduled_at.year == 2999
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_label"))
    assert [a for a, _ in actions] == ["publish", "move", "correct", "schedule"]
    assert all(label.startswith("cli:") for _, label in actions)


@pytest.mark.parametrize(
    "args,message",
    [
        (["story", "999999", "publish"], "there is no story 999999"),
        (["story", "{id}", "schedule"], "schedule: give --at"),
        (["story", "{id}", "schedule", "--at", "soon"], "'soon' is not a time"),
        (["story", "{id}", "move", "--site", "nowhere"], "move: site: there is no site 'nowhere'"),
        (["story", "{id}", "kill", "--as", "ghost"], "--as: there is no active user 'ghost'"),
        (
            ["story", "{id}", "kill", "--as", "user-contributor"],
            "kill: user-contributor may not kill",
        ),
        (["story", "{id}", "unpublish"], "only a published story can be unpublished"),
        (["story", "{id}", "edit"], "edit: give --headline"),
    ],
)
def test_bad_input_is_one_line(net, args, message):
    story = make_story(net)
    make_user("contributor")
    with pytest.raises(CommandError, match=message):
        run(*[a.format(id=story.pk) for a in args])
    assert Story.objects.get(pk=story.pk).state == StoryState.HELD
