"""Absolute URLs for readers and crawlers, always on the configured ``SITE_URL``.

Never built from the request's Host header: a cached page is served to every reader, so
a forged Host would otherwise plant foreign links in robots.txt, sitemaps, feeds and
canonical tags for all of them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri


def absolute(path: str) -> str:
    """``path`` (as ``reverse`` or ``get_absolute_url`` give it) on the canonical site; an
    address that is absolute already (a photo on object storage) is kept as it is."""
    if urlsplit(path).scheme:
        return iri_to_uri(path)
    return iri_to_uri(settings.SITE_URL.rstrip("/") + path)


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc
