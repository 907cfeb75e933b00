from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "wiredesk.routing"
    label = "routing"
    verbose_name = "Routing"
