"""``wiredesk routing train|versions|evaluate|dry-run``: train and measure the classifier,
preview the routing decisions."""

import sys
from functools import partial

from django.core.management.base import CommandError
from django.db.utils import OperationalError, ProgrammingError

from wiredesk.core.commands import ActionCommand
from wiredesk.core.progress import progress_bar
from wiredesk.routing import evaluation
from wiredesk.routing.corpus import CorpusError, load_corpus

EPILOG = """\
Routing places every new story by the network's rules, then the learned classifier.
Run 'wiredesk routing ACTION --help' for each action's options.

examples:
  wiredesk routing train
  wiredesk routing versions
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc
  wiredesk routing evaluate --corpus labelled.csv --folds 10 --seed 7
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc --per-class 50
  wiredesk routing dry-run --last 20

Bad input ends with one line and exit status 1. See docs/routing.md.
"""

EVALUATE_EPILOG = """\
The corpus is either a folder of class sub-folders of text files, the first line of each
file being the headline (DIR/<label>/<name>.txt, the BBC News layout; files that are not
UTF-8 are read as Windows-1252 and counted), or a CSV file with the columns label,title,text
and an optional header row. Every label needs at least two examples.

Without --per-class: stratified k-fold cross-validation; every document is predicted once by
a model trained on the other folds. With --per-class N: train on N random examples of each
label and test on all the rest. Prints per-class precision, recall and F1, the macro average
and macro-F1. The same --seed gives the same figures. --features words measures the lighter
feature set that 'wiredesk routing train' uses for live routing.

examples:
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc
  wiredesk routing evaluate --corpus ../shared/data/bbc-news/bbc --per-class 50
  wiredesk routing evaluate --corpus labelled.csv --folds 10 --seed 7
"""

TRAIN_EPILOG = """\
Trains a new classifier version from the placements editors made or accepted (published =
belongs there, removed = does not), the rules' published placements on the other sites
(unless --no-rules) and tiny documents made from the network file's site and section
descriptions, keywords and subjects (unless --no-cold-start), so a new network routes
something sensible before any editor decision. Prints the version, the example counts and
a quick holdout score (20% of the labelled stories, when there are at least 20), stores the
version and puts it in use (unless --no-activate). The desk also retrains in the background
every WIREDESK_RETRAIN_EVERY editor decisions.

examples:
  wiredesk routing train
  wiredesk routing train --no-rules --features words+chars
"""

VERSIONS_EPILOG = """\
Lists every stored classifier version, newest first, with what it was trained on and its
holdout score; the one in use is marked. --use N switches to version N.

examples:
  wiredesk routing versions
  wiredesk routing versions --use 3
"""

DRY_RUN_EPILOG = """\
For each of the N most recent stories (by their wire date), prints the routing decision as it
would be now: the rules' placements (site/section, rule, score, primary), then the
classifier's suggestions for the other sites (site/section, probability, whether it would
publish or wait on the desk by the site's thresholds, the terms behind it), whether the story
would be published, held for the desk or rejected, and the conditions that matched. Nothing
is changed.

examples:
  wiredesk routing dry-run --last 20
  wiredesk routing dry-run --last 5 --site spacewar
"""


class Command(ActionCommand):
    epilog = EPILOG
    help = (
        "Train the routing classifier, list its versions, evaluate it on a labelled corpus, "
        "or preview the routing decisions."
    )

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        self._add_train(actions)
        self._add_versions(actions)
        evaluate = actions.add_parser(
            "evaluate",
            help="k-fold or N-per-class evaluation of the classifier on a labelled corpus",
            description=(
                "Evaluate the routing classifier on a labelled corpus and print per-class "
                "precision, recall, F1 and macro-F1."
            ),
            epilog=EVALUATE_EPILOG,
        )
        evaluate.add_argument(
            "--corpus",
            required=True,
            metavar="DIR_OR_CSV",
            help="a folder of class sub-folders of text files, or a CSV of label,title,text",
        )
        evaluate.add_argument(
            "--folds",
            type=int,
            default=evaluation.DEFAULT_FOLDS,
            help=f"number of cross-validation folds (default {evaluation.DEFAULT_FOLDS})",
        )
        evaluate.add_argument(
            "--per-class",
            type=int,
            metavar="N",
            help="instead of k-fold: train on N random examples per label, test on the rest",
        )
        evaluate.add_argument(
            "--seed",
            type=int,
            default=evaluation.DEFAULT_SEED,
            help=f"random seed for the folds, the sample and the models "
            f"(default {evaluation.DEFAULT_SEED})",
        )
        evaluate.add_argument(
            "--features",
            choices=["words", "words+chars"],
            default="words+chars",
            help="word n-grams, or words and character n-grams (default words+chars; "
            "'wiredesk routing train' uses words, see docs/routing.md)",
        )
        evaluate.add_argument(
            "--no-progress", action="store_true", help="never show a progress bar"
        )
        dry_run = actions.add_parser(
            "dry-run",
            help="print the routing decision for the most recent stories, changing nothing",
            description="Print what the rules and the classifier would decide for the most "
            "recent stories.",
            epilog=DRY_RUN_EPILOG,
        )
        dry_run.add_argument(
            "--last",
            type=int,
            default=10,
            metavar="N",
            help="how many of the most recent stories (default 10)",
        )
        dry_run.add_argument(
            "--site", metavar="KEY", help="only stories the rules would place on this site"
        )

    def _add_train(self, actions):
        from wiredesk.routing.training import DEFAULT_FEATURES, FEATURES

        train = actions.add_parser(
            "train",
            help="train a new classifier version from the desk's decisions and put it in use",
            description="Train a new routing classifier version and put it in use.",
            epilog=TRAIN_EPILOG,
        )
        train.add_argument("--no-rules", action="store_true", help="ignore the rules' placements")
        train.add_argument(
            "--no-cold-start",
            action="store_true",
            help="ignore the network file's descriptions and keywords",
        )
        train.add_argument(
            "--features",
            choices=list(FEATURES),
            default=DEFAULT_FEATURES,
            help=f"word n-grams, or words and character n-grams (default {DEFAULT_FEATURES})",
        )
        train.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        train.add_argument(
            "--no-activate", action="store_true", help="store the version but keep the current"
        )

    def _add_versions(self, actions):
        versions = actions.add_parser(
            "versions",
            help="list the stored classifier versions, or switch with --use N",
            description="List the stored classifier versions; the one in use is marked.",
            epilog=VERSIONS_EPILOG,
        )
        versions.add_argument("--use", type=int, metavar="N", help="put version N in use")

    def handle(self, *args, action, **options):
        try:
            return getattr(self, "handle_" + action.replace("-", "_"))(**options)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CommandError(
                f"the database is not ready ({reason}); run 'wiredesk migrate' first"
            ) from None

    # -- train and versions --------------------------------------------------------------

    def handle_train(self, no_rules, no_cold_start, features, seed, no_activate, **opts):
        from wiredesk.routing.training import TrainingError, train

        if seed < 0:
            raise CommandError(f"--seed must be 0 or more (got {seed})")
        try:
            model = train(
                include_rules=not no_rules,
                cold_start=not no_cold_start,
                features=features,
                seed=seed,
                activate=not no_activate,
                trigger="command",
            )
        except TrainingError as error:
            raise CommandError(str(error)) from None
        made = model.trained_on or {}
        state = "in use" if model.in_use else "stored, not in use"
        self.stdout.write(
            f"Trained classifier v{model.version} ({state}): {describe_training(made)}, "
            f"{model.metrics['seconds']:.1f} s."
        )
        self.stdout.write(describe_holdout(model.metrics))

    def handle_versions(self, use=None, **opts):
        from wiredesk.routing.models import ClassifierModel

        if use is not None:
            chosen = ClassifierModel.objects.filter(version=use).defer("data").first()
            if chosen is None:
                known = ", ".join(
                    str(v) for v in ClassifierModel.objects.values_list("version", flat=True)
                )
                raise CommandError(f"no classifier version {use} (known: {known or 'none'})")
            chosen.activate()
            self.stdout.write(f"Classifier v{use} is now in use.")
            return
        rows = ClassifierModel.objects.defer("data").order_by("-version")
        if not rows:
            self.stdout.write("No classifier versions yet: run 'wiredesk routing train'.")
            return
        for row in rows:
            mark = "*" if row.in_use else " "
            when = row.created_at.strftime("%Y-%m-%d %H:%M UTC")
            self.stdout.write(
                f"{mark} v{row.version}  {when}  {describe_training(row.trained_on or {})}; "
                f"{describe_holdout(row.metrics or {})} [{row.trigger or '-'}]"
            )
        self.stdout.write("(* = in use)")

    # -- evaluate ------------------------------------------------------------------------

    def handle_evaluate(
        self, corpus, folds, per_class=None, seed=42, no_progress=False, features=None, **opts
    ):
        from wiredesk.routing.training import make_classifier

        features = features or "words+chars"
        if seed < 0:
            raise CommandError(f"--seed must be 0 or more (got {seed})")
        try:
            loaded = load_corpus(corpus)
        except CorpusError as error:
            raise CommandError(str(error)) from None
        labels, texts = loaded.labels, loaded.texts
        try:
            if per_class is not None:
                evaluation.check_per_class(labels, per_class)
                steps = evaluation.per_class_steps(len(texts), len(loaded.classes))
            else:
                evaluation.check_folds(labels, folds)
                steps = evaluation.cross_validate_steps(len(texts), len(loaded.classes), folds)
        except evaluation.EvaluationError as error:
            raise CommandError(f"{corpus}: {error}") from None
        verbose = opts.get("verbosity", 1) >= 1
        if verbose:
            self.stdout.write(loaded.summary())
        show = not no_progress and self.stdout.isatty() and sys.stderr.isatty()
        with progress_bar(steps, "evaluating", enabled=show) as advance:
            factory = partial(make_classifier, features)
            if per_class is not None:
                result = evaluation.per_class(
                    texts,
                    labels,
                    per_class=per_class,
                    seed=seed,
                    progress=advance,
                    make_classifier=factory,
                )
            else:
                result = evaluation.cross_validate(
                    texts, labels, folds=folds, seed=seed, progress=advance, make_classifier=factory
                )
        self.stdout.write(result.table())
        if verbose:
            self.stdout.write(f"({result.seconds:.1f} s)")

    # -- dry-run -------------------------------------------------------------------------

    def handle_dry_run(self, last, site=None, **opts):
        if last < 1:
            raise CommandError(f"--last must be at least 1 (got {last})")
        try:
            self._dry_run(last, site)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CommandError(
                f"the database is not ready ({reason}); run 'wiredesk migrate' first"
            ) from None

    def _dry_run(self, last, site):
        from wiredesk.network.models import SiteProfile
        from wiredesk.routing import suggest
        from wiredesk.routing.services import decide, story_facts
        from wiredesk.stories.models import Story

        if site and not SiteProfile.objects.filter(key=site).exists():
            known = ", ".join(SiteProfile.objects.values_list("key", flat=True)) or "none"
            raise CommandError(f"unknown site {site!r} (known: {known})")
        stories = Story.objects.select_related("agency", "source").order_by("-dated_at", "-pk")
        tally = {"publish": 0, "hold": 0, "reject": 0, "unplaced": 0}
        shown = 0
        for story in stories.iterator():
            if shown >= last:
                break
            revision = story.current
            if revision is None:
                continue
            decision = decide(story, revision)
            (suggestions,) = suggest.suggest([story_facts(story, revision)])
            publish, review = suggest.after_rules(decision, suggestions, suggest.site_thresholds())
            placed = {hit.site for hit in decision.placements} | {s.site for s in publish + review}
            if site and site not in placed:
                continue
            shown += 1
            outcome = self._outcome(decision, publish, review)
            tally[outcome] += 1
            self._print_story(story, decision, outcome, publish, review)
        if not shown:
            where = f" placed on {site}" if site else ""
            self.stdout.write(f"No stories{where} yet: nothing to show.")
            return
        summary = ", ".join(f"{n} {what}" for what, n in tally.items() if n)
        self.stdout.write(f"{shown} stories: {summary}. Nothing was changed.")

    @staticmethod
    def _outcome(decision, publish=(), review=()) -> str:
        if decision.reject:
            return "reject"
        if decision.hold:
            return "hold"
        if decision.placements or publish:
            return "publish"
        return "hold" if review else "unplaced"

    def _print_story(self, story, decision, outcome, publish=(), review=()):
        when = story.dated_at.strftime("%Y-%m-%d %H:%M UTC")
        self.stdout.write(f"#{story.pk} {when} [{story.state}] {story.headline}")
        verdict = {
            "publish": "would publish",
            "hold": "would hold for the desk",
            "reject": "would reject",
            "unplaced": "no rule matched: would wait on the desk",
        }[outcome]
        if outcome == "publish" and not decision.placements:
            verdict = "would publish (classifier)"
        self.stdout.write(f"  decision: {verdict}")
        for hit in decision.placements:
            where = f"{hit.site}/{hit.section}" if hit.section else hit.site
            primary = ", primary" if hit.site == decision.primary_site else ""
            self.stdout.write(f"  place: {where} (rule {hit.rule!r}, score {hit.score}{primary})")
        for verdict, group in (("would publish", publish), ("for the desk", review)):
            for s in group:
                because = f": {', '.join(s.reasons)}" if s.reasons else ""
                self.stdout.write(
                    f"  {s.decided_by.replace(':', ' ')}: {s.where} {s.probability:.2f} "
                    f"{verdict}{because}"
                )
        for reason in decision.reasons:
            self.stdout.write(f"  why: {reason}")


def describe_training(made: dict) -> str:
    """What a version was trained on: example counts by origin and the number of labels."""
    return (
        f"{made.get('examples', 0)} examples (editor {made.get('editor', 0)}, "
        f"rules {made.get('rules', 0)}, cold start {made.get('cold_start', 0)}), "
        f"{len(made.get('labels', {}))} labels"
    )


def describe_holdout(metrics: dict) -> str:
    """One line about a version's holdout score (or why there is none)."""
    if "top_site_accuracy" in metrics:
        return (
            f"holdout ({metrics['holdout_stories']} stories): top site accuracy "
            f"{metrics['top_site_accuracy']:.4f}, site micro-F1 {metrics['site_micro_f1']:.4f} "
            f"(precision {metrics['site_precision']:.4f}, recall {metrics['site_recall']:.4f})"
        )
    return f"holdout: {metrics.get('holdout', 'not measured')}"
