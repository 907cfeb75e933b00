"""Every desk POST needs Django's CSRF token: without it, 403 and nothing changes."""

import pytest
from django.test import Client

from wiredesk.desk.models import AuditEntry
from wiredesk.stories.models import Story, StoryState

from .factories import make_story, make_user


@pytest.mark.parametrize(
    "url", ["/desk/story/{id}/publish/", "/desk/story/{id}/edit/", "/desk/bulk/", "/desk/logout/"]
)
def test_post_without_token_is_refused(net, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    story = make_story(net)
    response = client.post(url.format(id=story.pk), {"story": story.pk, "action": "publish"})
    assert response.status_code == 403
    assert Story.objects.get(pk=story.pk).state == StoryState.HELD
    assert not AuditEntry.objects.exists()


def test_post_with_the_token_from_the_page_works(net):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    story = make_story(net)
    page = client.get(f"/desk/story/{story.pk}/")
    token = page.context["csrf_token"]
    response = client.post(f"/desk/story/{story.pk}/publish/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Story.objects.get(pk=story.pk).state == StoryState.PUBLISHED
