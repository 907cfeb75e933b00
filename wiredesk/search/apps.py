from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "wiredesk.search"
    label = "search"
    verbose_name = "Search"
