"""Purging front-end caches (a Varnish or nginx in front, a CDN) when something changes.

Off unless ``NEWSROOM_PURGE_BACKENDS`` lists where to send purges (the environment's
``NEWSROOM_PURGE_URLS``), like Wagtail's front-end cache invalidation. The invalidation
service calls ``purge(keys)`` after its transaction commits with the surrogate keys that
changed; each backend is sent them its own way:

``http://varnish:6081``        ``PURGE /`` with an ``xkey`` header of the keys (Varnish's
                               xkey module), then ``PURGE <path>`` for each page address the
                               keys name (a Varnish without xkey, nginx's proxy_cache_purge)
``cloudflare+https://…/zones/<zone>``  ``POST …/purge_cache {"tags": [...]}`` (Cache-Tag)
``fastly+https://…/service/<id>``      ``POST …/purge`` with ``Surrogate-Key`` (Fastly)

The API backends send ``NEWSROOM_PURGE_TOKEN``. A purge that fails is logged, never
raised: the change is saved, and the page's short ``s-maxage`` bounds how stale it stays.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from articles.site import surrogates

logger = logging.getLogger(__name__)
TIMEOUT = 5  # seconds per purge request
CLOUDFLARE_TAGS_PER_CALL = 30
FASTLY_KEYS_PER_CALL = 256


def purge(keys) -> None:
    """Send ``keys`` to every configured backend; failures are logged."""
    backends = settings.NEWSROOM_PURGE_BACKENDS
    keys = sorted(set(keys))
    if not backends or not keys:
        return
    for location in backends:
        try:
            backend_for(location).purge(keys)
        except Exception:
            logger.exception("front-end cache purge failed: %s", location)


def backend_for(location: str):
    scheme, _, rest = location.partition("+")
    if rest and scheme in API_BACKENDS:
        return API_BACKENDS[scheme](rest)
    return HTTPBackend(location)


def _send(request) -> None:
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        response.read()


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


class HTTPBackend:
    """A Varnish or nginx in front of the site: purge by key, then by address."""

    def __init__(self, location: str):
        self.base = location.rstrip("/")

    def purge(self, keys) -> None:
        host = urlsplit(settings.SITE_URL).netloc
        _send(
            urllib.request.Request(
                self.base + "/", method="PURGE", headers={"xkey": " ".join(keys), "Host": host}
            )
        )
        for path in page_paths(keys):
            _send(urllib.request.Request(self.base + path, method="PURGE", headers={"Host": host}))


class CloudflareBackend:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def purge(self, keys) -> None:
        for tags in _chunks(keys, CLOUDFLARE_TAGS_PER_CALL):
            _send(
                urllib.request.Request(
                    f"{self.base}/purge_cache",
                    data=json.dumps({"tags": tags}).encode(),
                    method="POST",
                    headers={
                        "Authorization": f"Bearer {settings.NEWSROOM_PURGE_TOKEN}",
                        "Content-Type": "application/json",
                    },
                )
            )


class FastlyBackend:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def purge(self, keys) -> None:
        for chunk in _chunks(keys, FASTLY_KEYS_PER_CALL):
            _send(
                urllib.request.Request(
                    f"{self.base}/purge",
                    data=b"",
                    method="POST",
                    headers={
                        "Fastly-Key": settings.NEWSROOM_PURGE_TOKEN,
                        "Surrogate-Key": " ".join(chunk),
                    },
                )
            )


API_BACKENDS = {"cloudflare": CloudflareBackend, "fastly": FastlyBackend}


def page_paths(keys) -> list[str]:
    """The addresses of the main pages the keys name (a story's page, a record's page and
    feed, the lists): for caches that purge by address only. Filtered lists and further
    pages are not named; their ``s-maxage`` bounds them."""
    from taggit.models import Tag

    from articles.models import KINDS, Article, Section

    by_prefix: dict[str, list[int]] = {}
    for name in keys:
        prefix, _, pk = name.partition(":")
        if pk.isdigit():
            by_prefix.setdefault(prefix, []).append(int(pk))
    paths = []
    if surrogates.LIST in keys or surrogates.ALL in keys:
        paths += [reverse(f"articles:{n}") for n in ("article_list", "feed_latest")]
        paths += [reverse(n) for n in ("articles:feed_latest_atom", "articles:sitemap")]
        paths.append(reverse("articles:news_sitemap"))
    if {surrogates.LIST, surrogates.HOME, surrogates.ALL} & set(keys):
        paths.append(reverse("articles:home"))
    for story in Article.objects.filter(pk__in=by_prefix.get(surrogates.STORY, [])):
        paths.append(story.get_absolute_url())
    models = {"tag": Tag, "section": Section}
    models.update({surrogates.PREFIXES[kind.model.__name__]: kind.model for kind in KINDS})
    for prefix, model in models.items():
        stem = prefix if model in (Tag, Section) else model._meta.model_name
        pks = by_prefix.get(prefix, [])
        for slug in model.objects.filter(pk__in=pks).values_list("slug", flat=True):
            for page in ("detail", "feed"):
                paths.append(reverse(f"articles:{stem}_{page}", kwargs={"slug": slug}))
    return paths
