"""The revision history in Arabic: only real changes, with tags, links and mention decisions."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles.admin.history import REASON_LENGTH
from articles.models import Article, MentionStatus, Status
from tests.admin.conftest import form_data
from tests.factories import make_article, make_person, mention
from tests.visible_text import latin_words, visible_text

# A time with seconds and a fraction, as the import and older saves stored them.
PUBLISHED = datetime(2026, 12, 1, 8, 12, 13, 592804, tzinfo=ZoneInfo("Asia/Baghdad"))


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def revert_url(article, record):
    return reverse("admin:articles_article_simple_history", args=[article.pk, record.history_id])


def edit(client, article, **changes):
    """Post the story's form with ``changes``; taking a live story down is confirmed."""
    if changes.get("status") in ("draft", "review"):
        changes.setdefault("confirm_offline", "on")
    page = client.get(change_url(article))
    response = client.post(change_url(article), form_data(page, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def story(db):
    return make_article("قاسم يحكم السيطرة", published_at=PUBLISHED, tags=["العراق", "الموصل"])


def latest(article):
    return article.history.order_by("-history_date", "-history_id").first()


def test_saving_without_touching_the_date_records_no_date_change(editor_client, story):
    edit(editor_client, story, title="عنوان ثان")
    story.refresh_from_db()
    assert story.published_at == PUBLISHED  # the seconds and fraction the form never showed
    newest, before = story.history.order_by("-history_date", "-history_id")[:2]
    changed = {c.field for c in newest.diff_against(before).changes}
    assert changed == {"title"}
    html = editor_client.get(history_url(story)).content.decode()
    assert "تاريخ النشر" not in html


def test_a_real_date_change_is_recorded(editor_client, story):
    edit(editor_client, story, published_at_0="2026-12-02", published_at_1="09:30")
    html = editor_client.get(history_url(story)).content.decode()
    assert "تاريخ النشر" in html
    assert "1 ديسمبر 2026، 08:12" in html and "2 ديسمبر 2026، 09:30" in html


def test_a_new_publication_time_is_stored_to_the_second(db):
    article = make_article("جديدة", status=Status.PUBLISHED, published_at=None)
    assert article.published_at.microsecond == 0


def test_history_shows_labels_and_arabic_dates_not_codes(editor_client, story):
    edit(editor_client, story, status="draft")
    text = visible_text(editor_client.get(history_url(story)).content.decode())
    assert "الحالة: منشور ← مسودة" in text
    assert latin_words(text) == {"mohrer"}  # no CHANGES, None, Historical, draft, ...
    assert "الإدخالات" not in text
    assert "592804" not in text and "+00:00" not in text and "2026-12-01" not in text
    assert "1 ديسمبر 2026" in text
    assert "نسختان" in text  # the count, in the dual


def test_tag_changes_are_in_the_history(editor_client, story):
    edit(editor_client, story, tags="العراق، نينوى")
    assert latest(story).history_change_reason == "الوسوم: أضيف «نينوى»؛ حُذف «الموصل»"
    html = editor_client.get(history_url(story)).content.decode()
    assert "الوسوم: أضيف «نينوى»؛ حُذف «الموصل»" in html


def test_related_link_changes_are_in_the_history(editor_client, story):
    other = make_article("خلايا داعش النائمة")
    page = editor_client.get(change_url(story))
    data = form_data(page, **{"related_links-0-to_article": str(other.pk)})
    assert editor_client.post(change_url(story), data).status_code == 302
    assert latest(story).history_change_reason == "قصص ذات صلة: أضيف «خلايا داعش النائمة»"

    page = editor_client.get(change_url(story))
    data = form_data(page, **{"related_links-0-DELETE": "on"})
    assert editor_client.post(change_url(story), data).status_code == 302
    assert latest(story).history_change_reason == "قصص ذات صلة: حُذف «خلايا داعش النائمة»"


def test_mention_decisions_in_the_story_form_are_in_the_history(editor_client, story):
    maan = make_person("سعد معن")
    mention(story, maan, excerpt="قال سعد معن")
    page = editor_client.get(change_url(story))
    data = form_data(page, **{"personmention_set-0-status": MentionStatus.REJECTED})
    assert editor_client.post(change_url(story), data).status_code == 302
    assert latest(story).history_change_reason == "الكيانات: رُفض «سعد معن»"


def test_a_long_change_is_counted_to_fit_the_column(editor_client, story):
    tags = [f"وسم طويل جداً رقم {n} عن الأمن في محافظة نينوى" for n in range(6)]
    edit(editor_client, story, tags="، ".join(tags))
    reason = latest(story).history_change_reason
    assert len(reason) <= REASON_LENGTH
    assert reason == "الوسوم: أضيف 6 وسوم؛ حُذف وسمان"


def test_the_bulk_tag_action_counts_in_arabic(editor_client, story):
    other = make_article("قصة ثانية")
    third = make_article("قصة ثالثة")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "add_tags",
            "_selected_action": [story.pk, other.pk, third.pk],
            "apply": "1",
            "tags": "نينوى",
        },
        follow=True,
    )
    assert "أُضيفت الوسوم (نينوى) إلى 3 قصص." in response.content.decode()


def test_the_bulk_tag_action_records_a_revision_per_story(editor_client, editor, story):
    other = make_article("قصة ثانية", tags=["نينوى"])
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "add_tags",
            "_selected_action": [story.pk, other.pk],
            "apply": "1",
            "tags": "نينوى، الأمن",
        },
    )
    story.refresh_from_db()
    record = latest(story)
    # (in taggit's order: keeping the typed order is the tag field's business)
    assert record.history_change_reason in (
        "الوسوم: أضيف «نينوى»، «الأمن»",
        "الوسوم: أضيف «الأمن»، «نينوى»",
    )
    assert record.history_user == editor and record.version == story.version
    assert latest(other).history_change_reason == "الوسوم: أضيف «الأمن»"
    html = editor_client.get(history_url(story)).content.decode()
    assert record.history_change_reason in html


def test_the_status_action_counts_in_arabic(editor_client, story):
    other = make_article("قصة ثانية", status=Status.DRAFT)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "send_to_review", "_selected_action": [story.pk, other.pk]},
        follow=True,
    )
    assert "صارت حالة قصتين «قيد المراجعة»." in response.content.decode()


def test_compare_page_is_arabic_and_restore_still_works(editor_client, story):
    first = story.history.get()
    edit(editor_client, story, title="عنوان ثان", status="draft", tags="نينوى")
    page = editor_client.get(revert_url(story, first))
    text = visible_text(page.content.decode())
    assert latin_words(text) == {"mohrer"}  # no Historical, Articles, published, Version
    assert (
        "الرئيسية › غرفة الأخبار › القصص › قاسم يحكم السيطرة › سجل التعديلات › استرجاع نسخة" in text
    )
    compared = {str(c["field"]): c for c in page.context["compare_changes"]}
    assert compared["الحالة"]["revision"] == "منشور"
    assert compared["الحالة"]["current"] == "مسودة"
    assert "تاريخ النشر" not in compared  # the same minute: no change to show

    response = editor_client.post(revert_url(story, first), form_data(page))
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.title, story.status) == ("قاسم يحكم السيطرة", Status.PUBLISHED)
    assert story.published_at == PUBLISHED
    assert Article.history.filter(id=story.pk).count() == 3
