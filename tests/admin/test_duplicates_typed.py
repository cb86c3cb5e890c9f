"""Adding a person, place or source that may already exist warns, with links to it."""

import pytest
from django.urls import reverse

from articles.models import Location, Person, Source
from tests.admin.conftest import logged_in
from tests.factories import make_location, make_person, make_source


def add_url(model):
    return reverse(f"admin:articles_{model._meta.model_name}_add")


def change_url(record):
    return reverse(f"admin:articles_{record._meta.model_name}_change", args=[record.pk])


def errors_of(response):
    return " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())


def test_same_key_is_refused_with_a_link_to_the_existing_record(editor_client, db):
    saad = make_person("سعد معن")
    response = editor_client.post(add_url(Person), {"name": "سعد مَعن"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "تكراراً لسجل موجود" in errors_of(response)
    assert f'href="{change_url(saad)}"' in html
    # No «save anyway» for the very same key: the database could not hold both.
    assert 'type="checkbox" name="save_anyway"' not in html
    response = editor_client.post(add_url(Person), {"name": "سعد مَعن", "save_anyway": "on"})
    assert response.status_code == 200
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("دونالد ترمب", "دونالد ترامب"),  # another transliteration
        ("الفريق سعد معن", "سعد معن"),  # part of a longer name
        ("أبو بكر البغدادي", "إبراهيم عواد"),  # an alias of the existing record
    ],
)
def test_near_duplicates_warn_once_and_can_be_saved_anyway(editor_client, db, existing, typed):
    record = make_person(existing, aliases="إبراهيم عواد")
    response = editor_client.post(add_url(Person), {"name": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{change_url(record)}"' in html
    assert 'type="checkbox" name="save_anyway"' in html
    assert Person.objects.count() == 1
    response = editor_client.post(add_url(Person), {"name": typed, "save_anyway": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_new_name_saves_at_once_without_the_checkbox(editor_client, db):
    make_person("سعد معن")
    page = editor_client.get(add_url(Person))
    assert 'type="checkbox" name="save_anyway"' not in page.content.decode()
    assert editor_client.post(add_url(Person), {"name": "حسين علي"}).status_code == 302


def test_same_place_name_under_another_parent_warns_but_may_be_saved(editor_client, db):
    libya = make_location("ليبيا", kind="country")
    lebanon = make_location("لبنان", kind="country")
    tripoli = make_location("طرابلس", parent=libya)
    data = {"name": "طرابلس", "kind": "city", "parent": lebanon.pk}
    response = editor_client.post(add_url(Location), data)
    assert response.status_code == 200 and f'href="{change_url(tripoli)}"' in (
        response.content.decode()
    )
    assert editor_client.post(add_url(Location), {**data, "save_anyway": "on"}).status_code == 302
    assert Location.objects.filter(key="طرابلس").count() == 2


def test_sources_by_alias(editor_client, db):
    afp = make_source("وكالة الصحافة الفرنسية", aliases="أ.ف.ب")
    response = editor_client.post(add_url(Source), {"name": "أ ف ب", "kind": "agency"})
    assert f'href="{change_url(afp)}"' in response.content.decode()


def test_renaming_into_a_near_duplicate_warns_too(editor_client, db):
    make_person("الفريق سعد معن")
    other = make_person("قاسم")
    response = editor_client.post(change_url(other), {"name": "سعد معن"})
    assert response.status_code == 200 and "تكراراً لسجل موجود" in errors_of(response)
    # Saving a record without changing its name does not ask again.
    assert editor_client.post(change_url(other), {"name": "قاسم"}).status_code == 302


def test_view_only_form_has_no_save_anyway(reporter, db):
    saad = make_person("سعد معن")
    page = logged_in(reporter).get(change_url(saad))
    assert page.status_code == 200 and "save_anyway" not in page.content.decode()
