"""The admin screens for sites (with sections, boxes and ad zones inline) and agencies."""

import pytest
from django.urls import reverse

from wiredesk.network.apply import apply_network
from wiredesk.network.loader import parse_network
from wiredesk.network.models import Agency, SiteProfile

from .conftest import SMALL


@pytest.fixture
def loaded(db, tmp_path):
    apply_network(parse_network(SMALL, base_dir=tmp_path))


def test_site_list_shows_name_domain_and_counts(admin_client, loaded):
    response = admin_client.get(reverse("admin:network_siteprofile_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "alpha.example.org" in html and "Beta" in html


def test_site_list_search(admin_client, loaded):
    url = reverse("admin:network_siteprofile_changelist")
    response = admin_client.get(url, {"q": "beta.example"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_site_page_has_sections_boxes_and_ads_inline(admin_client, loaded):
    beta = SiteProfile.objects.get(key="beta")
    response = admin_client.get(reverse("admin:network_siteprofile_change", args=[beta.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for prefix in ("sections-TOTAL_FORMS", "boxes-TOTAL_FORMS", "ad_zones-TOTAL_FORMS"):
        assert prefix in html
    assert "Alpha news" in html


def test_agency_list_and_page(admin_client, loaded):
    response = admin_client.get(reverse("admin:network_agency_changelist"), {"q": "France"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    afp = Agency.objects.get(key="AFP")
    response = admin_client.get(reverse("admin:network_agency_change", args=[afp.pk]))
    assert response.status_code == 200
