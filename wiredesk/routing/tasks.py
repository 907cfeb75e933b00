"""Background tasks of the routing stage (Django's tasks API, django-tasks backport).

``retrain`` trains a new classifier version and puts it in use. ``note_editor_decisions`` is
what the desk calls after each decision (or ``n`` of them, for a bulk action): a cache counter
is increased, and every ``WIREDESK_RETRAIN_EVERY`` decisions (default 20; 0 turns it off) a
``retrain`` is enqueued once the transaction commits. The counter costs one cache
``incr``; a lost counter (a cleared cache) only delays the next retrain.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_tasks import task

DEFAULT_RETRAIN_EVERY = 20
COUNTER_KEY = "wiredesk:routing:editor-decisions"


@task()
def retrain(trigger: str = "task") -> dict:
    # imported here: training needs scikit-learn, which the desk's pages (which import this
    # module) should not load at start-up
    from .training import TrainingError, train

    try:
        model = train(trigger=trigger)
    except TrainingError as error:
        return {"skipped": str(error)}
    return {
        "version": model.version,
        "examples": model.trained_on.get("examples", 0),
        "metrics": model.metrics,
    }


def retrain_every() -> int:
    return int(getattr(settings, "WIREDESK_RETRAIN_EVERY", DEFAULT_RETRAIN_EVERY))


def note_editor_decisions(count: int = 1) -> bool:
    """Count ``count`` desk decisions; enqueue a retrain when a multiple of N is crossed.

    Returns whether a retrain was enqueued (on commit of the current transaction).
    """
    every = retrain_every()
    if every <= 0 or count <= 0:
        return False
    cache.add(COUNTER_KEY, 0, timeout=None)
    try:
        total = cache.incr(COUNTER_KEY, count)
    except ValueError:  # evicted between add and incr
        cache.set(COUNTER_KEY, count, timeout=None)
        total = count
    if total // every == (total - count) // every:
        return False
    reason = f"task: {every} editor decisions"
    transaction.on_commit(lambda: retrain.enqueue(trigger=reason))
    return True
