"""Article.section becomes the foreign key filled by 0013 (the text column goes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_section_rows")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_section"),
        migrations.RemoveField(model_name="article", name="section"),
        migrations.RemoveField(model_name="historicalarticle", name="section"),
        migrations.RenameField(model_name="article", old_name="section_ref", new_name="section"),
        migrations.RenameField(
            model_name="historicalarticle", old_name="section_ref", new_name="section"
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="section",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.section",
                verbose_name="القسم",
            ),
        ),
    ]
