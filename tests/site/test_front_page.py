"""The edited front page: the editors' lead and top stories, recency after them, section
blocks; pinned from the admin; only public stories; bounded queries; fresh after a pin."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.editorial.roles import EDITORS, REPORTERS
from articles.models import Article, FrontPick, Status
from articles.site import front
from articles.site.cache import HEADER
from tests.admin.conftest import _staff_in
from tests.factories import make_article

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def desk(db):
    """Twenty public stories an hour apart (newest first), in two sections, and a draft."""
    now = timezone.now()
    stories = [
        make_article(
            f"خبر رقم {i}",
            deck=f"عنوان فرعي للخبر {i}",
            section=("المشرق العربي", "العالم العربي")[i % 2],
            published_at=now - timedelta(hours=i, minutes=5),
        )
        for i in range(20)
    ]
    draft = make_article("مسودة لا تظهر", status=Status.DRAFT, published_at=None)
    return stories, draft


def lead_title(html):
    start = html.index('class="lead"')
    return html[start : html.index("</article>", start)]


def test_without_picks_the_latest_story_leads_and_recency_fills_the_rest(desk):
    stories, _ = desk
    page = front.front_page()
    assert page.lead == stories[0]
    assert page.top == stories[1 : 1 + front.TOP_SIZE]
    shown = 1 + front.TOP_SIZE
    assert page.latest == stories[shown : shown + front.LATEST_SIZE]


def test_editors_choose_the_lead_and_the_order_of_the_top_stories(desk):
    stories, _ = desk
    FrontPick.objects.create(article=stories[9], position=0)
    FrontPick.objects.create(article=stories[15], position=2)
    FrontPick.objects.create(article=stories[12], position=1)

    page = front.front_page()

    assert page.lead == stories[9]
    assert page.top[:2] == [stories[12], stories[15]]
    assert page.top[2:] == stories[: front.TOP_SIZE - 2]  # then the latest not shown yet
    everything = [page.lead, *page.top, *page.latest]
    assert len({a.pk for a in everything}) == len(everything)


def test_a_pinned_story_that_is_no_longer_public_simply_disappears(desk):
    stories, draft = desk
    FrontPick.objects.create(article=draft, position=0)
    FrontPick.objects.create(article=stories[5], position=1)
    page = front.front_page()
    assert page.lead == stories[5]

    stories[5].status = Status.DRAFT
    stories[5].save()
    scheduled = stories[6]
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() + timedelta(days=1))
    FrontPick.objects.create(article=scheduled, position=0)

    page = front.front_page()
    shown = {a.pk for a in [page.lead, *page.top, *page.latest]}
    shown |= {a.pk for block in page.sections for a in block.stories}
    assert page.lead == stories[0]
    assert not shown & {draft.pk, stories[5].pk, scheduled.pk}


def test_section_blocks_hold_the_latest_stories_not_shown_above_in_menu_order(desk):
    stories, _ = desk
    page = front.front_page()
    assert [block.section.name for block in page.sections] == ["العالم العربي", "المشرق العربي"]
    above = {a.pk for a in [page.lead, *page.top, *page.latest]}
    for block in page.sections:
        assert 0 < len(block.stories) <= front.SECTION_SIZE
        assert all(a.section == block.section and a.pk not in above for a in block.stories)
        times = [a.published_at for a in block.stories]
        assert times == sorted(times, reverse=True)
    # The desk reorders the menu: the blocks follow.
    section = stories[0].section
    section.position = 1
    section.save()
    assert front.front_page().sections[0].section == section


def test_the_front_page_shows_lead_deck_time_blocks_and_most_named(client, desk):
    stories, draft = desk
    FrontPick.objects.create(article=stories[3], position=0)
    html = client.get("/").content.decode()
    lead = lead_title(html)
    assert stories[3].title in lead and stories[3].deck in lead
    assert "قبل 3 ساعات" in lead and '<time datetime="' in lead
    assert stories[3].section.get_absolute_url() in lead
    assert "المزيد من المشرق العربي" in html
    assert draft.title not in html


def test_lead_photo_is_the_first_image_that_has_a_file():
    class Photo:
        def __init__(self, file):
            self.file = file

    with_file = Photo("lead.jpg")
    assert front.first_with_file([Photo(""), with_file, Photo("x.jpg")]) is with_file
    assert front.first_with_file([Photo(None)]) is None


def test_a_quiet_section_beyond_the_recent_window_still_gets_its_block(desk, monkeypatch):
    """Busy sections fill from the latest stories; a section with only old stories is
    ranked over its own stories, so it is neither dropped nor scanned with the archive."""
    stories, _ = desk
    monkeypatch.setattr(front, "RECENT_WINDOW", 3)
    old = [
        make_article(f"خبر قديم {i}", section="الخليج", published_at=stories[-1].published_at
                     - timedelta(days=30 + i))
        for i in range(6)
    ]  # fmt: skip
    old[0].section.position = 0  # first in the menu
    old[0].section.save()
    page = front.front_page()
    assert page.sections[0].section.name == "الخليج"
    assert page.sections[0].stories == old[: front.SECTION_SIZE]
    assert {b.section.name for b in page.sections} == {"الخليج", "العالم العربي", "المشرق العربي"}


def test_front_page_query_budget(client, desk, django_assert_max_num_queries):
    stories, _ = desk
    for i, story in enumerate(stories[::3]):
        FrontPick.objects.create(article=story, position=i)
    client.get("/")  # the site version, as on any warm server
    from django.core.cache import caches

    caches["default"].clear()  # pages and fragments, not the version
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


# -- the admin: pin, make lead, unpin -------------------------------------------------


def act(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], "index": 0},
        follow=True,
    )


@pytest.fixture
def editor_client(db, django_user_model):
    client = Client()
    client.force_login(_staff_in(django_user_model, "mohrer", EDITORS))
    return client


def test_an_editor_pins_and_the_front_page_changes_at_once(client, editor_client, desk):
    stories, _ = desk
    assert stories[0].title in lead_title(client.get("/").content.decode())
    assert client.get("/")[HEADER] == "hit"
    version = Article.objects.get(pk=stories[7].pk).version
    revisions = Article.history.filter(id=stories[7].pk).count()

    response = act(editor_client, "make_lead", [stories[7]])

    assert "صارت «خبر رقم 7» القصة الرئيسية في الصفحة الأولى." in response.content.decode()
    fresh = client.get("/")
    assert fresh[HEADER] == "miss"
    assert stories[7].title in lead_title(fresh.content.decode())
    # Layout, not a change to the story: an editor's open form on it stays valid.
    assert Article.objects.get(pk=stories[7].pk).version == version
    assert Article.history.filter(id=stories[7].pk).count() == revisions


def test_pin_appends_make_lead_goes_first_unpin_removes(editor_client, desk):
    stories, _ = desk
    act(editor_client, "pin_to_front", [stories[4], stories[2]])
    act(editor_client, "pin_to_front", [stories[6], stories[4]])  # 4 is pinned already
    order = list(FrontPick.objects.values_list("article_id", flat=True))
    assert order == [stories[2].pk, stories[4].pk, stories[6].pk]

    act(editor_client, "make_lead", [stories[6]])
    assert FrontPick.objects.first().article == stories[6]
    assert front.front_page().lead == stories[6]

    response = act(editor_client, "unpin_from_front", [stories[6], stories[9]])
    assert "أُزيلت من الصفحة الأولى: 1 من القصص المختارة." in response.content.decode()
    assert front.front_page().lead == stories[2]


def test_pinning_a_draft_warns_that_it_will_not_show(editor_client, desk):
    _, draft = desk
    response = act(editor_client, "pin_to_front", [draft])
    assert "لن تظهر في الصفحة الأولى حتى تُنشر" in response.content.decode()


def test_reporters_cannot_pin(db, django_user_model, desk):
    stories, _ = desk
    client = Client()
    client.force_login(_staff_in(django_user_model, "murasil", REPORTERS))
    act(client, "pin_to_front", [stories[3]])
    assert not FrontPick.objects.exists()


def test_the_front_page_list_reorders_in_place(editor_client, desk):
    stories, _ = desk
    first = FrontPick.objects.create(article=stories[1], position=1)
    second = FrontPick.objects.create(article=stories[2], position=2)
    url = reverse("admin:articles_frontpick_changelist")
    html = editor_client.get(url).content.decode()
    assert "القصة الرئيسية" in html and "الصفحة الأولى" in html
    response = editor_client.post(
        url,
        {
            "form-TOTAL_FORMS": 2,
            "form-INITIAL_FORMS": 2,
            "form-0-id": second.pk,
            "form-0-position": 0,
            "form-1-id": first.pk,
            "form-1-position": 5,
            "_save": "حفظ",
        },
    )
    assert response.status_code == 302
    assert front.front_page().lead == stories[2]


def test_the_story_list_shows_the_front_page_place(editor_client, desk):
    stories, _ = desk
    FrontPick.objects.create(article=stories[1], position=4)
    html = editor_client.get(CHANGELIST).content.decode()
    assert '<bdi dir="ltr">4</bdi>' in html


def test_story_pages_and_cards_date_in_arabic_with_time(client, desk):
    stories, _ = desk
    local = timezone.localtime(stories[2].published_at)
    months = "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"
    expected = f"{local.day} {months.split()[local.month - 1]} {local.year}، {local:%H:%M}"
    html = client.get(stories[2].get_absolute_url()).content.decode()
    assert f'<time datetime="{local.isoformat()}">{expected}</time>' in html
    listing = client.get("/articles/").content.decode()
    assert f">{expected}</time>" in listing
