"""A story saved in the admin gets its entities by the import's pipeline (issue 13, item 5),
keeping every editor decision, and what editors teach is used by the next save (item 7)."""

from django.urls import reverse

from articles.editorial.merge import merge_entities
from articles.models import (
    LOCATION,
    PERSON,
    Article,
    Location,
    LocationMention,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
)
from articles.site.related import related_items
from tests.admin.conftest import form_data
from tests.factories import make_article, make_person, mention, names_named

ADD = reverse("admin:articles_article_add")
TITLE = "مهندسون يحذرون من انهيار سد الموصل"
BODY = (
    "قال وزير الموارد المائية العراقي حسن الجنابي إن سد الموصل لا يشكل خطراً على سكان "
    "الموصل في الوقت الراهن. وأضاف الجنابي: «الفرق تعمل ليلاً ونهاراً»."
)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_story(client, title=TITLE, body=BODY, **fields):
    page = client.get(ADD)
    data = form_data(page, title=title, slug="", body_text=body, status="published", **fields)
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(title=title)


def edit_story(client, article, **fields):
    page = client.get(change_url(article))
    response = client.post(change_url(article), form_data(page, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def people(article, status=None):
    return names_named(article, PERSON, status)


def places(article):
    return names_named(article, LOCATION)


def test_a_story_written_in_the_admin_gets_its_people_places_and_quotes(admin_client, db):
    article = add_story(admin_client)
    assert places(article) == {"الموصل"}
    assert people(article) == {"حسن الجنابي"}
    minister = Person.objects.get(name="حسن الجنابي")
    assert minister.description == "وزير الموارد المائية العراقي"
    assert Quote.objects.filter(article=article, person=minister).count() == 1
    # Its person page lists it, and a story naming the same place is related to it.
    assert TITLE in admin_client.get(minister.get_absolute_url()).content.decode()
    other = add_story(admin_client, title="أهالي الموصل يعودون", body="عاد الأهالي إلى الموصل.")
    assert article in [item.article for item in related_items(other)]
    assert Location.objects.filter(name="الموصل").count() == 1


def test_an_edit_keeps_rejected_accepted_and_added_mentions(admin_client, db):
    article = add_story(admin_client)
    found = PersonMention.objects.get(article=article)
    found.status = MentionStatus.REJECTED
    found.save()
    mosul = LocationMention.objects.get(article=article)
    mosul.status = MentionStatus.ACCEPTED
    mosul.save()
    body = "قال الوزير حسن الجنابي إن السد آمن. وأضاف الجنابي: «الفرق تعمل ليلاً ونهاراً»."
    article = edit_story(admin_client, article, body_text=body, title="السد آمن")
    # Rejected stays rejected; accepted stays though the text no longer names it.
    assert people(article, MentionStatus.REJECTED) == {"حسن الجنابي"}
    assert PersonMention.objects.filter(article=article).count() == 1
    assert places(article) == {"الموصل"}
    assert LocationMention.objects.get(article=article).status == MentionStatus.ACCEPTED


def test_a_mention_added_by_hand_in_the_same_save_is_kept(admin_client, db):
    article = add_story(admin_client)
    author = make_person("كاتب لم يذكر في النص")
    page = admin_client.get(change_url(article))
    data = form_data(page, body_text=BODY + "\n\nفقرة جديدة.")
    n = int(data["personmention_set-TOTAL_FORMS"])
    data.update(
        {
            f"personmention_set-{n}-person": str(author.pk),
            f"personmention_set-{n}-status": "found",
            f"personmention_set-{n}-article": str(article.pk),
            "personmention_set-TOTAL_FORMS": str(n + 1),
        }
    )
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert people(article) == {"حسن الجنابي", author.name}
    assert people(article, MentionStatus.ACCEPTED) == {author.name}


def test_a_save_that_does_not_change_the_text_does_not_extract_again(admin_client, db):
    article = make_article("قصة بلا كيانات بعد", body=[{"kind": "paragraph", "text": BODY}])
    assert not PersonMention.objects.filter(article=article).exists()
    edit_story(admin_client, article, summary="ملخص جديد")
    assert not PersonMention.objects.filter(article=article).exists()
    edit_story(admin_client, article, body_text=BODY + "\n\nفقرة.")
    assert people(article) == {"حسن الجنابي"}


def test_a_text_edit_drops_what_the_text_no_longer_names(admin_client, db):
    article = add_story(admin_client)
    edit_story(admin_client, article, title="مهندسون يحذرون", body_text="فقرة بلا أسماء.")
    assert people(article) == set()
    assert places(article) == set()


def test_a_merge_made_by_an_editor_is_used_by_the_next_save(admin_client, db):
    kept = make_person("الدكتور حسن جنابي")
    first = add_story(admin_client)
    imported = Person.objects.get(name="حسن الجنابي")
    merge_entities(keep=kept, merge=[imported])
    article = add_story(admin_client, title="الجنابي يزور السد", body=BODY)
    assert people(article) == {kept.name}
    assert people(first) == {kept.name}
    assert not Person.objects.filter(name="حسن الجنابي").exists()


def test_an_alias_added_by_an_editor_is_used_by_the_next_save(admin_client, db):
    kept = make_person("حسن عبد الرزاق", aliases="حسن الجنابي")
    article = add_story(admin_client)
    assert people(article) == {kept.name}
    assert Person.objects.count() == 1


def test_a_restored_revision_gets_its_entities_back(admin_client, db):
    article = add_story(admin_client)
    edit_story(admin_client, article, title="مهندسون يحذرون", body_text="فقرة بلا أسماء.")
    assert people(article) == set()
    record = article.history.order_by("history_id").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, record.history_id])
    page = admin_client.get(url)
    response = admin_client.post(url, form_data(page))
    assert response.status_code == 302
    assert people(article) == {"حسن الجنابي"}


def test_an_existing_mention_in_another_story_is_untouched(admin_client, db):
    other = make_article("قصة أخرى")
    mention(other, make_person("حسن الجنابي"))
    article = add_story(admin_client)
    assert people(article) == {"حسن الجنابي"}
    assert people(other) == {"حسن الجنابي"}
    assert Person.objects.filter(name="حسن الجنابي").count() == 1
