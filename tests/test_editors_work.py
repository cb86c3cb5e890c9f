"""Audit items 5-7: what an editor changed or deleted survives the next import."""

from importlib import import_module

import pytest
from django.apps import apps

from articles.models import Article, DeletedStory, LinkKind, RelatedLink, RemovedLink, Source
from tests.test_loadseeds import STORY_TITLES, run

migration_0007 = import_module("articles.migrations.0007_tombstones_and_editable_hash")
LATER = " جملة أضافها الموقع لاحقاً."


def change_page(pages, article):
    """The site changes the story's page: its first paragraph gets a sentence more."""
    path = pages / article.origin_file
    paragraph = next(b["text"] for b in article.body if b["kind"] == "paragraph")
    text = path.read_text(encoding="utf-8")
    assert text.count(paragraph) == 1
    path.write_text(text.replace(paragraph, paragraph + LATER), encoding="utf-8")


def story_with_photo():
    stories = Article.objects.filter(is_stub=False, images__isnull=False).distinct()
    return stories.order_by("pk").first()


# -- item 5: photos and publisher are the editor's too ------------------------------------


@pytest.mark.django_db
def test_an_edited_caption_is_kept_when_the_page_changes(pages):
    run(pages)
    article = story_with_photo()
    image = article.images.order_by("position").first()
    image.caption, image.credit_text, image.is_archive = "تعليق كتبه المحرر", "المحرر", True
    image.save()
    change_page(pages, article)

    out, _ = run(pages, verbosity=2)

    assert "kept=1" in out and "updated=0" in out
    image.refresh_from_db()  # still there: not deleted and written again from the page
    assert (image.caption, image.credit_text, image.is_archive) == (
        "تعليق كتبه المحرر",
        "المحرر",
        True,
    )
    article.refresh_from_db()
    assert LATER.strip() not in article.body_text


@pytest.mark.django_db
def test_an_edited_publisher_is_kept_when_the_page_changes(pages):
    run(pages)
    article = Article.objects.get(title=STORY_TITLES[9])
    other = Source.objects.exclude(pk=article.source_id).order_by("pk").first()
    article.source = other
    article.save()
    change_page(pages, article)

    out, _ = run(pages, verbosity=2)

    assert "kept=1" in out and "updated=0" in out
    article.refresh_from_db()
    assert article.source == other


@pytest.mark.django_db
def test_an_unedited_story_with_photos_is_still_updated(pages):
    run(pages)
    article = story_with_photo()
    captions = list(article.images.values_list("caption", "credit_id", "position"))
    change_page(pages, article)

    out, _ = run(pages, verbosity=2)

    assert "updated=1" in out and "kept=0" in out
    article.refresh_from_db()
    assert LATER.strip() in article.body_text
    assert list(article.images.values_list("caption", "credit_id", "position")) == captions
    assert article.imported_hash == article.editable_hash()


@pytest.mark.django_db
def test_the_upgrade_rehashes_unedited_stories_and_leaves_edited_ones_edited(seeded):
    """Rows imported before the upgrade hold the old formula's hash: the migration must
    neither mark them all edited nor forget an edit made before the upgrade."""
    unedited, edited = Article.objects.filter(is_stub=False, images__isnull=False).distinct()[:2]
    for article in (unedited, edited):
        Article.objects.filter(pk=article.pk).update(
            imported_hash=migration_0007._old_hash(article)
        )
    Article.objects.filter(pk=edited.pk).update(title="عنوان عدّله المحرر قبل الترقية")

    migration_0007.rehash_unedited(apps, None)

    unedited.refresh_from_db()
    edited.refresh_from_db()
    assert unedited.imported_hash == unedited.editable_hash()
    assert edited.imported_hash != edited.editable_hash()


# -- item 6: a link an editor removed ----------------------------------------------------


@pytest.mark.django_db
def test_an_imported_link_an_editor_removed_is_not_added_back(pages):
    run(pages)
    link = RelatedLink.objects.filter(kind=LinkKind.IMPORTED).order_by("pk").first()
    story, target = link.from_article, link.to_article
    link.delete()  # what the admin's inline does

    run(pages)
    assert not RelatedLink.objects.filter(from_article=story, to_article=target).exists()

    change_page(pages, story)  # nor when the story itself is updated
    out, _ = run(pages, verbosity=2)
    assert "updated=1" in out
    assert not RelatedLink.objects.filter(from_article=story, to_article=target).exists()
    assert RemovedLink.objects.filter(from_article=story, to_key=target.import_key).exists()


@pytest.mark.django_db
def test_deleting_a_story_records_no_removed_links(seeded):
    story = RelatedLink.objects.filter(kind=LinkKind.IMPORTED).first().from_article
    story.delete()
    assert not RemovedLink.objects.exists()


# -- item 7: a story an editor deleted ---------------------------------------------------


@pytest.mark.django_db
def test_a_deleted_story_is_not_imported_again(pages):
    run(pages)
    article = Article.objects.get(title=STORY_TITLES[0])
    key, stubs = article.import_key, list(article.related.values_list("import_key", flat=True))
    article.delete()
    tombstone = DeletedStory.objects.get(import_key=key)
    assert tombstone.title == STORY_TITLES[0] and not tombstone.was_stub

    out, _ = run(pages, verbosity=2)

    assert not Article.objects.filter(import_key=key).exists()
    assert "deleted=1" in out and f"deleted by an editor): {STORY_TITLES[0]}" in out
    assert "حذفها محرر فلم تُستورد: 1" in out
    assert Article.objects.filter(import_key__in=stubs).count() == len(stubs)


@pytest.mark.django_db
def test_a_deleted_stub_is_not_created_again_by_its_teaser(pages):
    run(pages)
    stub = Article.objects.stubs().order_by("pk").first()
    key = stub.import_key
    stub.delete()
    assert DeletedStory.objects.get(import_key=key).was_stub

    run(pages)

    assert not Article.objects.filter(import_key=key).exists()


@pytest.mark.django_db
def test_the_bulk_path_creates_no_stub_an_editor_deleted(seeded, seeds_dir):
    """Stories seen for the first time are bulk-inserted: their teasers must still
    respect tombstones."""
    stub_keys = set(Article.objects.stubs().values_list("import_key", flat=True))
    Article.objects.all().delete()
    DeletedStory.objects.exclude(import_key__in=stub_keys).delete()

    out, _ = run(seeds_dir, verbosity=2)

    assert Article.objects.filter(is_stub=False).count() == 10
    assert "created=0" not in out
    assert not Article.objects.filter(import_key__in=stub_keys).exists()
    assert not RelatedLink.objects.exists()


@pytest.mark.django_db
def test_a_story_deleted_then_its_tombstone_removed_is_imported_again(seeded, seeds_dir):
    article = Article.objects.get(title=STORY_TITLES[0])
    article.delete()
    DeletedStory.objects.filter(import_key=article.import_key).delete()

    run(seeds_dir)

    assert Article.objects.published().filter(import_key=article.import_key).exists()
