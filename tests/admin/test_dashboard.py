"""The admin home is the desk's dashboard: what waits, with counts and links to the lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import MentionStatus, Status
from tests.admin.conftest import form_data, logged_in, story_url
from tests.factories import make_article, make_person, mention

INDEX = reverse("admin:index")
STORIES = reverse("admin:articles_article_changelist")


def panels(response):
    return {p.title: p for p in response.context["panels"]}


@pytest.fixture
def desk(db, editor, reporter):
    now = timezone.now()
    stories = {
        "review": make_article("قصة تنتظر المراجعة", status=Status.REVIEW),
        "scheduled": make_article(
            "قصة مجدولة", status=Status.PUBLISHED, published_at=now + timedelta(hours=3)
        ),
        "live": make_article("قصة منشورة", status=Status.PUBLISHED),
        "imported": make_article("قصة مستوردة", status=Status.DRAFT, imported_at=now),
        "old_import": make_article(
            "استيراد قديم", status=Status.DRAFT, imported_at=now - timedelta(days=30)
        ),
    }
    person = make_person("سعد معن")
    mention(stories["review"], person)
    mention(stories["live"], make_person("قاسم محمد"))
    mention(stories["live"], make_person("مرفوض"), status=MentionStatus.REJECTED)
    return stories


def test_editor_sees_every_panel_with_counts(desk, editor):
    page = logged_in(editor).get(INDEX)
    shown = panels(page)
    assert shown["تنتظر المراجعة"].count == 1
    assert shown["مجدولة للنشر"].count == 1
    assert shown["استُوردت حديثاً (7 أيام)"].count == 1
    assert shown["إشارات تنتظر المراجعة"].count == 2  # the rejected one is decided
    assert shown["مسوداتي"].count == 0
    html = page.content.decode()
    assert "قصة مجدولة" in html and "قصة تنتظر المراجعة" in html
    # The app list is still there, below.
    assert 'id="content-main"' in html and reverse("admin:articles_person_changelist") in html


def test_scheduled_panel_shows_the_time(desk, editor):
    page = logged_in(editor).get(INDEX)
    local = timezone.localtime(desk["scheduled"].published_at)
    item = panels(page)["مجدولة للنشر"].items[0]
    assert item["title"] == "قصة مجدولة"
    assert item["time"].endswith(local.strftime("%H:%M")) and str(local.year) in item["time"]
    assert "،" in item["time"]


def test_each_panel_links_to_its_filtered_list(desk, editor):
    client = logged_in(editor)
    shown = panels(client.get(INDEX))
    expected = {
        "تنتظر المراجعة": {"قصة تنتظر المراجعة"},
        "مجدولة للنشر": {"قصة مجدولة"},
        "استُوردت حديثاً (7 أيام)": {"قصة مستوردة"},
    }
    for title, titles in expected.items():
        listed = client.get(shown[title].url)
        assert listed.status_code == 200, title
        assert {a.title for a in listed.context["cl"].result_list} == titles, title
    mentions = client.get(shown["إشارات تنتظر المراجعة"].url)
    assert mentions.status_code == 200
    assert all(m.status == MentionStatus.FOUND for m in mentions.context["cl"].result_list)


def test_my_drafts_are_the_drafts_i_wrote(desk, editor, reporter):
    client = logged_in(reporter)
    page = client.get(reverse("admin:articles_article_add"))
    data = form_data(page, title="مسودة المراسل", slug="draft-r", body_text="نص.", status="draft")
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    mine = panels(client.get(INDEX))["مسوداتي"]
    assert mine.count == 1 and mine.items[0]["title"] == "مسودة المراسل"
    assert {a.title for a in client.get(mine.url).context["cl"].result_list} == {"مسودة المراسل"}
    assert panels(logged_in(editor).get(INDEX))["مسوداتي"].count == 0


def test_reporter_counts_only_mentions_they_may_decide(desk, reporter):
    client = logged_in(reporter)
    shown = panels(client.get(INDEX))
    waiting = shown["إشارات تنتظر المراجعة"]
    assert waiting.count == 1  # the published story's mention is the editors'
    listed = client.get(waiting.url).context["cl"].result_list
    assert [m.article.title for m in listed] == ["قصة تنتظر المراجعة"]


def test_staff_without_permissions_sees_no_panels(db, django_user_model):
    user = django_user_model.objects.create_user("bare", is_staff=True)
    page = logged_in(user).get(INDEX)
    assert page.status_code == 200 and page.context["panels"] == []


def test_dashboard_queries_are_bounded(desk, editor, django_assert_max_num_queries):
    client = logged_in(editor)
    for n in range(30):
        make_article(f"مراجعة {n}", status=Status.REVIEW)
        make_article(f"مجدولة {n}", published_at=timezone.now() + timedelta(days=1, minutes=n))
    client.get(INDEX)
    with django_assert_max_num_queries(16):
        page = client.get(INDEX)
    assert panels(page)["تنتظر المراجعة"].count == 31
    assert len(panels(page)["تنتظر المراجعة"].items) == 5
    assert "القائمة كاملة" in page.content.decode()


def test_story_panel_item_links_open_the_story(desk, editor):
    item = panels(logged_in(editor).get(INDEX))["تنتظر المراجعة"].items[0]
    assert item["url"] == story_url(desk["review"])
