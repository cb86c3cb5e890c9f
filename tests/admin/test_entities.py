"""People, places and sources lists; the review list of found mentions."""

import pytest
from django.urls import reverse

from articles.models import LocationMention, MentionStatus, PersonMention
from tests.factories import make_article, make_location, make_person, make_source, mention


def listed(response):
    return {e.pk for e in response.context["cl"].result_list}


@pytest.fixture
def world(db):
    iraq = make_location("العراق", kind="country", latitude=33.2232, longitude=43.6793)
    nineveh = make_location("نينوى", kind="governorate", parent=iraq)
    mosul = make_location("الموصل", kind="city", parent=nineveh, latitude=36.34, longitude=43.13)
    anbar = make_location("الأنبار", kind="governorate", parent=iraq)
    maan = make_person("سعد معن", aliases="العميد سعد معن")
    blinken = make_person("أنتوني بلينكن")
    afp = make_source("وكالة الصحافة الفرنسية", kind="agency", aliases="أ.ف.ب\nAFP")
    sharq = make_source("الشرق الأوسط", kind="newspaper")
    stories = [make_article(f"قصة {i}") for i in range(3)]
    for story in stories:
        mention(story, maan)
        mention(story, mosul)
    mention(stories[0], blinken, status=MentionStatus.REJECTED, method="cue")
    return locals()


def test_people_list_counts_stories_without_rejected(admin_client, world):
    response = admin_client.get(reverse("admin:articles_person_changelist"))
    counts = {p.name: p.story_count for p in response.context["cl"].result_list}
    assert counts == {"سعد معن": 3, "أنتوني بلينكن": 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("سعد مَعن", "maan"),  # diacritic
        ("سعـــد", "maan"),  # tatweel
        ("العميد", "maan"),  # an alias
        ("انتوني", "blinken"),  # hamza folded
    ],
)
def test_people_search_tolerates_variants_and_aliases(admin_client, world, query, expected):
    response = admin_client.get(reverse("admin:articles_person_changelist"), {"q": query})
    assert listed(response) == {world[expected].pk}


@pytest.mark.parametrize(
    ("query", "expected"), [("أ.ف.ب", "afp"), ("afp", "afp"), ("الشرق", "sharq")]
)
def test_sources_search_by_alias(admin_client, world, query, expected):
    response = admin_client.get(reverse("admin:articles_source_changelist"), {"q": query})
    assert listed(response) == {world[expected].pk}


def test_sources_filter_by_kind(admin_client, world):
    response = admin_client.get(
        reverse("admin:articles_source_changelist"), {"kind__exact": "agency"}
    )
    assert listed(response) == {world["afp"].pk}


def test_places_show_parent_chain_coordinates_and_filter(admin_client, world):
    url = reverse("admin:articles_location_changelist")
    html = admin_client.get(url).content.decode()
    assert "الموصل ‹ نينوى ‹ العراق" in html
    assert '<span dir="ltr">36.3400, 43.1300</span>' in html
    assert listed(admin_client.get(url, {"kind__exact": "governorate"})) == {
        world["nineveh"].pk,
        world["anbar"].pk,
    }
    assert listed(admin_client.get(url, {"parent__id__exact": world["iraq"].pk})) == {
        world["nineveh"].pk,
        world["anbar"].pk,
    }
    assert listed(admin_client.get(url, {"q": "الانبار"})) == {world["anbar"].pk}


def test_aliases_are_editable(admin_client, world):
    from tests.admin.conftest import form_data

    url = reverse("admin:articles_person_change", args=[world["maan"].pk])
    page = admin_client.get(url)
    response = admin_client.post(url, form_data(page, aliases="العميد سعد معن\nاللواء سعد معن"))
    assert response.status_code == 302
    world["maan"].refresh_from_db()
    assert world["maan"].alias_list == ["العميد سعد معن", "اللواء سعد معن"]
    assert "اللواء سعد معن" in {*world["maan"].alias_list}


def test_place_autocomplete_is_arabic_tolerant(admin_client, world):
    params = {
        "term": "موصل",
        "app_label": "articles",
        "model_name": "locationmention",
        "field_name": "location",
    }
    results = admin_client.get(reverse("admin:autocomplete"), params).json()["results"]
    assert [r["text"] for r in results] == ["الموصل"]


def test_mention_review_filters_and_actions(admin_client, world):
    url = reverse("admin:articles_personmention_changelist")
    rejected = admin_client.get(url, {"status__exact": "rejected"})
    assert len(listed(rejected)) == 1
    html = rejected.content.decode()
    assert reverse("admin:articles_locationmention_changelist") in html  # the type tabs
    assert len(listed(admin_client.get(url, {"method": "cue"}))) == 1

    found = list(PersonMention.objects.filter(status=MentionStatus.FOUND)[:2])
    admin_client.post(url, {"action": "accept", "_selected_action": [m.pk for m in found]})
    assert PersonMention.objects.filter(status=MentionStatus.ACCEPTED).count() == 2

    place = LocationMention.objects.first()
    admin_client.post(
        reverse("admin:articles_locationmention_changelist"),
        {"action": "reject", "_selected_action": [place.pk]},
    )
    place.refresh_from_db()
    assert place.status == MentionStatus.REJECTED  # the row stays, marked rejected
    assert place.article.locations.count() == 1
    assert not LocationMention.objects.visible().filter(pk=place.pk).exists()


def test_mention_review_search_by_entity_name(admin_client, world):
    url = reverse("admin:articles_personmention_changelist")
    response = admin_client.get(url, {"q": "بلينكن"})
    assert {m.person.name for m in response.context["cl"].result_list} == {"أنتوني بلينكن"}
