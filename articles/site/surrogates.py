"""Surrogate keys: the names of what a public page shows, so a change drops only those pages.

A page's keys are collected while it renders (``collecting()``, opened by the page cache
around the view): the views call ``show()`` with the stories and records they put on the
page, and fragments add theirs. The keys:

``a:<id>``          a story shown (its own page, its related stories, the front page's cards)
``person:<id>``, ``place:<id>``, ``source:<id>``, ``tag:<id>``, ``section:<id>``
                    the page of that record, its feed, a place's parent's page
``list``            pages that list the latest stories at large: home, /articles/, search,
                    the latest feeds, sitemaps (every story change bumps it, so those pages
                    need not check their ``a:`` keys)
``home``            the front page's own layout (editors' picks)
``menu``            the section menu, on every HTML page
``all``             every page (a change with no better address bumps it)

Which keys a change bumps is ``story_keys(ids)``: the stories, their section, source,
tags and every person, place and source their mentions name (rejected ones too: a name
just rejected must leave its page) or whose words they quote, plus ``list``. So a page
listing a record's stories (its page, its feed) carries only the record's key. The
invalidation service adds the keys of what a change removed (a deleted mention's record,
a story's previous section).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

ALL = "all"
LIST = "list"
HOME = "home"
MENU = "menu"
STORY = "a"

# Key prefix per model name (Location pages are «places» to readers and in the URLs).
PREFIXES = {
    "Article": STORY,
    "Person": "person",
    "Location": "place",
    "Source": "source",
    "Tag": "tag",
    "Section": "section",
}

_collecting: ContextVar[tuple[set[str], ...]] = ContextVar("surrogate_keys", default=())


def key(model_or_instance, pk=None) -> str:
    """``person:12`` for a Person (or the class and a pk)."""
    if isinstance(model_or_instance, type):
        return f"{PREFIXES[model_or_instance.__name__]}:{pk}"
    return f"{PREFIXES[type(model_or_instance).__name__]}:{model_or_instance.pk}"


def story(pk) -> str:
    return f"{STORY}:{pk}"


def is_story(name: str) -> bool:
    return name.startswith(f"{STORY}:")


@contextmanager
def collecting():
    """Collect the keys added inside the block into the set it yields; on leaving, they
    also go to the enclosing collection (a fragment's keys are its page's keys too)."""
    outer = _collecting.get()
    keys: set[str] = set()
    token = _collecting.set((*outer, keys))
    try:
        yield keys
    finally:
        _collecting.reset(token)
        if outer:
            outer[-1].update(keys)


def add(*names: str) -> None:
    """Record ``names`` on the page being rendered (nothing when none is)."""
    stack = _collecting.get()
    if stack:
        stack[-1].update(names)


def show(*objects):
    """Record the keys of ``objects`` (stories, records, or iterables of them) on the page
    being rendered; returns the last argument, so ``items = show(items)`` reads well."""
    stack = _collecting.get()
    if stack:
        for obj in objects:
            for item in obj if isinstance(obj, list | tuple | set) else (obj,):
                target = getattr(item, "article", item)  # a related item, a quote
                if target is not None and type(target).__name__ in PREFIXES:
                    stack[-1].add(key(target))
    return objects[-1] if objects else None


def story_keys(ids) -> set[str]:
    """The keys a change to the stories ``ids`` bumps, read from the database as it is
    now (one query, whatever the number of stories): the page of every record that
    lists one of them carries that record's key, so it need not carry the stories'."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Value
    from taggit.models import TaggedItem

    from articles.models import KINDS, Article, Quote

    ids = sorted({int(i) for i in ids})
    if not ids:
        return set()

    def named(queryset, prefix, column):
        label = Value(prefix, output_field=CharField())
        return queryset.order_by().annotate(prefix=label).values_list("prefix", column)

    parts = [
        named(
            kind.mention_model.objects.filter(article_id__in=ids),
            PREFIXES[kind.model.__name__],
            kind.fk,
        )
        for kind in KINDS
    ]
    parts += [
        named(
            Quote.objects.filter(article_id__in=ids, person__isnull=False), "person", "person_id"
        ),
        named(
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article), object_id__in=ids
            ),
            "tag",
            "tag_id",
        ),
        named(Article.objects.filter(pk__in=ids, section__isnull=False), "section", "section_id"),
        named(Article.objects.filter(pk__in=ids, source__isnull=False), "source", "source_id"),
    ]
    rows = parts[0].union(*parts[1:])
    return {LIST, *(story(i) for i in ids), *(f"{prefix}:{pk}" for prefix, pk in rows)}


def checked(names) -> set[str]:
    """The keys whose versions decide whether a stored page is still good: all of them
    but the ``a:`` keys of a page that carries ``list`` (every story change bumps
    ``list`` as well), plus ``all``."""
    names = set(names) | {ALL}
    if LIST in names:
        names = {n for n in names if not is_story(n)}
    return names
