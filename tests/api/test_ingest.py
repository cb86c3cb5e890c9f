"""``POST /api/v1/ingest/``: pages sent with a token that may ingest become a job; its report."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.editorial.roles import REPORTERS, ensure_roles
from articles.jobs.run import run_job
from articles.models import Article, ImportJob, JobState
from tests.api.conftest import client_with, token_for
from tests.conftest import SEEDS_DIR
from tests.jobs.pages import page_files

pytestmark = pytest.mark.django_db


def seed(name="seed"):
    path = sorted(SEEDS_DIR.glob("*.txt"))[0]
    return SimpleUploadedFile(f"{name}.txt", path.read_bytes(), content_type="text/plain")


@pytest.fixture
def ingest_api(editor):
    return client_with(token_for(editor, can_ingest=True)[1])


def run_all():
    for job_id in ImportJob.objects.unfinished().values_list("pk", flat=True):
        run_job(job_id)


def test_pages_in_one_request_become_one_job_answered_202_with_its_address(ingest_api, editor):
    files = [SimpleUploadedFile(n, c, content_type="text/plain") for n, c in page_files(3)]
    response = ingest_api.post("/api/v1/ingest/", {"files": files})
    assert response.status_code == 202
    body = response.json()
    assert body["files"] == 3 and body["state"] == JobState.QUEUED
    assert response["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/jobs/{body['id']}/")
    assert "no-store" in response["Cache-Control"]
    job = ImportJob.objects.get(pk=body["id"])
    assert job.user == editor

    run_all()
    report = ingest_api.get(f"/api/v1/jobs/{job.pk}/").json()
    assert report["state"] == JobState.DONE
    assert [f["outcome"] for f in report["files"]] == ["imported"] * 3
    assert report["totals"]["created"] == 3
    assert Article.objects.filter(title__startswith="خبر رقم").count() == 3


def test_json_pages_with_a_bad_one_land_the_good_and_report_the_bad(ingest_api):
    ((name, text),) = page_files(1)
    pages = [{"name": name, "text": text.decode()}, {"name": "empty.txt", "text": ""}]
    response = ingest_api.post(
        "/api/v1/ingest/", json.dumps({"pages": pages}), content_type="application/json"
    )
    assert response.status_code == 202
    run_all()
    report = ingest_api.get(response["Location"]).json()
    outcomes = {f["name"]: f["outcome"] for f in report["files"]}
    assert outcomes == {name: "imported", "empty.txt": "failed"}
    assert next(f for f in report["files"] if f["name"] == "empty.txt")["error"]
    assert Article.objects.filter(title__startswith="خبر رقم 0").count() == 1


def test_the_same_page_twice_is_unchanged(ingest_api):
    first = ingest_api.post("/api/v1/ingest/", {"files": [seed()]})
    run_all()
    second = ingest_api.post("/api/v1/ingest/", {"files": [seed()]})
    run_all()
    assert ingest_api.get(first["Location"]).json()["totals"]["created"] > 0
    totals = ingest_api.get(second["Location"]).json()["totals"]
    assert totals["created"] == 0 and totals["updated"] == 0 and totals["unchanged"] > 0


@pytest.mark.parametrize(
    "body",
    [{"pages": "نص"}, {"pages": [{"name": "a.txt"}]}, ["a"]],
    ids=["not-a-list", "no-text", "not-an-object"],
)
def test_a_body_of_the_wrong_shape_is_a_400_that_says_the_shape(ingest_api, body):
    response = ingest_api.post("/api/v1/ingest/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "pages" in response.json()["detail"]
    assert not ImportJob.objects.exists()


def test_over_the_limits_nothing_is_stored_and_the_limit_is_named(ingest_api, settings):
    settings.IMPORT_JOB_MAX_FILES = 2
    files = [SimpleUploadedFile(n, c, content_type="text/plain") for n, c in page_files(3)]
    response = ingest_api.post("/api/v1/ingest/", {"files": files})
    assert response.status_code == 413
    assert response.json()["setting"] == "IMPORT_JOB_MAX_FILES"
    settings.IMPORT_JOB_MAX_FILES = 200
    settings.IMPORT_JOB_MAX_BYTES = 10
    response = ingest_api.post("/api/v1/ingest/", {"files": [seed()]})
    assert response.status_code == 413
    assert response.json()["setting"] == "IMPORT_JOB_MAX_BYTES"
    empty = ingest_api.post("/api/v1/ingest/", {})
    assert empty.status_code == 400
    assert not ImportJob.objects.exists()


def test_only_a_token_with_the_ingest_right_may_send_pages(editor, reporter):
    without_right = client_with(token_for(editor)[1])
    assert without_right.post("/api/v1/ingest/", {"files": [seed()]}).status_code == 403
    reporter_key = token_for(reporter, can_ingest=True)[1]  # the right needs an editor
    assert client_with(reporter_key).post("/api/v1/ingest/", {"files": [seed()]}).status_code == 403
    anonymous = client_with("nr_not-a-key")
    assert anonymous.post("/api/v1/ingest/", {"files": [seed()]}).status_code == 401
    # An admin session is not a token: the desk's tools each have their key.
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.post("/api/v1/ingest/", {"files": [seed()]}).status_code == 403
    assert not ImportJob.objects.exists()


def test_a_job_is_shown_to_its_sender_only(ingest_api, django_user_model):

    location = ingest_api.post("/api/v1/ingest/", {"files": [seed()]})["Location"]
    other = django_user_model.objects.create_user("akhar", is_staff=True)
    other.groups.add(ensure_roles()[REPORTERS])
    other.user_permissions.add(Permission.objects.get(codename="ingest_pages"))
    other_key = token_for(other, can_ingest=True)[1]
    assert client_with(other_key).get(location).status_code == 404
    assert ingest_api.get(location).status_code == 200
