"""Search on a common word: at most ``RANKED`` matches are counted (PostgreSQL ranks only
the newest that many), answered by each database's index (GIN on PostgreSQL, FTS5 on
SQLite); the page says «أكثر من …» past the cap and still pages; small results are
exact, in the same order."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article, Status
from articles.search.backends import postgres
from articles.site.views import CappedPaginator, SearchView
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CAP = 3


@pytest.fixture
def common(db, monkeypatch):
    """Seven public stories holding «الموصل» (newest first), a draft, an unrelated one."""
    monkeypatch.setattr(postgres, "RANKED", CAP)
    monkeypatch.setattr(CappedPaginator, "cap", CAP)
    monkeypatch.setattr(SearchView, "paginate_by", 2)
    now = timezone.now()
    stories = [
        make_article(
            f"معارك في الموصل رقم {i}",
            body=[{"kind": "paragraph", "text": f"تقدمت القوات في الموصل {i}."}],
            published_at=now - timedelta(hours=i + 1),
        )
        for i in range(7)  # written newest first, as an archive may be imported
    ]
    make_article("مسودة عن الموصل", status=Status.DRAFT, published_at=None)
    make_article("خبر عن البصرة")
    return stories


def test_a_common_word_says_more_than_the_cap_and_still_pages(client, common):
    html = client.get("/search/?q=الموصل").content.decode()
    assert "أكثر من 3 نتائج" in html
    assert 'rel="next"' in html and "صفحة 1 من 2" in html
    page2 = client.get("/search/?q=الموصل&page=2")
    assert page2.status_code == 200
    assert list(page2.context["object_list"]) == [common[2]]  # the cap: no fourth
    assert "مسودة" not in page2.content.decode()


def test_a_small_result_is_counted_and_ordered_exactly(client, common):
    """Below the cap nothing changes: every match, the exact count, the usual order."""
    response = client.get("/search/?q=رقم 5")
    assert response.context["page_obj"].paginator.count == 1
    assert "نتيجة واحدة" in response.content.decode()
    assert "أكثر من" not in response.content.decode()
    both = list(search.search_articles(Article.objects.published(), '"الموصل 4" أو "الموصل 2"'))
    assert both == [common[2], common[4]]  # fewer than the cap: all of them, newest first


def test_only_the_newest_matches_are_ranked(common):
    found = list(search.search_articles(Article.objects.published(), "الموصل"))
    # The newest by date, and one more to tell the page there are more (PostgreSQL
    # ranks those only; SQLite orders by date, which its index reads in that order).
    assert set(found[: CAP + 1]) == set(common[: CAP + 1])
    if connection.vendor == "postgresql":
        assert len(found) == CAP + 1


def test_the_search_is_answered_by_the_database_index(db):
    """On a table of realistic size and statistics (2,000 public stories, every one
    holding «بغداد», three «الموصل»): a rare word is looked up in the GIN index
    (PostgreSQL) or the FTS5 table (SQLite); a common one is found by an index too, and
    (PostgreSQL) only the ``RANKED + 1`` newest matches are ranked."""
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"قصة {i}",
            slug=f"story-{i}",
            body=[{"kind": "paragraph", "text": "في بغداد" + (" والموصل" if i % 700 == 0 else "")}],
            search_text="في بغداد" + (" والموصل" if i % 700 == 0 else ""),
            status=Status.PUBLISHED,
            published_at=now - timedelta(minutes=i + 1),
        )
        for i in range(2000)
    )
    search.refresh_search_index(Article.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    published = Article.objects.published()
    rare = search.search_articles(published, "الموصل")
    assert len(rare) == 3
    common = search.search_articles(published, "بغداد")
    if connection.vendor == "sqlite":
        for queryset in (rare, common):
            plan = queryset.explain()
            assert re.search(r"SCAN articles_search_fts VIRTUAL TABLE INDEX", plan), plan
    else:
        with connection.cursor() as cursor:  # 2,000 rows can still be read whole: not so
            cursor.execute("SET enable_seqscan = off")  # an archive's table, hence this
            try:
                plan = rare.explain()
            finally:
                cursor.execute("RESET enable_seqscan")
        # Found through an index: the GIN one, or (the planner's choice on a small table
        # whose rows are all recent) the date index read newest first; never a full read.
        index = r"Index Scan (Backward )?(on|using) (article_search_vector_gin|\S*published_at)"
        assert re.search(index, plan), plan
        assert "Seq Scan on articles_article" not in plan, plan
        # A common word: its matches found by an index (the GIN one, or the date index
        # read newest first until the cap is reached), never by reading every story.
        plan = common[:20].explain()
        finder = plan[plan.index("Subquery Scan") :] if "Subquery Scan" in plan else plan
        assert re.search(r"article_search_vector_gin|Index Scan Backward", finder), plan
        assert "Seq Scan" not in finder, plan
