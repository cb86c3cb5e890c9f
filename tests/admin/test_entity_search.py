"""The admin's search of people, places and sources matches aliases in the database."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Location, Person
from articles.text.keys import name_key
from tests.factories import make_location, make_person, make_source

OTHERS = 300  # records with aliases that must not be read one by one
# Queries of a searched list page and of an autocomplete answer, however many records have
# aliases (the session, the user, the counts, the rows; one more for a several-word search).
LIST_QUERIES = 8
AUTOCOMPLETE_QUERIES = 5


@pytest.fixture
def world(db):
    nineveh = make_location("نينوى", kind="governorate", aliases="محافظة نينوى\nNineveh")
    maan = make_person("سعد معن", aliases="العميد سعد معن\nاللواء الناطق")
    afp = make_source("وكالة الصحافة الفرنسية", kind="agency", aliases="أ.ف.ب\nAFP")
    Person.objects.bulk_create(
        Person(
            name=f"شخص {i}",
            slug=f"person-{i}",
            key=name_key(f"شخص {i}"),
            aliases=f"لقب {i}\nكنية {i}",
            alias_keys=f"لقب {i}\nكنيه {i}",
        )
        for i in range(OTHERS)
    )
    return {"nineveh": nineveh, "maan": maan, "afp": afp}


def listed(admin_client, model, query):
    response = admin_client.get(reverse(f"admin:articles_{model}_changelist"), {"q": query})
    return {record.pk for record in response.context["cl"].result_list}


def autocomplete(admin_client, model, field, term):
    params = {"term": term, "app_label": "articles", "model_name": model, "field_name": field}
    return [
        r["text"] for r in admin_client.get(reverse("admin:autocomplete"), params).json()["results"]
    ]


def test_saving_stores_the_aliases_keys(world):
    assert world["maan"].alias_keys == "العميد سعد معن\nاللواء الناطق"
    assert world["afp"].alias_keys == "ا ف ب\nafp"
    person = world["maan"]
    person.aliases = "الفريق سعدُ معن"
    person.save(update_fields=["aliases"])
    assert Person.objects.get(pk=person.pk).alias_keys == "الفريق سعد معن"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("العَميد", "maan"),  # a diacritic
        ("اللـــواء الناطق", "maan"),  # tatweel; two words of one alias
        ("سعد معن", "maan"),  # the name itself
        ("ا.ف.ب", "afp"),  # hamza folded
        ("afp", "afp"),
    ],
)
def test_list_search_finds_alias_spelling_variants(
    admin_client, world, django_assert_max_num_queries, query, expected
):
    model = world[expected]._meta.model_name
    with django_assert_max_num_queries(LIST_QUERIES):
        assert listed(admin_client, model, query) == {world[expected].pk}


def test_words_of_two_different_aliases_do_not_make_a_match(admin_client, world):
    assert listed(admin_client, "person", "العميد الناطق") == set()


def test_autocomplete_finds_an_alias_spelling_variant(
    admin_client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(AUTOCOMPLETE_QUERIES):
        assert autocomplete(admin_client, "locationmention", "location", "محافظه نينوي") == [
            "نينوى"
        ]
    with django_assert_max_num_queries(AUTOCOMPLETE_QUERIES):
        assert autocomplete(admin_client, "personmention", "person", "العُميد") == ["سعد معن"]


def test_the_migration_fills_the_keys_of_stored_records(world):
    migration = importlib.import_module("articles.migrations.0010_entity_alias_keys")
    Person.objects.update(alias_keys="")
    Location.objects.update(alias_keys="")
    migration.fill_alias_keys(apps, None)
    assert Person.objects.get(pk=world["maan"].pk).alias_keys == world["maan"].alias_keys
    assert Location.objects.get(pk=world["nineveh"].pk).alias_keys == "محافظه نينوي\nnineveh"
    assert not Person.objects.filter(alias_keys="").exists()
    assert Person.objects.get(slug="person-7").alias_keys == "لقب 7\nكنيه 7"
