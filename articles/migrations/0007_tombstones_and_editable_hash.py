"""Tombstones for deleted stories and removed links; duplicate entities merged; hashes redone.

Two data steps, before 0008 makes entity keys unique:

- Records sharing a key (two imports at once made «قاسم» and «قاسم-2») are merged into
  the oldest: mentions, quotes, photo credits, publishers and child places move to it, and
  the other names become its aliases, so nothing editors reviewed is lost.
- ``Article.editable_hash`` now also covers the publisher and the photos. A story whose
  stored ``imported_hash`` matches the old formula was not edited: its hash is recomputed
  with the new one, so upgrading neither marks every story "edited" nor forgets an edit.
  The formulas are copied here, as they stood, so later changes cannot alter this step.
"""

import hashlib
import json

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count

STRENGTH = {"accepted": 3, "found": 2, "rejected": 1}
KINDS = [  # entity model, its mention model, the mention's field, fields filled when empty
    ("Person", "PersonMention", "person", ("description",)),
    ("Source", "SourceMention", "source", ("url",)),
    ("Location", "LocationMention", "location", ("latitude", "longitude")),
]


def content_hash(*parts) -> str:
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fold(apps, keep, other, mention_name, field, fill):
    Mention = apps.get_model("articles", mention_name)
    kept = {m.article_id: m for m in Mention.objects.filter(**{field: keep})}
    for mention in Mention.objects.filter(**{field: other}).order_by("pk"):
        mine = kept.get(mention.article_id)
        if mine is None:
            setattr(mention, field, keep)
            mention.save(update_fields=[field])
            kept[mention.article_id] = mention
            continue
        mine.count += mention.count
        if STRENGTH.get(mention.status, 0) > STRENGTH.get(mine.status, 0):
            mine.status = mention.status
        mine.save(update_fields=["count", "status"])
        mention.delete()
    if field == "person":
        Quote = apps.get_model("articles", "Quote")
        quoted = set(Quote.objects.filter(person=keep).values_list("article_id", "text"))
        for quote in Quote.objects.filter(person=other).order_by("pk"):
            if (quote.article_id, quote.text) in quoted:
                quote.delete()
            else:
                quote.person = keep
                quote.save(update_fields=["person"])
                quoted.add((quote.article_id, quote.text))
    elif field == "source":
        apps.get_model("articles", "Image").objects.filter(credit=other).update(credit=keep)
        apps.get_model("articles", "Article").objects.filter(source=other).update(source=keep)
    else:
        type(keep).objects.filter(parent=other).update(parent=keep)
    names = [a.strip() for a in keep.aliases.splitlines() if a.strip()]
    for name in [other.name, *other.aliases.splitlines()]:
        name = name.strip()
        if name and name != keep.name and name not in names:
            names.append(name)
    keep.aliases = "\n".join(names)
    for name in fill:
        if getattr(keep, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(keep, name, getattr(other, name))
    keep.save()
    other.delete()


def merge_duplicates(apps, schema_editor):
    for model_name, mention_name, field, fill in KINDS:
        Model = apps.get_model("articles", model_name)
        group_by = ("key", "parent_id") if model_name == "Location" else ("key",)
        # Merging two places moves their children under one parent, which can make new
        # pairs of twins there: repeat until none is left (the depth of the tree at most).
        for _ in range(20):
            groups = list(Model.objects.values(*group_by).annotate(n=Count("pk")).filter(n__gt=1))
            if not groups:
                break
            for group in groups:
                rows = list(Model.objects.filter(**{k: group[k] for k in group_by}).order_by("pk"))
                for other in rows[1:]:
                    _fold(apps, rows[0], other, mention_name, field, fill)


def _old_hash(a):
    return content_hash(
        a.title, a.deck, a.body, a.summary, a.section, a.byline, a.dateline, a.is_exclusive,
        a.status,
    )  # fmt: skip


def _new_hash(a, images):
    photos = [
        [i.position, i.caption, i.credit_id, i.credit_text, i.is_archive]
        for i in sorted(images, key=lambda image: (image.position, image.pk))
    ]
    return content_hash(
        a.title, a.deck, a.body, a.summary, a.section, a.byline, a.dateline, a.is_exclusive,
        a.status, a.source_id, photos,
    )  # fmt: skip


def rehash_unedited(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
    stories = Article.objects.filter(import_key__isnull=False).exclude(imported_hash="")
    ids = list(stories.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        chunk = list(Article.objects.filter(pk__in=ids[start : start + 1000]))
        images = {}
        for image in Image.objects.filter(article_id__in=[a.pk for a in chunk]):
            images.setdefault(image.article_id, []).append(image)
        changed = []
        for article in chunk:
            if article.imported_hash == _old_hash(article):
                article.imported_hash = _new_hash(article, images.get(article.pk, []))
                changed.append(article)
        Article.objects.bulk_update(changed, ["imported_hash"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_leaner_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DeletedStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("import_key", models.CharField(editable=False, max_length=255, unique=True)),
                ("title", models.CharField(max_length=500, verbose_name="العنوان")),
                ("was_stub", models.BooleanField(default=False, verbose_name="كانت قصة مختصرة")),
                (
                    "deleted_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="تاريخ الحذف"
                    ),
                ),
                (
                    "deleted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="حذفها",
                    ),
                ),
            ],
            options={
                "verbose_name": "قصة محذوفة",
                "verbose_name_plural": "قصص محذوفة (لا يعيدها الاستيراد)",
                "ordering": ["-deleted_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RemovedLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("to_key", models.CharField(max_length=255)),
                (
                    "from_article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="removed_links",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("from_article", "to_key"), name="unique_removed_link"
                    )
                ],
            },
        ),
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(rehash_unedited, migrations.RunPython.noop, elidable=True),
    ]
