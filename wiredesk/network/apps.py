from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "wiredesk.network"
    label = "network"
    verbose_name = "Network"
