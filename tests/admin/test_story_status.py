"""The story's status is visible and safe: scheduled named as such, status first on the
form, a warning step before a live story goes offline, view-on-site only when public."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from tests.admin.conftest import form_data, story_url
from tests.factories import make_article

STORIES = reverse("admin:articles_article_changelist")


@pytest.fixture
def scheduled(db):
    return make_article(
        "قصة مجدولة", status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=2)
    )


@pytest.fixture
def live(db):
    return make_article("قصة منشورة", status=Status.PUBLISHED)


def test_list_names_a_scheduled_story_with_its_time(editor_client, scheduled, live):
    html = editor_client.get(STORIES).content.decode()
    local = timezone.localtime(scheduled.published_at)
    assert f"مجدول: {local.day} " in html and local.strftime("%H:%M") in html
    rows = {a.title: a for a in editor_client.get(STORIES).context["cl"].result_list}
    assert set(rows) == {"قصة مجدولة", "قصة منشورة"}


@pytest.mark.parametrize(
    ("value", "titles"),
    [("scheduled", {"قصة مجدولة"}), ("published", {"قصة منشورة"}), ("draft", {"مسودة"})],
)
def test_status_filter_tells_scheduled_from_live(editor_client, scheduled, live, value, titles):
    make_article("مسودة", status=Status.DRAFT)
    page = editor_client.get(STORIES, {"status__exact": value})
    assert {a.title for a in page.context["cl"].result_list} == titles


def test_status_and_publish_controls_come_first(editor_client, scheduled):
    page = editor_client.get(story_url(scheduled))
    names = [fieldset.name for fieldset in page.context["adminform"]]
    assert names[0] == "الحالة والنشر"
    html = page.content.decode()
    assert html.index('name="status"') < html.index('name="title"')
    assert "تظهر للقراء وحدها في موعدها" in html and "مجدول:" in html


def _post(client, article, **changes):
    page = client.get(story_url(article))
    return client.post(story_url(article), form_data(page, **changes))


def test_sending_a_live_story_back_asks_first(editor_client, live):
    response = _post(editor_client, live, status="draft")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["status"]
    assert "يخفيها من الموقع" in errors[0]
    assert "أعلم أن القصة ستختفي من الموقع" in response.content.decode()
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    response = _post(editor_client, live, status="review", confirm_offline="on")
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == Status.REVIEW


def test_no_confirmation_for_a_story_not_on_the_site(editor_client, scheduled):
    page = editor_client.get(story_url(scheduled))
    assert "confirm_offline" not in page.content.decode()
    assert _post(editor_client, scheduled, status="draft").status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == Status.DRAFT


def test_other_edits_of_a_live_story_need_no_confirmation(editor_client, live):
    assert _post(editor_client, live, title="عنوان جديد").status_code == 302


def test_view_on_site_only_when_public(editor_client, scheduled, live):
    draft = make_article("مسودة", status=Status.DRAFT)
    for article, shown in ((live, True), (scheduled, False), (draft, False)):
        html = editor_client.get(story_url(article)).content.decode()
        assert (f'href="{article.get_absolute_url()}"' in html) is shown, article.title
        assert ("مشاهدة على الموقع" in html) is shown, article.title


def test_action_warns_which_stories_went_offline(editor_client, live, scheduled):
    response = editor_client.post(
        STORIES,
        {"action": "send_to_draft", ACTION_CHECKBOX_NAME: [live.pk, scheduled.pk]},
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    offline = [t for t in texts if "اختفت من الموقع" in t]
    assert len(offline) == 1 and "«قصة منشورة»" in offline[0]
    assert "قصة مجدولة" not in offline[0]
