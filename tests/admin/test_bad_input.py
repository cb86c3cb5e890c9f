"""Values from the address bar a list cannot filter by: 400 with an Arabic reason, never 500."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_article, make_location, make_person, make_source, mention

LISTS = ["article", "personmention", "locationmention", "sourcemention", "person", "location"]
LISTS += ["source"]
# On every list: a NUL byte (PostgreSQL refuses it in text), a malformed regular expression
# and a value Django's own filters reject.
ANY_LIST = [{"q": "\x00"}, {"name__regex": "("}, {"pk__regex": "["}, {"\x00": "1"}]
# Dates PostgreSQL holds but SQLite cannot: year 1 in Baghdad time is
# year 0 in UTC there.
SQLITE_OVERFLOW = [{"created_at__gte": "0001-01-01 00:00+03:00"}]
BY_LIST = {
    "article": [
        {"status__exact": "\x00"},
        {"section": "\x00"},
        {"title__contains": "\x00"},
        {"published_at__year": "9999"},
        {"published_at__year": "99999999999999999999"},
        {"published_at__year": "2020", "published_at__month": "13"},
        {"is_stub__exact": "\x00"},
    ],
    "personmention": [{"status__exact": "\x00"}, {"method": "\x00"}],
    "locationmention": [{"status__exact": "\x00"}, {"method": "\x00"}],
    "sourcemention": [{"status__exact": "\x00"}, {"article__status": "\x00"}],
    "person": [{"description": "\x00"}],
    "location": [{"kind__exact": "\x00"}, {"parent__id__exact": "x\x00"}],
    "source": [{"kind__exact": "\x00"}, {"url": "\x00"}],
}
CASES = [(name, params) for name in LISTS for params in ANY_LIST + BY_LIST[name]]
DATE_CASES = [(name, params) for name in LISTS for params in SQLITE_OVERFLOW]
DATE_CASES += [("article", {"published_at__year": "1"})]
DATE_CASES += [("article", {"published_at__gte": "0001-01-01 00:00+03:00"})]


@pytest.fixture
def some_rows(db):
    story = make_article("قصة")
    mention(story, make_person("سعد معن"))
    mention(story, make_location("الموصل"))
    mention(story, make_source("أ.ف.ب"))


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{p!r}" for n, p in CASES])
def test_bad_filter_values_answer_400_in_arabic(editor_client, some_rows, name, params):
    response = editor_client.get(reverse(f"admin:articles_{name}_changelist"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "لا تصلح قيمة في عنوان هذه الصفحة للتصفية" in html
    # The page still works afterwards (on PostgreSQL a rejected value can abort a transaction).
    assert editor_client.get(reverse(f"admin:articles_{name}_changelist")).status_code == 200


@pytest.mark.parametrize(("name", "params"), DATE_CASES, ids=[f"{n}-{p!r}" for n, p in DATE_CASES])
def test_dates_sqlite_cannot_hold_answer_400_there(editor_client, some_rows, name, params):
    response = editor_client.get(reverse(f"admin:articles_{name}_changelist"), params)
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert "لا تصلح قيمة في عنوان هذه الصفحة للتصفية" in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"published_at__year": "2"},
        {"published_at__year": "9998"},
        {"status__exact": "published", "q": "قصة"},
        {"title__regex": "^قص"},
    ],
)
def test_good_filter_values_still_work(editor_client, some_rows, params):
    response = editor_client.get(reverse("admin:articles_article_changelist"), params)
    assert response.status_code == 200


def _every_list():
    from django.contrib import admin

    return sorted(f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry)


@pytest.mark.parametrize("name", _every_list())
def test_every_admin_list_answers_a_bad_filter_with_400(admin_client, name):
    """Third-party lists (taggit, axes, auth) and the tombstones too, not only ours."""
    response = admin_client.get(reverse(f"admin:{name}_changelist"), {"\x00": "1"})
    assert response.status_code == 400
    assert "لا تصلح قيمة في عنوان هذه الصفحة للتصفية" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("articles_deletedstory", {"deleted_at__year": "9999", "deleted_at__month": "12"}),
        ("taggit_tag", {"name__exact": "\x00"}),
        ("axes_accessattempt", {"attempt_time__year": "9999", "attempt_time__month": "12"}),
    ],
)
def test_date_and_text_filters_of_other_lists_answer_400(admin_client, name, params):
    from axes.models import AccessAttempt

    from articles.models import DeletedStory

    DeletedStory.objects.create(import_key="قصة محذوفة", title="قصة محذوفة")
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    response = admin_client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 400
