"""Each section name stories (and their revisions) carry becomes one Section row.

Revisions get theirs too, so restoring an old revision restores its section. The menu
order starts with the sections holding most stories.
"""

from django.db import migrations
from django.db.models import Count
from django.utils.text import slugify


def _slug(name, taken):
    base = slugify(name, allow_unicode=True)[:110].strip("-") or "section"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    History = apps.get_model("articles", "HistoricalArticle")
    Section = apps.get_model("articles", "Section")
    counts = {}
    for model in (Article, History):
        rows = model.objects.exclude(section="").values("section").annotate(n=Count("pk"))
        for row in rows:
            name = row["section"]
            if name.strip():
                counts[name] = counts.get(name, 0) + (row["n"] if model is Article else 0)
    taken = set(Section.objects.values_list("slug", flat=True))
    existing = {s.name: s for s in Section.objects.all()}
    ordered = sorted(counts, key=lambda name: (-counts[name], name))
    for position, name in enumerate(ordered, start=1):
        section = existing.get(name)
        if section is None:
            section = Section.objects.create(
                name=name, slug=_slug(name, taken), position=position * 10
            )
        for model in (Article, History):
            model.objects.filter(section=name).update(section_ref=section)


def backwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    History = apps.get_model("articles", "HistoricalArticle")
    Section = apps.get_model("articles", "Section")
    for section in Section.objects.all():
        for model in (Article, History):
            model.objects.filter(section_ref=section).update(section=section.name)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_sections")]

    operations = [migrations.RunPython(forwards, backwards)]
