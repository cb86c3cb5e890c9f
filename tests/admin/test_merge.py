"""Merging duplicate people, places and sources: everything moves, nothing is lost."""

import pytest
from django.urls import reverse

from articles import search
from articles.editorial.merge import MergeError, merge_entities
from articles.models import (
    Article,
    Image,
    Location,
    LocationMention,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
    Source,
    SourceMention,
)
from tests.factories import make_article, make_location, make_person, make_source, mention


@pytest.fixture
def people(db):
    body = [
        {
            "kind": "paragraph",
            "text": "قال العميد سعد معن إن القوات ... وأضاف معن أن الفريق سعد معن",
        }
    ]
    shared = make_article("قصة يذكر فيها الاثنان", body=body)
    only_dup = make_article("قصة يذكر فيها الفريق وحده")
    keep = make_person("سعد معن", aliases="العميد سعد معن")
    dup = make_person(
        "الفريق سعد معن", aliases="سعد معن الناطق", description="الناطق باسم الداخلية"
    )
    mention(
        shared, keep, count=2, excerpt="وأضاف معن أن", status=MentionStatus.FOUND, confidence=0.6
    )
    mention(
        shared, dup, count=3, excerpt="قال العميد سعد معن", status=MentionStatus.ACCEPTED,
        confidence=0.9, method="cue", role="الناطق باسم وزارة الداخلية",
    )  # fmt: skip
    mention(only_dup, dup, count=1, excerpt="الفريق سعد معن", status=MentionStatus.REJECTED)
    Quote.objects.create(article=shared, person=keep, text="الوضع تحت السيطرة")
    Quote.objects.create(article=shared, person=dup, text="الوضع تحت السيطرة")
    Quote.objects.create(article=only_dup, person=dup, text="سنلاحق الخلايا")
    return {"keep": keep, "dup": dup, "shared": shared, "only_dup": only_dup}


def test_merge_people_moves_and_combines_mentions_quotes_aliases(people):
    keep, dup = people["keep"], people["dup"]
    result = merge_entities(keep=keep, merge=[dup])

    assert not Person.objects.filter(pk=dup.pk).exists()
    keep.refresh_from_db()
    assert keep.alias_list == ["العميد سعد معن", "الفريق سعد معن", "سعد معن الناطق"]
    assert keep.description == "الناطق باسم الداخلية"  # filled from the merged record

    shared = keep.mentions.get(article=people["shared"])
    assert shared.count == 5
    assert shared.excerpt == "قال العميد سعد معن"  # the earlier one in the story
    assert shared.status == MentionStatus.ACCEPTED  # the stronger review decision
    assert (shared.confidence, shared.method) == (0.9, "cue")
    assert shared.role == "الناطق باسم وزارة الداخلية"

    moved = keep.mentions.get(article=people["only_dup"])
    assert moved.status == MentionStatus.REJECTED  # the editor's rejection survives the merge
    assert PersonMention.objects.count() == 2

    assert sorted(Quote.objects.filter(person=keep).values_list("text", flat=True)) == [
        "الوضع تحت السيطرة",
        "سنلاحق الخلايا",
    ]
    assert Quote.objects.count() == 2
    assert result.merged_names == ["الفريق سعد معن"]


def test_merge_sources_moves_credits_publisher_and_mentions(db):
    afp = make_source("وكالة الصحافة الفرنسية", kind="agency", url="https://www.afp.com")
    short = make_source("أ.ف.ب", aliases="AFP")
    story = make_article("قصة", source=short)
    image = Image.objects.create(article=story, caption="جنود", credit=short, credit_text="أ.ف.ب")
    mention(story, short, as_credit=True)
    mention(story, afp, count=2)
    versions_before = story.version

    merge_entities(keep=afp, merge=[short])

    story.refresh_from_db()
    image.refresh_from_db()
    assert story.source == afp and story.version == versions_before + 1
    assert image.credit == afp
    only = SourceMention.objects.get()
    assert (only.source, only.count, only.as_credit) == (afp, 3, True)
    afp.refresh_from_db()
    assert {"أ.ف.ب", "AFP"} <= set(afp.alias_list)
    assert not Source.objects.filter(pk=short.pk).exists()


def test_merge_places_moves_children_and_keeps_the_chain(db):
    iraq = make_location("العراق", kind="country")
    nineveh = make_location("نينوى", kind="governorate", parent=iraq)
    nineveh_dup = make_location("محافظة نينوى", kind="governorate", latitude=36.3, longitude=43.1)
    mosul = make_location("الموصل", parent=nineveh_dup)
    story = make_article("قصة")
    mention(story, nineveh_dup)

    merge_entities(keep=nineveh, merge=[nineveh_dup])

    mosul.refresh_from_db()
    nineveh.refresh_from_db()
    assert mosul.parent == nineveh
    assert [p.name for p in mosul.ancestors()] == ["نينوى", "العراق"]
    assert (nineveh.latitude, nineveh.longitude) == (36.3, 43.1)
    assert LocationMention.objects.get().location == nineveh
    assert "محافظة نينوى" in nineveh.alias_list


def test_merging_a_child_into_its_parent_leaves_no_cycle(db):
    iraq = make_location("العراق", kind="country")
    dup = make_location("جمهورية العراق", parent=iraq)
    merge_entities(keep=iraq, merge=[dup])
    iraq.refresh_from_db()
    assert iraq.parent is None


def test_merge_refuses_mixed_kinds_and_rolls_back(db):
    person, place = make_person("سعد معن"), make_location("الموصل")
    with pytest.raises(MergeError):
        merge_entities(keep=person, merge=[place])
    with pytest.raises(MergeError):
        merge_entities(keep=person, merge=[person])
    assert Person.objects.count() == 1 and Location.objects.count() == 1


def test_merge_action_confirmation_page_then_merge(admin_client, people):
    changelist = reverse("admin:articles_person_changelist")
    selected = {"action": "merge", "_selected_action": [people["keep"].pk, people["dup"].pk]}
    page = admin_client.post(changelist, selected)
    assert page.status_code == 200
    html = page.content.decode()
    assert "اختر السجل الذي يبقى" in html and "الفريق سعد معن" in html
    assert Person.objects.count() == 2  # nothing happens before confirmation

    response = admin_client.post(
        changelist, {**selected, "confirm": "1", "keep": people["dup"].pk}, follow=True
    )
    assert response.status_code == 200
    assert list(Person.objects.values_list("name", flat=True)) == ["الفريق سعد معن"]
    kept = Person.objects.get()
    assert "سعد معن" in kept.alias_list
    assert "دُمج" in response.content.decode()
    assert Article.objects.count() == 2


def test_merge_needs_two_records(admin_client, people):
    response = admin_client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge", "_selected_action": [people["keep"].pk]},
        follow=True,
    )
    assert "اختر سجلين أو أكثر" in response.content.decode()
    assert Person.objects.count() == 2


def test_a_thirty_story_merge_reindexes_once_in_a_bounded_number_of_queries(
    db, django_assert_max_num_queries
):
    """Merging touches every story once (one re-index at the end), not once per row."""
    keep, dup = make_person("سعد معن"), make_person("الفريق سعد معن")
    stories = [make_article(f"قصة رقم {n} عن الفريق") for n in range(30)]
    for story in stories[:10]:
        mention(story, keep)
    for story in stories:
        mention(story, dup)
    # The merge, the re-index, the stored related stories and the page keys: a fixed number
    # of queries for the thirty stories, not a few per story.
    with django_assert_max_num_queries(34):
        merge_entities(keep=keep, merge=[dup])
    assert keep.mentions.count() == 30
    assert set(search.search_articles(Article.objects.all(), "معن")) == set(stories)
