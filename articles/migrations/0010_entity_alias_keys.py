"""The aliases' keys of people, places and sources, stored for the admin's search.

``Entity.save()`` writes them; this fills the records already stored, and on PostgreSQL
gives the column a trigram index, as ``key`` has (0002), for the admin's substring match.
"""

from django.db import migrations, models

from articles.text.arabic import words

ENTITIES = ("person", "location", "source")


def fill_alias_keys(apps, schema_editor):
    for name in ENTITIES:
        model = apps.get_model("articles", name)
        records = list(model.objects.exclude(aliases="").only("pk", "aliases"))
        for record in records:
            keys = (" ".join(words(alias)) for alias in record.aliases.splitlines())
            record.alias_keys = "\n".join(key for key in keys if key)
        model.objects.bulk_update(records, ["alias_keys"], batch_size=500)


CREATE = (
    "CREATE INDEX IF NOT EXISTS {name}_alias_keys_trgm"
    " ON {table} USING gin (alias_keys gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS {name}_alias_keys_trgm"


def _trigram_indexes(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in ENTITIES:
            table = apps.get_model("articles", name)._meta.db_table
            schema_editor.execute(sql.format(name=name, table=table))

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_fts")]

    operations = [
        *(
            migrations.AddField(
                model_name=name,
                name="alias_keys",
                field=models.TextField(blank=True, editable=False),
            )
            for name in ENTITIES
        ),
        # The indexes before the rows are filled: PostgreSQL refuses to index a table
        # with trigger events still pending from rows updated in the same transaction.
        migrations.RunPython(_trigram_indexes(CREATE), _trigram_indexes(DROP)),
        migrations.RunPython(fill_alias_keys, migrations.RunPython.noop),
    ]
