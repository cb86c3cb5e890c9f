"""Correcting a wrong name on the mention review: the mention moves to the right record,
accepted, and the decision survives the story's next extraction."""

import pytest
from django.urls import reverse

from articles.importer.story import extract_story
from articles.models import Article, MentionStatus, Person, PersonMention, Quote, Status
from tests.admin.conftest import logged_in
from tests.factories import make_article, make_location, make_person, mention

TEXT = "وقال معاذ الجزائري إن الهجوم فشل، وأضاف معاذ الجزائري أن القوات انسحبت."
LIST = reverse("admin:articles_personmention_changelist")


def correct_url(m):
    return reverse(f"admin:articles_{m._meta.model_name}_correct", args=[m.pk])


def story_with_wrong_name(title="هجوم فاشل", status=Status.DRAFT):
    article = make_article(title, body=[{"kind": "paragraph", "text": TEXT}], status=status)
    extract_story(article)
    return article


def wrong_mention(article):
    return PersonMention.objects.select_related("person").get(
        article=article, person__name="معاذ الجزائري"
    )


def names_in(article):
    return {
        (m.person.name, m.status)
        for m in PersonMention.objects.filter(article=article).select_related("person")
    }


def test_correct_to_a_new_name_folds_the_wrong_record_into_it(editor_client, db):
    article = story_with_wrong_name()
    wrong = wrong_mention(article)
    version = Article.objects.get(pk=article.pk).version
    response = editor_client.post(correct_url(wrong), {"name": "أبو معاذ الجزائري"})
    assert response.status_code == 302
    right = Person.objects.get(name="أبو معاذ الجزائري")
    assert "معاذ الجزائري" in right.alias_list  # the wrong name resolves to it from now on
    assert not Person.objects.filter(name="معاذ الجزائري").exists()
    corrected = PersonMention.objects.get(article=article, person=right)
    assert corrected.status == MentionStatus.ACCEPTED and corrected.method == "correction"
    assert corrected.excerpt == wrong.excerpt
    assert Article.objects.get(pk=article.pk).version > version  # open story forms are stale
    # The story's next extraction keeps the correction and does not bring the wrong name back.
    extract_story(Article.objects.get(pk=article.pk))
    assert names_in(article) == {("أبو معاذ الجزائري", MentionStatus.ACCEPTED)}
    # ...and a new story naming the wrong name gets the right record.
    other = story_with_wrong_name("قصة أخرى")
    assert names_in(other) == {("أبو معاذ الجزائري", MentionStatus.FOUND)}


def test_correct_in_this_story_only_keeps_the_other_stories(editor_client, db):
    article = story_with_wrong_name()
    elsewhere = story_with_wrong_name("قصة أخرى")
    wrong = wrong_mention(article)
    Quote.objects.create(article=article, person=wrong.person, text="فشل الهجوم")
    page = editor_client.get(correct_url(wrong))
    assert "صحّحه في كل القصص" in page.content.decode()
    response = editor_client.post(correct_url(wrong), {"name": "أبو معاذ الجزائري"})
    assert response.status_code == 302
    assert names_in(article) == {
        ("معاذ الجزائري", MentionStatus.REJECTED),
        ("أبو معاذ الجزائري", MentionStatus.ACCEPTED),
    }
    assert Quote.objects.get(article=article).person.name == "أبو معاذ الجزائري"
    assert names_in(elsewhere) == {("معاذ الجزائري", MentionStatus.FOUND)}
    extract_story(Article.objects.get(pk=article.pk))
    assert names_in(article) == {
        ("معاذ الجزائري", MentionStatus.REJECTED),
        ("أبو معاذ الجزائري", MentionStatus.ACCEPTED),
    }


def test_correct_everywhere_moves_every_story(editor_client, db):
    article = story_with_wrong_name()
    elsewhere = story_with_wrong_name("قصة أخرى")
    response = editor_client.post(
        correct_url(wrong_mention(article)), {"name": "أبو معاذ الجزائري", "everywhere": "on"}
    )
    assert response.status_code == 302
    assert names_in(elsewhere) == {("أبو معاذ الجزائري", MentionStatus.FOUND)}
    assert names_in(article) == {("أبو معاذ الجزائري", MentionStatus.ACCEPTED)}


def test_correct_to_an_existing_record_by_its_spelling_or_alias(editor_client, db):
    saad = make_person("سعد معن", aliases="الفريق سعد معن")
    article = make_article()
    wrong = mention(article, make_person("سعد"))
    assert editor_client.post(correct_url(wrong), {"name": "سعد مَعن"}).status_code == 302
    assert PersonMention.objects.get(article=article).person == saad
    other = mention(make_article(), make_person("معن"))
    assert editor_client.post(correct_url(other), {"name": "الفريق سعد معن"}).status_code == 302
    assert PersonMention.objects.get(pk=other.pk).person == saad
    assert Person.objects.filter(key__contains="سعد").count() == 1


def test_places_keep_their_kind_and_parent(editor_client, db):
    iraq = make_location("العراق", kind="country")
    wrong = mention(make_article(), make_location("حديثه", kind="city", parent=iraq))
    assert editor_client.post(correct_url(wrong), {"name": "حديثة الغربية"}).status_code == 302
    wrong = type(wrong).objects.get(pk=wrong.pk)
    assert wrong.location.name == "حديثة الغربية"
    assert wrong.location.parent == iraq and wrong.location.kind == "city"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "هذا الحقل مطلوب"),
        ("معاذ  الجزائرى", "اسم هذا السجل نفسه"),
        ("...", "اكتب الاسم الصحيح"),
    ],
)
def test_bad_corrections_say_why(editor_client, db, name, error):
    article = story_with_wrong_name()
    response = editor_client.post(correct_url(wrong_mention(article)), {"name": name})
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors["name"])
    assert names_in(article) == {("معاذ الجزائري", MentionStatus.FOUND)}


def test_reporter_corrects_to_existing_records_in_unpublished_stories_only(reporter, db):
    client = logged_in(reporter)
    article = story_with_wrong_name()
    wrong = wrong_mention(article)
    page = client.get(correct_url(wrong))
    assert "صحّحه في كل القصص" not in page.content.decode()  # merging is the editors'
    response = client.post(correct_url(wrong), {"name": "أبو معاذ الجزائري"})
    assert "لا تملك إضافة سجل جديد" in " ".join(response.context["form"].errors["name"])
    make_person("أبو معاذ الجزائري")
    assert client.post(correct_url(wrong), {"name": "أبو معاذ الجزائري"}).status_code == 302
    assert names_in(article) == {
        ("معاذ الجزائري", MentionStatus.REJECTED),
        ("أبو معاذ الجزائري", MentionStatus.ACCEPTED),
    }
    published = make_article("منشورة", status=Status.PUBLISHED)
    assert client.get(correct_url(mention(published, make_person("فلان")))).status_code == 403


def test_review_list_shows_methods_in_arabic_and_a_correct_link(editor_client, db):
    article = story_with_wrong_name()
    mention(article, make_person("شخص يدوي"), method="")
    page = editor_client.get(LIST)
    html = page.content.decode()
    assert "النموذج الآلي" in html and "أضافها محرر" in html
    assert ">crf<" not in html and "gazetteer" not in html
    assert correct_url(wrong_mention(article)) in html
    filtered = editor_client.get(LIST, {"method": "crf"})
    assert [m.person.name for m in filtered.context["cl"].result_list] == ["معاذ الجزائري"]
    by_hand = editor_client.get(LIST, {"method": "-"})
    assert [m.person.name for m in by_hand.context["cl"].result_list] == ["شخص يدوي"]
    places = editor_client.get(reverse("admin:articles_locationmention_changelist"))
    assert places.status_code == 200


def test_correcting_is_logged_on_the_story(editor_client, db):
    from django.contrib.admin.models import LogEntry

    article = story_with_wrong_name()
    editor_client.post(correct_url(wrong_mention(article)), {"name": "أبو معاذ الجزائري"})
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert "«أبو معاذ الجزائري»" in entry.get_change_message()


def test_story_form_names_the_methods_in_arabic(editor_client, db):
    from tests.admin.conftest import story_url

    article = story_with_wrong_name()
    html = editor_client.get(story_url(article)).content.decode()
    assert "النموذج الآلي" in html and ">crf<" not in html
