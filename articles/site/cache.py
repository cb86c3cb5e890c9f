"""The public page cache: one site-wide version token, bumped whenever published content changes.

Every cached page's key carries the current token, so bumping it (signals do, on any
story, tag, entity or mention change) makes every cached page unreachable at once.
The token also rotates when the next scheduled story's time arrives, so a story
scheduled for 10:00 is on the home page at 10:00 with no cron job.

The token lives in the ``site_version`` cache when configured (a cache every
server process shares), otherwise in ``default``. Pages live in ``default``, each
stored whole (status, body, headers) under its path and the GET parameters its view reads:
nothing else a client sends (Host, junk parameters) reaches the key or the page.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import partial, wraps

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

VERSION_KEY = "newsroom:site-version"
PAGE_PREFIX = "newsroom:page"
FRAGMENT_PREFIX = "newsroom:fragment"
HEADER = "X-Newsroom-Cache"
# Page numbers: ``?page=02`` is ``?page=2`` (Django's sitemaps call theirs ``p``).
PAGE_PARAMS = frozenset({"page", "p"})
# The yes/no filters read these spellings (django-filter's BooleanWidget) and ignore others.
BOOLEAN_PARAMS = frozenset({"exclusive"})
BOOLEAN_SPELLINGS = {"true": "true", "1": "true", "false": "false", "0": "false"}
DATE_PARAMS = frozenset({"date_after", "date_before"})
# Per-request headers a cached response must not hand to the next reader.
UNSTORED_HEADERS = frozenset({"set-cookie", HEADER.lower()})


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


def _normal(name: str, value: str) -> str:
    """The form of a GET value the key (and the view) sees: one spelling per meaning.

    Every spelling a view would read the same way (``?page=02``, ``?exclusive=1``, a date in
    any input format) is one key; a value the view would ignore is dropped, so a junk value
    of a parameter the view does read cannot make a new cache entry either.
    """
    value = value.strip()
    if name in PAGE_PARAMS:
        try:
            return str(int(value))
        except ValueError:
            return value
    if name == "q":
        from articles.search import strip_controls

        return strip_controls(value)
    if name in BOOLEAN_PARAMS:
        return BOOLEAN_SPELLINGS.get(value.lower(), "")
    if name in DATE_PARAMS:
        try:
            day = forms.DateField().clean(value)
        except ValidationError:
            return value  # the view refuses it (400), which is never stored
        return day.isoformat() if day else ""
    return value


def public_params(request, names) -> QueryDict:
    """Only the GET parameters a view reads (``names``), normalised, empty ones dropped.

    The view is handed this instead of the raw query string, so what it renders depends
    on nothing the key leaves out: junk parameters (``?utm=…``) can neither make new
    cache entries nor slip into a cached page (a pager link, say) served to others.
    """
    params = QueryDict(mutable=True)
    for name in sorted(names):
        values = request.GET.getlist(name)
        value = _normal(name, values[-1]) if values else ""
        if value:
            params[name] = value
    params._mutable = False
    return params


def page_key(request) -> str:
    """The view's path and its own (already normalised) parameters; never the Host, scheme,
    headers or any parameter the view does not read."""
    raw = f"{request.path}?{request.GET.urlencode()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{PAGE_PREFIX}:{current_version()}:{digest}"


def do_not_store(request) -> None:
    """Serve this response but keep it out of the cache: the view answered a request that
    is not the canonical spelling of a page (``?page=999`` shown as the last page)."""
    request.newsroom_do_not_store = True


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and not getattr(request, "newsroom_do_not_store", False)
    )


def _entry(response):
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    ]
    return (response.status_code, response.content, headers)


def _replay(entry) -> HttpResponse:
    status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def bypasses_cache(request) -> bool:
    """Staff (logged in) always get a fresh, uncached page; so does anything but GET/HEAD."""
    if request.method not in ("GET", "HEAD") or settings.CACHE_SECONDS <= 0:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def cached_page(view=None, *, params=()):
    """Cache a public view's 200 responses (status, body and headers) under the current
    site version, keyed on the path and the GET parameters named in ``params``.

    ``cached_page(view)`` or ``cached_page(params=("page",))`` as a decorator.
    """
    if view is None:
        return partial(cached_page, params=params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.GET = public_params(request, params)
        if bypasses_cache(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        key = page_key(request)
        hit = _page_cache().get(key)
        if hit is not None:
            response = _replay(hit)
            response[HEADER] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _storable(request, response):
                _page_cache().set(key, _entry(response), settings.CACHE_SECONDS)
            response[HEADER] = "miss"
        patch_cache_control(response, no_cache=True, public=True)
        return response

    return wrapper
