"""The search backends: chosen by database vendor, the SQLite index made by a migration,
the portable LIKE path when there is no index, and the index kept in step with stories."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from articles import changes, search
from articles.models import Article, MentionStatus
from articles.search.backends import backend, backend_for
from articles.search.backends.base import SearchBackend
from articles.search.backends.postgres import PostgresBackend
from articles.search.backends.sqlite import FTS_TABLE, SqliteBackend
from articles.text.index import search_text_of
from tests.factories import make_article, make_location, make_person, mention

pytestmark = pytest.mark.django_db


def found(query):
    return list(search.search_articles(Article.objects.published(), query))


def fts_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE} ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


def fts_exists():
    with connection.cursor() as cursor:
        return FTS_TABLE in connection.introspection.table_names(cursor)


def drop_fts():
    """Inside the test's transaction: the rollback at its end brings the table back."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FTS_TABLE}")


def test_each_vendor_gets_its_backend_once():
    assert type(backend_for("postgresql")) is PostgresBackend
    assert type(backend_for("sqlite")) is SqliteBackend
    assert type(backend_for("mysql")) is SearchBackend  # any other: the portable LIKE match
    assert backend_for("sqlite") is backend_for("sqlite")
    assert backend() is backend_for(connection.vendor)
    assert backend().indexes_tags == (connection.vendor == "postgresql")


def test_the_portable_backend_searches_any_database(world):
    """What a database without a backend of its own runs: plain LIKE, newest first."""
    portable = backend_for("mysql")
    published = Article.objects.published()
    for query, expected in (("بالموصل", {world.story, world.sibling}), ("ماتيس", {world.story})):
        assert set(portable.search(published, search.parse_query(query))) == expected, query
    assert world.story in portable.filter_words(Article.objects.all(), "المَوْصِل")
    assert portable.refresh([world.story.pk]) == 0


def test_migrate_makes_the_fts_table_and_nothing_else_does():
    """The test database is made by ``migrate``; no write, index or search creates the table.
    It is SQLite's: on PostgreSQL the migration makes nothing."""
    if connection.vendor != "sqlite":
        assert not fts_exists()
        return
    assert fts_exists()
    drop_fts()
    story = make_article("زيارة إلى كركوك")
    assert search.refresh_search_index([story.pk]) == 0
    assert found("كركوك") == [story]
    assert not fts_exists()


def test_the_migration_fills_the_table_from_stored_stories(world):
    migration = importlib.import_module("articles.migrations.0009_search_fts")
    schema_editor = type("SchemaEditor", (), {"connection": connection})()
    if connection.vendor != "sqlite":
        migration.create_fts(apps, schema_editor)
        assert not fts_exists()
        return
    drop_fts()
    migration.create_fts(apps, schema_editor)
    public_and_hidden = Article.objects.values_list("pk", flat=True).order_by("pk")
    assert fts_rows() == list(public_and_hidden)
    assert world.story in found("ماتيس جنوب")  # a name and a word of the text
    assert world.story not in found("مرفوض")  # a rejected mention's name is not indexed


def test_every_query_form_answers_and_on_sqlite_without_the_fts_table_too(world):
    if connection.vendor == "sqlite":
        drop_fts()  # the LIKE path
    for query in ("الموصل", "بالموصل", "ماتيس", "ماتيس جنوب", "«الحرب لم تنته»", "في OR داعش"):
        assert world.story in found(query), query
    assert world.story not in found("الموصل -داعش")
    assert not any(hidden in found("الموصل") for hidden in world.hidden)


def test_a_new_story_is_found_once_indexed(db):
    story = make_article(
        "افتتاح جسر في الناصرية", body=[{"kind": "paragraph", "text": "نهر الفرات"}]
    )
    assert found("الناصرية") == [story]
    assert found("بالفرات") == [story]
    mention(story, make_person("علي الشمري"))
    mention(story, make_location("ذي قار"))
    assert found("الشمري") == [story]
    assert found("ذي قار") == [story]
    # Written behind the model's back (no signal), then touched: the index follows.
    title = "مطار البصرة"
    Article.objects.filter(pk=story.pk).update(
        title=title, body=[], search_text=search_text_of(title, "", "")
    )
    assert found("البصرة") == []
    changes.touch([story.pk])
    assert found("البصرة") == [story]
    assert found("بالفرات") == []


def test_a_rejected_mention_leaves_the_index(db):
    story = make_article("خبر قصير")
    named = mention(story, make_person("نوري المالكي"))
    assert found("المالكي") == [story]
    named.status = MentionStatus.REJECTED
    named.save()
    assert found("المالكي") == []


def test_models_never_import_search():
    """Search reads the models; the models never reach back (not even inside a method)."""
    models_dir = Path(__file__).resolve().parents[2] / "articles" / "models"
    for path in models_dir.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n.startswith("articles.search") for n in names), path.name
