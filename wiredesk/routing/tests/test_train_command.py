"""``wiredesk routing train`` and ``routing versions``: what they print, one-line errors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.routing.models import ClassifierModel


def run(*args) -> str:
    out = StringIO()
    call_command("routing", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_train_prints_the_version_counts_and_holdout(tiny_network):
    lines = run("train").splitlines()
    assert lines[0].startswith(
        "Trained classifier v1 (in use): 28 examples (editor 0, rules 0, cold start 28), 4 labels, "
    )
    assert lines[1] == "holdout: skipped: 0 labelled stories, need 20"
    assert ClassifierModel.objects.get().trigger == "command"


def test_train_on_the_demo_wire_measures_a_holdout(demo_wire):
    lines = run("train").splitlines()
    assert "(editor 0, rules 46, cold start " in lines[0]
    assert lines[1].startswith("holdout (9 stories): top site accuracy ")
    accuracy = float(lines[1].split("top site accuracy ")[1].split(",")[0])
    assert accuracy >= 0.75


def test_train_without_activating_keeps_the_version_in_use(trained):
    out = run("train", "--no-activate", "--seed", "3")
    assert out.startswith("Trained classifier v2 (stored, not in use): ")
    assert ClassifierModel.objects.get(in_use=True).version == 1


@pytest.mark.django_db
def test_train_with_nothing_to_train_on_is_one_line():
    with pytest.raises(CommandError) as caught:
        run("train")
    assert str(caught.value).startswith("nothing to train on: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "args, message",
    [
        (["train", "--seed", "-2"], "--seed must be 0 or more (got -2)"),
        (["versions", "--use", "9"], "no classifier version 9 (known: 1)"),
    ],
)
def test_bad_options(trained, args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert str(caught.value) == message


def test_versions_lists_and_switches(trained):
    run("train")
    lines = run("versions").splitlines()
    assert lines[0].startswith("* v2  ") and lines[1].startswith("  v1  ")
    assert (
        "28 examples (editor 0, rules 0, cold start 28), 4 labels; holdout: not measured"
        in lines[1]
    )
    assert lines[0].endswith("[command]") and lines[1].endswith("[command]")
    assert lines[-1] == "(* = in use)"
    assert run("versions", "--use", "1") == "Classifier v1 is now in use.\n"
    assert ClassifierModel.objects.get(in_use=True).version == 1


@pytest.mark.django_db
def test_versions_without_any():
    assert run("versions") == "No classifier versions yet: run 'wiredesk routing train'.\n"


def test_dry_run_shows_classifier_suggestions_where_no_rule_placed(demo_wire):
    from wiredesk.routing.models import Rule
    from wiredesk.routing.services import rules_changed
    from wiredesk.routing.training import train

    train(holdout=False)
    Rule.objects.update(enabled=False)
    rules_changed()
    out = run("dry-run", "--last", "5")
    lines = out.splitlines()
    suggested = [line for line in lines if line.startswith("  classifier v1: ")]
    assert suggested and not any(line.startswith("  place: ") for line in lines)
    assert all(" would publish" in line or " for the desk" in line for line in suggested)
    assert any(": term '" in line for line in suggested)
    assert "  decision: would publish (classifier)" in lines
    assert lines[-1].startswith("5 stories: ") and lines[-1].endswith("Nothing was changed.")
