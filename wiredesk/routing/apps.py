from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "wiredesk.routing"
    label = "routing"
    verbose_name = "Routing"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
