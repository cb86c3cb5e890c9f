"""A newsroom's day in headless Chromium: an editor's, then a reader's, at 390 and 1366 px.

The editor finds a story by another spelling of a name, edits it, tags it with «،»,
links it, writes a new story and takes it through review to publication, schedules
another, corrects and rejects mentions, is warned of a duplicate name, merges two
people and restores a revision. The reader then opens the front page, the story, a
person, a place, a search and a filtered list.

Every screen the walk reaches is photographed at both widths into
``test-artifacts/walk/`` (numbered in walk order), must not scroll sideways, must be
right to left, and its visible text is scanned for Latin-script UI words
(``tests.latin``): one untranslated word anywhere on the walk fails it.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from taggit.models import TaggedItem

from articles.editorial.roles import EDITORS, ensure_roles
from articles.models import Article, Location, Person, PersonMention, RelatedLink
from tests.browser import chromium, screenshot_dir
from tests.conftest import SEEDS_DIR
from tests.latin import stored_latin_words, ui_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
DESKTOP = {"width": 1366, "height": 900}
PASSWORD = "kalimat-sirr-walk-1"


class Walk:
    """One browser page walking the site; ``see`` photographs and checks each screen."""

    def __init__(self, page, base_url, folder, data_words):
        self.page, self.base, self.folder, self.data = page, base_url, folder, data_words
        self.count = 0
        self.latin: dict[str, list[str]] = {}

    def go(self, path: str):
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        return response

    def see(self, name: str) -> None:
        """Both widths: right to left, nothing wider than the screen, a screenshot each."""
        self.count += 1
        self.page.wait_for_load_state("networkidle")
        for label, (width, height) in WIDTHS.items():
            self.page.set_viewport_size({"width": width, "height": height})
            direction = self.page.evaluate("getComputedStyle(document.documentElement).direction")
            assert direction == "rtl", (name, label)
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{name} at {width}px scrolls sideways by {overflow}px"
            path = self.folder / f"{self.count:02d}-{name}-{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(DESKTOP)
        words = ui_words(self.page.content(), self.data)
        if words:
            self.latin[name] = words


@pytest.fixture
def newsroom(transactional_db):
    """The seeds imported as by `make run`, and an editor of the «المحررون» group."""
    call_command("loadseeds", str(SEEDS_DIR), verbosity=0)
    editor = get_user_model().objects.create_user(
        "mohrer", password=PASSWORD, is_staff=True, first_name="سلمى", last_name="حداد"
    )
    editor.groups.add(ensure_roles()[EDITORS])
    return editor


def test_an_editors_day_then_a_readers(live_server, newsroom):
    folder = screenshot_dir("walk")
    for old in folder.glob("*.png"):
        old.unlink()
    hamas = Article.objects.get(title__startswith="«حماس» سلّمت المختطفين")
    truce = Article.objects.get(title__startswith="«هدنة غزة» تقترب")
    with chromium() as browser:
        page = browser.new_page(locale="ar")
        walk = Walk(page, live_server.url, folder, stored_latin_words(newsroom.username))
        _editor(walk, hamas, truce)
        _reader(walk, hamas)
    assert walk.count >= 25
    assert len(list(folder.glob("*.png"))) == 2 * walk.count
    assert walk.latin == {}, walk.latin


def _editor(walk: Walk, hamas: Article, truce: Article) -> None:
    page = walk.page
    walk.go("/admin/login/")
    walk.see("login")
    page.fill("#id_username", "mohrer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector(".desk-dashboard")
    walk.see("desk")

    # Find a story by another spelling of a name it carries («ترمب»).
    walk.go("/admin/articles/article/")
    page.fill("#searchbar", "ترامب")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list").get_by_text(hamas.title[:20]).count() == 1
    walk.see("find-by-variant")

    # Edit, tag with «،», link a related story.
    page.locator("#result_list").get_by_text(hamas.title[:20]).click()
    page.wait_for_selector("#id_title")
    walk.see("story-form")
    page.fill("#id_title", hamas.title + " ومطالب بضمانات")
    page.fill("#id_tags", "غزة، الأسرى، «حماس»")
    page.click("#related_links-0 .select2-selection")
    # The list's first load done before typing: each keystroke's search is its own request.
    page.wait_for_selector(".select2-results__option:not(.loading-results)")
    page.fill(".select2-search__field", "هدنة غزة")
    page.click(f".select2-results__option:has-text('{truce.title[:12]}')")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    walk.see("story-saved")
    hamas.refresh_from_db()
    assert hamas.title.endswith("ومطالب بضمانات")
    tagged = TaggedItem.objects.filter(object_id=hamas.pk, content_type__model="article")
    assert [i.tag.name for i in tagged.order_by("pk")] == ["غزة", "الأسرى", "حماس"]
    assert page.input_value("#id_tags") == "غزة، الأسرى، حماس"
    assert RelatedLink.objects.filter(from_article=hamas, to_article=truce).exists()

    # A story written in the admin: draft, review, published; it gets its places.
    walk.go("/admin/articles/article/add/")
    page.fill("#id_title", "سد الموصل يعود إلى العمل بكامل طاقته")
    page.fill(
        "#id_body_text",
        "أعلنت وزارة الموارد المائية أن سد الموصل عاد إلى العمل.\n\n"
        "وقال مدير السد إن المدينة لن تتأثر بالفيضانات هذا العام.",
    )
    page.select_option("#id_status", "draft")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    walk.see("new-story-draft")
    new = Article.objects.get(title="سد الموصل يعود إلى العمل بكامل طاقته")
    assert "الموصل" in set(new.locations.values_list("name", flat=True))
    for status in ("review", "published"):
        page.select_option("#id_status", status)
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
        walk.see(f"new-story-{status}")
    new.refresh_from_db()
    assert new in Article.objects.published()

    # Schedule another for tomorrow: «مجدول» on the desk, not on the site.
    walk.go("/admin/articles/article/add/")
    page.fill("#id_title", "موازنة العراق للعام المقبل أمام البرلمان")
    page.fill("#id_body_text", "تناقش اللجنة المالية مشروع الموازنة.")
    page.select_option("#id_status", "published")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.fill("#id_published_at_0", tomorrow.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", "08:30:00")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    scheduled = Article.objects.get(title="موازنة العراق للعام المقبل أمام البرلمان")
    assert scheduled not in Article.objects.published()
    assert page.locator("#result_list").get_by_text("مجدول").count() >= 1
    walk.see("scheduled")

    # Mentions: correct a wrong name, reject a false one.
    walk.go("/admin/articles/personmention/?q=" + quote("معاذ"))
    walk.see("mentions")
    wrong = PersonMention.objects.get(person__name="معاذ الجزائري")
    walk.go(f"/admin/articles/personmention/{wrong.pk}/correct/")
    page.fill("#id_name", "أبو معاذ الجزائري")
    walk.see("mention-correct")
    page.click("input[type=submit].default")
    page.wait_for_selector(".messagelist .success")
    walk.see("mention-corrected")
    assert Person.objects.get(name="أبو معاذ الجزائري").mentions.filter(article=wrong.article)
    rejected = PersonMention.objects.get(person__name="أبو مريم")
    walk.go("/admin/articles/personmention/?q=" + quote("أبو مريم"))
    page.check(f"input[name=_selected_action][value='{rejected.pk}']")
    page.select_option("select[name=action]", "reject")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    walk.see("mention-rejected")
    rejected.refresh_from_db()
    assert rejected.status == "rejected"

    # A duplicate typed is caught; saved anyway, it is merged into the existing man.
    walk.go("/admin/articles/person/add/")
    page.fill("#id_name", "سعد مَعن")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    walk.see("duplicate-warning")
    assert Person.objects.filter(name="سعد مَعن").count() == 0
    page.fill("#id_name", "ماتيس")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    page.check("#id_save_anyway")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    short, mattis = Person.objects.get(name="ماتيس"), Person.objects.get(name="جيمس ماتيس")
    walk.go("/admin/articles/person/?q=" + quote("ماتيس"))
    for person in (short, mattis):
        page.check(f"input[name=_selected_action][value='{person.pk}']")
    page.select_option("select[name=action]", "merge")
    page.click("button[name=index]")
    page.wait_for_selector("input[name=keep]")
    page.check(f"#keep-{mattis.pk}")
    walk.see("merge-confirm")
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    walk.see("merged")
    assert not Person.objects.filter(pk=short.pk).exists()
    assert "ماتيس" in Person.objects.get(pk=mattis.pk).alias_list

    # Restore the story's first revision.
    walk.go(f"/admin/articles/article/{hamas.pk}/history/")
    walk.see("history")
    first = hamas.history.order_by("history_id").first()
    walk.go(f"/admin/articles/article/{hamas.pk}/history/{first.history_id}/")
    walk.see("revision")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    walk.see("restored")
    hamas.refresh_from_db()
    assert not hamas.title.endswith("ومطالب بضمانات")


def _reader(walk: Walk, hamas: Article) -> None:
    page = walk.page
    walk.page.context.clear_cookies()
    walk.go("/")
    walk.see("front-page")
    assert page.get_by_text("موازنة العراق للعام المقبل").count() == 0  # scheduled
    walk.go(hamas.get_absolute_url())
    walk.see("story")
    walk.go(Person.objects.get(name="جيمس ماتيس").get_absolute_url())
    walk.see("person")
    mosul = Location.objects.get(name="الموصل")
    walk.go(mosul.get_absolute_url())
    walk.see("place")
    walk.go("/search/?q=" + quote("ترامب"))
    assert page.get_by_text(hamas.title[:20]).count() >= 1
    walk.see("search")
    walk.go("/articles/?place=" + quote(mosul.slug))
    assert "الموصل" in page.locator("h1").inner_text()
    walk.see("filtered-list")
