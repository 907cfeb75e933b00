from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "wiredesk.network"
    label = "network"
    verbose_name = "Network"

    def ready(self):
        from . import current_site, receivers  # noqa: F401  (connects the signal receivers)

        current_site.install()
