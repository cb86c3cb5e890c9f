"""Records of what editors deleted, which the import must respect."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.stories import Article


class DeletedStory(models.Model):
    """A tombstone: an imported story an editor deleted, which the import must not bring back.

    Written whenever an article with an import key is deleted (``articles.editorial.tombstones``);
    removing the tombstone lets the next import create the story again.
    """

    import_key = models.CharField("مفتاح الاستيراد", max_length=255, unique=True, editable=False)
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
    to_key = models.CharField(
        "مفتاح القصة المحال إليها", max_length=255
    )  # the import key of the story it pointed to

    class Meta:
        verbose_name = "رابط أزاله محرر"
        verbose_name_plural = "روابط أزالها المحررون"
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_key"], name="unique_removed_link")
        ]

    def __str__(self):
        return f"{self.from_article_id} ↛ {self.to_key}"
