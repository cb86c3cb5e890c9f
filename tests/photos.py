"""Photos made with Pillow for the photo tests: a JPEG with EXIF (GPS, orientation) and
every kind of bad upload."""

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encode(image, fmt, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def exif_jpeg(size=(1600, 900), orientation=1, colour=(200, 60, 40)) -> bytes:
    """A JPEG with a photographer's GPS position and an orientation tag in its EXIF; the
    left half red, the right half blue, so a rotation can be seen."""
    image = Image.new("RGB", size, colour)
    image.paste((40, 60, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Camera Maker"
    exif[GPS_IFD] = {1: "N", 2: (36.0, 20.0, 0.0), 3: "E", 4: (43.0, 8.0, 0.0)}
    return encode(image, "JPEG", exif=exif, quality=90)


def png_header_only(width, height) -> bytes:
    """A valid PNG header announcing ``width`` × ``height`` with almost no pixel data: a
    decompression bomb's shape (it would take width*height*3 bytes to decode)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def noisy_jpeg(size=(800, 600)) -> bytes:
    return encode(Image.effect_noise(size, 60).convert("RGB"), "JPEG", quality=90)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
