from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "wiredesk.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers checks and signal receivers)
