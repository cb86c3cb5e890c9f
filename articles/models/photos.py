"""A photo's renditions, made once when it is saved (never on a reader's request).

The sizes are written through Django's default storage next to the original, under
names derived from its content hash and focal point (``articles/imaging/renditions.py``),
and listed in ``Image.renditions`` so pages build ``srcset`` without touching storage.
Saving the same file and focal point again finds its index up to date and does nothing.
"""

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.imaging.renditions import make_renditions


def rendition_key(image) -> list:
    return [image.file.name, *image.focal]


def ensure_renditions(image) -> None:
    if not image.file:
        if image.renditions:
            type(image).objects.filter(pk=image.pk).update(renditions={}, width=None, height=None)
            image.renditions = {}
        return
    if image.renditions.get("key") == rendition_key(image):
        return
    with image.file.open("rb") as handle:
        original = handle.read()
    digest = posixpath.splitext(posixpath.basename(image.file.name))[0]
    files, index = make_renditions(original, digest, image.focal)
    folder = posixpath.join(posixpath.dirname(image.file.name), "r")
    for rendition in files:
        name = posixpath.join(folder, rendition.name)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(rendition.data))
    width, height = index["size"]
    index = {
        "key": rendition_key(image),
        "widths": [
            [w, h, f"{folder}/{webp}", f"{folder}/{jpg}"] for w, h, webp, jpg in index["widths"]
        ],
        "card": [
            [w, h, f"{folder}/{webp}", f"{folder}/{jpg}"] for w, h, webp, jpg in index["card"]
        ],
        "og": [index["og"][0], index["og"][1], f"{folder}/{index['og'][2]}"],
    }
    type(image).objects.filter(pk=image.pk).update(renditions=index, width=width, height=height)
    image.renditions, image.width, image.height = index, width, height


def og_image_url(image) -> str | None:
    """The address of ``image``'s 1200×630 crop (``og:image``, JSON-LD), or None."""
    og = (image.renditions or {}).get("og") if image else None
    return default_storage.url(og[2]) if og else None
