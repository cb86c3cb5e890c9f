"""Related stories: editor-curated links first, then imported links, then stories sharing
the most people, places and tags. Never a draft; a stub teaser is kept as plain text.

The shared ones are worked out when something changes, not when a page is shown:
``refresh(ids)`` (called by ``changes`` for every batch of touched stories) stores each
story's best ``KEEP`` matches as ``StoryRelation`` rows, and the page reads them back
through the (story, -score, -related) index, public ones only, in one query whatever the
size of the archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Q, When

from articles.models import (
    LOCATION,
    PERSON,
    Article,
    LinkKind,
    MentionStatus,
    RelatedLink,
    Status,
    StoryRelation,
    public_story,
)

LIMIT = 6


@dataclass(frozen=True)
class RelatedItem:
    article: Article
    linked: bool  # False for a stub teaser: shown as text, never as a dead link
    kind: str  # curated | imported | shared


def related_items(article, *, limit=LIMIT) -> list[RelatedItem]:
    """What the story page lists: two queries, both answered by indexes."""
    links = (
        RelatedLink.objects.filter(from_article=article)
        .annotate(public=public_story("to_article_id"))
        .select_related("to_article__source", "to_article__section")
        .order_by(Case(When(kind=LinkKind.CURATED, then=0), default=1), "position", "id")
    )
    items, seen = [], {article.pk}
    for link in links:
        target = link.to_article
        if target.pk in seen:
            continue
        if link.public:
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


def stored_relations(article):
    """The stored matches of ``article`` that are public now, with their stories, best
    first: the order of the (story, -score, -related) index, so no sort."""
    return (
        StoryRelation.objects.filter(story=article)
        .filter(public_story("related_id"))
        .select_related("related__source", "related__section")
        .order_by("-score", "-related_id")
    )


def sharing(article, *, exclude=(), limit=LIMIT) -> list[Article]:
    """Public stories sharing the most (visible) people, places and tags with ``article``,
    as last stored by ``refresh``: one indexed query."""
    skip = set(exclude) | {article.pk}
    # The excluded ones are at most the links shown above: read that many more, not all.
    rows = stored_relations(article)[: limit + len(skip)]
    return [row.related for row in rows if row.related_id not in skip][:limit]


# --- working them out ----------------------------------------------------------------

KEEP = 12  # rows stored per story: what the page shows, and room for links and hidden ones
PER_ENTITY = 200  # latest mention rows read per person, place or tag
OVERFETCH = 4  # candidates read per row kept (some may be drafts or stubs)
CHUNK = 500
MAX_ENTITIES = 400

# The kinds a story is related through (sources name too many stories to mean much).
SHARED_KINDS = (PERSON, LOCATION)


def refresh(article_ids) -> int:
    """Work out again the related stories of ``article_ids`` and store them; the rows written.

    Bulk and idempotent: per batch, a few bounded aggregate queries (each story's people,
    places and tags, each read over its latest ``PER_ENTITY`` mentions only, so a tag on
    thousands of stories costs no more than a rare one), then a few writes.

    Relations are symmetric, so the stories a changed story now matches gain it too (a
    story just published appears under the older stories it shares names with), and it
    leaves the lists of the stories it matched before; those lists are cut back to
    ``KEEP``. Stories that are not public at all (drafts, stubs) are never stored as
    anyone's match; scheduled ones are, and the page filters them until their time.
    """
    ids = sorted({int(i) for i in article_ids if i is not None})
    written = 0
    for start in range(0, len(ids), CHUNK):
        written += _refresh_chunk(ids[start : start + CHUNK])
    return written


def _refresh_chunk(ids: list[int]) -> int:
    entities = _entities(ids)
    counted = _shared_counts(entities, KEEP * OVERFETCH)
    candidates = {aid for counts in counted.values() for aid, _ in counts} | set(ids)
    listed, eligible = _kinds(candidates)
    # Deleted stories and stubs (a teaser has no page) keep no list.
    found = {x: counted.get(x, []) for x in ids if x in listed}
    forward, backward = [], {}
    for x, counts in found.items():
        matches = [(aid, n) for aid, n in counts if aid != x and aid in eligible]
        forward += [StoryRelation(story_id=x, related_id=aid, score=n) for aid, n in matches[:KEEP]]
        if x in eligible:  # a draft has a list (its preview) but is nobody's match
            for aid, n in counts:
                if aid != x and aid not in found and aid in listed:
                    backward[(aid, x)] = StoryRelation(story_id=aid, related_id=x, score=n)
    StoryRelation.objects.filter(Q(story_id__in=ids) | Q(related_id__in=ids)).delete()
    StoryRelation.objects.bulk_create([*forward, *backward.values()], batch_size=CHUNK)
    _trim(sorted({story for story, _ in backward}))
    return len(forward) + len(backward)


def _kinds(ids) -> tuple[set[int], set[int]]:
    """Those of ``ids`` that keep a list (not stubs), and those of them that may be a
    match (published, now or later)."""
    ids, listed, eligible = sorted(ids), set(), set()
    for start in range(0, len(ids), CHUNK):
        rows = Article.objects.filter(pk__in=ids[start : start + CHUNK], is_stub=False)
        for pk, status in rows.values_list("pk", "status"):
            listed.add(pk)
            if status == Status.PUBLISHED:
                eligible.add(pk)
    return listed, eligible


def _trim(story_ids: list[int]) -> None:
    """Cut the stored lists of ``story_ids`` back to their best ``KEEP`` rows."""
    table = StoryRelation._meta.db_table
    for start in range(0, len(story_ids), CHUNK):
        chunk = story_ids[start : start + CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER()"
                f" OVER (PARTITION BY story_id ORDER BY score DESC, related_id DESC) AS n"
                f" FROM {table} WHERE story_id IN ({marks})) AS ranked WHERE n > %s)",
                [*chunk, KEEP],
            )


def _entities(ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """Per story of ``ids`` that names anything: its visible people and places and its
    tags (one query)."""
    marks = ", ".join(["%s"] * len(ids))
    parts, params = [], []
    for kind in SHARED_KINDS:
        parts.append(
            f"SELECT '{kind.name}', article_id, {kind.fk} FROM"
            f" {kind.mention_model._meta.db_table} WHERE article_id IN ({marks})"
            " AND status <> %s"
        )
        params += [*ids, MentionStatus.REJECTED]
    parts.append(
        f"SELECT 'tag', object_id, tag_id FROM {Article.tags.through._meta.db_table}"
        f" WHERE object_id IN ({marks}) AND content_type_id = %s"
    )
    params += [*ids, ContentType.objects.get_for_model(Article).pk]
    found: dict[int, dict[str, list[int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for name, story, entity in cursor.fetchall():
            if int(story) not in found:
                found[int(story)] = {"tag": []} | {k.name: [] for k in SHARED_KINDS}
            found[int(story)][name].append(int(entity))
    return found


def _shared_counts(entities_of: dict[int, dict], wanted) -> dict[int, list[tuple[int, int]]]:
    """Per story: (story id, shared count) of its best ``wanted`` candidates, most shared
    first. As few queries as SQLite's limit of 500 terms in one compound SELECT allows
    (a story's people, places and tags are never split over two)."""
    tagged = Article.tags.through
    article_type = ContentType.objects.get_for_model(Article).pk
    found: dict[int, list[tuple[int, int]]] = {}
    batch, params = [], []

    def run():
        if not batch:
            return
        sql = (
            "SELECT sid, aid, n FROM (SELECT sid, aid, n, ROW_NUMBER() OVER"
            " (PARTITION BY sid ORDER BY n DESC, aid DESC) AS place FROM"
            f" (SELECT sid, aid, COUNT(*) AS n FROM ({' UNION ALL '.join(batch)}) AS shared"
            " GROUP BY sid, aid) AS counted) AS ranked"
            f" WHERE place <= {int(wanted) + 1} ORDER BY sid, n DESC, aid DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for sid, aid, n in cursor.fetchall():
                found.setdefault(int(sid), []).append((int(aid), n))
        batch.clear()
        params.clear()

    for sid, entities in entities_of.items():
        terms = [
            (kind.mention_model._meta.db_table, "article_id", kind.fk, pk, "status <> %s",
             MentionStatus.REJECTED)
            for kind in SHARED_KINDS
            for pk in sorted(set(entities[kind.name]))
        ] + [
            (tagged._meta.db_table, "object_id", "tag_id", pk, "content_type_id = %s",
             article_type)
            for pk in sorted(set(entities["tag"]))
        ]  # fmt: skip
        # A story naming more than MAX_ENTITIES (never seen) is related by its first ones.
        terms = terms[:MAX_ENTITIES]
        if len(batch) + len(terms) > MAX_ENTITIES:
            run()
        for table, story, column, value, extra, also in terms:
            batch.append(
                f"SELECT {int(sid)} AS sid, aid FROM (SELECT {story} AS aid FROM {table}"
                f" WHERE {column} = %s AND {extra} ORDER BY {story} DESC LIMIT {PER_ENTITY})"
                " AS s"
            )
            params.extend([value, also])
    run()
    return found
