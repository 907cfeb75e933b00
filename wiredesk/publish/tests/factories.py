"""Objects for tests that need more than the shared fixtures in conftest.py."""

from datetime import UTC, datetime

from django.contrib.sites.models import Site

from wiredesk.network.models import SiteProfile

BASE_TIME = datetime(2023, 10, 24, 18, 0, tzinfo=UTC)


def make_site(key, name, tagline="", accent="#8b1a1a", position=0, time_zone="UTC"):
    site = Site.objects.create(domain=f"www.{key}.com", name=name)
    return SiteProfile.objects.create(
        site=site,
        key=key,
        tagline=tagline,
        theme={"accent": accent},
        position=position,
        time_zone=time_zone,
    )
