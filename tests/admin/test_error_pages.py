"""Error pages a user can meet are Arabic and right to left, and touch no database."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Status


def _assert_arabic_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert heading in html


@pytest.mark.django_db
def test_a_refused_admin_action_is_an_arabic_403(reporter_client):
    story = Article.objects.create(title="قصة منشورة", status=Status.PUBLISHED)
    response = reporter_client.post(
        reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"}
    )
    _assert_arabic_page(response, 403, "لا تملك صلاحية هذا")
    assert Article.objects.filter(pk=story.pk).exists()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_an_arabic_403():
    response = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "editor", "password": "x"}
    )
    _assert_arabic_page(response, 403, "انتهت صلاحية النموذج")


@pytest.mark.django_db
def test_a_bad_request_is_an_arabic_400(client, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    response = client.get("/", HTTP_HOST="evil.example")
    _assert_arabic_page(response, 400, "طلب غير صالح")
