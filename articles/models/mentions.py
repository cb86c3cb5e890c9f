"""What a story holds beside its text: mentions of entities, quotes, links, photos."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import MD5

from articles.models.entities import Location, Person, Source
from articles.models.stories import Article, public_story


class MentionStatus(models.TextChoices):
    FOUND = "found", "وجدها الاستخراج الآلي"
    ACCEPTED = "accepted", "مقبولة"
    REJECTED = "rejected", "مرفوضة"


class MentionQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=MentionStatus.REJECTED)

    def public(self):
        """Visible mentions in public stories: what "named in a public story" means."""
        return self.visible().filter(public_story("article_id"))


class Mention(models.Model):
    """An entity named in a story: how often, where first, and how it was found."""

    # No index of their own on either key: the (article, entity) unique constraint and
    # the (entity, -article) index below serve both lookups.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, verbose_name="القصة", db_index=False
    )
    count = models.PositiveIntegerField("المرات", default=1)
    excerpt = models.TextField("أول ذكر", blank=True)
    method = models.CharField("طريقة الاستخراج", max_length=40, blank=True)
    confidence = models.FloatField("الثقة", default=1.0)
    status = models.CharField(
        "المراجعة", max_length=20, choices=MentionStatus, default=MentionStatus.FOUND
    )
    created_at = models.DateTimeField("أُنشئت", auto_now_add=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        # Cheap on purpose: admin inlines print it for every row.
        return f"{self._meta.verbose_name} {self.pk}"


class PersonMention(Mention):
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
        verbose_name="الشخص",
    )
    role = models.CharField("الصفة في القصة", max_length=300, blank=True)

    class Meta:
        verbose_name = "ذكر شخص"
        verbose_name_plural = "ذكر الأشخاص"
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_person_mention")
        ]
        indexes = [models.Index(fields=["person", "-article"], name="personmention_by_person")]


class LocationMention(Mention):
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
        verbose_name="المكان",
    )

    class Meta:
        verbose_name = "ذكر مكان"
        verbose_name_plural = "ذكر الأماكن"
        constraints = [
            models.UniqueConstraint(fields=["article", "location"], name="unique_location_mention")
        ]
        indexes = [models.Index(fields=["location", "-article"], name="locmention_by_location")]


class SourceMention(Mention):
    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
        verbose_name="المصدر",
    )
    as_credit = models.BooleanField("مصدر صورة", default=False)

    class Meta:
        verbose_name = "ذكر مصدر"
        verbose_name_plural = "ذكر المصادر"
        constraints = [
            models.UniqueConstraint(fields=["article", "source"], name="unique_source_mention")
        ]
        indexes = [models.Index(fields=["source", "-article"], name="srcmention_by_source")]


class Quote(models.Model):
    article = models.ForeignKey(  # the unique (article, person, text) serves lookups
        Article, on_delete=models.CASCADE, related_name="quotes", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField("الاقتباس")
    position = models.PositiveIntegerField("الترتيب", default=0)

    class Meta:
        verbose_name = "اقتباس"
        verbose_name_plural = "الاقتباسات"
        ordering = ["article", "position"]
        constraints = [
            # On a hash of the text: PostgreSQL cannot index a long quote itself (a btree
            # entry holds at most 2704 bytes, some 1,300 Arabic letters).
            models.UniqueConstraint("article", "person", MD5("text"), name="unique_quote_text_hash")
        ]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"


class LinkKind(models.TextChoices):
    CURATED = "curated", "اختيار المحرر"
    IMPORTED = "imported", "من الاستيراد"


class RelatedLink(models.Model):
    from_article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links", verbose_name="من"
    )
    to_article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="incoming_links", verbose_name="القصة"
    )
    kind = models.CharField("النوع", max_length=20, choices=LinkKind, default=LinkKind.CURATED)
    position = models.PositiveIntegerField("الترتيب", default=0)

    class Meta:
        verbose_name = "قصة ذات صلة"
        verbose_name_plural = "قصص ذات صلة"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="unique_link"),
            models.CheckConstraint(
                condition=~models.Q(from_article=models.F("to_article")), name="no_self_link"
            ),
        ]

    def __str__(self):
        return f"{self.from_article} → {self.to_article}"


def photo_path(image, filename: str) -> str:
    """Where an uploaded photo is stored: its cleaned file's content-hash name (the
    upload's own name never reaches a URL). Used by ``Photo.file`` and migration 0016."""
    return f"photos/{filename}"


class Image(models.Model):
    """A story's use of a photo: the caption and credit it has in this story, and its
    order (the first shown is the lead). ``photo`` is the library's ``Photo`` (file, alt
    text, focal point, renditions), which other stories may use too. Imported images are
    captions with no photo (the pages carry no image files) until an editor attaches one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    photo = models.ForeignKey(
        "articles.Photo",
        verbose_name="الصورة من المكتبة",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a photo a story shows is not deleted from under it
        related_name="placements",
    )
    caption = models.TextField("التعليق")
    credit = models.ForeignKey(
        Source,
        verbose_name="المصدر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credited_images",
    )
    credit_text = models.CharField("المصدر كما ورد", max_length=200, blank=True)
    is_archive = models.BooleanField("أرشيفية", default=False)
    position = models.PositiveIntegerField("الترتيب", default=0)

    class Meta:
        verbose_name = "صورة"
        verbose_name_plural = "الصور"
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption[:80]

    # What pages, the {% picture %} tag and the publishing check read, from the photo:
    # select_related("photo") keeps them free of queries. ``photo`` may be a new photo the
    # story form is about to save (no id yet), so it is read, not ``photo_id``.
    @property
    def file(self):
        return self.photo.file if self.photo else None

    @property
    def alt_text(self) -> str:
        return self.photo.alt_text if self.photo else ""

    @property
    def renditions(self) -> dict:
        return self.photo.renditions if self.photo else {}

    @property
    def focal(self) -> tuple[float, float]:
        return self.photo.focal if self.photo else (0.5, 0.5)
