"""The public page cache: one site-wide version token, bumped whenever published content changes.

Every cached page's key carries the current token, so bumping it (signals do, on any
story, tag, entity or mention change) makes every cached page unreachable at once.
The token also rotates when the next scheduled story's time arrives, so a story
scheduled for 10:00 is on the home page at 10:00 with no cron job.

The token lives in the ``site_version`` cache when configured (a cache every
server process shares), otherwise in ``default``. Pages live in ``default``.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

VERSION_KEY = "newsroom:site-version"
PAGE_PREFIX = "newsroom:page"
FRAGMENT_PREFIX = "newsroom:fragment"
HEADER = "X-Newsroom-Cache"


def _version_cache():
    alias = "site_version" if "site_version" in settings.CACHES else "default"
    return caches[alias]


def _page_cache():
    return caches["default"]


def _next_scheduled():
    from articles.models import Article, Status

    return (
        Article.objects.filter(
            status=Status.PUBLISHED, is_stub=False, published_at__gt=timezone.now()
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def bump() -> None:
    """Invalidate every cached page."""
    _version_cache().delete(VERSION_KEY)


def current_version() -> str:
    store = _version_cache()
    state = store.get(VERSION_KEY)
    if state is None or (state["next"] is not None and state["next"] <= timezone.now()):
        state = {"token": uuid.uuid4().hex, "next": _next_scheduled()}
        store.set(VERSION_KEY, state, None)
    return state["token"]


def fragment(name: str, compute):
    """``compute()``, kept under the current site version (so never stale) like a page.

    For parts shared by many pages or costly to work out (the section menu, the most
    named people, a story's related stories): after a publish empties the page cache,
    they are worked out once, not once per page. Off when page caching is off
    (``CACHE_SECONDS`` <= 0), so an uncached benchmark measures the real work.
    """
    if settings.CACHE_SECONDS <= 0:
        return compute()
    key = f"{FRAGMENT_PREFIX}:{current_version()}:{name}"
    value = _page_cache().get(key)
    if value is None:
        value = compute()
        _page_cache().set(key, value, settings.CACHE_SECONDS)
    return value


def page_key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{PAGE_PREFIX}:{current_version()}:{digest}"


def bypasses_cache(request) -> bool:
    """Staff (logged in) always get a fresh, uncached page; so does anything but GET/HEAD."""
    if request.method not in ("GET", "HEAD") or settings.CACHE_SECONDS <= 0:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def cached_page(view):
    """Cache a public view's 200 responses under the current site version."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if bypasses_cache(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        key = page_key(request)
        hit = _page_cache().get(key)
        if hit is not None:
            status, content, content_type = hit
            response = HttpResponse(content, status=status, content_type=content_type)
            response[HEADER] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                _page_cache().set(
                    key,
                    (response.status_code, response.content, response["Content-Type"]),
                    settings.CACHE_SECONDS,
                )
            response[HEADER] = "miss"
        patch_cache_control(response, no_cache=True, public=True)
        return response

    return wrapper
