"""Background tasks of the search stage (Django's tasks API, django-tasks backport)."""

from django_tasks import task

from wiredesk.stories.models import Story


@task()
def update_story_indexes(story_ids: list[int]) -> dict:
    """:func:`update_story_index` for many stories (a routed chunk) in one task."""
    results = [_update_one(story_id) for story_id in story_ids]
    return {"stories": len(results), "indexed": sum(r["indexed"] for r in results)}


@task()
def update_story_index(story_id: int) -> dict:
    """Index the story in every auto-updating backend if it is searchable, else remove it."""
    return _update_one(story_id)


def _update_one(story_id: int) -> dict:
    from .backends import get_search_backends

    story = Story.objects.select_related("agency").filter(pk=story_id).first()
    backends = get_search_backends(with_auto_update=True)
    if story is None:
        from .models import SearchEntry

        SearchEntry.objects.filter(story_id=story_id).delete()
        return {"story": story_id, "indexed": False}
    from .documents import is_indexable

    indexed = is_indexable(story)
    for backend in backends:
        if indexed:
            backend.index(story)
        else:
            backend.remove(story)
    return {"story": story_id, "indexed": indexed}


def schedule_update(story) -> None:
    """Enqueue :func:`update_story_index` for ``story``, inside the caller's transaction (the
    database task backend commits the task with the change that caused it)."""
    from .backends import get_search_backends

    if get_search_backends(with_auto_update=True):
        update_story_index.enqueue(story.pk)


def schedule_updates(stories) -> None:
    """One task for many stories, inside the caller's transaction as above."""
    from .backends import get_search_backends

    if stories and get_search_backends(with_auto_update=True):
        update_story_indexes.enqueue([story.pk for story in stories])
