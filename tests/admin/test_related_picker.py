"""The related-story picker: status and date in the choices, never the story itself or a
story already linked, and a duplicate link is an error on its row."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import RelatedLink, Status
from tests.admin.conftest import form_data, story_url
from tests.factories import make_article

AUTOCOMPLETE = reverse("admin:autocomplete")


def pick(client, story, term="قصة"):
    params = {
        "term": term,
        "app_label": "articles",
        "model_name": "relatedlink",
        "field_name": "to_article",
    }
    if story is not None:
        params["from_story"] = story.pk
    response = client.get(AUTOCOMPLETE, params)
    assert response.status_code == 200
    return {r["text"].split(" — ")[0]: r["text"] for r in response.json()["results"]}


def test_choices_show_status_and_date_and_skip_self_and_linked(editor_client, db):
    story = make_article("قصة أم")
    linked = make_article("قصة مربوطة")
    RelatedLink.objects.create(from_article=story, to_article=linked)
    draft = make_article("قصة مسودة", status=Status.DRAFT, published_at=None)
    soon = make_article("قصة مجدولة", published_at=timezone.now() + timedelta(days=1))
    shown = pick(editor_client, story)
    assert set(shown) == {"قصة مسودة", "قصة مجدولة"}
    assert shown["قصة مسودة"] == "قصة مسودة — مسودة"
    local = timezone.localtime(soon.published_at)
    assert shown["قصة مجدولة"].startswith("قصة مجدولة — مجدول: ")
    assert local.strftime("%H:%M") in shown["قصة مجدولة"]
    # Without the story (the add form, other autocompletes): nothing is left out.
    assert set(pick(editor_client, None)) == {"قصة أم", "قصة مربوطة", "قصة مسودة", "قصة مجدولة"}
    assert draft.pk


def test_the_form_points_the_picker_at_its_story(editor_client, db):
    story = make_article("قصة أم")
    html = editor_client.get(story_url(story)).content.decode()
    assert f"{AUTOCOMPLETE}?from_story={story.pk}" in html
    add = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-ajax--url="{AUTOCOMPLETE}"' in add


def test_linked_story_label_shows_status_and_date(editor_client, db):
    story = make_article("قصة أم")
    linked = make_article("قصة مربوطة")
    RelatedLink.objects.create(from_article=story, to_article=linked)
    html = editor_client.get(story_url(story)).content.decode()
    assert "قصة مربوطة — منشور، " in html


def _inline_prefix(page):
    for inline in page.context["inline_admin_formsets"]:
        if inline.formset.model is RelatedLink:
            return inline.formset.prefix
    raise AssertionError("no related-link inline")


def test_duplicate_link_is_an_error_on_its_row(editor_client, db):
    story = make_article("قصة أم")
    other = make_article("قصة أخرى")
    RelatedLink.objects.create(from_article=story, to_article=other)
    page = editor_client.get(story_url(story))
    prefix = _inline_prefix(page)
    data = form_data(page, **{f"{prefix}-1-to_article": other.pk, f"{prefix}-1-kind": "curated"})
    response = editor_client.post(story_url(story), data)
    assert response.status_code == 200
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is RelatedLink
    )
    assert "مربوطة في سطر آخر" in " ".join(formset.forms[1].errors["to_article"])
    assert RelatedLink.objects.filter(from_article=story).count() == 1


def test_self_link_is_an_error_on_its_row(editor_client, db):
    story = make_article("قصة أم")
    page = editor_client.get(story_url(story))
    prefix = _inline_prefix(page)
    data = form_data(page, **{f"{prefix}-0-to_article": story.pk, f"{prefix}-0-kind": "curated"})
    response = editor_client.post(story_url(story), data)
    assert response.status_code == 200
    formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is RelatedLink
    )
    assert "لا تُربط القصة بنفسها" in " ".join(formset.forms[0].errors["to_article"])
    assert not RelatedLink.objects.exists()


def test_a_new_link_still_saves(editor_client, db):
    story = make_article("قصة أم")
    other = make_article("قصة أخرى")
    page = editor_client.get(story_url(story))
    prefix = _inline_prefix(page)
    data = form_data(page, **{f"{prefix}-0-to_article": other.pk, f"{prefix}-0-kind": "curated"})
    assert editor_client.post(story_url(story), data).status_code == 302
    assert RelatedLink.objects.get(from_article=story).to_article == other
