"""Stories: the article, its queryset (the one definition of public) and its body encoding."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, router, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag

from articles.models.entities import Location, Person, Source
from articles.models.sections import Section
from articles.models.slugs import unique_slug
from articles.text import body as body_format
from articles.text.clean import clean_line, clean_text
from articles.text.index import IndexText, search_text_of


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """JSON with Arabic written as itself, not as ``\\uXXXX`` escapes.

    A story body is almost all Arabic: escaped, it takes six bytes a letter instead of
    two, and PostgreSQL's bulk insert escapes every one of those backslashes again.
    """

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", "مسودة"
    REVIEW = "review", "قيد المراجعة"
    PUBLISHED = "published", "منشور"


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """The one definition of public: published, not a stub, and its time has come.

        ``is_stub__in=[False]`` rather than ``is_stub=False``: Django writes the latter as
        ``NOT is_stub``, which SQLite cannot match against the (status, is_stub,
        published_at) index, so it would sort every published row to find the latest.
        """
        return self.filter(
            status=Status.PUBLISHED,
            is_stub__in=[False],
            published_at__isnull=False,
            published_at__lte=now or timezone.now(),
        )

    def stubs(self):
        return self.filter(is_stub=True)

    def naming(self, entity):
        """Stories whose visible (not rejected) mentions name ``entity``.

        ``entity`` is a Person, Location or Source; a source also counts for the stories
        it published.
        """
        mentions = entity.mentions.visible().values("article_id")
        if isinstance(entity, Source):
            return self.filter(models.Q(source=entity) | models.Q(pk__in=mentions))
        return self.filter(pk__in=mentions)

    def bump_version(self) -> int:
        """Make every story form open on these stories stale: its save will be refused.

        The one place a story's version moves: ``Article.save()`` calls it for the story
        itself, and anything that changes what the story form shows without saving the
        story (its mentions, tags, links, images) calls it on the stories it touched.
        One ``UPDATE ... version + 1``, so two writers can never hand out the same number.
        """
        return self.update(version=models.F("version") + 1)


class Article(models.Model):
    SLUG_LENGTH = 240

    title = models.CharField("العنوان", max_length=500)
    slug = models.SlugField("المعرّف", max_length=255, allow_unicode=True, unique=True, blank=True)
    deck = models.TextField("العنوان الفرعي", blank=True)
    body = models.JSONField("النص", default=list, blank=True, encoder=UnicodeJSONEncoder)
    summary = models.TextField("الملخص", blank=True)
    status = models.CharField("الحالة", max_length=20, choices=Status, default=Status.DRAFT)
    is_stub = models.BooleanField(
        "قصة مختصرة", default=False, help_text="معروفة فقط من إحالة «مقالات ذات صلة»."
    )
    section = models.ForeignKey(
        Section,
        verbose_name="القسم",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    is_exclusive = models.BooleanField("خاص", default=False)
    byline = models.CharField("الكاتب", max_length=200, blank=True)
    dateline = models.CharField("مكان الكتابة", max_length=100, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name="الناشر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_articles",
    )
    published_at = models.DateTimeField("تاريخ النشر", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("أنشئت", auto_now_add=True)
    updated_at = models.DateTimeField("عُدّلت", auto_now=True)

    tags = TaggableManager("الوسوم", blank=True)
    persons = models.ManyToManyField(
        Person, through="PersonMention", related_name="articles", blank=True
    )
    locations = models.ManyToManyField(
        Location, through="LocationMention", related_name="articles", blank=True
    )
    sources = models.ManyToManyField(
        Source, through="SourceMention", related_name="mentioned_in", blank=True
    )
    related = models.ManyToManyField(
        "self", through="RelatedLink", symmetrical=False, related_name="related_from", blank=True
    )

    # Provenance: where the import found it, and what it looked like then.
    origin_file = models.CharField("الملف المصدر", max_length=255, blank=True, editable=False)
    origin_line = models.PositiveIntegerField("السطر", null=True, blank=True, editable=False)
    import_key = models.CharField(
        "مفتاح الاستيراد", max_length=255, unique=True, null=True, blank=True, editable=False
    )
    fingerprint = models.CharField("البصمة", max_length=64, blank=True, editable=False)
    imported_hash = models.CharField("بصمة الاستيراد", max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField("تاريخ الاستيراد", null=True, blank=True, editable=False)

    # Optimistic locking: bumped on every save; a form carrying an older value is refused.
    version = models.PositiveIntegerField("رقم النسخة", default=1, editable=False)

    search_text = models.TextField("نص البحث", blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    # Revisions are looked up by story and date only: the story's own indexes would
    # just make every revision written cost ten more index entries.
    history = HistoricalRecords(
        verbose_name="نسخة سابقة من قصة",
        verbose_name_plural="النسخ السابقة من القصص",
        excluded_fields=["search_text", "search_vector", "updated_at"],
        no_db_index=["slug", "import_key", "status", "section", "published_at", "source"],
    )

    class Meta:
        verbose_name = "قصة"
        verbose_name_plural = "القصص"
        ordering = ["-published_at", "-id"]
        # (status, ...) also serves filters on status alone.
        indexes = [models.Index(fields=["status", "is_stub", "published_at"])]
        permissions = [("publish_article", "يستطيع نشر القصص")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article, self.title, exclude_pk=self.pk, max_length=self.SLUG_LENGTH
            )
        self.fill_derived_fields()
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        # A change to a stored story: a form opened before it must not overwrite it. The
        # version comes from the row (the UPDATE also locks it until commit), never from
        # this instance, which may be stale or, when a revision is restored, an old one.
        using = kwargs.get("using") or router.db_for_write(Article, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            rows = Article.objects.using(using).filter(pk=self.pk)
            if not rows.bump_version():
                # Deleted since it was read: saving would insert it again, bypassing
                # its tombstone (an editor's delete must stay a delete).
                raise DatabaseError(f"القصة {self.pk} حُذفت في أثناء التعديل فلم تُحفظ.")
            self.version = rows.values_list("version", flat=True).first() or self.version
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def fill_derived_fields(self, text: IndexText | None = None) -> None:
        """What every write sets: the publication time of a published story, the search text.

        ``save()`` calls it; the batch import, which bulk-creates, calls it too, with the
        ``text`` its workers worked out from the story this article was just built from.
        """
        self.clean_text_fields()
        if self.status == Status.PUBLISHED and self.published_at is None:
            # To the second: the admin's time box shows no fraction, so a stored fraction
            # would read as a change of date on the story's next save.
            self.published_at = timezone.now().replace(microsecond=0)
        if text is None:
            self.search_text = search_text_of(self.title, self.deck, self.body_text)
        else:
            self.search_text = text.search_text

    def index_text(self) -> IndexText:
        return IndexText.of(self.title, self.deck, self.body_text)

    @property
    def blocks(self) -> list[dict]:
        return self.body or []

    @property
    def body_text(self) -> str:
        return body_format.plain_text(self.blocks)

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and not self.is_stub
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def section_name(self) -> str:
        """The section's name, "" for none: what the import hashes and compares."""
        return self.section.name if self.section_id else ""

    def editable_hash(self, images=None) -> str:
        """Hash of what an editor can change and a re-import would overwrite.

        It differs from ``imported_hash`` once edited. The publisher and the photos
        (captions, credits) are in it because an update replaces them too. ``images`` are
        the story's Image rows when the import holds them in memory; otherwise they are
        read. Tags, mentions and links are not: the import never overwrites those.

        The section goes in by name, as the text field it replaced did, so the hashes
        stored before sections were records stay valid (no story turns "edited" by the
        migration). Renaming a section therefore counts as an edit of its stories: the
        import keeps them in the renamed section rather than move them back.
        """
        from articles.text.fingerprint import content_hash

        if images is None:
            images = list(self.images.all()) if self.pk else []
        # The library photo placed counts only once there is one, so the hashes of the
        # imported (caption-only) stories stay as they were before photos had files; an
        # attached photo makes the story "edited", and the import keeps it.
        photos = [
            [i.position, i.caption, i.credit_id, i.credit_text, i.is_archive]
            + ([i.photo_id] if i.photo_id else [])
            for i in sorted(images, key=lambda image: image.position)
        ]
        return content_hash(
            self.title, self.deck, self.body, self.summary, self.section_name, self.byline,
            self.dateline, self.is_exclusive, self.status, self.source_id, photos,
        )  # fmt: skip

    def clean_text_fields(self) -> None:
        """No control characters in any text a reader or feed will carry: one would make
        the feeds fail and the sitemaps malformed XML. Tab and newline stay where the field
        is multi-line."""
        for name in ("title", "byline", "dateline"):
            setattr(self, name, clean_line(getattr(self, name)))
        self.deck, self.summary = clean_text(self.deck), clean_text(self.summary)
        if isinstance(self.body, list):
            self.body = [
                {k: clean_text(v) if isinstance(v, str) else v for k, v in block.items()}
                if isinstance(block, dict)
                else block
                for block in self.body
            ]

    def clean(self):
        try:
            body_format.validate_blocks(self.body)
        except body_format.BodyError as exc:
            raise ValidationError({"body": str(exc)}) from exc
        if self.status == Status.PUBLISHED and self.is_stub:
            raise ValidationError({"is_stub": "لا تُنشر قصة مختصرة قبل إكمال نصها."})


def public_story(column: str = "pk") -> Exists:
    """A correlated EXISTS: the outer row's ``column`` is a public story's id.

    Cheaper than ``IN (SELECT id FROM every public story)`` when the outer rows are few:
    one primary-key probe per row instead of materialising the whole public list.
    """
    return Exists(Article.objects.published().filter(pk=OuterRef(column)))


def public_tags():
    """Tags a reader may see: on at least one public story."""
    tagged = Article.tags.through.objects.filter(
        tag=OuterRef("pk"), content_type__app_label="articles", content_type__model="article"
    )
    return Tag.objects.filter(Exists(tagged.filter(public_story("object_id"))))
