"""/healthz: 200 when the database and the cache answer; 503 naming what does not."""

import json

import pytest
from django.urls import reverse

from tests.jobs.databases import manage, subprocess_env

PROBE = """
import json
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json(),
                  "cache_control": response.headers.get("Cache-Control", "")}))
"""


def probe(**env) -> dict:
    """GET /healthz in a process of its own, with these settings."""
    out = manage("shell", "-v0", "-c", PROBE, env=subprocess_env(**env), timeout=120).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthy_is_200_json_and_never_cached(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "site_version": "ok",
    }
    assert "no-store" in response["Cache-Control"]


def test_database_down_is_503_naming_it_without_its_address_or_password():
    result = probe(DATABASE_URL="postgres://newsroom:s3cret-pw@127.0.0.1:1/newsroom")
    assert result["status"] == 503
    assert result["body"] == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
        "site_version": "ok",
    }
    assert "no-store" in result["cache_control"]
    assert "s3cret" not in json.dumps(result) and "127.0.0.1" not in json.dumps(result)


def test_cache_down_is_503_naming_it(tmp_path):
    result = probe(
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert result["status"] == 503
    assert result["body"]["database"] == "ok"
    assert result["body"]["cache"] == result["body"]["site_version"] == "unavailable"
