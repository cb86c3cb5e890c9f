"""The SQLite search index: an FTS5 table with the trigram tokenizer (SQLite only).

Made here rather than on the first search, and filled from the stories already stored;
``articles.search.backends.sqlite`` keeps it in step from then on. An SQLite without FTS5
or without the trigram tokenizer (before 3.34) gets no table, and search uses ``LIKE``.
Frozen SQL, like any migration: what the index holds today is the backend's business.
"""

from django.db import OperationalError, migrations, transaction

FTS_TABLE = "articles_search_fts"
NAMED = (("PersonMention", "Person", "person_id"), ("LocationMention", "Location", "location_id"))


def create_fts(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE}"
                " USING fts5(text, names, tokenize='trigram')"
            )
    except OperationalError:  # no FTS5, or no trigram tokenizer: search uses LIKE
        return

    def table(name):
        return apps.get_model("articles", name)._meta.db_table

    names = " || char(10) || ".join(
        f"coalesce((SELECT group_concat(e.key, char(10)) FROM {table(mention)} m"
        f" JOIN {table(entity)} e ON e.id = m.{fk}"
        " WHERE m.article_id = a.id AND m.status <> 'rejected'), '')"
        for mention, entity, fk in NAMED
    )
    with connection.cursor() as cursor:
        # A database that made the table on its first search (before this migration)
        # has rows already: write them all again.
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, text, names)"
            f" SELECT a.id, a.search_text, {names} FROM {table('Article')} a"
        )


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_unique_entity_keys")]

    operations = [migrations.RunPython(create_fts, drop_fts)]
