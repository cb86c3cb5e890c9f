"""Related stories: editor-curated links first, then imported links, then stories sharing
the most people, places and tags. Never a draft; a stub teaser is kept as plain text."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, When

from articles.models import LOCATION, PERSON, Article, LinkKind, MentionStatus, RelatedLink

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
        .select_related("to_article__source", "to_article__section")
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
    """Public stories sharing the most (visible) people, places and tags with ``article``.

    One aggregated query over a bounded set of mention rows: for each person, place
    and tag of the story, its latest ``PER_ENTITY`` mentions (by story id), so a
    popular tag on thousands of stories costs no more than a rare one.
    """
    entities = _entities(article)
    if not any(entities.values()):
        return []
    skip = set(exclude) | {article.pk}
    wanted = (limit + len(skip)) * OVERFETCH
    while True:
        rows = _shared_counts(entities, wanted)
        scores = {pk: n for pk, n in rows if pk not in skip}
        found = {
            a.pk: a
            for a in Article.objects.published()
            .filter(pk__in=list(scores))
            .select_related("source", "section")
        }
        if len(found) >= limit or len(rows) < wanted or wanted >= MAX_CANDIDATES:
            break
        wanted *= 4  # drafts and stubs crowded the top: look further down
    ranked = sorted(
        found.values(), key=lambda a: (-scores[a.pk], -(a.published_at.timestamp()), -a.pk)
    )
    return ranked[:limit]


PER_ENTITY = 200  # latest mention rows read per person, place or tag
OVERFETCH = 4  # candidates fetched per story wanted (some may be drafts or stubs)
MAX_CANDIDATES = 2000


# The kinds a story is related through (sources name too many stories to mean much).
SHARED_KINDS = (PERSON, LOCATION)


def _entities(article) -> dict[str, list[int]]:
    """The story's visible people and places and its tags (from the page's prefetch if any)."""
    entities = {}
    for kind in SHARED_KINDS:
        prefetched = getattr(article, f"visible_{kind.plural}", None)
        entities[kind.name] = (
            [getattr(m, kind.fk) for m in prefetched]
            if prefetched is not None
            else list(
                kind.mention_model.objects.visible()
                .filter(article=article)
                .values_list(kind.fk, flat=True)
            )
        )
    entities["tag"] = [t.pk for t in article.tags.all()]
    return entities


def _shared_counts(entities, wanted) -> list[tuple[int, int]]:
    """(story id, shared count) of the best ``wanted`` candidates, most shared first."""
    tagged = Article.tags.through
    parts, params = [], []

    def add(table, story, column, value, extra=""):
        parts.append(
            f"SELECT * FROM (SELECT {story} AS aid FROM {table} WHERE {column} = %s{extra}"
            f" ORDER BY {story} DESC LIMIT {PER_ENTITY}) AS s{len(parts)}"
        )
        params.append(value)

    for kind in SHARED_KINDS:
        for pk in entities[kind.name]:
            add(kind.mention_model._meta.db_table, "article_id", kind.fk, pk, " AND status <> %s")
            params.append(MentionStatus.REJECTED)
    if entities["tag"]:
        article_type = ContentType.objects.get_for_model(Article).pk
        for pk in entities["tag"]:
            add(tagged._meta.db_table, "object_id", "tag_id", pk, " AND content_type_id = %s")
            params.append(article_type)
    sql = (
        f"SELECT aid, COUNT(*) AS n FROM ({' UNION ALL '.join(parts)}) AS shared"
        f" GROUP BY aid ORDER BY n DESC, aid DESC LIMIT {int(wanted)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(aid), n) for aid, n in cursor.fetchall()]
