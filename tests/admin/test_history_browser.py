"""The revision history on a phone and a laptop, in headless Chromium: Arabic words are
never split between letters, nothing scrolls sideways, dates and names are bidi islands."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser import chromium, screenshot_dir
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def revised(transactional_db):
    get_user_model().objects.create_superuser("rais", password="kalimat-sirr-2")
    story = make_article("قوات عراقية تلاحق «داعش» جنوب الموصل", tags=["داعش"])
    story.title = "قوات عراقية تلاحق «داعش» جنوب الموصل وتعتقل قياديين في التنظيم المتطرف"
    story.status = "review"
    story.save()
    return story


def _smallest_text_cell_width(page):
    """The narrowest width any history cell with text is laid out in (px)."""
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll(
                '#change-history tbody td, #change-history tbody th')]
            .filter(c => c.textContent.trim()).map(c => c.getBoundingClientRect().width))"""
    )


def test_history_reads_whole_words_on_a_phone_and_a_laptop(live_server, revised):
    shots = screenshot_dir("history")
    with chromium() as browser:
        for name, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
            page = browser.new_page(viewport=viewport, locale="ar")
            page.goto(f"{live_server.url}/admin/login/")
            page.fill("#id_username", "rais")
            page.fill("#id_password", "kalimat-sirr-2")
            page.click("input[type=submit]")
            page.wait_for_selector("#site-name")
            page.goto(f"{live_server.url}/admin/articles/article/{revised.pk}/history/")
            page.screenshot(path=shots / f"history-{name}.png", full_page=True)

            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow}px"
            cell = page.locator("#change-history td.history-what").first
            assert cell.evaluate("c => getComputedStyle(c).wordBreak") == "normal"
            assert cell.evaluate("c => getComputedStyle(c).overflowWrap") == "break-word"
            # A column a few letters wide is what split every word letter by letter.
            assert _smallest_text_cell_width(page) > 60, name
            text = page.locator("#change-history").inner_text()
            assert "الحالة:" in text and "منشور ← قيد المراجعة" in text
            assert "review" not in text and "CHANGES" not in text
            assert page.locator("#change-history th.history-when bdi").count() == 2
            page.close()
