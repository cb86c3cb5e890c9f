"""Related stories: editor-curated links first, then imported links, then stories sharing
the most people, places and tags. Never a draft; a stub teaser is kept as plain text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, Count, When

from articles.models import (
    Article,
    LinkKind,
    LocationMention,
    PersonMention,
    RelatedLink,
)

LIMIT = 6


@dataclass(frozen=True)
class RelatedItem:
    article: Article
    linked: bool  # False for a stub teaser: shown as text, never as a dead link
    kind: str  # curated | imported | shared


def related_items(article, *, limit=LIMIT) -> list[RelatedItem]:
    now_public = set(
        Article.objects.published()
        .filter(incoming_links__from_article=article)
        .values_list("pk", flat=True)
    )
    links = (
        RelatedLink.objects.filter(from_article=article)
        .select_related("to_article__source")
        .order_by(Case(When(kind=LinkKind.CURATED, then=0), default=1), "position", "id")
    )
    items, seen = [], {article.pk}
    for link in links:
        target = link.to_article
        if target.pk in seen:
            continue
        if target.pk in now_public:
            items.append(RelatedItem(target, True, link.kind))
        elif target.is_stub:
            items.append(RelatedItem(target, False, link.kind))
        else:
            continue
        seen.add(target.pk)
    if len(items) < limit:
        for shared in sharing(article, exclude=seen, limit=limit - len(items)):
            items.append(RelatedItem(shared, True, "shared"))
    return items[:limit]


def sharing(article, *, exclude=(), limit=LIMIT) -> list[Article]:
    """Public stories sharing the most (visible) people, places and tags with ``article``."""
    public = Article.objects.published().values("pk")
    scores: Counter[int] = Counter()
    people = PersonMention.objects.visible().filter(article=article).values("person_id")
    places = LocationMention.objects.visible().filter(article=article).values("location_id")
    for qs in (
        PersonMention.objects.visible().filter(person_id__in=people),
        LocationMention.objects.visible().filter(location_id__in=places),
        Article.tags.through.objects.filter(
            content_type__app_label="articles",
            content_type__model="article",
            tag_id__in=Article.tags.through.objects.filter(
                content_type__app_label="articles",
                content_type__model="article",
                object_id=article.pk,
            ).values("tag_id"),
        ),
    ):
        column = "article_id" if qs.model is not Article.tags.through else "object_id"
        rows = (
            qs.filter(**{f"{column}__in": public})
            .exclude(**{f"{column}__in": list(exclude) or [article.pk]})
            .values(column)
            .annotate(n=Count("pk"))
            .order_by("-n")[:50]
        )
        for row in rows:
            scores[row[column]] += row["n"]
    best = [pk for pk, _ in scores.most_common(limit * 3)]
    found = {
        a.pk: a for a in Article.objects.published().filter(pk__in=best).select_related("source")
    }
    ranked = sorted(
        found.values(), key=lambda a: (-scores[a.pk], -(a.published_at.timestamp()), -a.pk)
    )
    return ranked[:limit]
