"""The sizes a photo is served in, made once when it is saved.

Widths for ``srcset`` (never wider than the original), each in WebP and JPEG, and
fixed-ratio crops centred as near the focal point as the frame allows: the 16:9 card and
the 1200 × 630 ``og:image``. Names come from the original's content hash (and, for crops,
the focal point), so saving the same photo again makes the same names.
"""

import io
from dataclasses import dataclass

from PIL import Image

WIDTHS = (360, 720, 1080, 1600)
CARD_WIDTHS = (360, 720, 1080)
CARD_RATIO = (16, 9)
OG_SIZE = (1200, 630)


@dataclass(frozen=True)
class Rendition:
    name: str  # relative to the photo's folder
    data: bytes
    width: int
    height: int


def make_renditions(original: bytes, digest: str, focal=(0.5, 0.5)) -> tuple[list, dict]:
    """Every rendition of ``original`` and the index a template needs to list them:
    ``{"widths": [[w, h, webp, jpeg], ...], "card": [...], "og": [w, h, jpeg]}``."""
    image = Image.open(io.BytesIO(original))
    image.load()
    flat = flatten(image)
    stem = digest[:32]
    files, index = [], {"size": list(image.size), "widths": [], "card": []}
    for width in widths_for(image.width, WIDTHS):
        scaled = resize(image, width, round(image.height * width / image.width))
        files += pair(scaled, flatten(scaled), f"{stem}-{width}", index["widths"])
    fx, fy = focal
    tag = f"{stem}-f{round(fx * 100)}x{round(fy * 100)}"
    card_box = crop_box(image.size, CARD_RATIO, focal)
    card_width = card_box[2] - card_box[0]
    for width in widths_for(card_width, CARD_WIDTHS):
        height = round(width * CARD_RATIO[1] / CARD_RATIO[0])
        scaled = resize(image.crop(card_box), width, height)
        files += pair(scaled, flatten(scaled), f"{tag}-card-{width}", index["card"])
    og = resize(flat.crop(crop_box(image.size, OG_SIZE, focal)), *OG_SIZE)
    files.append(Rendition(f"{tag}-og.jpg", jpeg(og), *OG_SIZE))
    index["og"] = [*OG_SIZE, f"{tag}-og.jpg"]
    return files, index


def pair(image, flat, stem, listing) -> list[Rendition]:
    webp_name, jpeg_name = f"{stem}.webp", f"{stem}.jpg"
    listing.append([image.width, image.height, webp_name, jpeg_name])
    return [
        Rendition(webp_name, webp(image), image.width, image.height),
        Rendition(jpeg_name, jpeg(flat), image.width, image.height),
    ]


def widths_for(original: int, wanted) -> list[int]:
    """The wanted widths below ``original``, or the original's width alone if it is narrower."""
    return [w for w in wanted if w <= original] or [original]


def crop_box(size, ratio, focal) -> tuple[int, int, int, int]:
    """The largest ``ratio`` box in ``size``, its centre as close to ``focal`` as fits."""
    width, height = size
    rw, rh = ratio
    box_w, box_h = (width, round(width * rh / rw))
    if box_h > height:
        box_w, box_h = round(height * rw / rh), height
    fx, fy = focal
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def resize(image, width, height):
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def flatten(image):
    """JPEG has no transparency: transparent parts on white."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    back = Image.new("RGB", image.size, "white")
    back.paste(image, mask=image.getchannel("A"))
    return back


def jpeg(image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def webp(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()
