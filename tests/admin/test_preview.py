"""Staff preview: a draft or stub rendered as the public page, for staff only."""

import pytest
from django.urls import reverse

from articles.models import Status
from tests.factories import make_article


@pytest.fixture
def draft(db):
    return make_article(
        "مسودة لم تنشر بعد",
        status=Status.DRAFT,
        published_at=None,
        body=[{"kind": "paragraph", "text": "نص <script>alert('x')</script> المسودة."}],
    )


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_staff_previews_a_draft_as_the_public_page(admin_client, draft):
    assert admin_client.get(draft.get_absolute_url()).status_code == 404  # not public
    response = admin_client.get(preview_url(draft))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "مسودة لم تنشر بعد" in html
    assert "<script>alert('x')</script>" not in html  # body text is escaped
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_reporter_previews_a_stub(reporter_client, db):
    stub = make_article("قصة مختصرة", status=Status.DRAFT, is_stub=True, published_at=None)
    assert reporter_client.get(preview_url(stub)).status_code == 200


def test_preview_is_closed_to_the_public(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_preview_link_on_the_change_form(admin_client, draft):
    html = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content
    assert preview_url(draft) in html.decode()
    assert admin_client.get(reverse("admin:articles_article_preview", args=[0])).status_code == 404
