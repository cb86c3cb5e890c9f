"""The public site over the real seed pages, as after `make run`."""

import pytest

from articles.models import Article, Person

pytestmark = pytest.mark.django_db


def test_seed_stories_are_served_and_searchable(client, seeded):
    public = list(Article.objects.published())
    assert public, "loadseeds produced no public story"
    home = client.get("/").content.decode()
    assert public[0].title in home
    for story in public:
        assert client.get(story.get_absolute_url()).status_code == 200
    for stub in Article.objects.stubs():
        assert f"/articles/{stub.pk}/" not in home
        assert client.get(stub.get_absolute_url()).status_code == 404
    mosul = client.get("/search/", {"q": "بالموصل"}).content.decode()
    assert "قوات عراقية تلاحق «داعش» جنوب الموصل" in mosul
    assert "تنسيق عراقي ـ أميركي لملاحقة خلايا «داعش» في المناطق الحدودية" in (
        client.get("/search/", {"q": "ماتيس"}).content.decode()
    )


def test_seed_people_pages(client, seeded):
    for person in Person.objects.filter(mentions__isnull=False).distinct()[:5]:
        assert client.get(person.get_absolute_url()).status_code == 200
