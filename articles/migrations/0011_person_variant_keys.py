"""People's transliteration variant keys (``Person.variant_keys``), filled for every record.

``Person.save()`` writes them from now on; this fills the people already stored.
"""

from django.db import migrations, models

from articles.ingest.entities.variants import variant_lines


def fill_variant_keys(apps, schema_editor):
    person = apps.get_model("articles", "person")
    records = list(person.objects.only("pk", "name", "aliases"))
    for record in records:
        record.variant_keys = variant_lines([record.name, *record.aliases.splitlines()])
    person.objects.bulk_update(records, ["variant_keys"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_entity_alias_keys")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="variant_keys",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_variant_keys, migrations.RunPython.noop),
    ]
