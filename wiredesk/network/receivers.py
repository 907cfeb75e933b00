"""Rebuild every process's host table (and what hangs on the network generation, such as
agencies' allowed outputs) when a site, section or agency changes."""

from django.contrib.sites.models import Site
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Agency, Section, SiteProfile
from .resolver import bump_network_generation


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=SiteProfile)
@receiver(post_delete, sender=SiteProfile)
@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Agency)
@receiver(post_delete, sender=Agency)
def network_changed(sender, **kwargs):
    bump_network_generation()
