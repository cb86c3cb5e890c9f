"""API tokens: made and revoked in the admin, shown once, stored hashed; a token reads
with its user's admin rights (editors and reporters alike see drafts, marked; only what
each role may see in the admin), and a revoked or unknown one is refused with 401."""

import logging
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client

from articles.editorial.roles import EDITORS, REPORTERS, ensure_roles
from articles.models import ApiToken
from articles.models.tokens import INGEST_PERMISSION
from tests.api.conftest import client_with, token_for

pytestmark = pytest.mark.django_db


def results(client, url):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def statuses(client, url="/api/v1/articles/?page_size=100"):
    return {item["headlines"][0]["value"]: item for item in results(client, url)}


def test_editor_token_sees_hidden_stories_marked(editor_api, api_world):
    world = api_world
    seen = statuses(editor_api)
    expected = {
        world.story: ("usable", "published"),
        world.draft: ("withheld", "draft"),
        world.review: ("withheld", "review"),
        world.stub: ("withheld", "stub"),
        world.scheduled: ("withheld", "scheduled"),
    }
    for story, (pubstatus, status) in expected.items():
        item = seen[story.title]
        assert (item["pubstatus"], item["newsroom:status"]) == (pubstatus, status)
        assert ("ednote" in item) == (status != "published")
    assert seen[world.scheduled.title]["embargoed"] == world.scheduled.published_at.isoformat()
    detail = editor_api.get(f"/api/v1/articles/{world.draft.pk}/").json()
    assert detail["newsroom:status"] == "draft"
    assert detail["bodies"][0]["value"]


def test_token_answers_are_private(editor_api, api_world):
    response = editor_api.get(f"/api/v1/articles/{api_world.draft.pk}/")
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    assert "Authorization" in response["Vary"]


def test_reporter_token_has_reporter_rights_only(reporter_api, editor_api, api_world):
    world = api_world
    # Reporters see every story in the admin (they write the drafts), so their token does.
    assert world.draft.title in statuses(reporter_api)
    # They hold no permission on sections: the admin shows them none, the API the public ones.
    reporter_sections = {s["name"] for s in results(reporter_api, "/api/v1/sections/")}
    editor_sections = {s["name"] for s in results(editor_api, "/api/v1/sections/")}
    assert world.secret_section.name in editor_sections
    assert world.secret_section.name not in reporter_sections
    assert world.story.section.name in reporter_sections
    # ...so a filter on the hidden section is theirs to ask only as an editor.
    url = f"/api/v1/articles/?section={quote(world.secret_section.slug)}"
    assert reporter_api.get(url).status_code == 400
    assert [i["headlines"][0]["value"] for i in results(editor_api, url)] == [world.draft.title]
    # People they may see in the admin: the draft-only person is listed for both.
    people = {p["name"] for p in results(reporter_api, "/api/v1/people/?page_size=100")}
    assert world.secret_person.name in people


def test_staff_without_a_role_reads_what_readers_read(django_user_model, api_world):
    user = django_user_model.objects.create_user("bare", is_staff=True)
    api = client_with(token_for(user)[1])
    seen = statuses(api)
    assert api_world.story.title in seen and api_world.draft.title not in seen
    assert all("newsroom:status" not in item for item in seen.values())


def test_a_token_of_a_user_who_is_not_staff_reads_what_readers_read(django_user_model, api_world):
    user = django_user_model.objects.create_user("reader")
    user.groups.add(ensure_roles()[EDITORS])
    seen = statuses(client_with(token_for(user)[1]))
    assert api_world.draft.title not in seen


@pytest.mark.parametrize(
    "header",
    [
        "Token nr_not-a-real-key",
        "Bearer nr_not-a-real-key",
        "Token",
        "Token two keys",
        "Token " + "nr_" + "x" * 200,
    ],
)
def test_unknown_keys_are_refused_with_401(header, api_world):
    response = Client(headers={"Authorization": header}).get("/api/v1/articles/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert re.search("[\u0600-\u06ff]", response.json()["detail"])  # an Arabic message


def test_revoked_token_and_inactive_user_are_refused(editor, api_world):
    token, key = token_for(editor)
    api = client_with(key)
    assert api.get("/api/v1/articles/").status_code == 200
    token.revoke()
    assert api.get("/api/v1/articles/").status_code == 401
    other, other_key = token_for(editor, name="ثان")
    editor.is_active = False
    editor.save()
    assert client_with(other_key).get("/api/v1/articles/").status_code == 401


def test_bearer_works_too_and_last_use_is_noted(editor, api_world):
    token, key = token_for(editor)
    assert token.last_used_at is None
    response = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/articles/")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_key_is_stored_only_as_a_hash_and_never_logged(editor, api_world, caplog):
    token, key = token_for(editor)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in repr(row)
    assert row["key_hash"] != key and len(row["key_hash"]) == 64
    token.revoke()
    with caplog.at_level(logging.DEBUG):
        assert client_with(key).get("/api/v1/articles/").status_code == 401
        assert Client().get("/api/v1/articles/", HTTP_AUTHORIZATION="Token " + key).status_code
    assert caplog.records  # the refusal is logged...
    assert key not in caplog.text and key[10:] not in caplog.text  # ...without the key


def test_ingest_permission_is_the_editors(api_world):
    groups = ensure_roles()
    codename = INGEST_PERMISSION.split(".")[1]
    assert groups[EDITORS].permissions.filter(codename=codename).exists()
    assert not groups[REPORTERS].permissions.filter(codename=codename).exists()
    assert Permission.objects.get(codename=codename).name == (
        "يستطيع استيراد صفحات (رفعها أو عبر الواجهة البرمجية)"
    )


def test_editor_makes_a_token_in_the_admin_and_sees_the_key_once(client, editor, api_world):
    client.force_login(editor)
    add = "/admin/articles/apitoken/add/"
    assert client.get(add).status_code == 200
    response = client.post(add, {"name": "تطبيق الهاتف", "can_ingest": "on"})
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    key = re.search(r'value="(nr_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.can_ingest, token.may_ingest) == (
        editor,
        "تطبيق الهاتف",
        True,
        True,
    )
    assert key not in client.get(f"/admin/articles/apitoken/{token.pk}/change/").content.decode()
    api = client_with(key)
    assert api_world.draft.title in statuses(api)
    # Revoked from its change form: refused at once.
    response = client.post(
        f"/admin/articles/apitoken/{token.pk}/change/", {"name": token.name, "revoke": "on"}
    )
    assert response.status_code == 302
    assert api.get("/api/v1/articles/").status_code == 401


def test_reporter_cannot_give_a_token_the_ingest_right(client, reporter, api_world):
    client.force_login(reporter)
    page = client.get("/admin/articles/apitoken/add/").content.decode()
    assert "صلاحية الاستيراد" in page
    response = client.post(
        "/admin/articles/apitoken/add/", {"name": "مفتاح مراسل", "can_ingest": "on"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.user == reporter and not token.can_ingest and not token.may_ingest


def test_each_user_lists_and_revokes_only_their_own_tokens(client, editor, reporter, api_world):
    mine, _ = token_for(editor, name="مفتاح المحرر")
    theirs, their_key = token_for(reporter, name="مفتاح المراسل")
    client.force_login(editor)
    page = client.get("/admin/articles/apitoken/").content.decode()
    assert "مفتاح المحرر" in page and "مفتاح المراسل" not in page
    assert client.get(f"/admin/articles/apitoken/{theirs.pk}/change/").status_code in (302, 404)
    client.post(
        "/admin/articles/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [mine.pk, theirs.pk]},
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert client_with(their_key).get("/api/v1/articles/").status_code == 200


def _ingest_allowed(user, **token_kwargs) -> bool:
    from rest_framework.test import APIRequestFactory, force_authenticate
    from rest_framework.views import APIView

    from articles.api.permissions import CanIngest

    class Probe(APIView):
        permission_classes = [CanIngest]

        def post(self, request):
            from rest_framework.response import Response

            return Response(status=202)

    request = APIRequestFactory().post("/api/v1/ingest/")
    force_authenticate(request, user=user, token=token_for(user, **token_kwargs)[0])
    return Probe.as_view()(request).status_code == 202


def test_only_an_editors_token_with_the_right_may_ingest(editor, reporter, api_world):
    assert _ingest_allowed(editor, can_ingest=True)
    assert not _ingest_allowed(editor, can_ingest=False)
    # A reporter's token cannot carry it, even if the flag were set behind the admin's back.
    assert not _ingest_allowed(reporter, can_ingest=True)
    token, _ = token_for(editor, can_ingest=True, name="ثان")
    token.revoke()
    assert not token.may_ingest


def test_editor_cursor_walks_drafts_and_undated_stubs_once(editor_api, api_world):
    from articles.models import Article

    page = editor_api.get("/api/v1/articles/?page_size=1").json()
    seen = [item["uri"] for item in page["results"]]
    while page["next"]:
        page = editor_api.get(page["next"].removeprefix(settings.SITE_URL)).json()
        seen += [item["uri"] for item in page["results"]]
    assert len(seen) == len(set(seen)) == Article.objects.count()
    assert api_world.stub.published_at is None
