"""``{% picture image %}``: a photo's renditions as ``<picture>`` with WebP and a JPEG
fallback, ``srcset``/``sizes`` and explicit width and height (nothing jumps while it loads).
Everything comes from ``Image.renditions``: no storage access, no query."""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def srcset(entries, column) -> str:
    return ", ".join(f"{default_storage.url(entry[column])} {entry[0]}w" for entry in entries)


@register.simple_tag
def picture(image, kind="widths", sizes="100vw", eager=False):
    """``kind`` is "widths" (the whole photo) or "card" (cropped 16:9 to its focal point);
    ``eager`` for the lead photo (loaded at once), the others load when scrolled to."""
    entries = (image.renditions or {}).get(kind) if image else None
    if not entries:
        return ""
    fallback = next((e for e in entries if e[0] >= 720), entries[-1])
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}></picture>',
        srcset(entries, 2),
        sizes,
        default_storage.url(fallback[3]),
        srcset(entries, 3),
        sizes,
        fallback[0],
        fallback[1],
        image.alt_text,
        "eager" if eager else "lazy",
        mark_safe(' fetchpriority="high"') if eager else "",
    )


@register.filter
def photo_in(block, photos):
    """The photo shown at a body caption ``block`` (``StoryPhotos.in_body``), if any."""
    return photos.in_body.get(block.get("text", "").strip()) if photos else None
