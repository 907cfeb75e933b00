from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DeskConfig(AppConfig):
    name = "wiredesk.desk"
    label = "desk"
    verbose_name = "Desk"

    def ready(self):
        from . import audit  # noqa: F401  (connects the audit and login receivers)

        post_migrate.connect(create_roles, sender=self, dispatch_uid="wiredesk-desk-roles")


def create_roles(sender, **kwargs):
    """After ``migrate``: the viewer, contributor, editor and admin groups (see roles.py)."""
    from .roles import ensure_roles

    ensure_roles()
