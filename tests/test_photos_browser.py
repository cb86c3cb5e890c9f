"""An editor uploads a real photo (made with Pillow, with GPS in its EXIF) on the story
form, writes its alt text and focal point, publishes, and readers see it on a phone and a
laptop. Screenshots in test-artifacts/photos/."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from articles.editorial.roles import EDITORS, ensure_roles
from articles.models import Image, Status
from tests.browser import chromium, screenshot_dir
from tests.factories import make_article
from tests.photos import exif_jpeg, opened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def test_editor_uploads_publishes_and_readers_see_the_photo(live_server, media, tmp_path):
    editor = get_user_model().objects.create_user(
        "mohrer", password="kalimat-sirr-1", is_staff=True
    )
    editor.groups.add(ensure_roles()[EDITORS])
    story = make_article(
        "قوات عراقية تدخل الساحل الأيمن من الموصل",
        status=Status.DRAFT,
        published_at=None,
        body=[{"kind": "paragraph", "text": "دخلت القوات العراقية أحياء الساحل الأيمن."}],
        section="المشرق العربي",
    )
    upload = tmp_path / "IMG_2041 من الهاتف.jpg"
    upload.write_bytes(exif_jpeg(size=(2000, 1200)))
    shots = screenshot_dir("photos")
    with chromium() as browser:
        site = browser.new_context(locale="ar")
        # /media/ is the web server's in production (README) and DEBUG's in `make run`;
        # here the browser reads it straight from the test's media folder.
        site.route(f"{live_server.url}/media/**", lambda route: serve_media(route, media))
        page = site.new_page()
        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "mohrer")
        page.fill("#id_password", "kalimat-sirr-1")
        page.click("input[type=submit]")
        page.wait_for_selector("#site-name")
        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        page.click("#images-group summary")
        page.click("#images-group .add-row a")
        page.set_input_files("#id_images-0-file", str(upload))
        page.fill("#id_images-0-alt_text", "جنود عراقيون يسيرون في شارع مدمر")
        page.fill("#id_images-0-caption", "جنود عراقيون في الساحل الأيمن من الموصل")
        page.fill("#id_images-0-focal_x", "0.3")
        page.fill("#id_images-0-focal_y", "0.5")
        page.select_option("#id_status", Status.PUBLISHED)
        page.locator("#images-group").screenshot(path=shots / "admin-inline-390.png")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, overflow
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")

        for name, viewport in (("story-390", PHONE), ("story-1366", LAPTOP)):
            public = site.new_page()
            public.set_viewport_size(viewport)
            public.goto(f"{live_server.url}{story.get_absolute_url()}")
            img = public.locator("figure.photo img")
            img.wait_for()
            public.wait_for_function("document.querySelector('figure.photo img').complete")
            width = public.evaluate("document.querySelector('figure.photo img').naturalWidth")
            assert width > 0, "the photo did not load"
            shown = img.bounding_box()
            assert shown["width"] <= viewport["width"]
            # Its own proportions (2000 × 1200), whatever the screen: not stretched.
            assert abs(shown["height"] / shown["width"] - 0.6) < 0.01, shown
            assert img.get_attribute("loading") == "eager"
            assert img.get_attribute("alt") == "جنود عراقيون يسيرون في شارع مدمر"
            assert public.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
            public.screenshot(path=shots / f"{name}.png", full_page=True)
            public.close()
        front = site.new_page()
        front.set_viewport_size(LAPTOP)
        front.goto(f"{live_server.url}/")
        front.locator(".lead__photo img").wait_for()
        front.screenshot(path=shots / "front-1366.png")
        site.close()
    # Read after the browser is closed: a query made inside Playwright's greenlet opens a
    # database session of its own that nobody closes (PostgreSQL's teardown then warns).
    image = Image.objects.get(article=story)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert "IMG" not in image.file.name and not opened(image.file.read()).getexif()
    assert image.focal == (0.3, 0.5) and "-f30x50-" in image.renditions["og"][2]


def serve_media(route, media):
    path = Path(media) / urlsplit(route.request.url).path.removeprefix("/media/")
    if not path.is_file():
        route.fulfill(status=404)
        return
    kinds = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
    route.fulfill(path=str(path), content_type=kinds[path.suffix])
