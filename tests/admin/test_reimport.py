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
    from articles.merge import merge_entities

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
    from articles.merge import merge_entities

    mosul = Location.objects.get(name="الموصل")
    dup = Location.objects.create(name="مدينة الموصل", parent=mosul.parent)
    merge_entities(keep=dup, merge=[mosul])
    merged = set(dup.mentions.values_list("article_id", "count"))
    places_before = Location.objects.count()

    reimport(seeds_dir)

    assert not Location.objects.filter(name="الموصل").exists()
    assert Location.objects.count() == places_before
    assert merged and set(dup.mentions.values_list("article_id", "count")) == merged
