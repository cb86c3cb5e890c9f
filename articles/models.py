"""Newsroom data model: stories and the people, places and sources named in them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, router, transaction
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from articles.search import IndexText, search_text_of
from articles.text import body as body_format
from articles.text.arabic import words
from articles.text.clean import clean_line, clean_text


def name_key(text: str) -> str:
    """The matching key of a name: normalised words, punctuation dropped."""
    return " ".join(words(text))


def _slug_base(text: str, max_length: int) -> str:
    return slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 200, taken=()) -> str:
    """A Unicode slug for ``text`` not yet used by another ``model`` row (nor in ``taken``)."""
    base = _slug_base(text, max_length)
    slug, n = base, 2
    qs = model._default_manager.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while slug in taken or qs.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


def unique_slugs(model, texts, *, max_length: int = 200) -> list[str]:
    """Unique slugs for several new rows at once: one query unless a slug is taken."""
    bases = [_slug_base(text, max_length) for text in texts]
    wanted, taken = sorted(set(bases)), set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        taken.update(model._default_manager.filter(slug__in=chunk).values_list("slug", flat=True))
    slugs = []
    for text, base in zip(texts, bases, strict=True):
        slug = base
        if slug in taken:
            slug = unique_slug(model, text, max_length=max_length, taken=taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """JSON with Arabic written as itself, not as ``\\uXXXX`` escapes.

    A story body is almost all Arabic: escaped, it takes six bytes a letter instead of
    two, and PostgreSQL's bulk insert escapes every one of those backslashes again.
    """

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class Entity(models.Model):
    """Fields shared by people, places and sources."""

    name = models.CharField("الاسم", max_length=200)
    slug = models.SlugField("المعرّف", max_length=220, unique=True, allow_unicode=True, blank=True)
    aliases = models.TextField(
        "أسماء أخرى",
        blank=True,
        help_text="اسم في كل سطر. يستعملها الاستيراد للتعرف على الكيان نفسه بتهجئة أخرى.",
    )
    key = models.CharField(max_length=200, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def add_aliases(self, names) -> bool:
        """Add names (not already the name or an alias); True when something changed."""
        known = {name_key(self.name)} | {name_key(a) for a in self.alias_list}
        new = []
        for n in names:
            if n and name_key(n) not in known:
                known.add(name_key(n))
                new.append(n.strip())
        if new:
            self.aliases = "\n".join(self.alias_list + new)
        return bool(new)

    def match_keys(self) -> set[str]:
        return {name_key(self.name)} | {name_key(a) for a in self.alias_list}

    def identity(self) -> dict:
        """The lookup of the one record this name may be (the database's unique key)."""
        return {"key": name_key(self.name)}

    def clean(self):
        twin = type(self)._default_manager.filter(**self.identity()).exclude(pk=self.pk).first()
        if twin is not None:
            raise ValidationError(
                {"name": f"يوجد «{twin.name}» بالمفتاح نفسه؛ عدّل الموجود أو ادمج بدلاً من التكرار."}
            )


class SourceKind(models.TextChoices):
    NEWSPAPER = "newspaper", "صحيفة"
    AGENCY = "agency", "وكالة أنباء"
    BROADCASTER = "broadcaster", "قناة"
    WEBSITE = "website", "موقع إلكتروني"
    OTHER = "other", "أخرى"


class Source(Entity):
    kind = models.CharField("النوع", max_length=20, choices=SourceKind, default=SourceKind.OTHER)
    url = models.URLField("الموقع", blank=True)

    class Meta(Entity.Meta):
        verbose_name = "مصدر"
        verbose_name_plural = "المصادر"
        constraints = [models.UniqueConstraint(fields=["key"], name="unique_source_key")]

    def get_absolute_url(self):
        return reverse("articles:source_detail", kwargs={"slug": self.slug})


class Person(Entity):
    description = models.CharField(
        "الصفة", max_length=300, blank=True, help_text="المنصب أو الصفة كما وردت آخر مرة."
    )

    class Meta(Entity.Meta):
        verbose_name = "شخص"
        verbose_name_plural = "الأشخاص"
        constraints = [models.UniqueConstraint(fields=["key"], name="unique_person_key")]

    def get_absolute_url(self):
        return reverse("articles:person_detail", kwargs={"slug": self.slug})


class LocationKind(models.TextChoices):
    COUNTRY = "country", "دولة"
    GOVERNORATE = "governorate", "محافظة / إقليم"
    CITY = "city", "مدينة / بلدة"
    VILLAGE = "village", "قرية"
    REGION = "region", "منطقة / معلم"


class Location(Entity):
    kind = models.CharField("النوع", max_length=20, choices=LocationKind, default=LocationKind.CITY)
    parent = models.ForeignKey(
        "self",
        verbose_name="يتبع",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    latitude = models.FloatField("خط العرض", null=True, blank=True)
    longitude = models.FloatField("خط الطول", null=True, blank=True)

    class Meta(Entity.Meta):
        verbose_name = "مكان"
        verbose_name_plural = "الأماكن"
        # Same-named places in different countries are real (طرابلس), so a name is unique
        # under its parent; NULLs never collide in a unique index, hence the second one.
        constraints = [
            models.UniqueConstraint(fields=["key", "parent"], name="unique_location_key"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(parent__isnull=True),
                name="unique_top_location_key",
            ),
        ]

    def get_absolute_url(self):
        return reverse("articles:location_detail", kwargs={"slug": self.slug})

    def ancestors(self) -> list[Location]:
        """Parents from the nearest up (الموصل -> [نينوى، العراق]); cycle-safe."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def identity(self) -> dict:
        return {"key": name_key(self.name), "parent_id": self.parent_id}

    def clean(self):
        super().clean()
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "لا يتبع المكان نفسه."})
        if self.pk and self.parent and self.pk in {a.pk for a in self.parent.ancestors()}:
            raise ValidationError({"parent": "هذا الاختيار يصنع حلقة في التبعية."})


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

    def search(self, query: str):
        from articles import search

        return search.search_articles(self, query)

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
    section = models.CharField("القسم", max_length=100, blank=True)
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
        max_length=255, unique=True, null=True, blank=True, editable=False
    )
    fingerprint = models.CharField("البصمة", max_length=64, blank=True, editable=False)
    imported_hash = models.CharField(max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField("تاريخ الاستيراد", null=True, blank=True, editable=False)

    # Optimistic locking: bumped on every save; a form carrying an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    # Revisions are looked up by story and date only: the story's own indexes would
    # just make every revision written cost ten more index entries.
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "updated_at"],
        no_db_index=["slug", "import_key", "status", "section", "published_at", "source"],
    )

    class Meta:
        verbose_name = "قصة"
        verbose_name_plural = "القصص"
        ordering = ["-published_at", "-id"]
        # (status, ...) also serves filters on status alone; an index declared here, unlike
        # db_index, gets no PostgreSQL LIKE twin, which section is never searched with.
        indexes = [
            models.Index(fields=["status", "is_stub", "published_at"]),
            models.Index(fields=["section"], name="article_section"),
        ]
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
            self.published_at = timezone.now()
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

    def editable_hash(self, images=None) -> str:
        """Hash of what an editor can change and a re-import would overwrite.

        It differs from ``imported_hash`` once edited. The publisher and the photos
        (captions, credits) are in it because an update replaces them too. ``images`` are
        the story's Image rows when the import holds them in memory; otherwise they are
        read. Tags, mentions and links are not: the import never overwrites those.
        """
        from articles.text.fingerprint import content_hash

        if images is None:
            images = list(self.images.all()) if self.pk else []
        photos = [
            [i.position, i.caption, i.credit_id, i.credit_text, i.is_archive]
            for i in sorted(images, key=lambda image: image.position)
        ]
        return content_hash(
            self.title, self.deck, self.body, self.summary, self.section, self.byline,
            self.dateline, self.is_exclusive, self.status, self.source_id, photos,
        )  # fmt: skip

    def clean_text_fields(self) -> None:
        """No control characters in any text a reader or feed will carry: one would make
        the feeds fail and the sitemaps malformed XML. Tab and newline stay where the field
        is multi-line."""
        for name in ("title", "byline", "dateline", "section"):
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


class MentionStatus(models.TextChoices):
    FOUND = "found", "وجدها الاستيراد"
    ACCEPTED = "accepted", "مقبولة"
    REJECTED = "rejected", "مرفوضة"


class MentionQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=MentionStatus.REJECTED)


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
    created_at = models.DateTimeField(auto_now_add=True)

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
    position = models.PositiveIntegerField(default=0)

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


class Image(models.Model):
    """A photo known by its caption and credit (the pages carry no image files)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
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


class DeletedStory(models.Model):
    """A tombstone: an imported story an editor deleted, which the import must not bring back.

    Written whenever an article with an import key is deleted (``articles.editorial.tombstones``);
    removing the tombstone lets the next import create the story again.
    """

    import_key = models.CharField(max_length=255, unique=True, editable=False)
    title = models.CharField("العنوان", max_length=500)
    was_stub = models.BooleanField("كانت قصة مختصرة", default=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="حذفها",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_at = models.DateTimeField("تاريخ الحذف", default=timezone.now)

    class Meta:
        verbose_name = "قصة محذوفة"
        verbose_name_plural = "قصص محذوفة (لا يعيدها الاستيراد)"
        ordering = ["-deleted_at", "-id"]

    def __str__(self):
        return self.title


class RemovedLink(models.Model):
    """An imported related link an editor removed: the import does not add it back."""

    from_article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="removed_links", db_index=False
    )
    to_key = models.CharField(max_length=255)  # the import key of the story it pointed to

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_key"], name="unique_removed_link")
        ]

    def __str__(self):
        return f"{self.from_article_id} ↛ {self.to_key}"
