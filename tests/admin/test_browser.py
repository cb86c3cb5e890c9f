"""An editor's round trip in headless Chromium: log in, edit, tag, link, save, see it public."""

import pytest
from django.contrib.auth import get_user_model

from articles.editorial.roles import EDITORS, ensure_roles
from tests.browser import chromium, screenshot_dir
from tests.factories import make_article, make_location, make_person, mention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def newsroom(transactional_db):
    editor = get_user_model().objects.create_user(
        "mohrer", password="kalimat-sirr-1", is_staff=True
    )
    editor.groups.add(ensure_roles()[EDITORS])
    story = make_article(
        "قوات عراقية تلاحق «داعش» جنوب الموصل",
        body=[
            {"kind": "paragraph", "text": "أعلنت القوات العراقية بدء عملية جنوب الموصل."},
            {"kind": "subheading", "text": "تنسيق ميداني"},
            {"kind": "paragraph", "text": "وقال اللواء سعد معن إن العملية مستمرة."},
        ],
        section="المشرق العربي",
    )
    mention(story, make_person("سعد معن"), excerpt="وقال اللواء سعد معن")
    iraq = make_location("العراق", kind="country", latitude=33.2232, longitude=43.6793)
    nineveh = make_location("نينوى", kind="governorate", parent=iraq)
    mention(story, make_location("الموصل", parent=nineveh, latitude=36.34, longitude=43.13))
    other = make_article("خلايا «داعش» النائمة تعاود خوض معارك كر وفر", section="المشرق العربي")
    for i in range(12):
        make_article(f"قصة أرشيفية طويلة العنوان رقم {i} عن الأمن في محافظة نينوى")
    return {"story": story, "other": other}


def test_editor_edits_tags_links_and_sees_it_public(live_server, newsroom):
    story, other = newsroom["story"], newsroom["other"]
    shots = screenshot_dir("admin")
    with chromium() as browser:
        page = browser.new_page(viewport=LAPTOP, locale="ar")
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "mohrer")
        page.fill("#id_password", "kalimat-sirr-1")
        page.click("input[type=submit]")
        page.wait_for_selector("#site-name")

        page.goto(f"{live_server.url}/admin/articles/article/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.screenshot(path=shots / "article-list.png", full_page=True)
        _assert_no_horizontal_overflow(page)
        _assert_no_horizontal_overflow(page, ".results")

        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        page.fill("#id_title", "قوات عراقية تلاحق «داعش» جنوب الموصل وتعتقل قياديين")
        page.fill("#id_tags", "نينوى، الأمن")
        page.click("#related_links-0 .select2-selection")
        page.fill(".select2-search__field", "خلايا داعش")
        page.click(f".select2-results__option:has-text('{other.title[:10]}')")
        page.screenshot(path=shots / "article-form.png", full_page=True)
        _assert_no_horizontal_overflow(page)
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")

        page.set_viewport_size(TABLET)
        page.goto(f"{live_server.url}/admin/articles/article/")
        page.screenshot(path=shots / "article-list-tablet.png", full_page=True)
        _assert_no_horizontal_overflow(page)
        _assert_no_horizontal_overflow(page, ".results")
        page.goto(f"{live_server.url}/admin/articles/location/")
        page.screenshot(path=shots / "places-list-tablet.png", full_page=True)
        assert page.get_by_text("الموصل ‹ نينوى ‹ العراق").count() == 1
        _assert_no_horizontal_overflow(page, ".results")

        public = browser.new_page(viewport=LAPTOP)
        public.goto(f"{live_server.url}{story.get_absolute_url()}")
        html = public.content()
        assert "وتعتقل قياديين" in public.locator("h1").inner_text()
        assert "نينوى" in html and "الأمن" in html
        assert other.get_absolute_url() in html
        public.screenshot(path=shots / "public-article.png", full_page=True)


def _assert_no_horizontal_overflow(page, selector=None):
    """Nothing wider than its box: the page, or one element such as the results table."""
    target = f"document.querySelector('{selector}')" if selector else "document.documentElement"
    overflow = page.evaluate(f"{target}.scrollWidth - {target}.clientWidth")
    assert overflow <= 1, f"{selector or 'page'} scrolls sideways by {overflow}px"
