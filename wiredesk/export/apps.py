from django.apps import AppConfig


class ExportConfig(AppConfig):
    name = "wiredesk.export"
    label = "export"
    verbose_name = "Export"
