"""``insert_rows`` (importer/bulk.py) writes what ``bulk_create`` writes, faster on SQLite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importer.bulk import insert_rows
from articles.models import KINDS, Article, Image, PersonMention, Quote, RelatedLink
from tests.factories import make_article, make_location, make_person, make_source

pytestmark = pytest.mark.django_db

IGNORED = {"id", "created_at"}
FOUND = {"role": "الناطق باسم الوزارة", "as_credit": True}  # a mention kind's own fields


def rows_of(model, **filters):
    return sorted(
        ({k: v for k, v in row.items() if k not in IGNORED} for row in
         model.objects.filter(**filters).values()),
        key=repr,
    )  # fmt: skip


def build(article, other, entities):
    """One unsaved row of each kind an import writes, built before ``other`` had an id.

    ``entities``: a person, a place and a source (``KINDS``' order)."""
    person, _, source = entities
    mentions = {
        kind.mention_model: [
            kind.mention_model(
                article=article, **{kind.name: entity}, count=3, excerpt="قال", method="crf",
                confidence=0.75, **{name: FOUND[name] for name in kind.found_fields}
            )
        ]
        for kind, entity in zip(KINDS, entities, strict=True)
    }  # fmt: skip
    return mentions | {
        Image: [
            Image(article=article, caption="صورة «أرشيفية»", credit=source, is_archive=True),
            Image(article=article, caption="صورة ثانية", credit_text="تلغرام", position=1),
        ],
        Quote: [Quote(article=article, person=person, text="«نص التصريح»", position=0)],
        RelatedLink: [RelatedLink(from_article=article, to_article=other, position=2)],
    }


def test_the_rows_written_are_bulk_creates_own():
    entities = (make_person("سعد معن"), make_location("الموصل"), make_source("رويترز"))
    first, second = make_article("قصة أولى"), make_article("قصة ثانية")
    pending_first, pending_second = Article(title="تنتظر ١"), Article(title="تنتظر ٢")
    by_bulk = build(first, pending_first, entities)
    by_insert = build(second, pending_second, entities)
    pending_first.save()
    pending_second.save()  # after its link was built: the link must still get its id

    for model, objs in by_bulk.items():
        model.objects.bulk_create(objs)
    for model, objs in by_insert.items():
        insert_rows(model, objs)

    for model in [Image, Quote, *(kind.mention_model for kind in KINDS)]:
        written = rows_of(model, article=second)
        assert written == [
            {**row, "article_id": second.pk} for row in rows_of(model, article=first)
        ]
        assert written
    assert rows_of(RelatedLink, from_article=second) == [
        {**row, "from_article_id": second.pk, "to_article_id": pending_second.pk}
        for row in rows_of(RelatedLink, from_article=first)
    ]
    assert PersonMention.objects.get(article=second).created_at is not None
    assert all(not obj._state.adding for objs in by_insert.values() for obj in objs)


def test_ignore_conflicts_skips_a_duplicate_and_keeps_the_rest():
    article, person = make_article(), make_person()
    Quote.objects.create(article=article, person=person, text="قديم", position=0)

    insert_rows(
        Quote,
        [
            Quote(article=article, person=person, text="قديم", position=5),
            Quote(article=article, person=person, text="جديد", position=1),
        ],
        ignore_conflicts=True,
    )

    assert sorted(Quote.objects.values_list("text", "position")) == [("جديد", 1), ("قديم", 0)]


def test_sqlite_prepares_one_insert_for_every_row():
    article, person = make_article(), make_person()
    people = [make_person() for _ in range(3)] + [person]
    with CaptureQueriesContext(connection) as queries:
        insert_rows(PersonMention, [PersonMention(article=article, person=p) for p in people])

    assert PersonMention.objects.filter(article=article).count() == 4
    if connection.vendor == "sqlite":  # executemany: one statement, logged as run 4 times
        assert [q["sql"].split(" times: ")[0] for q in queries.captured_queries] == ["4"]
    else:  # PostgreSQL keeps bulk_create's single UNNEST insert
        assert len(queries.captured_queries) == 1
        assert "UNNEST" in queries.captured_queries[0]["sql"]
