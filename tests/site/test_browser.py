"""Headless Chromium: right to left, nothing overflowing, on a phone and a desktop."""

import pytest

from tests.browser import chromium, screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}


def test_pages_are_rtl_and_fit(live_server, world):
    pages = {
        "home": "/",
        "story": world.story.get_absolute_url(),
        "person": world.mattis.get_absolute_url(),
        "search": "/search/?q=بالموصل",
        "list": "/articles/?tag=داعش",
    }
    folder = screenshot_dir("site")
    with chromium() as browser:
        for label, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in pages.items():
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                direction = page.evaluate("getComputedStyle(document.documentElement).direction")
                assert direction == "rtl", (label, name)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (label, name, overflow)
                assert page.locator("h1").first.is_visible()
                page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
            page.close()
    assert len(list(folder.glob("*.png"))) >= 10
