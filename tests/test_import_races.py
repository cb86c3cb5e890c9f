"""An editor's save or delete that lands while a re-import holds the same story."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from articles.importer.rules import StoryRules
from articles.models import Article, Status
from tests.test_editors_work import change_page
from tests.test_loadseeds import STORY_TITLES, run

EDITED = "عنوان كتبه المحرر في أثناء الاستيراد"


@pytest.mark.django_db(transaction=True)
def test_an_editor_save_during_a_reimport_is_not_overwritten(pages, monkeypatch):
    if connection.vendor == "sqlite":
        # SQLite: the import's transaction takes the database's write lock at BEGIN
        # (IMMEDIATE), so no other write can land between its read and its write.
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    run(pages)
    target = Article.objects.get(title=STORY_TITLES[0])
    change_page(pages, target)
    errors, editors = [], []

    def editor():
        try:
            story = Article.objects.get(pk=target.pk)
            story.title = EDITED
            story.save()
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    fill_story = StoryRules.fill

    def fill_while_an_editor_saves(self, article, *args, **kwargs):
        if article.pk == target.pk and not editors:
            editors.append(threading.Thread(target=editor))
            editors[0].start()
            # Long enough for an unblocked save to commit; a locked row keeps it waiting.
            editors[0].join(2)
        return fill_story(self, article, *args, **kwargs)

    monkeypatch.setattr(StoryRules, "fill", fill_while_an_editor_saves)
    run(pages)
    editors[0].join(30)
    assert not editors[0].is_alive() and not errors
    target.refresh_from_db()
    assert target.title == EDITED  # the editor's save came after the import's, not under it


@pytest.mark.django_db
def test_saving_a_story_deleted_meanwhile_does_not_bring_it_back(seeded):
    story = Article.objects.filter(status=Status.PUBLISHED, is_stub=False).first()
    Article.objects.filter(pk=story.pk).delete()
    story.title = "تعديل على قصة لم تعد موجودة"
    with pytest.raises(DatabaseError, match="حُذفت"), transaction.atomic():
        story.save()
    assert not Article.objects.filter(pk=story.pk).exists()
