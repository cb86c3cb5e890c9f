"""The production topology, run here: two app servers, one PostgreSQL, one Redis.

Two `manage.py serve` (what `make serve` runs: migrate, collectstatic, gunicorn, and on
the second the job worker) on two loopback ports, with production settings from the
environment (README, "Deploying"): a PostgreSQL database of the test's own (created,
migrated, dropped), Redis on 127.0.0.1:6379 (database 14, keys under a prefix and a queue
named for this test run, removed afterwards) for the cache, the site version and the job
queue. Requests carry `X-Forwarded-Proto: https` as the TLS proxy in front would.

A story published in the admin of the first server is served by the second at once (its
cached front page included); pages uploaded in the admin of the first (which runs no
worker) are imported by the worker started with the second.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager

import redis

from tests.jobs.databases import MANAGE, ROOT, manage, own_database, query, subprocess_env
from tests.jobs.pages import page_files
from tests.services import require

REDIS_URL = "redis://127.0.0.1:6379/14"
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from articles.editorial.roles import EDITORS, ensure_roles
from articles.models import Article, Status
user = get_user_model().objects.create_user("topology", is_staff=True)
user.groups.add(ensure_roles()[EDITORS])
client = Client()
client.force_login(user)
story = Article.objects.published().order_by("pk").first()
story.status = Status.DRAFT
story.save()
print(json.dumps({"session": client.cookies["sessionid"].value, "id": story.pk,
                  "path": story.get_absolute_url(), "title": story.title}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Requests to one server as a logged-in editor behind the TLS proxy."""

    def __init__(self, port: int, session: str | None = None):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {"sessionid": session} if session else {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, *, fields=None, files=None):
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{self.base[7:]}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files is not None:
            boundary = uuid.uuid4().hex
            body = multipart(boundary, fields or {}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, response.headers, response.read().decode()

    def get(self, path):
        return self.request(path)

    def form_token(self, path) -> str:
        status, _, html = self.get(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def multipart(boundary: str, fields: dict, files: list) -> bytes:
    out = []
    for name, value in fields.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts = [part.encode() for part in out]
    for field, filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def wait_healthy(port: int, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped during start-up"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return json.loads(r.read())
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"no answer from 127.0.0.1:{port}/healthz")


@contextmanager
def serving(env, port, *extra):
    process = subprocess.Popen(
        [*MANAGE, "serve", "--bind", f"127.0.0.1:{port}", *extra],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_healthy(port, process) == {
            "status": "ok",
            "database": "ok",
            "cache": "ok",
            "site_version": "ok",
        }
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_servers_share_one_postgresql_and_redis(tmp_path):
    require("PostgreSQL", "127.0.0.1", 5432)
    require("Redis", "127.0.0.1", 6379)
    run = f"topology-{os.getpid()}"
    store = redis.Redis.from_url(REDIS_URL)
    with own_database("newsroom_topology", tmp_path, postgres=True) as url:
        shared = {"DATABASE_URL": url, "REDIS_URL": REDIS_URL}
        shared.update(CACHE_KEY_PREFIX=run, JOBS_QUEUE=run)
        manage("loadseeds", "--jobs", "1", env=subprocess_env(**shared))
        production = subprocess_env(
            **shared,
            NEWSROOM_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(50),
            SITE_URL="https://news.example",
            ALLOWED_HOSTS="127.0.0.1",
            WEB_CONCURRENCY=1,
        )
        setup = json.loads(manage("shell", "-v0", "-c", SETUP, env=production).stdout)
        port_a, port_b = free_port(), free_port()
        try:
            with serving(production, port_a, "--no-jobs"), serving(production, port_b):
                first, second = Browser(port_a, setup["session"]), Browser(port_b)
                assert second.get(setup["path"])[0] == 404
                status, _, front = second.get("/")
                assert status == 200 and setup["title"] not in front  # now in the cache

                # A story published in the first server's admin...
                token = first.form_token("/admin/articles/article/")
                status, headers, _ = first.request(
                    "/admin/articles/article/",
                    fields={
                        "csrfmiddlewaretoken": token,
                        "action": "publish",
                        "index": 0,
                        "select_across": 0,
                        "_selected_action": setup["id"],
                    },
                )
                assert status == 302, status
                # ...is served by the second at once, its cached front page too.
                status, _, page = second.get(setup["path"])
                assert status == 200 and setup["title"] in page
                assert setup["title"] in second.get("/")[2]

                # Pages uploaded through the first (no worker there) are imported by the
                # worker started with the second.
                token = first.form_token("/admin/articles/importjob/add/")
                pages = page_files(2, prefix="topology")
                status, headers, _ = first.request(
                    "/admin/articles/importjob/add/",
                    fields={"csrfmiddlewaretoken": token},
                    files=[("files", name, content) for name, content in pages],
                )
                assert status == 302, status
                job_id = int(re.search(r"/importjob/(\d+)/", headers["Location"]).group(1))

                def finished():
                    rows = query(
                        url, "SELECT state FROM articles_importjob WHERE id = %s", (job_id,)
                    )
                    return rows[0][0] in ("done", "failed")

                wait_until(finished, 120, "the uploaded job to run")
                [(state, created, task_id)] = query(
                    url,
                    "SELECT state, created, task_id FROM articles_importjob WHERE id = %s",
                    (job_id,),
                )
                assert (state, created) == ("done", 2)
                assert store.exists(f"rq:job:{task_id}")  # it went through Redis (RQ)
                status, _, html = first.get(headers["Location"])
                assert status == 200 and "انتهت" in html and "topology000.txt" in html
                assert "خبر رقم 1 من سلسلة topology" in first.get("/")[2]
        finally:
            clean_redis(store, run)


def clean_redis(store, run: str) -> None:
    """Remove what this run left in Redis: keys under its prefix, its queue's jobs and
    results, its workers' records."""
    store.srem("rq:queues", f"rq:queue:{run}")
    for key in store.scan_iter(f"*{run}*"):
        store.delete(key)
    for key in store.scan_iter("rq:*"):
        if store.type(key) != b"hash":
            continue
        if store.hget(key, "origin") == run.encode():  # a job
            store.delete(key, key.replace(b"rq:job:", b"rq:results:"))
        elif store.hget(key, "queues") == run.encode():  # a worker
            store.delete(key)
