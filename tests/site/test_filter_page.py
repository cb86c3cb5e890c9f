"""`/articles/` on a phone: results first, filters behind <details>, a title that says what
is filtered, labelled date inputs."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_article, make_location, make_person, mention

LIST = reverse("articles:article_list")


@pytest.fixture
def world(db):
    mosul = make_location("الموصل")
    person = make_person("سعد معن")
    story = make_article("قصة عن الموصل", section="العراق", tags=["داعش"])
    mention(story, mosul)
    mention(story, person)
    make_article("قصة أخرى", section="العالم العربي")
    return {"mosul": mosul, "person": person, "story": story}


def page(client, **params):
    response = client.get(LIST, params)
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    h1 = re.search(r'<h1 class="page-title">(.*?)</h1>', html, re.S).group(1).strip()
    return response, html, title, h1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, "كل الأخبار"),
        ({"place": "mosul"}, "قصص عن الموصل"),
        ({"section": "العراق"}, "قصص في قسم العراق"),
        ({"q": "الموصل"}, "نتائج البحث عن «الموصل»"),
        ({"tag": "داعش"}, "قصص بوسم «داعش»"),
        ({"place": "mosul", "person": "person", "section": "العراق"}, None),
        ({"exclusive": "true"}, "قصص «خاص»"),
        ({"date_after": "2026-01-01"}, "قصص منذ 1 يناير 2026"),
        ({"date_after": "2026-01-01", "date_before": "2026-02-03"}, None),
    ],
)
def test_title_and_heading_say_the_active_filter(client, world, params, expected):
    params = {k: world[v].slug if k in ("place", "person") else v for k, v in params.items()}
    response, html, title, h1 = page(client, **params)
    assert response.status_code == 200
    if expected is None:
        expected = h1
        assert h1.startswith("قصص ")
    assert h1 == expected
    assert title.startswith(expected + " |")
    if "person" in params:
        assert h1 == "قصص عن سعد معن والموصل في قسم العراق"
    if "date_before" in params:
        assert h1 == "قصص بين 1 يناير 2026 و3 فبراير 2026"


def test_results_come_before_the_filters_which_are_folded(client, world):
    _, html, _, _ = page(client)
    assert '<details class="filters">' in html  # closed: no "open"
    assert html.index("قصة عن الموصل") > html.index("<h1")
    assert "<summary>تصفية القصص</summary>" in html
    _, html, _, _ = page(client, section="العراق")
    assert "<summary>تعديل التصفية</summary>" in html


def test_a_refused_filter_opens_the_form(client, world):
    response, html, _, h1 = page(client, date_after="0001-01-01")
    assert response.status_code == 400
    assert '<details class="filters" open>' in html
    assert h1 == "كل الأخبار"


def test_date_inputs_are_dates_with_arabic_labels(client, world):
    _, html, _, _ = page(client, date_after=date(2026, 1, 1).isoformat())
    assert '<label for="id_date_0">من تاريخ</label>' in html
    assert '<label for="id_date_1">إلى تاريخ</label>' in html
    assert '<input type="date" name="date_after" id="id_date_0" value="2026-01-01">' in html
    assert '<input type="date" name="date_before" id="id_date_1" value="">' in html


def test_filtered_list_keeps_its_query_budget(client, world, django_assert_max_num_queries):
    slug = world["mosul"].slug
    client.get(LIST, {"place": slug})
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    with django_assert_max_num_queries(20):
        response = client.get(LIST, {"place": slug, "section": "العراق"})
    assert response.status_code == 200
