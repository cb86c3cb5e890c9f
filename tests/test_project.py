"""Project set-up promises: settings from the environment, the editor login, SQLite mode."""

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from tests.conftest import ROOT


def settings_in_subprocess(env_overrides, expr):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = f"import django; django.setup(); from django.conf import settings; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_requires_a_secret_key(tmp_path):
    result = settings_in_subprocess(
        {"NEWSROOM_ENV": "production", "NEWSROOM_VAR_DIR": str(tmp_path)}, "settings.DEBUG"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def manage_in_subprocess(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_importing_settings_writes_nothing(tmp_path):
    var_dir = tmp_path / "var"
    result = settings_in_subprocess(
        {"NEWSROOM_VAR_DIR": str(var_dir)},
        "settings.DATABASES['default']['NAME'], settings.STATIC_ROOT, settings.CACHES",
    )
    assert result.returncode == 0, result.stderr
    assert str(var_dir / "db.sqlite3") in result.stdout
    assert not var_dir.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_var_dir_setting_means_the_checkout_s_var():
    result = settings_in_subprocess(
        {"NEWSROOM_VAR_DIR": ""}, "settings.DATABASES['default']['NAME']"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "var" / "db.sqlite3")


def test_development_key_is_generated_once_and_kept(tmp_path):
    env = {"NEWSROOM_VAR_DIR": str(tmp_path)}
    assert settings_in_subprocess(env, "repr(settings.DEBUG)").returncode == 0
    assert not (tmp_path / "secret_key").exists()  # settings alone make none

    assert manage_in_subprocess(env, "check").returncode == 0
    first = (tmp_path / "secret_key").read_text().strip()
    assert manage_in_subprocess(env, "--version").returncode == 0
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert len(first) > 40
    assert settings_in_subprocess(env, "settings.SECRET_KEY").stdout.strip() == first


def test_database_url_selects_postgresql(tmp_path):
    result = settings_in_subprocess(
        {"DATABASE_URL": "postgres://u@db.example:5433/news", "NEWSROOM_VAR_DIR": str(tmp_path)},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
    )
    assert "django.db.backends.postgresql" in result.stdout and "news" in result.stdout


def test_arabic_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "ar"
    assert settings.TIME_ZONE == "Asia/Baghdad"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; the option is what the server runs with.
    assert mode in {"wal", "memory"}
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


@pytest.mark.django_db
def test_editor_login_is_created_once_with_a_random_password():
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = get_user_model().objects.get(username="editor")
    assert user.is_superuser and user.check_password(password)
    assert len(password) >= 12

    again = StringIO()
    call_command("ensure_editor", stdout=again)
    assert "password:" not in again.getvalue()
    assert get_user_model().objects.count() == 1

    user.delete()
    other = StringIO()
    call_command("ensure_editor", stdout=other)
    assert re.search(r"password: (\S+)", other.getvalue()).group(1) != password


@pytest.mark.django_db
def test_stylesheet_is_served_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served == (ROOT / "static" / "css" / "site.css").read_bytes()
