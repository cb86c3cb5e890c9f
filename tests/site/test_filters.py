"""The story list at /articles/: every filter, combined, across pages, and bad input."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from tests.factories import make_article, make_source, mention

pytestmark = pytest.mark.django_db


def titles(client, params):
    response = client.get("/articles/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_unfiltered_list_is_public_stories_only(client, world):
    html = titles(client, {})
    assert world.story.title in html and world.sibling.title in html and world.curated.title in html
    for hidden in world.hidden:
        assert hidden.title not in html


@pytest.mark.parametrize(
    "params, expect, reject",
    [
        ({"section": "العالم-العربي"}, ["curated"], ["story", "sibling"]),
        ({"section": "المشرق-العربي"}, ["story", "sibling"], ["curated"]),
        ({"tag": "داعش"}, ["story", "sibling"], ["curated"]),
        ({"tag": "العراق"}, ["story"], ["sibling"]),
        ({"exclusive": "true"}, ["story"], ["sibling", "curated"]),
        ({"exclusive": "false"}, ["sibling", "curated"], ["story"]),
        ({"q": "بالموصل"}, ["story", "sibling"], ["curated"]),
        ({"q": "ماتيس", "section": "المشرق-العربي"}, ["story"], ["sibling", "curated"]),
    ],
)
def test_simple_filters(client, world, params, expect, reject):
    html = titles(client, params)
    for name in expect:
        assert getattr(world, name).title in html, name
    for name in reject:
        assert getattr(world, name).title not in html, name
    assert world.draft.title not in html and world.scheduled.title not in html


def test_entity_filters(client, world):
    html = titles(client, {"person": world.mattis.slug})
    assert world.story.title in html and world.sibling.title not in html
    response = client.get("/articles/", {"person": world.hidden_person.slug})
    assert response.status_code == 400  # named only in a rejected mention: not public
    assert world.story.title not in response.content.decode().split("</form>")[1]
    html = titles(client, {"place": world.mosul.slug})
    assert world.story.title in html and world.sibling.title in html
    html = titles(client, {"source": world.publisher.slug})
    assert world.story.title in html and world.curated.title not in html
    html = titles(client, {"source": world.afp.slug})
    assert world.story.title in html and world.sibling.title not in html


def test_date_range(client, world):
    today = timezone.localdate()
    html = titles(client, {"date_after": (today - timedelta(days=1)).isoformat()})
    assert world.story.title in html and world.curated.title not in html
    html = titles(client, {"date_before": (today - timedelta(days=2)).isoformat()})
    assert world.curated.title in html and world.story.title not in html


def test_filters_combine(client, world):
    html = titles(client, {"tag": "داعش", "place": world.mosul.slug, "exclusive": "true"})
    assert world.story.title in html and world.sibling.title not in html


def test_filter_values_survive_pagination(client, world):
    source = make_source("صحيفة الاختبار")
    now = timezone.now()
    for i in range(45):
        make_article(f"خبر مصدر {i}", source=source, published_at=now - timedelta(minutes=i + 1))
    html = titles(client, {"source": source.slug, "q": "خبر"})
    assert "45 قصة" in html and "صفحة 1 من 3" in html
    next_link = html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "page=2" in next_link and "source=" in next_link and "q=" in next_link
    second = client.get("/articles/" + next_link).content.decode()
    assert "صفحة 2 من 3" in second and "خبر مصدر 20" in second
    assert world.story.title not in second


@pytest.mark.parametrize(
    "params, message",
    [
        ({"person": "لا-أحد"}, "شخص"),
        ({"place": "nowhere"}, "مكان"),
        ({"tag": "x" * 300}, "الوسم"),
        ({"source": "؟"}, "المصدر"),
        ({"section": "قسم لا يوجد"}, "القسم"),
        ({"date_after": "أمس"}, "التاريخ"),
        ({"date_before": "2024-13-45"}, "التاريخ"),
        ({"q": "ب" * 5000}, "أطول من"),
        ({"q": "-كلمة"}, "كلمة واحدة"),
        ({"page": "-1"}, None),
        ({"page": "abc"}, None),
        ({"exclusive": "ربما"}, None),
        ({"q": "\x00"}, None),
    ],
)
def test_invalid_values_give_a_clear_message(client, world, params, message):
    response = client.get("/articles/", params)
    assert response.status_code == (400 if message else 200)
    html = response.content.decode()
    if message:
        assert 'role="alert"' in html and message in html
        assert world.story.title not in html.split("</form>")[1]
    else:
        assert 'role="alert"' not in html
        assert world.story.title in html


def test_chips_link_into_the_list(client, world):
    mention(world.sibling, world.mattis)
    html = client.get(world.mattis.get_absolute_url()).content.decode()
    assert f"/articles/?person={quote(world.mattis.slug)}" in html
