"""The public page cache: pages stored whole, dropped by the surrogate keys of what changed.

A cached page (status, body, headers) is stored under its path and the GET parameters its
view reads (nothing else a client sends reaches the key or the page) together with the
keys of what it shows (``articles.site.surrogates``) and the time its rendering began.

Each key has a version in the ``site_version`` cache (a cache every server process shares;
``default`` when there is none): the time it was last invalidated. A stored page is good
while every key it carries was last invalidated before the page began to render; checking
costs one ``get_many``. Invalidating is deleting the keys' versions (O(keys changed), no
scan): a missing version reads as the latest invalidation of any key (the *floor*), which
is never older than the key's own, so a page rendered before it is never served again,
while a page whose keys nobody touched since it was rendered is (a fresh key costs no
second miss). The invalidation service (``articles.changes``) deletes the keys twice,
before and after its commit, so a page rendered from the rows as they were before the
commit never outlives it.

Scheduled stories go live with no cron: the time of the next one is kept beside the
versions and read with them; once it has passed, the keys of the stories whose time came
are invalidated (their page, home, lists, their people's pages...) by the first request.

Public responses carry an ``ETag`` (hash of the body) and ``Last-Modified`` (when it was
rendered) and answer conditional requests with 304; ``Cache-Control`` lets browsers keep a
page ``CACHE_MAX_AGE`` seconds and shared caches ``CACHE_S_MAXAGE`` (they are purged on
change: ``articles.site.purge``), and the keys go out as ``Surrogate-Key`` (Fastly),
``Cache-Tag`` (Cloudflare) and ``xkey`` (Varnish).
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from functools import partial, wraps

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import http_date, parse_http_date

from articles.site import surrogates

VERSION_PREFIX = "newsroom:key:"
FLOOR_KEY = "newsroom:key-floor"
SCHEDULE_KEY = "newsroom:schedule"
MENU_STATE_KEY = "newsroom:menu-sections"
PAGE_PREFIX = "newsroom:page"
FRAGMENT_PREFIX = "newsroom:fragment"
HEADER = "X-Newsroom-Cache"
# The surrogate keys, as each convention wants them: Fastly and Varnish's xkey separate
# them with spaces, Cloudflare with commas.
KEY_HEADERS = {"Surrogate-Key": " ", "xkey": " ", "Cache-Tag": ","}
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


# --- key versions ---------------------------------------------------------------------


def invalidate(keys) -> None:
    """Drop every page and fragment carrying one of ``keys``. A story's key also bumps
    ``list`` (pages carrying ``list`` do not check their stories' keys)."""
    keys = set(keys)
    if not keys:
        return
    if any(surrogates.is_story(k) for k in keys):
        keys.add(surrogates.LIST)
    store = _version_cache()
    store.set(FLOOR_KEY, time.time(), None)  # before the deletes: see versions()
    store.delete_many([VERSION_PREFIX + k for k in keys])


def bump() -> None:
    """Invalidate every cached page and fragment."""
    invalidate({surrogates.ALL})


def versions(keys, *, extra=()) -> dict:
    """Each key's last invalidation time (one ``get_many``; ``extra`` cache keys are read
    in the same round trip and returned under their own names).

    A key with no version (never bumped, or bumped since) gets the floor, the time of
    the latest invalidation of any key, which is never earlier than its own. The floor
    is read again after that: if it moved meanwhile, an invalidation ran while we looked,
    and the keys just given a version take the new floor (a page begun before it is not
    good)."""
    store = _version_cache()
    names = {VERSION_PREFIX + k: k for k in keys}
    got = store.get_many([*names, FLOOR_KEY, *extra])
    floor = got.get(FLOOR_KEY, 0.0)
    found = {k: got[name] for name, k in names.items() if name in got}
    missing = [k for k in names.values() if k not in found]
    if missing:
        for k in missing:  # ``add``: never over a version another process just set
            name = VERSION_PREFIX + k
            found[k] = floor if store.add(name, floor, None) else store.get(name, floor)
        now_floor = store.get(FLOOR_KEY, 0.0)
        if now_floor != got.get(FLOOR_KEY, 0.0):
            found.update({k: max(found[k], now_floor) for k in missing})
    found.update({name: got[name] for name in extra if name in got})
    return found


def _good(started: float, keys, known: dict) -> bool:
    return all(known[k] < started for k in surrogates.checked(keys))


def menu_keys() -> set[str]:
    """``{"menu"}`` when the sections the menu shows are not those it showed when last
    looked at (a section's first public story, or its last leaving), else nothing. One
    query; called for each change to stories."""
    from articles.site.context_processors import menu_sections

    shown = [section.pk for section in menu_sections()]
    store = _version_cache()
    if store.get(MENU_STATE_KEY) == shown:
        return set()
    store.set(MENU_STATE_KEY, shown, None)
    return {surrogates.MENU}


# --- scheduled stories ------------------------------------------------------------------


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


def _schedule_due(state, now) -> bool:
    return state is None or (state["next"] is not None and state["next"] <= now)


def advance_schedule(state=None, *, force=False) -> None:
    """Invalidate the keys of the stories whose publication time came since the last
    check, and note the next one. With no state kept (first start, or evicted), the
    stories of the last ``CACHE_SECONDS`` (pages older than that have expired anyway).
    ``force``: re-read the next time even when none is due (a story was just scheduled)."""
    from articles.models import Article

    now = timezone.now()
    if state is None:
        state = _version_cache().get(SCHEDULE_KEY)
    due = _schedule_due(state, now)
    if not force and not due:
        return
    if due:  # else no story's time came since the last check: only the next time moved
        since = state["checked"] if state else now - timedelta(seconds=settings.CACHE_SECONDS)
        came = Article.objects.published().filter(published_at__gt=since, published_at__lte=now)
        ids = list(came.values_list("pk", flat=True))
        if ids:
            invalidate(surrogates.story_keys(ids) | menu_keys())
    _version_cache().set(SCHEDULE_KEY, {"checked": now, "next": _next_scheduled()}, None)


def _read(keys, *, stored=False) -> dict:
    """The versions of ``keys``, with the schedule read in the same round trip (and
    advanced first when a scheduled story's time has come). ``stored``: for a page the
    cache holds, which is served as it is when the database cannot be reached."""
    checked = surrogates.checked(keys)
    known = versions(checked, extra=(SCHEDULE_KEY,))
    state = known.pop(SCHEDULE_KEY, None)
    if _schedule_due(state, timezone.now()):
        try:
            advance_schedule(state)
        except DatabaseError:
            if not stored:
                raise
            return known
        known = versions(checked)
    return known


# --- fragments ----------------------------------------------------------------------


def fragment(name: str, compute, keys=(surrogates.LIST,)):
    """``compute()``, kept until one of ``keys`` (and of the keys added while computing)
    is invalidated; its keys become the page's too.

    For parts shared by many pages or costly to work out (the section menu, the most
    named people, a story's related stories): after a change drops the pages showing
    them, they are worked out once, not once per page. Off when page caching is off
    (``CACHE_SECONDS`` <= 0), so an uncached benchmark measures the real work.
    """
    if settings.CACHE_SECONDS <= 0:
        return compute()
    cache_key = f"{FRAGMENT_PREFIX}:{name}"
    entry = _page_cache().get(cache_key)
    if entry is not None:
        started, stored_keys, value = entry
        if _good(started, stored_keys, _read(stored_keys)):
            surrogates.add(*stored_keys)
            return value
    started = time.time()
    with surrogates.collecting() as collected:
        surrogates.add(*keys)
        value = compute()
    if _good(started, collected, _read(collected)):
        _page_cache().set(cache_key, (started, collected, value), settings.CACHE_SECONDS)
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
    return f"{PAGE_PREFIX}:{digest}"


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


def _entry(response, started, keys) -> dict:
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    ]
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": headers,
        "started": started,
        "keys": sorted(keys),
    }


def _replay(entry) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def bypasses_cache(request) -> bool:
    """Staff (logged in) always get a fresh, uncached page; so does anything but GET/HEAD."""
    if request.method not in ("GET", "HEAD") or settings.CACHE_SECONDS <= 0:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _label(response, keys, started) -> None:
    """The validators and surrogate keys of a public page, stored with it."""
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["Last-Modified"] = http_date(started)
    for name, separator in KEY_HEADERS.items():
        response[name] = separator.join(sorted(keys))


def _public(response) -> None:
    response["Cache-Control"] = (
        f"public, max-age={settings.CACHE_MAX_AGE}, s-maxage={settings.CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.CACHE_STALE_WHILE_REVALIDATE}"
    )


def _conditional(request, response):
    """304 when the client's copy (``If-None-Match`` / ``If-Modified-Since``) is this one."""
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date(response["Last-Modified"]),
        response=response,
    )


def _render(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def cached_page(view=None, *, params=()):
    """Cache a public view's 200 responses (status, body and headers) with the surrogate
    keys collected while it rendered, keyed on the path and the GET parameters named in
    ``params``.

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
        entry = _page_cache().get(key)
        keys = entry["keys"] if entry is not None else ()
        if entry is not None and _good(entry["started"], keys, _read(keys, stored=True)):
            response = _replay(entry)
            state = "hit"
        else:
            started = time.time()
            with surrogates.collecting() as keys:
                surrogates.add(surrogates.ALL)
                response = _render(view, request, args, kwargs)
            state = "miss"
            if _storable(request, response):
                _label(response, keys, started)
                if _good(started, keys, _read(keys)):  # nothing it shows changed meanwhile
                    _page_cache().set(key, _entry(response, started, keys), settings.CACHE_SECONDS)
        if response.status_code == 200 and response.has_header("ETag"):
            _public(response)
            response = _conditional(request, response)
        elif response.status_code == 200:  # a cookie, ``Vary``, a page not to store
            response["Cache-Control"] = "private, no-cache"
        else:
            response["Cache-Control"] = "no-cache"
        response[HEADER] = state
        return response

    return wrapper
