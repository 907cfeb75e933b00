"""The admin lists every classifier version, marks the one in use and switches versions."""

from django.urls import reverse

from wiredesk.routing.models import ClassifierModel
from wiredesk.routing.training import train


def test_the_list_shows_versions_and_the_one_in_use(admin_client, trained):
    train(holdout=False)
    response = admin_client.get(reverse("admin:routing_classifiermodel_changelist"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "28 (editor 0, rules 0, cold start 28)" in page
    assert page.count('alt="True"') == 1  # exactly one in use
    assert "KiB" in page


def test_the_action_switches_the_version_in_use(admin_client, trained):
    train(holdout=False)
    first = ClassifierModel.objects.get(version=1)
    url = reverse("admin:routing_classifiermodel_changelist")
    response = admin_client.post(
        url, {"action": "use_version", "_selected_action": [first.pk]}, follow=True
    )
    assert "Classifier v1 is now in use." in response.content.decode()
    assert ClassifierModel.objects.get(in_use=True).version == 1


def test_the_action_wants_exactly_one(admin_client, trained):
    train(holdout=False)
    url = reverse("admin:routing_classifiermodel_changelist")
    pks = list(ClassifierModel.objects.values_list("pk", flat=True))
    response = admin_client.post(
        url, {"action": "use_version", "_selected_action": pks}, follow=True
    )
    assert "Select exactly one version to use." in response.content.decode()
    assert ClassifierModel.objects.get(in_use=True).version == 2


def test_the_version_in_use_cannot_be_deleted(admin_client, trained):
    url = reverse("admin:routing_classifiermodel_delete", args=[trained.pk])
    assert admin_client.get(url).status_code == 403
    response = admin_client.get(reverse("admin:routing_classifiermodel_change", args=[trained.pk]))
    assert response.status_code == 200 and "trained_on" in response.content.decode().lower()
