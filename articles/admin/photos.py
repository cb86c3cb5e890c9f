"""The photo library (one ``Photo`` per picture, reused by any number of stories) and the
«الصور» inline of the story form, which uploads a new photo or places one from the library.

The library lists thumbnails (the 360 rendition), searches caption, alt text and credit
normalised like the rest of the admin, and its form sets the focal point by clicking the
picture (``static/js/focal_point.js``): saving re-cuts the crops around it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from articles.admin.forms import ImageInlineFormSet, PhotoField
from articles.models import Image, Photo
from articles.models.mentions import photo_path

NEW_FILE_HELP = "اختر ملفاً لصورة جديدة تُضاف إلى المكتبة، أو اختر صورة منها في الحقل السابق."
CAPTION_HELP = "إن تُرك فارغاً أُخذ تعليق الصورة في المكتبة."


def thumbnail(photo, width=120):
    """The photo's smallest rendition (360 wide, WebP), shown ``width`` pixels wide."""
    entries = (photo.renditions or {}).get("widths") if photo else None
    if not entries:
        return ""
    w, h, webp = entries[0][:3]
    return format_html(
        '<img class="photo-thumb" src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        default_storage.url(webp),
        width,
        round(width * h / w),
        photo.alt_text,
    )


class PhotoChooser(ForeignKeyRawIdWidget):
    """The library photo's number with the admin's lookup (the library list in a popup,
    thumbnails first: click one to choose it), and the chosen photo's thumbnail."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        photo = Photo.objects.filter(pk=value).first() if str(value or "").isdigit() else None
        return format_html('{}<span class="photo-chosen">{}</span>', html, thumbnail(photo))


class ImageInlineForm(forms.ModelForm):
    """A story's photo: a new upload (it becomes a library photo) or a library photo,
    with the photo's alt text and focal point, and the caption and credit in this story.

    Alt text and focal point belong to the photo, so changing them here changes them for
    every story that uses it; they are written only when the editor changed them.
    """

    file = PhotoField(label="ملف صورة جديدة", required=False, help_text=NEW_FILE_HELP)
    alt_text = forms.CharField(
        label="النص البديل",
        max_length=300,
        required=False,
        help_text=Photo._meta.get_field("alt_text").help_text,
    )
    focal_x = forms.FloatField(
        label="مركز الاهتمام أفقياً",
        min_value=0,
        max_value=1,
        required=False,
        help_text="من 0 (يسار الصورة) إلى 1 (يمينها)؛ أو انقر الصورة في مكتبة الصور.",
    )
    focal_y = forms.FloatField(
        label="مركز الاهتمام عمودياً",
        min_value=0,
        max_value=1,
        required=False,
        help_text=Photo._meta.get_field("focal_y").help_text,
    )
    PHOTO_FIELDS = ("alt_text", "focal_x", "focal_y")

    class Meta:
        model = Image
        fields = ("photo", "caption", "credit", "credit_text", "is_archive", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].required = False
        self.fields["caption"].help_text = CAPTION_HELP
        photo = self.instance.photo if self.instance.photo_id else None
        if photo is not None:
            for name in self.PHOTO_FIELDS:
                self.initial.setdefault(name, getattr(photo, name))

    def clean(self):
        data = super().clean()
        photo, upload = data.get("photo"), data.get("file")
        if upload:
            # The same picture uploaded again is the library's photo already.
            photo = Photo.objects.filter(file=photo_path(None, upload.name)).first()
            if photo is None:
                photo = Photo(
                    file=upload,
                    caption=data.get("caption") or "",
                    credit=data.get("credit"),
                    credit_text=data.get("credit_text") or "",
                    is_archive=bool(data.get("is_archive")),
                )
        if photo is not None:
            for name in self.PHOTO_FIELDS:
                if name in self.changed_data or photo.pk is None:
                    setattr(photo, name, data.get(name) or ("" if name == "alt_text" else None))
            if not (data.get("caption") or "").strip():
                data["caption"] = photo.caption
            data["photo"] = photo
        if not (data.get("caption") or "").strip() and "caption" not in self.errors:
            self.add_error("caption", "اكتب تعليق الصورة: ليس لهذه الصورة تعليق في المكتبة.")
        return data

    def save(self, commit=True):
        photo = self.cleaned_data.get("photo")
        touched = any(name in self.changed_data for name in (*self.PHOTO_FIELDS, "file"))
        if photo is not None and (photo.pk is None or touched):
            photo.save()
        self.instance.photo = photo
        return super().save(commit)


class ImageInline(admin.StackedInline):
    """Photos: stacked (one field a line) so the upload and alt text fit a phone."""

    model = Image
    form = ImageInlineForm
    formset = ImageInlineFormSet
    fields = (
        "photo",
        "file",
        "alt_text",
        "caption",
        "credit",
        "credit_text",
        "is_archive",
        ("focal_x", "focal_y"),
        "position",
    )
    autocomplete_fields = ("credit",)
    extra = 0
    classes = ("collapse",)

    class Media:
        css = {"all": ("css/admin-photos.css",)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["widget"] = PhotoChooser(db_field.remote_field, self.admin_site)
            kwargs["required"] = False
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "credit")


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = (
            "file",
            "focal_x",
            "focal_y",
            "alt_text",
            "caption",
            "credit",
            "credit_text",
            "is_archive",
        )
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    class Media:
        js = ("js/focal_point.js",)
        css = {"all": ("css/admin-photos.css",)}


class MissingAltFilter(admin.SimpleListFilter):
    title = "النص البديل"
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return (("missing", "ينقصها النص البديل"), ("written", "لها نص بديل"))

    def queryset(self, request, queryset):
        missing = Q(alt_text="")
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "written":
            return queryset.exclude(missing)
        return queryset


class UsedFilter(admin.SimpleListFilter):
    title = "الاستعمال"
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return (("yes", "في قصة أو أكثر"), ("no", "غير مستعملة"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(placements__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(placements__isnull=True)
        return queryset


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ("thumb", "caption_shown", "credit_shown", "alt_shown", "is_archive", "uses")
    list_display_links = ("thumb", "caption_shown")
    list_filter = ("is_archive", MissingAltFilter, UsedFilter)
    search_fields = ("caption",)  # shows the box; get_search_results does the matching
    autocomplete_fields = ("credit",)
    list_per_page = 50
    fields = (
        "focal_picker",
        "file",
        ("focal_x", "focal_y"),
        "alt_text",
        "caption",
        "credit",
        "credit_text",
        "is_archive",
        "size",
        "used_in",
    )
    readonly_fields = ("focal_picker", "size", "used_in")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["form_class"] = PhotoField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("credit")
            .annotate(use_count=Count("placements"))
        )

    def get_search_results(self, request, queryset, search_term):
        return queryset.matching(search_term), False

    @admin.display(description="الصورة")
    def thumb(self, photo):
        return thumbnail(photo) or "—"

    @admin.display(description="التعليق", ordering="caption")
    def caption_shown(self, photo):
        return photo.caption[:80] or "—"

    @admin.display(description="المصدر")
    def credit_shown(self, photo):
        return photo.credit.name if photo.credit_id else photo.credit_text or "—"

    @admin.display(description="النص البديل", boolean=True)
    def alt_shown(self, photo):
        return bool(photo.alt_text.strip())

    @admin.display(description="القصص", ordering="use_count")
    def uses(self, photo):
        n = photo.use_count
        return ngettext("%(count)d story", "%(count)d stories", n) % {"count": n}

    @admin.display(description="مركز الاهتمام")
    def focal_picker(self, photo):
        """The picture with a marker at the focal point: a click moves both (the script
        writes the two numbers below); saving re-cuts the crops around it."""
        entries = (photo.renditions or {}).get("widths") if photo.pk else None
        if not entries:
            return "احفظ الصورة أولاً، ثم انقرها هنا لتحديد مركز الاهتمام."
        w, h, webp = next((e for e in entries if e[0] >= 720), entries[-1])[:3]
        x, y = photo.focal
        return format_html(
            '<div class="focal-picker" data-x="{}" data-y="{}">'
            '<img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-marker" aria-hidden="true"></span></div>'
            '<p class="help">انقر الصورة حيث مركز الاهتمام: تُقصّ الصورة حوله عند الحفظ.</p>',
            x,
            y,
            default_storage.url(webp),
            w,
            h,
            photo.alt_text,
        )

    @admin.display(description="المقاس")
    def size(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else "—"

    @admin.display(description="تُستعمل في")
    def used_in(self, photo):
        rows = photo.placements.select_related("article").order_by("-article__updated_at")[:20]
        if not rows:
            return "لا تستعملها قصة بعد."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (reverse("admin:articles_article_change", args=[r.article_id]), r.article.title)
                    for r in rows
                ),
            ),
        )
