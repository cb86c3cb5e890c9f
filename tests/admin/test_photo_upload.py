"""Uploading a photo on the story form: the file cleaned and renamed, every bad upload
refused in Arabic with nothing stored, and no publishing without alt text."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.imaging.clean import clean_photo
from articles.models import Article, Image, Photo, Status
from tests.admin.conftest import form_data, story_url
from tests.factories import make_article
from tests.photos import GPS_IFD, encode, exif_jpeg, noisy_jpeg, opened, png_header_only

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def draft(db, media):
    return make_article(
        "قصة بصورة", status=Status.DRAFT, body=[{"kind": "paragraph", "text": "نص القصة."}]
    )


def post_photo(client, article, upload, *, alt="جنود عراقيون", **changes):
    page = client.get(story_url(article))
    data = form_data(page, **changes)
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-caption": "جنود في الموصل (أ.ف.ب)",
            "images-0-alt_text": alt,
            "images-0-position": "0",
            "images-0-file": upload,
        }
    )
    return client.post(story_url(article), data)


def stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def test_form_offers_the_upload_and_alt_text(editor_client, draft):
    html = editor_client.get(story_url(draft)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "النص البديل" in html and "ملف صورة جديدة" in html
    assert "الصورة من المكتبة" in html and "/admin/articles/photo/?_to_field=id" in html
    assert 'type="file"' in html and 'accept="image/*"' in html


def test_upload_is_cleaned_renamed_and_rendered(editor_client, draft, media):
    upload = SimpleUploadedFile("../../بيتي/IMG 0001 <x>.jpg", exif_jpeg(orientation=6))
    response = post_photo(editor_client, draft, upload)
    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get(article=draft).photo
    assert image.caption == "جنود في الموصل (أ.ف.ب)"  # the library's caption too
    assert image.file.name.startswith("photos/") and "IMG" not in image.file.name
    assert Path(image.file.name).stem == clean_photo(exif_jpeg(orientation=6)).digest[:32]
    assert (image.width, image.height) == (900, 1600)  # turned upright
    for path in stored_files(media):
        exif = opened(path.read_bytes()).getexif()
        assert not exif and GPS_IFD not in exif, path.name
    assert image.renditions["widths"] and image.renditions["card"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>not a photo</body></html>", "هذا الملف ليس صورة يمكن قراءتها"),
        (b"just some text", "هذا الملف ليس صورة يمكن قراءتها"),
        (SVG, "صور SVG غير مقبولة"),
        (noisy_jpeg()[:5000], "الصورة ناقصة أو تالفة"),
        (png_header_only(30_000, 30_000), "أبعاد الصورة أكبر من المسموح"),
    ],
    ids=["html", "text", "svg", "truncated", "bomb"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    editor_client, draft, media, content, message
):
    response = post_photo(editor_client, draft, SimpleUploadedFile("photo.jpg", content))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    group = html[html.index('id="images-group"') :]
    assert "<details>" not in group[: group.index("images-TOTAL_FORMS")]  # shown open
    assert not Image.objects.filter(article=draft).exists()
    assert stored_files(media) == []


def test_file_over_the_size_limit_is_refused(editor_client, draft, media, settings):
    settings.PHOTO_MAX_BYTES = 100_000
    upload = SimpleUploadedFile("big.jpg", noisy_jpeg((1200, 900)))
    html = post_photo(editor_client, draft, upload).content.decode()
    assert "الملف كبير جداً" in html and "والحد الأقصى" in html
    assert not Image.objects.exists() and stored_files(media) == []


def test_animated_and_cmyk_uploads_are_converted(editor_client, draft, media):
    from PIL import Image as Pil

    frames = [Pil.new("RGB", (300, 200), c) for c in ("red", "green")]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert post_photo(editor_client, draft, SimpleUploadedFile("a.gif", gif)).status_code == 302
    cmyk = encode(Pil.new("CMYK", (300, 200), (0, 0, 0, 0)), "JPEG")
    other = make_article(
        "قصة ثانية", status=Status.DRAFT, body=[{"kind": "paragraph", "text": "نص."}]
    )
    assert post_photo(editor_client, other, SimpleUploadedFile("c.jpg", cmyk)).status_code == 302
    for image in Image.objects.all():
        assert opened(image.file.read()).mode == "RGB"


def test_publishing_needs_alt_text_on_every_photo(editor_client, draft):
    upload = SimpleUploadedFile("p.jpg", exif_jpeg())
    response = post_photo(editor_client, draft, upload, alt="", status=Status.PUBLISHED)
    html = response.content.decode()
    assert response.status_code == 200
    assert "لا تُنشر القصة قبل كتابة «النص البديل»" in html and "«جنود في الموصل (أ.ف.ب)»" in html
    assert "اكتب النص البديل لهذه الصورة قبل نشر القصة." in html  # on the field
    group = html[html.index('id="images-group"') :]
    assert "<details>" not in group[: group.index("images-TOTAL_FORMS")]  # shown open
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not Image.objects.exists()
    # Saved as a draft without alt text is fine; publishing from the list is refused.
    upload = SimpleUploadedFile("p.jpg", exif_jpeg())
    assert post_photo(editor_client, draft, upload, alt="").status_code == 302
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "«النص البديل»" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_photo_with_alt_text_publishes(editor_client, draft):
    upload = SimpleUploadedFile("p.jpg", exif_jpeg())
    response = post_photo(editor_client, draft, upload, status=Status.PUBLISHED)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_an_uploaded_photo_makes_the_story_edited_for_the_import(draft):
    before = draft.editable_hash()
    cleaned = clean_photo(exif_jpeg())
    photo = Photo.objects.create(file=ContentFile(cleaned.data, name=cleaned.name))
    Image.objects.create(article=draft, caption="", photo=photo)
    assert draft.editable_hash() != before
