"""The people, places and sources named in stories."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from articles.ingest.entities.variants import variant_lines
from articles.models.slugs import unique_slug
from articles.text.clean import clean_line
from articles.text.keys import name_key


class EntityQuerySet(models.QuerySet):
    def public(self):
        """The records a reader may see: named in at least one public story."""
        return self.filter(self.model.named_in_public())


class Entity(models.Model):
    """Fields shared by people, places and sources."""

    name = models.CharField("الاسم", max_length=200)
    slug = models.SlugField("المعرّف", max_length=220, unique=True, allow_unicode=True, blank=True)
    aliases = models.TextField(
        "أسماء أخرى",
        blank=True,
        help_text="اسم في كل سطر. يستعملها الاستيراد للتعرف على الكيان نفسه بتهجئة أخرى.",
    )
    key = models.CharField("المفتاح الموحّد", max_length=200, db_index=True, editable=False)
    # The aliases' keys (``name_key``), one a line: what the admin's search matches, in the
    # database, so it never has to normalise every record's aliases itself.
    alias_keys = models.TextField("مفاتيح الأسماء الأخرى", blank=True, editable=False)
    created_at = models.DateTimeField("أُنشئ", auto_now_add=True)
    updated_at = models.DateTimeField("عُدّل", auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.key = name_key(self.name)
        self.alias_keys = "\n".join(k for k in map(name_key, self.alias_list) if k)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "aliases" in update_fields:
            kwargs["update_fields"] = {*update_fields, "alias_keys"}
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"articles:{self._meta.model_name}_detail", kwargs={"slug": self.slug})

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

    @classmethod
    def mention_field(cls) -> str:
        """The name of the mention's foreign key to this model (``person``)."""
        return cls._meta.get_field("mentions").field.name

    @classmethod
    def public_mentions(cls):
        """Visible mentions of records of this kind in public stories."""
        return cls._meta.get_field("mentions").related_model.objects.public()

    @classmethod
    def named_in_public(cls):
        """The one definition of a public entity, as a condition on the outer record: named
        by a visible mention in at least one public story.

        A story a reader cannot see (draft, review, stub, scheduled) or a rejected mention
        never makes a name public: its page, feed, sitemap entry and menu entry stay absent.
        """
        return Exists(cls.public_mentions().filter(**{cls.mention_field(): OuterRef("pk")}))


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

    @classmethod
    def named_in_public(cls):
        """A source is also public through the public stories it published."""
        published = cls._meta.get_field("published_articles").related_model.objects.published()
        return super().named_in_public() | Exists(published.filter(source=OuterRef("pk")))


class Person(Entity):
    description = models.CharField(
        "الصفة", max_length=300, blank=True, help_text="المنصب أو الصفة كما وردت آخر مرة."
    )
    # The transliteration variant keys of the name and aliases (``name_variant``), one a
    # line: where «ترامب» finds «ترمب», in resolution and in search. Only people: the
    # gazetteer already lists places' spellings, and places' variants collide more.
    variant_keys = models.TextField("مفاتيح التهجئات الأخرى", blank=True, editable=False)

    class Meta(Entity.Meta):
        verbose_name = "شخص"
        verbose_name_plural = "الأشخاص"
        constraints = [models.UniqueConstraint(fields=["key"], name="unique_person_key")]

    def save(self, *args, **kwargs):
        self.variant_keys = variant_lines([clean_line(self.name), *self.alias_list])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "aliases"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "variant_keys"}
        super().save(*args, **kwargs)


class LocationKind(models.TextChoices):
    COUNTRY = "country", "دولة"
    GOVERNORATE = "governorate", "محافظة / إقليم"
    CITY = "city", "مدينة / بلدة"
    VILLAGE = "village", "قرية"
    REGION = "region", "منطقة / معلم"


class Location(Entity):
    # A place also counts through the places under it (a governorate through its cities),
    # down to this many levels: its page lists them and the crumbs above them link to it.
    PUBLIC_DEPTH = 3

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

    @classmethod
    def named_in_public(cls):
        mentions, named = cls.public_mentions(), Q()
        for depth in range(cls.PUBLIC_DEPTH + 1):  # one index-friendly probe per level
            named |= Exists(mentions.filter(**{"location" + "__parent" * depth: OuterRef("pk")}))
        return named

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
