"""PostgreSQL-only search structures; a no-op on SQLite (search.py has its own path there)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin "
    "ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS article_search_text_trgm "
    "ON articles_article USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_key_trgm ON articles_person USING gin (key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS location_key_trgm "
    "ON articles_location USING gin (key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS source_key_trgm ON articles_source USING gin (key gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_vector_gin",
    "DROP INDEX IF EXISTS article_search_text_trgm",
    "DROP INDEX IF EXISTS person_key_trgm",
    "DROP INDEX IF EXISTS location_key_trgm",
    "DROP INDEX IF EXISTS source_key_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
