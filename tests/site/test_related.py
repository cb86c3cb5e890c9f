"""Related stories: curated first, then the public stories sharing the most people,
places and tags (one bounded, aggregated query), never a draft, stub or scheduled story."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, MentionStatus, Status, StoryRelation
from articles.site import related
from tests.factories import make_article, make_location, make_person, mention


@pytest.fixture
def cluster(db):
    now = timezone.now()
    p1, p2, p3 = make_person("أحمد أول"), make_person("باسم ثان"), make_person("جميل ثالث")
    place = make_location("تكريت")
    story = make_article("القصة الأم", tags=["سياسة", "نفط"], published_at=now - timedelta(hours=1))
    for entity in (p1, p2, place):
        mention(story, entity)
    mention(story, p3, status=MentionStatus.REJECTED)  # a rejected mention shares nothing

    best = make_article("تشارك أربعة", tags=["سياسة", "نفط"], published_at=now - timedelta(days=9))
    mention(best, p1)
    mention(best, p2)
    second = make_article("تشارك اثنين", tags=["سياسة"], published_at=now - timedelta(days=1))
    mention(second, place)
    third = make_article("تشارك واحداً", published_at=now - timedelta(days=2))
    mention(third, p1)
    only_rejected = make_article("تذكر الثالث فقط", published_at=now - timedelta(days=1))
    mention(only_rejected, p3)
    unrelated = make_article("لا شيء مشترك", tags=["رياضة"])

    hidden = [
        make_article("مسودة", status=Status.DRAFT, tags=["سياسة", "نفط"]),
        make_article("مختصرة", status=Status.DRAFT, is_stub=True, published_at=None),
        make_article("مجدولة", tags=["سياسة", "نفط"], published_at=now + timedelta(hours=2)),
    ]
    for h in hidden:
        for entity in (p1, p2, place):
            mention(h, entity)
    return type("Cluster", (), dict(story=story, best=best, second=second, third=third,
                                    only_rejected=only_rejected, unrelated=unrelated,
                                    hidden=hidden))  # fmt: skip


def test_sharing_ranks_by_shared_entities_and_hides_non_public(cluster):
    found = related.sharing(cluster.story)
    assert found == [cluster.best, cluster.second, cluster.third]


def test_sharing_respects_exclude_and_limit(cluster):
    assert related.sharing(cluster.story, exclude={cluster.best.pk}, limit=1) == [cluster.second]


def test_drafts_and_stubs_are_never_stored_but_scheduled_stories_are(cluster):
    stored = set(
        StoryRelation.objects.filter(story=cluster.story).values_list("related", flat=True)
    )
    draft, stub, scheduled = cluster.hidden
    assert {cluster.best.pk, cluster.second.pk, cluster.third.pk} <= stored
    assert draft.pk not in stored and stub.pk not in stored
    assert scheduled.pk in stored  # kept, and filtered when read until its time comes
    assert scheduled not in related.sharing(cluster.story)


def test_a_scheduled_story_appears_when_its_time_comes_with_no_refresh(cluster):
    scheduled = cluster.hidden[2]
    # The time passes: no save, no signal, nothing worked out again.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(hours=3))
    assert related.sharing(cluster.story)[0] == scheduled  # shares the most (five)


def test_an_unpublished_story_leaves_the_lists_at_once(cluster):
    Article.objects.filter(pk=cluster.best.pk).update(status=Status.DRAFT)  # no signal
    assert cluster.best not in related.sharing(cluster.story)
    assert related.sharing(cluster.story) == [cluster.second, cluster.third]


def test_a_story_published_later_joins_the_older_stories_lists(cluster):
    draft = cluster.hidden[0]
    assert draft not in related.sharing(cluster.best)
    draft.status = Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=5)
    draft.save()  # refreshes the draft and, symmetrically, the stories it matches
    assert draft in related.sharing(cluster.best)
    assert draft in related.sharing(cluster.story)


def test_a_mention_rejected_later_unrelates_the_stories(cluster):
    assert cluster.third in related.sharing(cluster.story)
    m = cluster.third.personmention_set.get()
    m.status = MentionStatus.REJECTED
    m.save()
    assert cluster.third not in related.sharing(cluster.story)
    assert cluster.story not in related.sharing(cluster.third)


def test_refresh_is_idempotent_and_bulk(cluster, django_assert_max_num_queries):
    ids = [cluster.story.pk, cluster.best.pk, cluster.second.pk, cluster.third.pk]
    before = sorted(StoryRelation.objects.values_list("story", "related", "score"))
    # One aggregate per story and a fixed number of reads and writes per batch.
    with django_assert_max_num_queries(len(ids) + 10):
        related.refresh(ids)
    related.refresh(ids)
    assert sorted(StoryRelation.objects.values_list("story", "related", "score")) == before


def test_stored_lists_are_cut_to_keep(db, monkeypatch):
    monkeypatch.setattr(related, "KEEP", 3)
    person = make_person("شخص مشترك")
    stories = [make_article(f"قصة مشتركة {i}") for i in range(6)]
    for story in stories:
        mention(story, person)  # each new one joins the lists of the ones before
    counts = StoryRelation.objects.values("story").annotate(n=Count("id"))
    assert {c["n"] for c in counts} == {3}
    assert related.sharing(stories[0], limit=6) == stories[:0:-1][:3]  # the newest first


def test_the_page_reads_stored_relations_by_index(db):
    """The related lookup is an index search on both databases, on a table of realistic
    size and statistics (3,000 public stories, 12 stored matches each)."""
    now = timezone.now()
    stories = Article.objects.bulk_create(
        Article(
            title=f"قصة {i}",
            slug=f"story-{i}",
            status=Status.PUBLISHED,
            published_at=now - timedelta(minutes=i + 1),
        )
        for i in range(3000)
    )
    ids = (
        [a.pk for a in stories]
        if stories[0].pk
        else list(Article.objects.order_by("pk").values_list("pk", flat=True))
    )
    StoryRelation.objects.bulk_create(
        StoryRelation(story_id=x, related_id=ids[(n + k * 7 + 1) % len(ids)], score=12 - k)
        for n, x in enumerate(ids)
        for k in range(12)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The query the page runs.
    plan = related.stored_relations(ids[1500])[: related.LIMIT + 1].explain()
    if connection.vendor == "sqlite":
        assert re.search(
            r"SEARCH articles_storyrelation USING (COVERING )?INDEX storyrelation_by_rank"
            r" \(story_id=\?\)",
            plan,
        ), plan
        assert "TEMP B-TREE" not in plan, plan  # read in the index's order: no sort
    else:
        assert re.search(r"Index (Only )?Scan using storyrelation_by_rank", plan), plan
        # (The empty section and source tables may be scanned: they hold no rows.)
        assert not re.search(r"Seq Scan on articles_(storyrelation|article)\b", plan), plan
