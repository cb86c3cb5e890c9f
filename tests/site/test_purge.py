"""Front-end cache purges: sent after the commit, by key, to a real Varnish and to a local
server standing in for the Cloudflare and Fastly APIs; a failing purge never fails a save."""

import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from articles.site import purge
from tests.factories import make_article, make_person, mention
from tests.services import require_program

TOKEN = "test-purge-token"


class Recorder(BaseHTTPRequestHandler):
    """Answers 200 to anything, and keeps (method, path, headers in lower case, body)."""

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.seen.append((self.command, self.path, headers, body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def story(db):
    person = make_person("قائد الشرطة")
    story = make_article("قصة عن الشرطة")
    mention(story, person)
    story.person = person
    return story


def test_purges_go_out_after_the_commit_by_key(
    story, recorder, settings, django_capture_on_commit_callbacks
):
    base = f"http://127.0.0.1:{recorder.server_port}"
    settings.NEWSROOM_PURGE_BACKENDS = [
        base,
        f"cloudflare+{base}/client/v4/zones/zone1",
        f"fastly+{base}/service/svc1",
    ]
    settings.NEWSROOM_PURGE_TOKEN = TOKEN
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            story.deck = "عنوان فرعي جديد"
            story.save()
        assert recorder.seen == []  # nothing before the commit
    seen = recorder.seen
    story_key, person_key = f"a:{story.pk}", f"person:{story.person.pk}"

    xkey = [s for s in seen if s[0] == "PURGE" and s[1] == "/" and "xkey" in s[2]]
    assert len(xkey) == 1 and {story_key, person_key, "list"} <= set(xkey[0][2]["xkey"].split())
    paths = {s[1] for s in seen if s[0] == "PURGE"}
    assert {story.get_absolute_url(), story.person.get_absolute_url(), "/"} <= paths

    cloudflare = [s for s in seen if s[1] == "/client/v4/zones/zone1/purge_cache"]
    assert cloudflare and all(s[0] == "POST" for s in cloudflare)
    assert all(s[2]["authorization"] == f"Bearer {TOKEN}" for s in cloudflare)
    tags = [tag for s in cloudflare for tag in json.loads(s[3])["tags"]]
    assert {story_key, person_key} <= set(tags)

    fastly = [s for s in seen if s[1] == "/service/svc1/purge"]
    assert len(fastly) == 1 and fastly[0][0] == "POST" and fastly[0][2]["fastly-key"] == TOKEN
    assert {story_key, person_key} <= set(fastly[0][2]["surrogate-key"].split())


def test_a_failed_purge_is_logged_and_the_save_stands(
    story, settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    settings.NEWSROOM_PURGE_BACKENDS = [f"http://127.0.0.1:{closed}"]
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "عنوان باق رغم فشل التنظيف"
        story.save()
    story.refresh_from_db()
    assert story.title == "عنوان باق رغم فشل التنظيف"
    assert "front-end cache purge failed" in caplog.text


def test_purges_are_off_by_default(story, recorder, settings, django_capture_on_commit_callbacks):
    assert settings.NEWSROOM_PURGE_BACKENDS == []
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    assert recorder.seen == []


# --- a real Varnish in front of the site ----------------------------------------------

VCL = """vcl 4.1;
import xkey;
backend default {{ .host = "127.0.0.1"; .port = "{port}"; }}
sub vcl_recv {{
  if (req.method == "PURGE") {{
    if (req.http.xkey) {{
      set req.http.n-gone = xkey.purge(req.http.xkey);
      return (synth(200, "purged " + req.http.n-gone));
    }}
    return (purge);
  }}
}}
sub vcl_deliver {{
  if (obj.hits > 0) {{ set resp.http.X-Varnish-Cache = "HIT"; }}
  else {{ set resp.http.X-Varnish-Cache = "MISS"; }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def varnish(live_server, tmp_path):
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    require_program("Varnish (Debian's varnish and varnish-modules)", varnishd)
    backend_port = live_server.url.rsplit(":", 1)[1]
    (tmp_path / "site.vcl").write_text(VCL.format(port=backend_port))
    port = free_port()
    proc = subprocess.Popen(
        [varnishd, "-F", "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "site.vcl")]
        + ["-n", str(tmp_path / "varnish"), "-s", "malloc,32m", "-j", "none"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert proc.poll() is None and time.time() < deadline, "varnishd did not start"
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def fetch(url) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["X-Varnish-Cache"], response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_a_save_purges_its_pages_from_varnish_and_only_those(varnish, settings):
    settings.SITE_URL = varnish
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    person, bystander = make_person("وزير النقل"), make_person("لاعب كرة")
    story = make_article("قصة عن النقل")
    other = make_article("قصة عن الرياضة")
    mention(story, person)
    mention(other, bystander)
    urls = [
        varnish + story.get_absolute_url(),
        varnish + person.get_absolute_url(),
        varnish + other.get_absolute_url(),
        varnish + bystander.get_absolute_url(),
    ]
    for url in urls:
        fetch(url)
        assert fetch(url)[0] == "HIT", url
    settings.NEWSROOM_PURGE_BACKENDS = [varnish]
    story.title = "قصة عن النقل بعد التعديل"
    story.save()  # autocommit: the purge goes out at once, after the commit
    state, html = fetch(urls[0])
    assert state == "MISS" and "قصة عن النقل بعد التعديل" in html
    assert fetch(urls[1])[0] == "MISS"
    assert fetch(urls[2])[0] == "HIT" and fetch(urls[3])[0] == "HIT"


def test_page_paths_name_the_main_pages_of_the_keys(story):
    paths = purge.page_paths([f"a:{story.pk}", f"person:{story.person.pk}", "list"])
    assert story.get_absolute_url() in paths
    assert story.person.get_absolute_url() in paths
    assert {"/", "/articles/", "/feeds/latest/", "/sitemap.xml"} <= set(paths)
