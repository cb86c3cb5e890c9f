"""One record per entity key, enforced by the database (0007 merged the twins).

A separate migration: on PostgreSQL a table cannot be altered in the transaction that
just updated the rows pointing at it (0007's merge).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_tombstones_and_editable_hash")]

    operations = [
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(fields=("key",), name="unique_person_key"),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(fields=("key",), name="unique_source_key"),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.UniqueConstraint(
                fields=("key", "parent"), name="unique_location_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)),
                fields=("key",),
                name="unique_top_location_key",
            ),
        ),
    ]
