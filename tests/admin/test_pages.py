"""Every admin list, add form and change form opens, for a superuser and for an editor."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.imaging.clean import clean_photo
from articles.models import (
    ApiToken,
    DeletedStory,
    FrontPick,
    Image,
    ImportJob,
    Photo,
    Quote,
    RelatedLink,
)
from tests.factories import make_article, make_location, make_person, make_source, mention
from tests.photos import exif_jpeg


@pytest.fixture
def one_of_each(db, media):
    source = make_source("وكالة الصحافة الفرنسية", kind="agency")
    iraq = make_location("العراق", kind="country", latitude=33.0, longitude=44.0)
    mosul = make_location("الموصل", kind="city", parent=make_location("نينوى", parent=iraq))
    person = make_person("سعد معن")
    article = make_article(
        "قوات عراقية تلاحق «داعش» جنوب الموصل",
        source=source,
        tags=["داعش"],
        section="المشرق العربي",
    )
    FrontPick.objects.create(article=article)
    other = make_article("خلايا داعش النائمة")
    mention(article, person, excerpt="قال سعد معن")
    mention(article, mosul)
    mention(article, source, as_credit=True)
    RelatedLink.objects.create(from_article=article, to_article=other)
    cleaned = clean_photo(exif_jpeg())
    photo = Photo.objects.create(file=ContentFile(cleaned.data, name=cleaned.name), caption="جنود")
    Image.objects.create(article=article, caption="جنود", credit=source, photo=photo)
    Quote.objects.create(article=article, person=person, text="سنلاحقهم")
    DeletedStory.objects.create(import_key="قصة حذفها محرر", title="قصة حذفها محرر")
    token = ApiToken(user=get_user_model().objects.create_user("sahib"), name="تطبيق الهاتف")
    token.set_new_key()
    token.save()
    ImportJob.objects.create(files_count=0)
    # django-axes' screens (failed logins, used to unlock an account) need a row to open.
    Client().post("/admin/login/", {"username": "nobody", "password": "wrong"})
    return article


def registered_models():
    return [model for model in admin.site._registry]


def test_every_registered_model_opens(admin_client, one_of_each, admin_user):
    for model in registered_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        if admin.site._registry[model].has_add_permission(_request(admin_user)):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert admin_client.get(add).status_code == 200, add
        obj = model._default_manager.first()
        assert obj is not None, f"no {opts.model_name} row to open"
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200, change


def test_the_articles_models_are_all_registered():
    names = {m._meta.model_name for m in registered_models() if m._meta.app_label == "articles"}
    assert {"article", "person", "location", "source"} <= names
    assert {"personmention", "locationmention", "sourcemention"} <= names
    assert Tag in registered_models() and Group in registered_models()


def test_editor_opens_every_newsroom_page(editor_client, one_of_each):
    for model in registered_models():
        if model._meta.app_label not in ("articles", "taggit"):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert editor_client.get(url).status_code == 200, url
    article_url = reverse("admin:articles_article_change", args=[one_of_each.pk])
    page = editor_client.get(article_url)
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()


def test_admin_is_arabic_and_titled_for_newsroom(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "نيوزروم" in html


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
