"""Background tasks of the ingest stage (Django's tasks API, django-tasks backport)."""

from django_tasks import task

from .models import Source
from .polling import poll


@task()
def poll_source(source_id: int) -> dict:
    source = Source.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {"skipped": True}
    report = poll(source)
    return {name: getattr(report, name) for name in report.COUNTS}
