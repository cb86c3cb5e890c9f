"""Related stories: curated first, then the public stories sharing the most people,
places and tags (one bounded, aggregated query), never a draft, stub or scheduled story."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import LinkKind, MentionStatus, RelatedLink, Status
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


def test_sharing_looks_past_hidden_candidates(cluster, monkeypatch):
    # Room for only the hidden stories in the first batch: it must look further down.
    monkeypatch.setattr(related, "OVERFETCH", 1)
    assert related.sharing(cluster.story, limit=1) == [cluster.best]


def test_sharing_of_story_without_entities_is_empty(db):
    assert related.sharing(make_article("وحيدة")) == []


def test_curated_links_come_before_shared_ones(cluster):
    RelatedLink.objects.create(
        from_article=cluster.story, to_article=cluster.unrelated, kind=LinkKind.CURATED
    )
    items = related.related_items(cluster.story)
    assert [i.article for i in items] == [
        cluster.unrelated,
        cluster.best,
        cluster.second,
        cluster.third,
    ]
    assert [i.kind for i in items] == ["curated", "shared", "shared", "shared"]


def test_a_new_story_sharing_entities_shows_at_once(client, cluster):
    url = cluster.story.get_absolute_url()
    assert "قصة جديدة مشتركة" not in client.get(url).content.decode()
    fresh = make_article("قصة جديدة مشتركة", tags=["سياسة", "نفط"])
    for m in cluster.story.personmention_set.visible():
        mention(fresh, m.person)
    assert "قصة جديدة مشتركة" in client.get(url).content.decode()
