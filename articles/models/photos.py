"""Photos as assets: one ``Photo`` (the file, its alt text, focal point and renditions)
placed in any number of stories by their ``Image`` rows (caption, credit and order there).

A photo's renditions are made once when it is saved (never on a reader's request). The
sizes are written through Django's default storage next to the original, under names
derived from its content hash and focal point (``articles/imaging/renditions.py``), and
listed in ``Photo.renditions`` so pages build ``srcset`` without touching storage. Saving
the same file and focal point again finds its index up to date and does nothing.

Files are named by their content, so two uploads of the same picture are one file: a file
or rendition is deleted only when no photo uses it any more.
"""

from __future__ import annotations

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction

from articles.imaging.renditions import make_renditions
from articles.models.entities import Source
from articles.models.mentions import photo_path
from articles.text.arabic import words


class PhotoQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Photos whose caption, alt text or credit holds every word of ``text``, compared
        normalised (diacritics, hamza forms, tatweel) and without clitics, as the rest of
        the admin's search: «بالموصل» finds «الموصل». A credit is also found by a whole
        name or alias («أ.ف.ب»), whose letters alone would match almost anything."""
        from articles.text.keys import name_key, stem_key

        whole = name_key(text)
        if not whole:
            return self
        found = models.Q(credit__key__contains=whole) | models.Q(credit__alias_keys__contains=whole)
        stems = [stem_key(word) for word in words(text) if len(word) > 1]
        if stems:
            every = models.Q()
            for key in stems:
                every &= (
                    models.Q(search_key__contains=key)
                    | models.Q(credit__key__contains=key)
                    | models.Q(credit__alias_keys__contains=key)
                )
            found |= every
        return self.filter(found)


class Photo(models.Model):
    """A picture in the library: the cleaned file (``articles/imaging``), what it shows
    (alt text), its own caption and credit, and the renditions made from it."""

    file = models.ImageField("ملف الصورة", upload_to=photo_path, max_length=200)
    alt_text = models.CharField(
        "النص البديل",
        max_length=300,
        blank=True,
        help_text="ما تُظهره الصورة لمن لا يراها، بجملة قصيرة. لا تُنشر قصة فيها الصورة بدونه.",
    )
    caption = models.TextField("التعليق", blank=True)
    credit = models.ForeignKey(
        Source,
        verbose_name="المصدر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credited_photos",
    )
    credit_text = models.CharField("المصدر كما ورد", max_length=200, blank=True)
    is_archive = models.BooleanField("أرشيفية", default=False)
    focal_x = models.FloatField(
        "مركز الاهتمام أفقياً",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="من 0 (يسار الصورة) إلى 1 (يمينها)؛ تُقصّ الصورة حوله. انقر الصورة لتحديده.",
    )
    focal_y = models.FloatField(
        "مركز الاهتمام عمودياً",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="من 0 (أعلى الصورة) إلى 1 (أسفلها).",
    )
    width = models.PositiveIntegerField("العرض", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("الارتفاع", null=True, blank=True, editable=False)
    renditions = models.JSONField("المقاسات", default=dict, blank=True, editable=False)
    search_key = models.TextField("مفتاح البحث", blank=True, editable=False)
    created_at = models.DateTimeField("أُضيفت", auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "صورة من المكتبة"
        verbose_name_plural = "مكتبة الصور"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return (self.caption or self.alt_text or self.file.name)[:80]

    def save(self, *args, **kwargs):
        self.search_key = " ".join(words(f"{self.caption} {self.alt_text} {self.credit_text}"))
        if self.file and not self.file._committed:
            name = photo_path(self, posixpath.basename(self.file.name))
            if default_storage.exists(name):  # the same picture already stored: share it
                self.file = name
        before = None
        if self.pk:
            before = type(self).objects.filter(pk=self.pk).values("file", "renditions").first()
        super().save(*args, **kwargs)
        ensure_renditions(self)
        if before:
            stale = stored_names(before["file"], before["renditions"]) - stored_names(
                self.file.name, self.renditions
            )
            if stale:
                transaction.on_commit(lambda: delete_unused(stale))

    @property
    def focal(self) -> tuple[float, float]:
        return (
            0.5 if self.focal_x is None else self.focal_x,
            0.5 if self.focal_y is None else self.focal_y,
        )


def stored_names(file_name: str, renditions: dict) -> set[str]:
    """Every file a photo's row points at: the original and each rendition."""
    names = {file_name} if file_name else set()
    for kind in ("widths", "card"):
        for entry in (renditions or {}).get(kind, []):
            names.update(entry[2:4])
    og = (renditions or {}).get("og")
    if og:
        names.add(og[2])
    return names


def delete_unused(names: set[str]) -> None:
    """Delete the files of ``names`` that no photo uses any more: another photo may hold
    the same content-named original, or a crop of it at the same focal point."""
    shares = models.Q()
    for stem in {posixpath.basename(name)[:32] for name in names}:
        shares |= models.Q(file__contains=stem)
    used = set()
    for photo in Photo.objects.filter(shares).only("file", "renditions"):
        used |= stored_names(photo.file.name, photo.renditions)
    for name in sorted(names - used):
        if default_storage.exists(name):
            default_storage.delete(name)


def rendition_key(photo) -> list:
    return [photo.file.name, *photo.focal]


def ensure_renditions(photo) -> None:
    if not photo.file:
        if photo.renditions:
            type(photo).objects.filter(pk=photo.pk).update(renditions={}, width=None, height=None)
            photo.renditions = {}
        return
    if photo.renditions.get("key") == rendition_key(photo):
        return
    with photo.file.open("rb") as handle:
        original = handle.read()
    digest = posixpath.splitext(posixpath.basename(photo.file.name))[0]
    files, index = make_renditions(original, digest, photo.focal)
    folder = posixpath.join(posixpath.dirname(photo.file.name), "r")
    og_bytes = next(len(r.data) for r in files if r.name == index["og"][2])
    for rendition in files:
        name = posixpath.join(folder, rendition.name)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(rendition.data))
    width, height = index["size"]
    index = {
        "key": rendition_key(photo),
        "widths": [
            [w, h, f"{folder}/{webp}", f"{folder}/{jpg}"] for w, h, webp, jpg in index["widths"]
        ],
        "card": [
            [w, h, f"{folder}/{webp}", f"{folder}/{jpg}"] for w, h, webp, jpg in index["card"]
        ],
        # The crop's size in bytes too: a feed's <enclosure> must give it.
        "og": [index["og"][0], index["og"][1], f"{folder}/{index['og'][2]}", og_bytes],
    }
    type(photo).objects.filter(pk=photo.pk).update(renditions=index, width=width, height=height)
    photo.renditions, photo.width, photo.height = index, width, height


def og_image_url(image) -> str | None:
    """The address of a photo's 1200×630 crop (``og:image``, JSON-LD), or None; ``image``
    is a ``Photo`` or a story's ``Image`` placing one."""
    og = (image.renditions or {}).get("og") if image else None
    return default_storage.url(og[2]) if og else None
