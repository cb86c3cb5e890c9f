"""Audit item 8, the admin's side: a second record under a taken key is a form error."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Location, Person
from tests.factories import make_location, make_person


def test_a_person_whose_name_is_taken_is_refused_with_a_message(admin_client, db):
    make_person("قاسم العبيدي")
    url = reverse("admin:articles_person_add")
    response = admin_client.post(url, {"name": "قاسمُ العُبيدي", "aliases": "", "description": ""})
    assert response.status_code == 200
    assert "بالمفتاح نفسه" in response.content.decode()
    assert Person.objects.count() == 1


def test_same_named_places_under_different_parents_are_allowed(db):
    libya, lebanon = make_location("ليبيا"), make_location("لبنان")
    make_location("طرابلس", parent=libya)
    other = Location(name="طرابلس", parent=lebanon)
    other.full_clean(exclude=["slug", "key"])
    other.save()
    with pytest.raises(ValidationError, match="بالمفتاح نفسه"):
        Location(name="طرابلس", parent=libya).full_clean(exclude=["slug", "key"])
