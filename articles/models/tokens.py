"""Per-user API tokens: an editor or reporter makes one in the admin and sees its key once.

Only a SHA-256 hash of the key is stored (the key is 32 random bytes, so a fast hash is
enough: nobody can guess their way back from it), with the key's first characters so its
owner can tell two tokens apart. A token acts with its user's rights, never more; one that
is revoked, or whose user is inactive, authenticates nobody.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "nr_"
# How often the last use is written back: not a write on every request of a busy client.
LAST_USED_STEP = timedelta(minutes=1)
# Defined on ImportJob (articles/models/jobs.py): a token may carry it for its user.
INGEST_PERMISSION = "articles.ingest_pages"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def authenticate(self, key: str) -> ApiToken | None:
        """The active token whose key is ``key``, its last use noted; None for any other key.

        Found by the key's hash (unique, indexed), then the hashes compared once more in
        constant time, so nothing about a stored hash leaks through how long a refusal takes.
        """
        if not key.startswith(KEY_PREFIX) or len(key) > 100:
            return None
        digest = hash_key(key)
        token = self.active().select_related("user").filter(key_hash=digest).first()
        if token is None or not hmac.compare_digest(token.key_hash, digest):
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="المستخدم",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        "الاسم", max_length=100, help_text="لمن أو لماذا هذا المفتاح، مثل «تطبيق الهاتف»."
    )
    prefix = models.CharField("بداية المفتاح", max_length=12, editable=False)
    key_hash = models.CharField("بصمة المفتاح", max_length=64, unique=True, editable=False)
    can_ingest = models.BooleanField(
        "يرفع صفحات للاستيراد",
        default=False,
        help_text="يسمح للمفتاح برفع صفحات إلى الاستيراد. لمن يملك صلاحية الاستيراد فقط.",
    )
    created_at = models.DateTimeField("أُنشئ", auto_now_add=True)
    last_used_at = models.DateTimeField("آخر استعمال", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("أُلغي", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "مفتاح واجهة برمجية"
        verbose_name_plural = "مفاتيح الواجهة البرمجية"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self) -> str:
        """Give the token a new random key and return it: the only time it is readable."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.key_hash = hash_key(key)
        self.prefix = key[: len(KEY_PREFIX) + 5]
        return key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            type(self).objects.filter(pk=self.pk).update(revoked_at=self.revoked_at)

    @property
    def may_ingest(self) -> bool:
        """Ingest needs both the token's right and its user's permission, today."""
        return self.can_ingest and self.is_active and self.user.has_perm(INGEST_PERMISSION)
