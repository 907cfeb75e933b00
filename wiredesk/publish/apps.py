from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "wiredesk.publish"
    label = "publish"
    verbose_name = "Publish"
