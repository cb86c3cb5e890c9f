"""In a real browser: the editor clicks the picture on the library's photo form to set its
focal point, saves, and the crops are re-cut around it; the library list and the story
form's chooser at 390 and 1366 px. Screenshots in test-artifacts/photos-library/."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from articles.editorial.roles import EDITORS, ensure_roles
from articles.imaging.clean import clean_photo
from articles.models import Image, Photo, Status
from tests.browser import chromium, screenshot_dir
from tests.factories import make_article
from tests.photos import exif_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def test_focal_point_set_by_clicking_the_picture_recuts_the_crops(live_server, media):
    editor = get_user_model().objects.create_user(
        "mohrer", password="kalimat-sirr-1", is_staff=True
    )
    editor.groups.add(ensure_roles()[EDITORS])
    cleaned = clean_photo(exif_jpeg(size=(1600, 900)))
    photo = Photo.objects.create(
        file=ContentFile(cleaned.data, name=cleaned.name),
        caption="جنود عراقيون في الموصل",
        alt_text="جنود يسيرون في شارع مدمر",
    )
    for n, colour in enumerate(((30, 120, 60), (60, 60, 160))):
        other = clean_photo(exif_jpeg(size=(1200, 800), colour=colour))
        Photo.objects.create(
            file=ContentFile(other.data, name=other.name),
            caption=f"صورة أرشيفية رقم {n + 1} لميناء البصرة",
            is_archive=True,
        )
    story = make_article(
        "قوات عراقية تدخل الساحل الأيمن من الموصل",
        status=Status.DRAFT,
        published_at=None,
        body=[{"kind": "paragraph", "text": "دخلت القوات العراقية أحياء الساحل الأيمن."}],
    )
    Image.objects.create(article=story, photo=photo, caption="جنود في الموصل")
    old_og = photo.renditions["og"][2]
    shots = screenshot_dir("photos-library")
    with chromium() as browser:
        site = browser.new_context(locale="ar")
        site.route(f"{live_server.url}/media/**", lambda route: serve_media(route, media))
        page = site.new_page()
        page.set_viewport_size(LAPTOP)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "mohrer")
        page.fill("#id_password", "kalimat-sirr-1")
        page.click("input[type=submit]")
        page.wait_for_selector("#site-name")

        page.goto(f"{live_server.url}/admin/articles/photo/{photo.pk}/change/")
        picture = page.locator(".focal-picker img")
        picture.wait_for()
        page.wait_for_function("document.querySelector('.focal-picker img').complete")
        box = picture.bounding_box()
        # A click a fifth of the way across and a quarter down writes the point...
        picture.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.25})
        across = float(page.input_value("#id_focal_x"))
        down = float(page.input_value("#id_focal_y"))
        assert abs(across - 0.2) < 0.02 and abs(down - 0.25) < 0.02, (across, down)
        # ...and moves the marker there.
        marker = page.locator(".focal-marker").bounding_box()
        centre = (marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
        assert abs(centre[0] - (box["x"] + box["width"] * 0.2)) < 3, (centre, box)
        assert abs(centre[1] - (box["y"] + box["height"] * 0.25)) < 3, (centre, box)
        page.screenshot(path=shots / "photo-form-1366.png", full_page=True)
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        page.screenshot(path=shots / "photo-form-390.png", full_page=True)
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")

        for name, viewport in (("library-390", PHONE), ("library-1366", LAPTOP)):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}/admin/articles/photo/")
            page.wait_for_function(
                "[...document.querySelectorAll('img.photo-thumb')].every(i => i.complete"
                " && i.naturalWidth > 0)"
            )
            assert page.locator("img.photo-thumb").count() == 3
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
            page.screenshot(path=shots / f"{name}.png", full_page=True)

        for name, viewport in (("story-chooser-390", PHONE), ("story-chooser-1366", LAPTOP)):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
            page.click("#images-group summary")
            chosen = page.locator("#images-group .photo-chosen img")
            chosen.wait_for()
            page.wait_for_function(
                "document.querySelector('#images-group .photo-chosen img').naturalWidth > 0"
            )
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
            page.locator("#images-group").screenshot(path=shots / f"{name}.png")
        site.close()
    # Read after the browser is closed (a query in Playwright's greenlet leaves a session).
    photo.refresh_from_db()
    assert abs(photo.focal_x - 0.2) < 0.02 and abs(photo.focal_y - 0.25) < 0.02
    assert photo.renditions["og"][2] != old_og and "-f20x25-" in photo.renditions["og"][2]
    assert (Path(media) / photo.renditions["og"][2]).is_file()
    assert not (Path(media) / old_og).exists()


def serve_media(route, media):
    path = Path(media) / urlsplit(route.request.url).path.removeprefix("/media/")
    if not path.is_file():
        route.fulfill(status=404)
        return
    kinds = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
    route.fulfill(path=str(path), content_type=kinds[path.suffix])
