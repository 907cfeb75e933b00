"""Every WIREDESK_RETRAIN_EVERY editor decisions enqueue one background retrain, which
stores and activates a new version."""

import pytest
from django_tasks import task_backends

from wiredesk.routing import tasks
from wiredesk.routing.models import ClassifierModel

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def every_three(settings):
    settings.WIREDESK_RETRAIN_EVERY = 3
    settings.TASKS = IMMEDIATE


@pytest.mark.parametrize(
    "counts, enqueued",
    [
        ([1, 1, 1], [False, False, True]),
        ([1, 1, 1, 1, 1, 1], [False, False, True, False, False, True]),
        ([2, 2], [False, True]),  # a bulk action crossing the multiple
        ([7], [True]),  # crossing two multiples still enqueues once
        ([0, -1], [False, False]),
    ],
)
def test_the_counter_enqueues_on_each_multiple(
    db, every_three, settings, counts, enqueued, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    seen = []
    for count in counts:
        with django_capture_on_commit_callbacks(execute=True):
            seen.append(tasks.note_editor_decisions(count))
    assert seen == enqueued
    results = task_backends["default"].results
    assert len(results) == sum(enqueued)
    assert all(r.kwargs == {"trigger": "task: 3 editor decisions"} for r in results)


def test_zero_turns_it_off(db, settings, django_capture_on_commit_callbacks):
    settings.WIREDESK_RETRAIN_EVERY = 0
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True):
        assert not any(tasks.note_editor_decisions() for _ in range(50))
    assert task_backends["default"].results == []


def test_the_retrain_runs_and_puts_a_new_version_in_use(
    every_three, trained, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            tasks.note_editor_decisions()
    newest = ClassifierModel.objects.get(in_use=True)
    assert newest.version == 2 and newest.trigger == "task: 3 editor decisions"


@pytest.mark.django_db
def test_the_task_skips_when_there_is_nothing_to_train_on(settings):
    settings.TASKS = IMMEDIATE
    result = tasks.retrain.enqueue()
    assert result.return_value["skipped"].startswith("nothing to train on")
