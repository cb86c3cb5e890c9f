"""Audit items 15-17: production settings, login throttling, and the page readers get when
the database is down."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import ROOT

STRONG_KEY = secrets.token_urlsafe(50)
LOGIN = "/admin/login/?next=/admin/"
LOCKED_TEXT = "أُوقف تسجيل الدخول مؤقتاً"


def run_python(code, env_overrides, tmp_path, *args):
    """Run ``code`` in a fresh interpreter with the project's settings and the given
    environment: nothing inherited from the test run that a server would not have (the
    browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, for one)."""
    drop = {"SECRET_KEY", "DATABASE_URL", "NEWSROOM_ENV", "ALLOWED_HOSTS", "DEBUG", "SITE_URL"}
    drop |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "NEWSROOM_VAR_DIR": str(tmp_path)},
        **env_overrides,
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**extra):
    return {
        "NEWSROOM_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "news.example",
        "SITE_URL": "https://news.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom_deploy_check",
        **extra,
    }


def manage(args, env_overrides, tmp_path):
    code = "import sys; from django.core.management import execute_from_command_line; "
    code += "execute_from_command_line(['manage.py', *sys.argv[1:]])"
    return run_python(code, env_overrides, tmp_path, *args)


def settings_value(expr, env_overrides, tmp_path):
    code = f"import django; django.setup(); from django.conf import settings; print({expr})"
    return run_python(code, env_overrides, tmp_path)


# Item 15: production settings


def test_production_passes_the_deploy_check_with_no_warning(tmp_path):
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], production_env(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "short-but-random-Q7x9",  # under 50 characters
        "ab" * 40,  # long, but only two different characters
        "django-insecure-" + secrets.token_urlsafe(50),  # startproject's placeholder
    ],
    ids=["short", "two-characters", "django-insecure"],
)
def test_production_refuses_a_weak_secret_key(tmp_path, weak_key):
    result = manage(["check"], production_env(SECRET_KEY=weak_key), tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak" in result.stderr
    assert "at least 50 characters" in result.stderr


@pytest.mark.parametrize("site_url", ["", "http://news.example"], ids=["unset", "plain-http"])
def test_production_refuses_a_missing_or_plain_http_site_url(tmp_path, site_url):
    result = manage(["check"], production_env(SITE_URL=site_url), tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set" in result.stderr


def test_production_https_settings_and_hosts(tmp_path):
    result = settings_value(
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_PROXY_SSL_HEADER,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.ALLOWED_HOSTS",
        production_env(ALLOWED_HOSTS="news.example,testserver"),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True 31536000 True ('HTTP_X_FORWARDED_PROTO', 'https') True True ['news.example']"
    )


def test_production_hsts_and_redirect_are_configurable(tmp_path):
    env = production_env(SECURE_HSTS_SECONDS="3600", SECURE_SSL_REDIRECT="0")
    result = settings_value(
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT", env, tmp_path
    )
    assert result.stdout.strip() == "3600 False"


def test_development_keeps_plain_http_and_the_test_client_host(tmp_path):
    result = settings_value(
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.ALLOWED_HOSTS",
        {},
        tmp_path,
    )
    assert result.stdout.strip() == "False 0 ['localhost', '127.0.0.1', '[::1]', 'testserver']"


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client, admin_client):
    for response in (client.get("/"), client.get("/robots.txt"), admin_client.get("/admin/")):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


# Item 16: login throttling


@pytest.fixture
def staff(db, django_user_model):
    for name in ("mohrer", "murasil"):
        django_user_model.objects.create_user(name, password=f"right-{name}-pw", is_staff=True)


def attempt(username, password, ip="203.0.113.7"):
    """One login through the admin's form, from a fresh browser at address ``ip``."""
    browser = Client(REMOTE_ADDR=ip)
    response = browser.post(LOGIN, {"username": username, "password": password})
    return response, browser


def logged_in(browser):
    return "_auth_user_id" in browser.session


def fail(times, username, ip="203.0.113.7"):
    for _ in range(times):
        response, _ = attempt(username, "wrong-password", ip)
        assert response.status_code in (200, 429)


@pytest.mark.usefixtures("staff")
def test_five_wrong_passwords_lock_the_account_for_that_address():
    fail(4, "mohrer")
    response, browser = attempt("mohrer", "right-mohrer-pw")
    assert response.status_code == 302 and logged_in(browser)  # four typos are forgiven

    fail(5, "mohrer")
    response, browser = attempt("mohrer", "right-mohrer-pw")
    assert response.status_code == 429
    assert not logged_in(browser)
    page = response.content.decode()
    assert LOCKED_TEXT in page and "15 دقيقة" in page
    assert 'lang="ar" dir="rtl"' in page
    assert response["Retry-After"] == "900"


@pytest.mark.usefixtures("staff")
def test_a_locked_pair_does_not_lock_colleagues_or_other_addresses():
    fail(6, "mohrer", ip="198.51.100.9")
    assert attempt("mohrer", "right-mohrer-pw", ip="198.51.100.9")[0].status_code == 429

    response, browser = attempt("murasil", "right-murasil-pw", ip="198.51.100.9")
    assert response.status_code == 302 and logged_in(browser)
    response, browser = attempt("mohrer", "right-mohrer-pw", ip="192.0.2.44")
    assert response.status_code == 302 and logged_in(browser)


@pytest.mark.usefixtures("staff")
def test_an_address_guessing_many_accounts_is_locked_for_all_of_them(settings):
    for i in range(settings.LOGIN_IP_FAILURE_LIMIT):
        attempt(f"guess-{i}", "wrong-password", ip="198.51.100.66")
    response, browser = attempt("murasil", "right-murasil-pw", ip="198.51.100.66")
    assert response.status_code == 429 and not logged_in(browser)
    assert LOCKED_TEXT in response.content.decode()

    response, browser = attempt("murasil", "right-murasil-pw", ip="192.0.2.45")
    assert response.status_code == 302 and logged_in(browser)


@pytest.mark.usefixtures("staff")
def test_documented_unlock_commands_lift_the_lockout():
    fail(5, "mohrer")
    assert attempt("mohrer", "right-mohrer-pw")[0].status_code == 429
    call_command("axes_reset_username", "mohrer", verbosity=0)
    response, browser = attempt("mohrer", "right-mohrer-pw")
    assert response.status_code == 302 and logged_in(browser)

    fail(5, "murasil")
    assert attempt("murasil", "right-murasil-pw")[0].status_code == 429
    call_command("axes_reset", verbosity=0)
    response, browser = attempt("murasil", "right-murasil-pw")
    assert response.status_code == 302 and logged_in(browser)


@pytest.mark.usefixtures("staff")
def test_the_address_behind_the_proxy_is_the_one_counted(settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.70").post(
            LOGIN, {"username": "mohrer", "password": "wrong-password"}
        )
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.70")
    response = locked.post(LOGIN, {"username": "mohrer", "password": "right-mohrer-pw"})
    assert response.status_code == 429
    # Another reader of the same proxy is another address, and is not locked out.
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.71")
    response = other.post(LOGIN, {"username": "mohrer", "password": "right-mohrer-pw"})
    assert response.status_code == 302 and logged_in(other)


# Item 17 (reader part): the database is down

DOWN_CLIENT = """
import json, sys
import django
from newsroom import var
var.prepare()  # as a server's entry points (manage.py, WSGI, ASGI) do
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for path in sys.argv[1:]:
    r = client.get(path)
    out[path] = [r.status_code, r.get("Retry-After"), r.content.decode()]
print(json.dumps(out))
"""

DOWN_PATHS = ["/", "/robots.txt", "/articles/", "/search/?q=الموصل", "/people/x/", "/sitemap.xml"]


@pytest.mark.parametrize(
    "database_url",
    ["postgres://postgres@127.0.0.1:1/nothing", "sqlite:////nonexistent/folder/db.sqlite3"],
    ids=["postgres-closed-port", "sqlite-missing-folder"],
)
def test_readers_get_an_arabic_503_when_the_database_is_unreachable(tmp_path, database_url):
    result = run_python(
        DOWN_CLIENT, {"DATABASE_URL": database_url, "DEBUG": "0"}, tmp_path, *DOWN_PATHS
    )
    assert result.returncode == 0, result.stderr
    responses = json.loads(result.stdout)
    for path in DOWN_PATHS:
        status, retry_after, page = responses[path]
        assert status == 503, (path, status)
        assert retry_after == "120"
        assert '<html lang="ar" dir="rtl">' in page
        assert "الموقع غير متاح مؤقتاً" in page
