from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wiredesk.core"
    label = "core"
    verbose_name = "Processes and commands"
