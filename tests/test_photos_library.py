"""Photos as library assets: one photo placed in several stories, the story form's
chooser, the library list (thumbnails, Arabic-normalised search, filters, bounded
queries), the photo form (focal point, file replaced), the import keeping an editor's
photo, and migration 0017 moving the files of 0016 onto photos."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.editorial.roles import REPORTERS
from articles.imaging.clean import clean_photo
from articles.models import Article, Image, Photo, Source, Status
from tests.admin.conftest import _staff_in, form_data, story_url
from tests.factories import make_article
from tests.photos import exif_jpeg

MOSUL = "جنود عراقيون في الموصل"


def new_photo(*, caption=MOSUL, alt="جنود يسيرون في شارع", colour=(200, 60, 40), **fields):
    cleaned = clean_photo(exif_jpeg(colour=colour))
    return Photo.objects.create(
        file=ContentFile(cleaned.data, name=cleaned.name), caption=caption, alt_text=alt, **fields
    )


def stored(media) -> set[str]:
    return {p.relative_to(media).as_posix() for p in Path(media).rglob("*") if p.is_file()}


@pytest.fixture
def editor_client(client, django_user_model, db):
    """A reporter: the library and its chooser are theirs too (drafts with photos)."""
    client.force_login(_staff_in(django_user_model, "murasil", REPORTERS))
    return client


@pytest.fixture
def draft(db, media):
    return make_article(
        "قصة بصورة من الأرشيف",
        status=Status.DRAFT,
        body=[{"kind": "paragraph", "text": "نص القصة."}],
    )


def test_one_photo_is_shown_by_several_stories_with_their_own_captions(client, db, media):
    photo = new_photo(alt="دبابة على طريق")
    one, two = (
        make_article(t, body=[{"kind": "paragraph", "text": "نص."}])
        for t in ("القصة الأولى", "القصة الثانية")
    )
    Image.objects.create(article=one, photo=photo, caption="دبابة في الموصل أمس")
    Image.objects.create(article=two, photo=photo, caption="صورة أرشيفية لدبابة", is_archive=True)
    pages = [client.get(a.get_absolute_url()).content.decode() for a in (one, two)]
    webp = photo.renditions["widths"][0][2]
    for html, caption in zip(pages, ("دبابة في الموصل أمس", "صورة أرشيفية لدبابة"), strict=True):
        assert webp in html and 'alt="دبابة على طريق"' in html and caption in html
    assert photo.placements.count() == 2 and Photo.objects.count() == 1
    # The library's photo cannot be deleted from under the stories showing it.
    with pytest.raises(Exception, match="protected"):
        photo.delete()


def test_the_same_picture_uploaded_twice_is_one_photo_and_one_file(db, media):
    first, again = new_photo(), new_photo(caption="تعليق آخر")
    assert first.file.name == again.file.name
    assert len([n for n in stored(media) if "/r/" not in n]) == 1


def test_story_form_places_a_library_photo_with_its_caption(editor_client, draft):
    photo = new_photo(credit_text="أ.ف.ب")
    page = editor_client.get(story_url(draft))
    html = page.content.decode()
    assert "/admin/articles/photo/?_to_field=id" in html  # the chooser's lookup
    popup = editor_client.get("/admin/articles/photo/?_to_field=id&_popup=1").content.decode()
    assert photo.renditions["widths"][0][2] in popup and "dismissRelatedLookupPopup" not in popup
    assert f'data-popup-opener="{photo.pk}"' in popup  # a click on the row chooses it
    data = form_data(page)
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-photo": str(photo.pk),
            "images-0-caption": "",
            "images-0-alt_text": "",
            "images-0-position": "0",
        }
    )
    response = editor_client.post(story_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get(article=draft)
    assert image.photo == photo and image.caption == MOSUL  # from the library
    assert f"الصور: أضيف «{MOSUL}»" in latest_reason(draft)  # in the story's history
    photo.refresh_from_db()
    assert photo.alt_text == "جنود يسيرون في شارع"  # a blank field did not wipe it
    # The chosen photo's thumbnail is shown next to its number on the form.
    html = editor_client.get(story_url(draft)).content.decode()
    chosen = html[html.index('class="photo-chosen"') :]
    assert chosen.index(photo.renditions["widths"][0][2]) < 400


def test_a_photo_with_no_caption_anywhere_is_refused_in_arabic(editor_client, draft):
    photo = new_photo(caption="")
    page = editor_client.get(story_url(draft))
    data = form_data(page)
    data.update({"images-TOTAL_FORMS": "1", "images-0-photo": str(photo.pk)})
    data.update({"images-0-caption": "", "images-0-position": "0"})
    response = editor_client.post(story_url(draft), data)
    assert response.status_code == 200
    assert "اكتب تعليق الصورة" in response.content.decode()
    assert not Image.objects.exists()


def test_changing_alt_text_on_the_story_form_changes_the_library_photo(editor_client, draft):
    photo = new_photo()
    Image.objects.create(article=draft, photo=photo, caption="تعليق", position=0)
    page = editor_client.get(story_url(draft))
    data = form_data(page)
    assert data["images-0-alt_text"] == "جنود يسيرون في شارع"
    data["images-0-alt_text"] = "جنود عراقيون قرب جامع النوري"
    data["images-0-focal_x"] = "0.2"
    assert editor_client.post(story_url(draft), data).status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == "جنود عراقيون قرب جامع النوري" and photo.focal_x == 0.2
    assert "-f20x50-" in photo.renditions["og"][2]
    assert "الصور: عُدّل «تعليق»" in latest_reason(draft)


def latest_reason(article) -> str:
    revision = article.history.order_by("-history_date", "-history_id").first()
    return revision.history_change_reason or ""


@pytest.fixture
def library(db, media):
    afp = Source.objects.create(
        name="وكالة الصحافة الفرنسية", slug="afp", key="وكاله الصحافه الفرنسيه"
    )
    afp.aliases = "أ.ف.ب"
    afp.save()
    photos = {
        "mosul": new_photo(caption="جنودٌ في المَوصل", alt="", credit=afp),
        "basra": new_photo(caption="ميناء البصرة", colour=(10, 90, 30), is_archive=True),
        "gaza": new_photo(caption="شارع في غزة", colour=(90, 90, 200), credit_text="رويترز"),
    }
    story = make_article("قصة", body=[{"kind": "paragraph", "text": "نص."}])
    Image.objects.create(article=story, photo=photos["gaza"], caption="غزة")
    return photos


def listed(client, query="") -> str:
    response = client.get(reverse("admin:articles_photo_changelist") + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("?q=بالموصل", {"mosul"}),  # clitic and diacritics
        ("?q=الموصل جنود", {"mosul"}),
        ("?q=أ.ف.ب", {"mosul"}),  # the credit's alias
        ("?q=الفرنسية", {"mosul"}),
        ("?q=رويترز", {"gaza"}),  # the credit as printed
        ("?q=البصره", {"basra"}),  # ة/ه
        ("?is_archive__exact=1", {"basra"}),
        ("?alt=missing", {"mosul"}),
        ("?used=yes", {"gaza"}),
        ("?used=no", {"mosul", "basra"}),
        ("", {"mosul", "basra", "gaza"}),
    ],
)
def test_library_search_and_filters(admin_client, library, query, found):
    html = listed(admin_client, query)
    shown = {name for name, p in library.items() if p.renditions["widths"][0][2] in html}
    assert shown == found


def test_library_list_shows_thumbnails_in_bounded_queries(
    admin_client, library, django_assert_max_num_queries
):
    for n in range(12):
        new_photo(caption=f"صورة رقم {n}", colour=(n * 20, 40, 40))
    with django_assert_max_num_queries(12):
        html = listed(admin_client)
    assert html.count('class="photo-thumb"') == 15
    assert 'width="120" height="67"' in html and 'loading="lazy"' in html
    assert "قصة واحدة" in html and "لا قصص" in html


def test_photo_form_saves_a_new_focal_point_and_recuts_the_crops(
    admin_client, library, media, django_capture_on_commit_callbacks
):
    photo = library["basra"]
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    html = admin_client.get(url).content.decode()
    assert 'class="focal-picker"' in html and "js/focal_point.js" in html
    old_og = photo.renditions["og"][2]
    page = admin_client.get(url)
    data = form_data(page, focal_x="0.1", focal_y="0.9")
    data.pop("file", None)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    photo.refresh_from_db()
    assert photo.focal == (0.1, 0.9) and "-f10x90-" in photo.renditions["og"][2]
    assert photo.renditions["og"][2] in stored(media)
    assert old_og not in stored(media)  # the old crop went: no other photo uses it


def test_replacing_a_file_deletes_the_old_files_unless_another_photo_uses_them(
    admin_client, db, media, django_capture_on_commit_callbacks
):
    shared, alone = new_photo(), new_photo(caption="الصورة نفسها في المكتبة مرة ثانية")
    assert shared.file.name == alone.file.name
    old_files = {n for n in stored(media)}

    def replace(photo, colour):
        url = reverse("admin:articles_photo_change", args=[photo.pk])
        data = form_data(admin_client.get(url))
        data["file"] = SimpleUploadedFile("new.jpg", exif_jpeg(colour=colour))
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        photo.refresh_from_db()

    replace(shared, (0, 120, 0))
    assert old_files <= stored(media)  # «alone» still uses them
    replace(alone, (0, 0, 120))
    assert not old_files & stored(media)
    assert {shared.file.name, alone.file.name} <= stored(media)


@pytest.mark.django_db
def test_reimport_keeps_the_photo_an_editor_attached(pages, media):
    from tests.test_editors_work import change_page, story_with_photo
    from tests.test_loadseeds import run

    run(pages)
    article = story_with_photo()
    image = article.images.order_by("position").first()
    image.photo = new_photo()
    image.save()
    change_page(pages, article)
    out, _ = run(pages, verbosity=2)
    assert "kept=1" in out
    image.refresh_from_db()
    assert image.photo.alt_text == "جنود يسيرون في شارع"
    assert Article.objects.get(pk=article.pk).images.exclude(photo=None).count() == 1


@pytest.mark.django_db(transaction=True)
def test_migration_0017_moves_files_onto_shared_photos(media):
    executor = MigrationExecutor(connection)
    before, after = ("articles", "0016_photo_files"), ("articles", "0017_photo_library")
    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps
        OldArticle, OldImage = (old.get_model("articles", n) for n in ("Article", "Image"))
        one, two = (
            OldArticle.objects.create(title=f"قصة {n}", slug=f"story-{n}", body=[]) for n in (1, 2)
        )
        for article, caption in ((one, "جنود"), (two, "جنود مرة أخرى")):
            OldImage.objects.create(
                article=article,
                caption=caption,
                file="photos/abc.jpg",
                alt_text="جنود في شارع",
                focal_x=0.3,
                renditions={"og": [1200, 630, "photos/r/abc-og.jpg"]},
            )
        OldImage.objects.create(article=one, caption="تعليق فقط", position=1)
        executor.loader.build_graph()
        executor.migrate([after])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    photo = Photo.objects.get()
    assert (photo.file.name, photo.alt_text, photo.focal_x) == (
        "photos/abc.jpg",
        "جنود في شارع",
        0.3,
    )
    assert photo.caption == "جنود" and "جنود" in photo.search_key
    assert Image.objects.filter(photo=photo).count() == 2
    assert Image.objects.get(caption="تعليق فقط").photo is None


def test_library_screens_have_no_latin_ui_words(admin_client, library, admin_user):
    from tests.latin import stored_latin_words, ui_words

    photo = library["mosul"]
    story = Image.objects.get(photo=library["gaza"]).article
    urls = [
        reverse("admin:articles_photo_changelist"),
        reverse("admin:articles_photo_changelist") + "?_to_field=id&_popup=1",
        reverse("admin:articles_photo_add"),
        reverse("admin:articles_photo_change", args=[photo.pk]),
        reverse("admin:articles_photo_delete", args=[library["gaza"].pk]),  # protected
        reverse("admin:articles_article_change", args=[story.pk]),
    ]
    data = stored_latin_words(admin_user.username, admin_user.email)
    found = {}
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        words = ui_words(response.content.decode(), data)
        if words:
            found[url] = words
    assert not found, found


def test_merging_sources_moves_the_library_photos_credit(library):
    from articles.editorial.merge import merge_entities

    afp = library["mosul"].credit
    short = Source.objects.create(name="أ ف ب", slug="afp-short", key="ا ف ب")
    library["basra"].credit = short
    library["basra"].save()
    result = merge_entities(keep=afp, merge=[short])
    library["basra"].refresh_from_db()
    assert library["basra"].credit == afp and result.moved["صور المكتبة"] == 1


def test_a_library_change_reaches_the_cached_pages_of_every_story_using_it(client, db, media):
    photo = new_photo()
    stories = [make_article(t, body=[]) for t in ("القصة الأولى", "القصة الثانية")]
    for story in stories:
        Image.objects.create(article=story, photo=photo, caption="جنود")
    old = photo.renditions["og"][2]
    for story in stories:
        assert old in client.get(story.get_absolute_url()).content.decode()  # now cached
    photo.focal_x = 0.9
    photo.save()
    for story in stories:
        html = client.get(story.get_absolute_url()).content.decode()
        assert old not in html and photo.renditions["og"][2] in html
