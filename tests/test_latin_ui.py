"""No Latin-script UI words on the screens editors and readers reach.

Every admin screen (index, each list, add and change forms, history, a revision) and every
kind of public page is rendered from the seeded site and its visible text scanned
(``tests.latin``). A Latin word passes only when it is data: it occurs in what the
database stores (names, credits, slugs, usernames), in a URL or an e-mail address.
Anything else is a UI string nobody translated, and fails with the page and the words.
The browser walk (``tests/test_walk.py``) scans every screen it visits the same way.
"""

from __future__ import annotations

from contextlib import suppress

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import identify_hasher
from django.urls import NoReverseMatch, reverse

from articles.models import KINDS, Article
from tests.latin import latin_words, stored_latin_words, ui_words


def test_the_scan_sees_english_ui_and_passes_data():
    html = (
        '<p title="Close">أخبار <b>CHANGES</b> ترمب Trump</p><script>var x = "Hidden";</script>'
        '<a href="/x">https://example.com/Path</a><input type="submit" value="Save">'
        '<input type="hidden" value="Secret"><img src="x.png" alt="True">'
    )
    assert latin_words(html) == {"Close", "CHANGES", "Trump", "Save", "True"}
    assert ui_words(html, {"trump"}) == ["CHANGES", "Close", "Save", "True"]


def _admin_urls(request, article):
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{name}_change", args=[first.pk]))
            with suppress(NoReverseMatch):
                urls.append(reverse(f"{name}_history", args=[first.pk]))
    revision = article.history.order_by("history_id").first()
    urls.append(
        reverse("admin:articles_article_simple_history", args=[article.pk, revision.history_id])
    )
    return urls


def _public_urls():
    story = Article.objects.published().order_by("pk").first()
    urls = [
        reverse("articles:home"),
        story.get_absolute_url(),
        reverse("articles:article_list"),
        reverse("articles:article_list") + "?q=العراق",
        reverse("articles:search") + "?q=ترامب",
        reverse("articles:search") + "?q=",
        "/no-such-page/",
    ]
    for kind in KINDS:
        entity = kind.model.objects.public().order_by("pk").first()
        if entity is not None:
            urls.append(entity.get_absolute_url())
    tag = story.tags.first()
    if tag is not None:
        urls.append(reverse("articles:tag_detail", kwargs={"slug": tag.slug}))
    return urls


@pytest.mark.django_db
def test_no_latin_ui_words_on_admin_and_public_screens(seeded, client, admin_user, rf):
    article = Article.objects.published().order_by("pk").first()
    article.title += " "
    article.save()  # a second revision, so history and compare have something to show
    client.force_login(admin_user)
    request = rf.get("/admin/")
    request.user = admin_user
    # The user form shows the password's algorithm and the masked start of its salt and hash.
    summary = identify_hasher(admin_user.password).safe_summary(admin_user.password)
    data = stored_latin_words(admin_user.username, admin_user.email, *map(str, summary.values()))
    found = {}
    for url in _admin_urls(request, article) + _public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        words = ui_words(response.content.decode(), data)
        if words:
            found[url] = words
    assert not found, found
