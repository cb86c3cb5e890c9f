"""An uploaded photo, checked and cleaned before anything is stored.

Refused, with an Arabic message naming the problem: anything Pillow does not read as a
raster photo (text or HTML named ``.jpg``), SVG (it can carry scripts), files over the
size limit, more pixels than the limit (read from the header, before any decoding: a
30,000 × 30,000 PNG is a few kilobytes that would take gigabytes to open) and truncated
files. Accepted photos are re-encoded: the EXIF orientation applied, then every piece of
metadata dropped (EXIF with GPS, XMP, IPTC, ICC, comments); animated images keep their
first frame; CMYK, 16-bit and palette images become 8-bit RGB (RGBA when transparent).
The result is named by its content hash, never by the uploaded name.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

# Formats a newsroom photo comes in; anything else (SVG, PDF, EPS...) is refused.
FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "TIFF", "MPO", "AVIF", "HEIF", "BMP"}
MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000


class PhotoError(ValueError):
    """An upload refused: ``str()`` is the Arabic message for the editor."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes  # the re-encoded file, no metadata
    extension: str  # "jpg" or "png"
    width: int
    height: int
    digest: str  # hex SHA-256 of ``data``: the stored file's name

    @property
    def name(self) -> str:
        return f"{self.digest[:32]}.{self.extension}"


def clean_photo(data: bytes, *, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS) -> CleanPhoto:
    """``data`` checked and re-encoded, or PhotoError saying what is wrong with it."""
    if not data:
        raise PhotoError("الملف فارغ.")
    if len(data) > max_bytes:
        raise PhotoError(too_large(len(data), max_bytes))
    if looks_like_svg(data):
        raise PhotoError("صور SVG غير مقبولة (قد تحمل نصوصاً برمجية): ارفع JPEG أو PNG أو WebP.")
    limit = max_pixels // 1_000_000
    too_many = f"أبعاد الصورة أكبر من المسموح ({limit} مليون نقطة): صغّرها ثم ارفعها."
    try:
        with warnings.catch_warnings():
            # The pixel limit is ours (below Pillow's), checked on the header just below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=readable_formats())
    except Image.DecompressionBombError:
        raise PhotoError(too_many) from None
    except UnidentifiedImageError:
        raise PhotoError(
            "هذا الملف ليس صورة يمكن قراءتها: ارفع صورة JPEG أو PNG أو WebP."
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(f"تعذّرت قراءة الصورة: الملف تالف ({exc}).") from None
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoError(f"{width}×{height}: {too_many}")
    try:
        return encode(decode(image))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoError(f"الصورة ناقصة أو تالفة ولا يمكن فتحها ({exc}).") from None


def decode(image: Image.Image) -> Image.Image:
    """The first frame, upright, 8-bit RGB or RGBA, with no metadata attached."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # a cut-off file is refused, not padded grey
    image.seek(0)
    image.load()
    upright = ImageOps.exif_transpose(image)
    if upright.mode.startswith("I"):
        # 16-bit greyscale: scaled to 8 bits rather than clipped (all white above 255).
        upright = upright.convert("I").point(lambda v: v / 256).convert("L")
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    clean = upright.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}
    return clean


def encode(image: Image.Image) -> CleanPhoto:
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(out, "JPEG", quality=90, optimize=True, progressive=True)
        extension = "jpg"
    data = out.getvalue()
    return CleanPhoto(data, extension, *image.size, hashlib.sha256(data).hexdigest())


def readable_formats() -> list[str]:
    Image.init()
    return sorted(FORMATS & set(Image.OPEN))


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in head)


def too_large(size: int, limit: int) -> str:
    return f"الملف كبير جداً ({megabytes(size)} ميغابايت)، والحد الأقصى {megabytes(limit)} ميغابايت."


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
