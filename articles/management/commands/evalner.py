"""``manage.py evalner FILE``: score the entity extractor on a CoNLL file."""

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.ner.conll import ConllError
from articles.ingest.ner.evaluate import evaluate_file
from articles.ingest.ner.model import ModelMissing


class Command(BaseCommand):
    help = (
        "Score the entity extractor on a CoNLL file (token and BIO tag per line, blank line "
        "between sentences): precision/recall/F1 per type and overall, then tokens/second."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CoNLL file to score against")
        parser.add_argument("--model", default=None, help="CRF model file (default: shipped)")

    def handle(self, *args, **options):
        try:
            report = evaluate_file(options["file"], options["model"])
        except ConllError as exc:
            raise CommandError(str(exc)) from exc
        except ModelMissing as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
