"""The audit log is visible on the desk (a page, filterable) and read-only in the admin."""

import pytest

from wiredesk.desk.models import AuditEntry
from wiredesk.stories import actions
from wiredesk.stories.actions import ActionRefused, Actor

from .factories import make_story, make_user


def test_desk_audit_page_lists_actions_and_refusals(net, desk_client):
    story = make_story(net, "Audited story")
    actions.publish(story, Actor("ed"))
    contributor = make_user("contributor", "carol")
    with pytest.raises(ActionRefused):
        actions.kill(story, Actor.of(contributor))
    client = desk_client("viewer")
    text = client.get("/desk/audit/").text
    assert "<code>publish</code>" in text and "<code>refused:kill</code>" in text
    assert "carol may not kill (needs stories.kill)" in text
    assert "held" in text and "published" in text
    only = client.get("/desk/audit/?action=refused:kill")
    assert [e.action for e in only.context["page"]] == ["refused:kill"]
    assert [e.actor_label for e in client.get("/desk/audit/?who=ed").context["page"]] == ["ed"]


def test_admin_shows_entries_but_cannot_change_them(net, client):
    story = make_story(net)
    actions.publish(story, Actor("ed"))
    entry = AuditEntry.objects.get()
    client.force_login(make_user("superuser"))
    assert client.get("/admin/desk/auditentry/").status_code == 200
    page = client.get(f"/admin/desk/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert (
        client.post(f"/admin/desk/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/desk/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
