"""Small builders for test data (plain functions: the model layer does the rest)."""

from datetime import timedelta
from itertools import count

from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    Location,
    LocationMention,
    Person,
    PersonMention,
    Section,
    Source,
    SourceMention,
    Status,
)

_seq = count(1)


def make_source(name=None, **kwargs):
    return Source.objects.create(name=name or f"مصدر {next(_seq)}", **kwargs)


def make_person(name=None, **kwargs):
    return Person.objects.create(name=name or f"شخص {next(_seq)}", **kwargs)


def make_location(name=None, **kwargs):
    return Location.objects.create(name=name or f"مكان {next(_seq)}", **kwargs)


def make_section(name=None, **kwargs):
    """The section named ``name``, created if need be."""
    return Section.objects.get_or_create(name=name or f"قسم {next(_seq)}", defaults=kwargs)[0]


def make_article(title=None, *, body=None, status=Status.PUBLISHED, tags=(), **kwargs):
    """A story; ``section`` may be a name (its Section is made if need be) or ""."""
    n = next(_seq)
    if isinstance(kwargs.get("section"), str):
        kwargs["section"] = make_section(kwargs["section"]) if kwargs["section"] else None
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=n % 500 + 1))
    article = Article.objects.create(
        title=title or f"قصة رقم {n}",
        body=body if body is not None else [{"kind": "paragraph", "text": f"نص القصة {n}."}],
        status=status,
        **kwargs,
    )
    if tags:
        article.tags.add(*tags)
    return article


def mention(article, entity, **kwargs):
    """Link an entity to an article through its mention model."""
    if isinstance(entity, Person):
        return PersonMention.objects.create(article=article, person=entity, **kwargs)
    if isinstance(entity, Location):
        return LocationMention.objects.create(article=article, location=entity, **kwargs)
    return SourceMention.objects.create(article=article, source=entity, **kwargs)


def built_once(django_db_blocker, build):
    """For a module-scoped fixture whose tests only read its rows:
    ``yield from built_once(django_db_blocker, build)``.

    ``build()`` runs once, in a transaction left open for the module's tests (each runs in
    its own, inside it, as Django's ``setUpTestData`` does) and rolled back after the last.
    Its result is shared, so a test must not change the objects it returns.
    """
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            value = build()
        except BaseException as exc:
            block.__exit__(type(exc), exc, exc.__traceback__)
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def names_named(article, kind, status=None) -> set[str]:
    """The names of the ``kind`` records that ``article``'s mentions (of ``status``, if
    given) point at."""
    rows = kind.mention_model.objects.filter(article=article)
    if status:
        rows = rows.filter(status=status)
    return set(rows.values_list(f"{kind.name}__name", flat=True))
