"""Uploads checked and cleaned by ``articles/imaging`` (plain Python, Pillow only)."""

import io

import pytest
from PIL import Image

from articles.imaging.clean import PhotoError, clean_photo
from articles.imaging.renditions import OG_SIZE, crop_box, make_renditions
from tests.photos import GPS_IFD, encode, exif_jpeg, noisy_jpeg, opened, png_header_only

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd9\x84\xd9\x8a\xd8\xb3\xd8\xaa \xd8\xb5\xd9\x88\xd8\xb1\xd8\xa9", "ليس صورة"),
        (b"<!doctype html><html><body>hi</body></html>", "ليس صورة"),
        (SVG, "SVG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        (b"", "فارغ"),
        (noisy_jpeg()[:4000], "تالفة"),
        (png_header_only(30_000, 30_000), "أبعاد الصورة أكبر من المسموح"),
        (png_header_only(7_000, 7_000), "7000×7000"),
    ],
    ids=["text", "html", "svg-script", "svg", "empty", "truncated", "bomb", "over-limit"],
)
def test_bad_uploads_are_refused_in_arabic(data, message):
    with pytest.raises(PhotoError, match=message):
        clean_photo(data)


def test_too_large_file_is_refused_before_decoding():
    with pytest.raises(PhotoError, match="الملف كبير جداً .* والحد الأقصى 1 ميغابايت"):
        clean_photo(noisy_jpeg((2000, 2000)), max_bytes=1024 * 1024)


def test_exif_orientation_applied_then_every_tag_dropped():
    # Orientation 6: the camera was turned, the picture is to be rotated 90° to stand up.
    photo = clean_photo(exif_jpeg(size=(1600, 900), orientation=6))
    image = opened(photo.data)
    assert (photo.width, photo.height) == image.size == (900, 1600)
    assert not image.getexif() and GPS_IFD not in image.getexif()
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert photo.name == f"{photo.digest[:32]}.jpg"


@pytest.mark.parametrize(
    ("image", "fmt", "mode"),
    [
        (Image.new("CMYK", (300, 200), (0, 200, 200, 0)), "JPEG", "RGB"),
        (Image.new("I;16", (300, 200), 40000), "PNG", "RGB"),
        (Image.new("P", (300, 200), 3), "PNG", "RGB"),
        (Image.new("RGBA", (300, 200), (10, 20, 30, 100)), "PNG", "RGBA"),
    ],
    ids=["cmyk", "16-bit", "palette", "transparent"],
)
def test_colour_modes_become_8_bit_rgb(image, fmt, mode):
    photo = clean_photo(encode(image, fmt))
    assert opened(photo.data).mode == mode
    if image.mode == "I;16":  # scaled, not clipped to white
        assert opened(photo.data).getpixel((0, 0))[0] == 40000 // 256


def test_animated_image_keeps_its_first_frame():
    frames = [Image.new("RGB", (120, 80), colour) for colour in ("red", "green", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    image = opened(clean_photo(data).data)
    assert getattr(image, "n_frames", 1) == 1
    red, green, blue = image.convert("RGB").getpixel((5, 5))
    assert red > 200 and green < 50 and blue < 50


def test_renditions_are_no_wider_than_the_original_and_carry_no_exif():
    photo = clean_photo(exif_jpeg(size=(1200, 800)))
    files, index = make_renditions(photo.data, photo.digest, (0.5, 0.5))
    assert [entry[0] for entry in index["widths"]] == [360, 720, 1080]
    assert [entry[0] for entry in index["card"]] == [360, 720, 1080]
    assert index["og"][:2] == list(OG_SIZE)
    for rendition in files:
        image = opened(rendition.data)
        assert image.size == (rendition.width, rendition.height)
        assert not image.getexif(), rendition.name
    kinds = {Image.open(io.BytesIO(r.data)).format for r in files}
    assert kinds == {"WEBP", "JPEG"}
    assert [r.name for r in files] == [r.name for r in make_renditions(photo.data, photo.digest)[0]]


def test_crops_keep_the_focal_point():
    # A 2000 × 1000 photo cropped to 1200:630 keeps the full height: the box slides sideways.
    assert crop_box((2000, 1000), OG_SIZE, (0.5, 0.5)) == (48, 0, 1953, 1000)
    assert crop_box((2000, 1000), (16, 9), (0.0, 0.5))[0] == 0
    assert crop_box((2000, 1000), (16, 9), (1.0, 0.5))[2] == 2000
    assert crop_box((1000, 2000), (16, 9), (0.5, 0.1))[1] == 0
