"""The Content-Security-Policy in a real browser: the reader site and the admin run with no
violation. Also the lockout and database-down pages, screenshotted on a phone and a desktop."""

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.browser import chromium
from tests.factories import make_article, make_location, make_person, make_source, mention
from tests.test_security import DOWN_CLIENT, run_python

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": LAPTOP}
SHOTS = Path(os.environ.get("PROD_SHOTS", "/tmp/shots/prod"))

# Registered before any page script: every violation the browser reports is kept on window.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.sample].join(' | ')
  );
});
"""


@pytest.fixture
def newsroom(transactional_db):
    get_user_model().objects.create_superuser("mohrer", password="kalimat-sirr-1")
    person = make_person("جيمس ماتيس", description="وزير الدفاع الأميركي")
    story = make_article(
        "قوات عراقية تلاحق «داعش» جنوب الموصل",
        deck="عمليات تمشيط في المناطق الحدودية",
        body=[
            {"kind": "paragraph", "text": "أعلنت القوات العراقية بدء عملية جنوب الموصل."},
            {"kind": "subheading", "text": "تنسيق ميداني"},
            {"kind": "paragraph", "text": "وقال ماتيس إن «الحرب لم تنته»."},
            {"kind": "caption", "text": "عناصر من الجيش العراقي", "credit": "أ.ف.ب"},
        ],
        section="المشرق العربي",
        source=make_source("الشرق الأوسط", kind="newspaper"),
        tags=["داعش", "العراق"],
    )
    mention(story, person, count=2)
    mention(story, make_location("الموصل", kind="city"))
    make_article("خلايا «داعش» النائمة تعاود خوض معارك كر وفر", section="المشرق العربي")
    return {"story": story, "person": person}


class Visitor:
    """One browser tab that records CSP violations and CSP console errors on every page."""

    def __init__(self, browser, viewport=LAPTOP):
        self.page = browser.new_page(viewport=viewport, locale="ar")
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.console = []
        self.page.on(
            "console",
            lambda msg: "Content Security Policy" in msg.text and self.console.append(msg.text),
        )

    def visit(self, url):
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return response

    def assert_clean(self, response, label):
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), label
        violations = self.page.evaluate("window.__cspViolations")
        assert violations == [], (label, violations)
        assert self.console == [], (label, self.console)


def test_site_and_admin_run_with_no_csp_violation(live_server, newsroom):
    story, person = newsroom["story"], newsroom["person"]
    public = {
        "home": "/",
        "story": story.get_absolute_url(),
        "search": "/search/?q=بالموصل",
        "person": person.get_absolute_url(),
        "list": "/articles/?tag=داعش",
    }
    with chromium() as browser:
        reader = Visitor(browser)
        for label, path in public.items():
            response = reader.visit(live_server.url + path)
            assert response.status == 200, label
            reader.assert_clean(response, label)
        # The story page's JSON-LD block is there, and caused no violation above.
        reader.visit(live_server.url + story.get_absolute_url())
        assert reader.page.locator('script[type="application/ld+json"]').count() == 1

        editor = Visitor(browser)
        response = editor.visit(f"{live_server.url}/admin/login/")
        editor.assert_clean(response, "admin login")
        editor.page.fill("#id_username", "mohrer")
        editor.page.fill("#id_password", "kalimat-sirr-1")
        editor.page.click("input[type=submit]")
        editor.page.wait_for_selector("#site-name")
        admin_pages = {
            "admin index": "/admin/",
            "story changelist": "/admin/articles/article/",
            "story change form": f"/admin/articles/article/{story.pk}/change/",
            "story add form": "/admin/articles/article/add/",
        }
        for label, path in admin_pages.items():
            response = editor.visit(live_server.url + path)
            assert response.status == 200, label
            editor.assert_clean(response, label)
        # The admin's scripts really ran: the autocomplete widgets were built by select2,
        # and the project's nonce-carrying stylesheet applies (full-width title field).
        editor.visit(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        assert editor.page.locator(".select2-container").count() > 0
        editor.page.click("#related_links-0 .select2-selection")
        editor.page.wait_for_selector(".select2-search__field")
        title_width = "getComputedStyle(document.querySelector('#id_title')).maxWidth"
        assert editor.page.evaluate(title_width) != "none"
        editor.assert_clean(response, "story change form, select2 open")


def test_lockout_page_in_the_browser(live_server, newsroom):
    """Five wrong passwords, then the right one, through the real form; the lockout page is
    then looked at on a phone and a desktop. (No database access from this thread inside the
    browser block: under Playwright's greenlets it would open a second, unclosed connection.)"""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        visitor = Visitor(browser, VIEWPORTS["phone"])
        for password in ["wrong"] * 5 + ["kalimat-sirr-1"]:
            visitor.visit(f"{live_server.url}/admin/login/")
            visitor.page.fill("#id_username", "mohrer")
            visitor.page.fill("#id_password", password)
            with visitor.page.expect_navigation() as navigation:
                visitor.page.click("input[type=submit]")
        response = navigation.value
        assert response.status == 429
        assert visitor.page.locator("h1").inner_text() == "أُوقف تسجيل الدخول مؤقتاً"
        visitor.assert_clean(response, "lockout")
        for label, viewport in VIEWPORTS.items():
            visitor.page.set_viewport_size(viewport)
            _assert_rtl_and_fits(visitor.page)
            visitor.page.screenshot(path=str(SHOTS / f"lockout-{label}.png"), full_page=True)


def test_database_down_page_in_the_browser(live_server, tmp_path):
    """The 503 page exactly as a server with an unreachable database sends it (body and
    headers), shown at the live server's address so its stylesheet and CSP apply."""
    result = run_python(
        DOWN_CLIENT.replace("r.content.decode()]", "r.content.decode(), dict(r.items())]"),
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing", "DEBUG": "0"},
        tmp_path,
        "/",
    )
    assert result.returncode == 0, result.stderr
    status, _, body, headers = json.loads(result.stdout)["/"]
    assert status == 503
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        for label, viewport in VIEWPORTS.items():
            visitor = Visitor(browser, viewport)
            visitor.page.route(
                f"{live_server.url}/down/",
                lambda route: route.fulfill(status=status, headers=headers, body=body),
            )
            response = visitor.visit(f"{live_server.url}/down/")
            assert visitor.page.locator("h1").inner_text() == "الموقع غير متاح مؤقتاً"
            visitor.assert_clean(response, f"503 {label}")
            _assert_rtl_and_fits(visitor.page)
            assert visitor.page.evaluate("getComputedStyle(document.body).backgroundColor") == (
                "rgb(250, 250, 247)"
            )
            visitor.page.screenshot(path=str(SHOTS / f"db-down-503-{label}.png"), full_page=True)
            visitor.page.close()


def _assert_rtl_and_fits(page):
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, overflow
