"""What editors teach the extraction (issue 13, item 7): a name an editor rejected and
nobody accepted is not proposed again, by the import (batch or file by file) nor by a
story saved in the admin; accepting it once lifts that."""

import pytest

from articles.importer.batch import BatchImporter
from articles.importer.pages import prepare_file
from articles.importer.story import extract_story
from articles.importer.writer import StoryWriter
from articles.models import MentionStatus, Person, PersonMention, Quote
from tests.factories import make_article, make_person, mention

NAME = "حسن الجنابي"
BODY = (
    f"قال وزير الموارد المائية العراقي {NAME} إن سد الموصل لا يشكل خطراً. "
    "وأضاف الجنابي: «الفرق تعمل ليلاً ونهاراً»."
)
PAGE = "{title}\n\nصورة للسد (رويترز)\nTT\n\n{title}\n\nصورة للسد (رويترز)\n\n{body}\n"


def page(tmp_path, title, body=BODY):
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}.txt"
    path.write_text(PAGE.format(title=title, body=body), encoding="utf-8")
    return path


def named(title):
    return set(
        PersonMention.objects.filter(article__title=title).values_list("person__name", "status")
    )


@pytest.fixture
def rejected(db):
    """The person, rejected by an editor in one story and accepted in none."""
    person = make_person(NAME)
    mention(make_article("قصة رفض فيها المحرر الاسم"), person, status=MentionStatus.REJECTED)
    return person


def test_the_story_is_found_when_nobody_rejected_it(db, tmp_path):
    StoryWriter().import_file(page(tmp_path, "الوزير يطمئن سكان الموصل"))
    assert named("الوزير يطمئن سكان الموصل") == {(NAME, "found")}


def test_the_batch_import_does_not_propose_a_rejected_name(rejected, tmp_path):
    files = [prepare_file(page(tmp_path, f"الوزير يطمئن سكان الموصل {i}")) for i in range(2)]
    BatchImporter().import_batch(files)
    for i in range(2):
        assert named(f"الوزير يطمئن سكان الموصل {i}") == set()
    assert not Quote.objects.filter(person=rejected).exists()
    assert Person.objects.filter(name=NAME).count() == 1


def test_the_file_by_file_import_does_not_propose_a_rejected_name(rejected, tmp_path):
    report = StoryWriter().import_file(page(tmp_path, "الوزير يطمئن سكان الموصل"))
    assert report.created == 1 and report.people == 0
    assert named("الوزير يطمئن سكان الموصل") == set()
    assert not Quote.objects.filter(person=rejected).exists()


def test_an_admin_save_does_not_propose_a_rejected_name(rejected):
    article = make_article("الوزير يطمئن", body=[{"kind": "paragraph", "text": BODY}])
    extract_story(article)
    assert named("الوزير يطمئن") == set()
    assert not Quote.objects.filter(article=article).exists()


def test_accepting_it_in_one_story_lets_it_be_proposed_again(rejected, tmp_path):
    mention(make_article("قصة قبل فيها المحرر الاسم"), rejected, status=MentionStatus.ACCEPTED)
    StoryWriter().import_file(page(tmp_path, "الوزير يطمئن سكان الموصل"))
    assert named("الوزير يطمئن سكان الموصل") == {(NAME, "found")}
    article = make_article("الوزير يطمئن", body=[{"kind": "paragraph", "text": BODY}])
    extract_story(article)
    assert named("الوزير يطمئن") == {(NAME, "found")}


def test_the_story_it_was_rejected_in_keeps_it_rejected(db, tmp_path):
    path = page(tmp_path, "الوزير يطمئن سكان الموصل")
    StoryWriter().import_file(path)
    PersonMention.objects.filter(person__name=NAME).update(status=MentionStatus.REJECTED)
    path.write_text(PAGE.format(title="الوزير يطمئن سكان الموصل", body=BODY + " وتابع."))
    report = StoryWriter().import_file(path)
    assert report.updated == 1
    assert named("الوزير يطمئن سكان الموصل") == {(NAME, "rejected")}
