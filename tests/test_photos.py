"""Photos with files: renditions made once at save, and what readers get (the story page,
the front page's lead, og:image and JSON-LD), within the pages' query budgets."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.imaging.clean import clean_photo
from articles.models import Image, Photo
from tests.factories import make_article
from tests.photos import exif_jpeg, opened
from tests.site.test_queries import BUDGET


def attach(article, *, alt="جنود عراقيون في الموصل", caption="جنود في الموصل", position=0, **kw):
    photo = make_photo(alt=alt, caption=caption, **kw)
    return Image.objects.create(article=article, photo=photo, caption=caption, position=position)


def make_photo(*, alt="جنود عراقيون في الموصل", caption="جنود في الموصل", **kw) -> Photo:
    cleaned = clean_photo(exif_jpeg(**kw))
    return Photo.objects.create(
        file=ContentFile(cleaned.data, name=cleaned.name), alt_text=alt, caption=caption
    )


@pytest.fixture
def story(db, media):
    return make_article("معركة الموصل", body=[{"kind": "paragraph", "text": "نص القصة."}])


def test_renditions_made_once_at_save_without_exif(story, media):
    image = attach(story).photo
    assert image.file.name.startswith("photos/") and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (1600, 900)
    files = sorted(p for p in Path(media).rglob("*") if p.is_file())
    names = {p.name for p in files}
    assert any(n.endswith("-720.webp") for n in names) and any(n.endswith("-og.jpg") for n in names)
    for path in files:
        assert not opened(path.read_bytes()).getexif(), path.name  # no GPS, no camera
    # Saved again (the same file and focal point): nothing is written or renamed.
    stamps = {p: p.stat().st_mtime_ns for p in files}
    image.caption = "تعليق آخر"
    image.save()
    assert {p: p.stat().st_mtime_ns for p in Path(media).rglob("*") if p.is_file()} == stamps
    # A new focal point makes new crops under new names; widths are kept.
    image.focal_x = 0.1
    image.save()
    image.refresh_from_db()
    assert "-f10x50-" in image.renditions["og"][2]


def test_story_page_shows_the_photo_with_srcset_sizes_and_dimensions(client, story):
    lead = attach(story)
    attach(story, caption="صورة ثانية", alt="دبابة على طريق", position=1)
    html = client.get(story.get_absolute_url()).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html)
    assert len(pictures) == 2
    first, second = pictures
    assert '<source type="image/webp" srcset="/media/photos/r/' in first
    assert re.search(r'srcset="[^"]+-360\.jpg 360w, [^"]+-720\.jpg 720w', first)
    assert 'width="720" height="405"' in first and 'sizes="(min-width: 760px)' in first
    assert 'loading="eager"' in first and 'fetchpriority="high"' in first
    assert 'alt="جنود عراقيون في الموصل"' in first
    assert 'loading="lazy"' in second and 'alt="دبابة على طريق"' in second
    assert "جنود في الموصل" in html  # the caption under it
    og = f"http://127.0.0.1:8000/media/{lead.renditions['og'][2]}"
    assert f'<meta property="og:image" content="{og}">' in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["image"] == {"@type": "ImageObject", "url": og, "width": 1200, "height": 630}


def test_front_page_lead_card_uses_the_16_9_crop(client, story):
    attach(story)
    html = client.get("/").content.decode()
    lead = re.search(r'<figure class="lead__photo">(.*?)</figure>', html, re.S).group(1)
    assert "-card-720.jpg" in lead and 'width="720" height="405"' in lead
    assert 'loading="eager"' in lead


def test_caption_only_images_beside_a_photo_stay_hidden(client, story):
    Image.objects.create(article=story, caption="تعليق بلا صورة", position=0)
    attach(story, position=1)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "تعليق بلا صورة" not in html and html.count("<picture>") == 1


def test_story_page_with_photos_stays_within_the_query_budget(client, story):
    """Photos cost no query of their own: they come with the images' prefetch."""
    plain = make_article("قصة بلا صورة", body=[{"kind": "paragraph", "text": "نص."}])
    Image.objects.create(article=plain, caption="تعليق بلا صورة")
    for position in range(3):
        attach(story, position=position)
    client.get("/")  # site version and section menu computed once, as on a warm server
    counts = []
    for article in (plain, story):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= BUDGET, counts


def test_a_photo_captioned_as_a_body_caption_is_shown_there(client, db, media):
    story = make_article(
        "قصة بصورتين",
        body=[
            {"kind": "paragraph", "text": "الفقرة الأولى."},
            {"kind": "caption", "text": "دبابة على طريق الموصل", "credit": "رويترز"},
            {"kind": "paragraph", "text": "الفقرة الثانية."},
        ],
    )
    attach(story, caption="جنود في الموصل", position=0)
    attach(story, caption="دبابة على طريق الموصل (رويترز)", alt="دبابة", position=1)
    html = client.get(story.get_absolute_url()).content.decode()
    body = html[html.index('class="story__body"') :]
    assert html.count("<picture>") == 2
    assert body.count("<picture>") == 1 and 'alt="دبابة"' in body
    inline = body[body.index("photo--inline") :]
    assert inline.index("<picture>") < inline.index("دبابة على طريق الموصل")
    assert 'loading="lazy"' in inline


def test_feeds_carry_the_lead_photos_crop_as_enclosure_and_media_content(
    client, story, media, django_assert_max_num_queries
):
    from xml.etree import ElementTree

    attach(story, alt="جنود يسيرون في شارع")
    attach(story, caption="صورة ثانية", alt="دبابة", position=1, colour=(10, 200, 10))
    bare = make_article("قصة بلا صورة", body=[{"kind": "paragraph", "text": "نص."}])
    Image.objects.create(article=bare, caption="تعليق بلا صورة")
    for n in range(5):
        attach(make_article(f"قصة مصورة {n}", body=[]), colour=(n * 40, 10, 10))
    with django_assert_max_num_queries(8):
        rss = client.get("/feeds/latest/").content
    channel = ElementTree.fromstring(rss).find("channel")
    items = {i.findtext("title"): i for i in channel.findall("item")}
    og = Image.objects.filter(article=story).first().renditions["og"]
    url = f"http://127.0.0.1:8000/media/{og[2]}"
    enclosure = items[story.title].find("enclosure").attrib
    assert enclosure == {"url": url, "length": str(og[3]), "type": "image/jpeg"}
    assert og[3] == (Path(media) / og[2]).stat().st_size
    media = items[story.title].find("{http://search.yahoo.com/mrss/}content")
    assert media.attrib == {
        "url": url,
        "type": "image/jpeg",
        "medium": "image",
        "width": "1200",
        "height": "630",
    }
    assert media.findtext("{http://search.yahoo.com/mrss/}description") == "جنود يسيرون في شارع"
    assert items[bare.title].find("enclosure") is None  # a caption only: no picture
    atom = client.get("/feeds/latest/atom/").content.decode()
    assert f'<link href="{url}" length="{og[3]}" rel="enclosure" type="image/jpeg"/>' in atom
