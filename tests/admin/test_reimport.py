"""Editors' merges and rejections survive a later `loadseeds` run on the seed pages."""

from django.core.management import call_command
from django.urls import reverse

from articles.models import Location, MentionStatus, Person, PersonMention, Source
from tests.factories import make_person


def reimport(seeds_dir):
    call_command("loadseeds", str(seeds_dir), verbosity=0)


def test_reimport_after_merge_creates_no_duplicate(admin_client, seeded, seeds_dir):
    imported = Person.objects.get(name="سعد معن")
    stories = set(imported.mentions.values_list("article_id", "count"))
    assert stories, "the seeds name سعد معن"
    kept = make_person("اللواء سعد معن الساعدي")
    people_before = Person.objects.count()

    merge = {"action": "merge", "_selected_action": [imported.pk, kept.pk], "confirm": "1"}
    admin_client.post(reverse("admin:articles_person_changelist"), {**merge, "keep": kept.pk})
    assert not Person.objects.filter(pk=imported.pk).exists()
    assert set(kept.mentions.values_list("article_id", "count")) == stories

    reimport(seeds_dir)

    assert not Person.objects.filter(name="سعد معن").exists()
    assert Person.objects.count() == people_before - 1
    assert set(kept.mentions.values_list("article_id", "count")) == stories


def test_reimport_after_source_merge_keeps_one_source(seeded, seeds_dir):
    from articles.editorial.merge import merge_entities

    afp = Source.objects.get(name="وكالة الصحافة الفرنسية")
    reuters = Source.objects.get(name="رويترز")
    merge_entities(keep=afp, merge=[reuters])
    merged = set(afp.mentions.values_list("article_id", "count"))
    sources_before = Source.objects.count()

    reimport(seeds_dir)

    assert not Source.objects.filter(name="رويترز").exists()
    assert Source.objects.count() == sources_before
    assert set(afp.mentions.values_list("article_id", "count")) == merged


def test_rejected_mention_stays_rejected_after_reimport(admin_client, seeded, seeds_dir):
    mattis = PersonMention.objects.get(person__name="جيمس ماتيس")
    admin_client.post(
        reverse("admin:articles_personmention_changelist"),
        {"action": "reject", "_selected_action": [mattis.pk]},
    )
    reimport(seeds_dir)
    rows = PersonMention.objects.filter(person__name="جيمس ماتيس")
    assert rows.count() == 1
    assert rows.get().status == MentionStatus.REJECTED
    assert not mattis.article.personmention_set.visible().filter(person__name="جيمس ماتيس")


def test_place_merge_survives_reimport(seeded, seeds_dir):
    from articles.editorial.merge import merge_entities

    mosul = Location.objects.get(name="الموصل")
    dup = Location.objects.create(name="مدينة الموصل", parent=mosul.parent)
    merge_entities(keep=dup, merge=[mosul])
    merged = set(dup.mentions.values_list("article_id", "count"))
    places_before = Location.objects.count()

    reimport(seeds_dir)

    assert not Location.objects.filter(name="الموصل").exists()
    assert Location.objects.count() == places_before
    assert merged and set(dup.mentions.values_list("article_id", "count")) == merged


# -- audit item 7: a story deleted in the admin stays deleted ----------------------------


def test_deleting_a_story_says_the_import_will_not_bring_it_back(
    editor_client, editor, seeded, seeds_dir
):
    from articles.models import Article, DeletedStory

    article = Article.objects.filter(is_stub=False).order_by("pk").first()
    url = reverse("admin:articles_article_delete", args=[article.pk])

    page = editor_client.get(url)
    assert "لا يعيدها الاستيراد التالي" in page.content.decode()

    done = editor_client.post(url, {"post": "yes"}, follow=True)
    assert "لن يعيد الاستيراد القصة المستوردة التي حُذفت" in done.content.decode()
    tombstone = DeletedStory.objects.get(import_key=article.import_key)
    assert tombstone.deleted_by == editor and tombstone.title == article.title

    reimport(seeds_dir)
    assert not Article.objects.filter(import_key=article.import_key).exists()


def test_bulk_deleted_stories_stay_deleted(editor_client, editor, seeded, seeds_dir):
    from articles.models import Article, DeletedStory

    chosen = list(Article.objects.filter(is_stub=False).order_by("pk")[:3])
    action = {"action": "delete_selected", "_selected_action": [a.pk for a in chosen]}
    changelist = reverse("admin:articles_article_changelist")

    confirm = editor_client.post(changelist, action)
    assert "لا يعيدها الاستيراد التالي" in confirm.content.decode()
    done = editor_client.post(changelist, {**action, "post": "yes"}, follow=True)
    assert "لن يعيد الاستيراد 3 قصص مستوردة حُذفت" in done.content.decode()
    keys = {a.import_key for a in chosen}
    assert set(DeletedStory.objects.values_list("import_key", flat=True)) == keys
    assert set(DeletedStory.objects.values_list("deleted_by", flat=True)) == {editor.pk}

    reimport(seeds_dir)
    assert not Article.objects.filter(import_key__in=keys).exists()


def test_an_editor_removes_the_tombstone_to_import_the_story_again(
    editor_client, seeded, seeds_dir
):
    from articles.models import Article, DeletedStory

    article = Article.objects.filter(is_stub=False).order_by("pk").first()
    article.delete()
    tombstone = DeletedStory.objects.get(import_key=article.import_key)
    listing = editor_client.get(reverse("admin:articles_deletedstory_changelist"))
    assert article.title in listing.content.decode()

    url = reverse("admin:articles_deletedstory_delete", args=[tombstone.pk])
    editor_client.post(url, {"post": "yes"})
    assert not DeletedStory.objects.exists()

    reimport(seeds_dir)
    assert Article.objects.published().filter(import_key=article.import_key).exists()


def test_the_tombstone_list_costs_the_same_queries_for_many_rows(editor_client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import DeletedStory

    url = reverse("admin:articles_deletedstory_changelist")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert editor_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    DeletedStory.objects.create(import_key="قصة 0", title="قصة 0", deleted_by=editor)
    few = queries()
    DeletedStory.objects.bulk_create(
        DeletedStory(import_key=f"قصة {i}", title=f"قصة {i}", deleted_by=editor)
        for i in range(1, 60)
    )
    assert queries() == few
