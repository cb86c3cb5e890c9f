"""Merge duplicate people, places or sources into one record, losing nothing.

``merge_entities(keep=..., merge=[...])`` moves every mention, quote, image credit,
publisher link and child place to ``keep``, adds the merged names and their
aliases to ``keep``'s aliases (so a later ``loadseeds`` resolves them to ``keep``),
then deletes the merged records, all in one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from articles import changes
from articles.models import (
    LOCATION,
    PERSON,
    SOURCE,
    Article,
    Image,
    Location,
    MentionStatus,
    Photo,
    Quote,
    kind_of,
)

# Which review decision wins when both records were found in the same story.
STATUS_STRENGTH = {MentionStatus.ACCEPTED: 3, MentionStatus.FOUND: 2, MentionStatus.REJECTED: 1}


class MergeError(ValueError):
    pass


@dataclass
class MergeResult:
    keep: object
    merged_names: list[str] = field(default_factory=list)
    moved: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        parts = [f"{label}: {n}" for label, n in self.moved.items() if n]
        return "، ".join(parts) or "لا شيء"


def _excerpt_position(article: Article, excerpt: str) -> int:
    index = article.body_text.find(excerpt) if excerpt else -1
    return index if index >= 0 else len(article.body_text) + 1


def _combine(kept_mention, other, kind) -> None:
    """Fold ``other`` (a mention of a merged record) into the kept record's mention."""
    kept_mention.count += other.count
    article = kept_mention.article
    if other.excerpt and (
        not kept_mention.excerpt
        or _excerpt_position(article, other.excerpt)
        < _excerpt_position(article, kept_mention.excerpt)
    ):
        kept_mention.excerpt = other.excerpt
    if STATUS_STRENGTH[other.status] > STATUS_STRENGTH[kept_mention.status]:
        kept_mention.status = other.status
    if other.confidence > kept_mention.confidence:
        kept_mention.confidence, kept_mention.method = other.confidence, other.method
    for name in kind.found_fields:  # a role, a photo credit: the kept one's unless it has none
        if not getattr(kept_mention, name):
            setattr(kept_mention, name, getattr(other, name))


COMBINED_FIELDS = ("count", "excerpt", "status", "confidence", "method")


def _move_mentions(keep, other, result: MergeResult) -> None:
    """Mentions of ``other`` in stories that do not name ``keep`` move in one UPDATE; the
    others are folded into ``keep``'s mention (one bulk update) and deleted (one DELETE).

    ``update()`` sends no signals: the stories are touched once, by the caller."""
    kind = kind_of(keep)
    theirs = kind.mentions_of([other])
    kept_by_article = {
        m.article_id: m
        for m in kind.mentions_of([keep])
        .filter(article__in=theirs.values("article_id"))
        .select_related("article")
    }
    combined = []
    for mention in theirs.filter(article__in=list(kept_by_article)):
        _combine(kept_by_article[mention.article_id], mention, kind)
        combined.append(kept_by_article[mention.article_id])
    fields = COMBINED_FIELDS + kind.found_fields
    kind.mention_model.objects.bulk_update(combined, fields)
    theirs.filter(article__in=list(kept_by_article)).delete()
    result.moved["الإشارات المدموجة"] += len(combined)
    result.moved["الإشارات المنقولة"] += theirs.update(**{kind.name: keep})


def _move_quotes(keep, other, result: MergeResult) -> None:
    kept = set(Quote.objects.filter(person=keep).values_list("article_id", "text"))
    for quote in Quote.objects.filter(person=other):
        if (quote.article_id, quote.text) in kept:
            quote.delete()
        else:
            quote.person = keep
            quote.save(update_fields=["person"])
            kept.add((quote.article_id, quote.text))
        result.moved["الاقتباسات"] += 1


def _move_source_links(keep, other, result: MergeResult) -> None:
    result.moved["تعليقات الصور"] += Image.objects.filter(credit=other).update(credit=keep)
    result.moved["صور المكتبة"] += Photo.objects.filter(credit=other).update(credit=keep)
    for article in Article.objects.select_for_update().filter(source=other):
        # save() (not update()) keeps a revision and bumps the version of each story.
        article.source = keep
        article._change_reason = f"دمج المصدر «{other.name}» في «{keep.name}»"
        article.save()
        result.moved["القصص المنشورة"] += 1


def _move_children(keep, other, result: MergeResult) -> None:
    result.moved["الأماكن التابعة"] += (
        Location.objects.filter(parent=other).exclude(pk=keep.pk).update(parent=keep)
    )


# What else points at a record of each kind, besides its mentions.
MOVE_ALSO = {PERSON: _move_quotes, LOCATION: _move_children, SOURCE: _move_source_links}


def _fill_blanks(keep, other) -> None:
    for name in kind_of(keep).fill_fields:
        if getattr(keep, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(keep, name, getattr(other, name))
    if kind_of(keep) is LOCATION and keep.parent_id in (keep.pk, other.pk):
        keep.parent_id = other.parent_id if other.parent_id != keep.pk else None


def _bump_stories_showing(model, others) -> None:
    """Make stale the story forms that show ``others`` (mentions; a source's photo credits)."""
    showing = Q(pk__in=kind_of(model).mentions_of(others).values("article_id"))
    stories = Article.objects.all()
    if kind_of(model) is SOURCE:
        showing |= Q(pk__in=Image.objects.filter(credit__in=others).values("article_id"))
        stories = stories.exclude(source__in=others)  # saved as they move: save() bumps them
    stories.filter(showing).bump_version()


def merge_entities(*, keep, merge) -> MergeResult:
    """Fold every record of ``merge`` into ``keep`` and delete them, in one transaction
    that re-indexes each story it touched once."""
    with changes.atomic():
        return _merge(keep, merge)


def _merge(keep, merge) -> MergeResult:
    model = type(keep)
    try:
        kind = kind_of(model)
    except TypeError:
        raise MergeError(f"Cannot merge {model.__name__} records.") from None
    others = [o for o in merge if o.pk != keep.pk]
    if any(type(o) is not model for o in others):
        raise MergeError("Only records of the same kind can be merged.")
    if not others:
        raise MergeError("Choose at least one other record to merge.")
    keep = model.objects.select_for_update().get(pk=keep.pk)
    result = MergeResult(keep=keep)
    _bump_stories_showing(model, others)
    touched = set(kind.mentions_of(others).values_list("article_id", flat=True))
    for other in model.objects.select_for_update().filter(pk__in=[o.pk for o in others]):
        _move_mentions(keep, other, result)
        MOVE_ALSO[kind](keep, other, result)
        _fill_blanks(keep, other)
        keep.add_aliases([other.name, *other.alias_list])
        result.merged_names.append(other.name)
        other.delete()
    if kind is LOCATION and keep.parent_id is not None:
        keep.clean()
    keep.save()
    changes.touch(touched)  # mentions, credits and child places moved by update()
    return result
