"""In a real browser: an editor makes an API key in the admin, sees it once, uses it and
revokes it; the doc page (Swagger UI) runs under the site's CSP with nothing from outside.
Screens at 390 and 1366 pixels go to test-artifacts/api/."""

import re

import pytest
from django.contrib.auth import get_user_model

from articles.editorial.roles import EDITORS, ensure_roles
from tests.browser import chromium, screenshot_dir
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kalimat-sirr-api-1"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


def shoot(page, folder, name, rtl=True):
    page.wait_for_load_state("networkidle")
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        if rtl:
            assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_editor_makes_uses_and_revokes_a_key_and_reads_the_docs(live_server, transactional_db):
    editor = get_user_model().objects.create_user("mohrer", password=PASSWORD, is_staff=True)
    editor.groups.add(ensure_roles()[EDITORS])
    draft = make_article("مسودة لا يراها إلا المحررون", status="draft")
    folder = screenshot_dir("api")
    with chromium() as browser:
        page = browser.new_page(locale="ar")
        refused = []
        page.on(
            "console",
            lambda m: (
                refused.append((page.url, m.text[:300])) if "Content Security" in m.text else 0
            ),
        )
        page.on("request", lambda r: refused.append(r.url) if live_server.url not in r.url else 0)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "mohrer")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#content")

        page.goto(live_server.url + "/admin/articles/apitoken/add/")
        page.fill("#id_name", "تطبيق الهاتف")
        shoot(page, folder, "01-token-add")
        page.click("input[name=_save]")
        page.wait_for_selector("#api-key")
        key = page.input_value("#api-key")
        assert re.fullmatch(r"nr_[\w-]{40,}", key)
        shoot(page, folder, "02-token-key-shown-once")

        api = page.context.request
        headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
        listed = api.get(live_server.url + "/api/v1/articles/", headers=headers).json()
        assert draft.title in [i["headlines"][0]["value"] for i in listed["results"]]

        page.goto(live_server.url + "/admin/articles/apitoken/")
        assert key not in page.content() and key[:8] in page.content()
        shoot(page, folder, "03-token-list")
        page.click("text=تطبيق الهاتف")
        page.check("#id_revoke")
        shoot(page, folder, "04-token-revoke")
        page.click("input[name=_save]")
        page.wait_for_selector("#result_list")
        assert "ملغى" in page.inner_text("#result_list")
        response = api.get(live_server.url + "/api/v1/articles/", headers=headers)
        assert response.status == 401

        page.goto(live_server.url + "/api/v1/docs/")
        page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
        assert page.locator(".swagger-ui .opblock").count() >= 12
        shoot(page, folder, "05-docs", rtl=False)
        assert refused == [], refused  # the admin screens and the docs: nothing refused
        # DRF's own browsable page, right to left: loads nothing from outside (its buttons'
        # inline styles are classes here; a script of its own still sets one, refused).
        page.goto(live_server.url + "/api/v1/articles/")
        assert draft.title in page.content()
        shoot(page, folder, "06-browsable-articles")
    assert [url for url in refused if isinstance(url, str)] == []
