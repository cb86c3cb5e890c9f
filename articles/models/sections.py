"""Sections (the desk's «أقسام»: a story belongs to one) and the front page's picks."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from articles.models.slugs import unique_slug
from articles.text.clean import clean_line


class SectionQuerySet(models.QuerySet):
    def public(self):
        """Sections a reader may see: holding at least one public story."""
        from articles.models.stories import Article

        return self.filter(Exists(Article.objects.published().filter(section=OuterRef("pk"))))


class Section(models.Model):
    """A section of the paper («المشرق العربي»): its own page, feed and menu entry.

    The import creates one by the name its page prints; editors order the menu by
    ``position`` (smaller first) and may describe the section for its page.
    """

    name = models.CharField("الاسم", max_length=100, unique=True)
    slug = models.SlugField("المعرّف", max_length=120, unique=True, allow_unicode=True, blank=True)
    position = models.PositiveSmallIntegerField(
        "الترتيب", default=100, help_text="ترتيب القسم في قائمة الأقسام: الأصغر أولاً."
    )
    description = models.TextField("الوصف", blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "الأقسام"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        if not self.slug:
            self.slug = unique_slug(Section, self.name, exclude_pk=self.pk, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section_detail", kwargs={"slug": self.slug})


class FrontPick(models.Model):
    """A story the editors put on the front page, in their order: the first is the lead.

    Kept apart from the story's row on purpose: pinning or reordering is layout, not a
    change to the story, so it neither bumps the story's version (an editor's open form
    stays valid) nor adds a revision. A pick whose story is no longer public is simply
    not shown (the front page reads picks through ``Article.objects.published()``).
    """

    article = models.OneToOneField(
        "articles.Article",
        verbose_name="القصة",
        on_delete=models.CASCADE,
        related_name="front_pick",
    )
    position = models.PositiveSmallIntegerField(
        "الترتيب", default=0, help_text="الأصغر أولاً؛ القصة الأولى هي القصة الرئيسية."
    )
    pinned_at = models.DateTimeField("ثُبّتت في", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "قصة في الصفحة الأولى"
        verbose_name_plural = "الصفحة الأولى"
        ordering = ["position", "-pinned_at"]

    def __str__(self):
        return str(self.article)
