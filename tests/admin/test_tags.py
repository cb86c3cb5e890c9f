"""Tags changed in the tag admin make open story forms stale (else their save puts them back)."""

from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from tests.admin.conftest import form_data, logged_in, story_url
from tests.factories import make_article


def _open_then_post(editor, admin_user, change):
    story = make_article("قصة موسومة", tags=["داعش"])
    editor_side = logged_in(editor)
    stale = editor_side.get(story_url(story))
    change(logged_in(admin_user), Tag.objects.get(name="داعش"))
    response = editor_side.post(story_url(story), form_data(stale, title="عنوان جديد"))
    assert response.status_code == 200
    assert "بعد أن فتحتَها" in response.content.decode()
    assert Article.objects.get(pk=story.pk).title == "قصة موسومة"
    return story


def test_renaming_a_tag_makes_open_story_forms_stale(editor, admin_user, db):
    def rename(client, tag):
        url = reverse("admin:taggit_tag_change", args=[tag.pk])
        page = client.get(url)
        assert client.post(url, form_data(page, name="تنظيم داعش")).status_code == 302

    story = _open_then_post(editor, admin_user, rename)
    assert set(story.tags.names()) == {"تنظيم داعش"}


def test_deleting_a_tag_makes_open_story_forms_stale(editor, admin_user, db):
    def delete(client, tag):
        url = reverse("admin:taggit_tag_delete", args=[tag.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302

    story = _open_then_post(editor, admin_user, delete)
    assert not story.tags.exists()


def test_merging_tags_makes_open_story_forms_stale(editor, admin_user, db):
    def merge(client, tag):
        other = Tag.objects.create(name="دولة الخلافة")
        changelist = reverse("admin:taggit_tag_changelist")
        client.post(
            changelist, {"action": "render_tag_form", "_selected_action": [tag.pk, other.pk]}
        )
        merge_url = reverse("admin:taggit_tag_merge_tags")
        assert client.post(merge_url, {"new_tag_name": "تنظيم داعش"}).status_code == 302

    story = _open_then_post(editor, admin_user, merge)
    assert set(story.tags.names()) == {"تنظيم داعش"}
