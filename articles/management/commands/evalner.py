"""``manage.py evalner FILE``: score the entity extractor on a CoNLL file."""

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.ner.conll import ConllError
from articles.ingest.ner.evaluate import cross_validate_file, evaluate_file
from articles.ingest.ner.model import ModelMissing


class Command(BaseCommand):
    help = (
        "Score the entity extractor on a CoNLL file (token and BIO tag per line, blank line "
        "between sentences): precision/recall/F1 per type and overall, then tokens/second. "
        "With --cv K: K-fold cross-validation over the file (a training corpus) instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CoNLL file to score against")
        parser.add_argument("--model", default=None, help="CRF model file (default: shipped)")
        parser.add_argument(
            "--cv",
            type=int,
            default=0,
            metavar="K",
            help="train and score K models on contiguous blocks of FILE; print mean ± std "
            "[min-max] per type (the shipped model is not used)",
        )
        parser.add_argument("--jobs", type=int, default=2, help="folds trained at once (--cv)")

    def handle(self, *args, **options):
        if options["cv"]:
            try:
                result = cross_validate_file(options["file"], options["cv"], options["jobs"])
            except (ConllError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            for line in result.lines():
                self.stdout.write(line)
            return
        try:
            report = evaluate_file(options["file"], options["model"])
        except ConllError as exc:
            raise CommandError(str(exc)) from exc
        except ModelMissing as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
