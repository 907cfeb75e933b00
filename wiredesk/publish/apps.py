from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "wiredesk.publish"
    label = "publish"
    verbose_name = "Publish"

    def ready(self):
        from . import caching  # noqa: F401  (connects the page cache's invalidation receivers)
