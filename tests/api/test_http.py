"""The API over HTTP: conditional GETs (ETag, Last-Modified, 304), cursors that stay
stable while stories are published, the OpenAPI schema and its doc page under the CSP,
Arabic browsable pages, read-only methods and bounded queries per list."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import yaml
from django.conf import settings
from django.utils import timezone

from tests.factories import make_article, make_person, mention

pytestmark = pytest.mark.django_db

LISTS = ["articles", "people", "places", "sources", "tags", "sections"]


def path_of(url):
    return url.removeprefix(settings.SITE_URL)


def test_etag_and_last_modified_answer_304(client, world):
    url = f"/api/v1/articles/{world.story.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    listed = client.get("/api/v1/articles/")
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    # A change to the story is a new ETag, and a full answer to the old one.
    world.story.title = "عنوان جديد"
    world.story.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "عنوان جديد" in changed.content.decode()


def test_tags_and_sections_have_an_etag_without_last_modified(client, world):
    for name in ("tags", "sections"):
        response = client.get(f"/api/v1/{name}/")
        assert response.has_header("ETag") and not response.has_header("Last-Modified")
        assert (
            client.get(f"/api/v1/{name}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        )


def test_cursor_pages_are_stable_while_stories_are_published(client, db):
    now = timezone.now()
    stories = [make_article(f"قصة {n}", published_at=now - timedelta(hours=n)) for n in range(7)]
    # Two stories at the same minute: the id orders them, never twice or skipped.
    stories.append(make_article("قصة توأم", published_at=stories[3].published_at))
    page = client.get("/api/v1/articles/?page_size=3").json()
    seen = [item["headlines"][0]["value"] for item in page["results"]]
    make_article("قصة أحدث من الكل", published_at=now)  # published while paging
    while page["next"]:
        assert "page_size=3" in page["next"]
        page = client.get(path_of(page["next"])).json()
        seen += [item["headlines"][0]["value"] for item in page["results"]]
    expected = sorted(stories, key=lambda a: (a.published_at, a.pk), reverse=True)
    assert seen == [a.title for a in expected]


def test_entity_cursor_walks_every_public_person_once(client, world):
    extra = [make_person(f"شخص عام {n}") for n in range(5)]
    for person in extra:
        mention(world.story, person)
    page = client.get("/api/v1/people/?page_size=2").json()
    names = [p["name"] for p in page["results"]]
    while page["next"]:
        page = client.get(path_of(page["next"])).json()
        names += [p["name"] for p in page["results"]]
    assert len(names) == len(set(names)) == 2 + len(extra)


def test_place_has_its_parent_chain_and_coordinates(client, world):
    place = client.get(f"/api/v1/places/{world.mosul.pk}/").json()
    assert (place["latitude"], place["longitude"]) == (36.34, 43.13)
    assert [a["name"] for a in place["ancestors"]] == ["نينوى", "العراق"]
    stories = client.get(path_of(place["stories"])).json()["results"]
    assert world.story.title in [s["headlines"][0]["value"] for s in stories]


def test_schema_lists_every_endpoint_and_the_token(client, world):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = set(schema["paths"])
    for name in LISTS:
        assert f"/api/v1/{name}/" in paths and f"/api/v1/{name}/{{id}}/" in paths
    parameters = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {"q", "section", "tag", "person", "place", "source", "cursor"} <= parameters
    assert schema["components"]["securitySchemes"]["apiToken"]["name"] == "Authorization"
    body = response.content.decode()
    for hidden in world.hidden:
        assert hidden.title not in body


def test_docs_page_loads_only_our_own_files_under_the_csp(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and f'<style nonce="{nonce.group(1)}">' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<script>" not in html  # no inline script: the start-up script is a file
    script = [s for s in sources if "script" in s and "static" not in s][0]
    start = client.get(script.replace("&amp;", "&"))
    assert start.status_code == 200 and "/api/v1/schema/" in start.content.decode()
    for static in [s for s in sources if s.startswith("/static/")]:
        assert client.get(static).status_code == 200, static


def test_browsable_pages_are_arabic(client, world):
    response = client.get("/api/v1/people/", HTTP_ACCEPT="text/html")
    assert response["Cache-Control"] == "private, no-store"  # it carries a CSRF token
    assert not response.has_header("ETag")
    html = response.content.decode()
    assert "<title>الأشخاص – الواجهة البرمجية لنيوزروم</title>" in html
    assert "Django REST framework" not in html
    assert '<html lang="ar" dir="rtl">' in html
    assert 'style="' not in html  # the CSP refuses inline styles
    html = client.get(f"/api/v1/articles/{world.story.pk}/", HTTP_ACCEPT="text/html").content
    assert "<title>قصة – الواجهة البرمجية لنيوزروم</title>" in html.decode()


def test_the_api_is_read_only(client, editor_api, world):
    for api in (client, editor_api):
        assert api.post("/api/v1/articles/", {}).status_code in (403, 405)
        response = api.delete(f"/api/v1/articles/{world.story.pk}/")
        assert response.status_code in (403, 405)
    assert editor_api.post("/api/v1/articles/", {}).status_code == 405


@pytest.mark.parametrize("name", LISTS)
def test_lists_keep_a_bounded_number_of_queries(
    name, client, editor_api, world, django_assert_max_num_queries
):
    for n in range(25):
        story = make_article(f"قصة إضافية {n}", tags=[f"وسم {n}"], section=f"قسم {n % 3}")
        mention(story, make_person(f"شخص إضافي {n}"))
        mention(story, world.mosul)
    for api, budget in ((client, 8), (editor_api, 10)):
        with django_assert_max_num_queries(budget):
            response = api.get(f"/api/v1/{name}/?page_size=100")
        assert response.status_code == 200
        assert len(response.json()["results"]) >= (1 if name == "sections" else 2)


def test_filtered_and_searched_lists_stay_within_budget(
    client, world, django_assert_max_num_queries
):
    for n in range(20):
        mention(make_article(f"الموصل {n}", tags=["داعش"]), world.mattis)
    for query in (f"q={quote('الموصل')}", f"person={quote(world.mattis.slug)}", "tag=داعش"):
        with django_assert_max_num_queries(9):
            assert client.get(f"/api/v1/articles/?{query}").status_code == 200
