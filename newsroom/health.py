"""``/healthz`` for a load balancer: 200 when the database and the cache answer, else 503.

The body names each part and whether it answered, never an address or a password; the
answer is never cached (by the site's page cache, a proxy or the balancer).
"""

import logging
import secrets

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache(alias: str):
    def check() -> None:
        cache, key, value = caches[alias], "healthz-probe", secrets.token_hex(8)
        cache.set(key, value, 30)
        if cache.get(key) != value:
            raise RuntimeError("the value written was not read back")

    return check


CHECKS = {"database": _database, "cache": _cache("default"), "site_version": _cache("site_version")}


@never_cache
def healthz(request):
    parts, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:
            logger.warning("healthz: %s unavailable: %s", name, type(exc).__name__)
            parts[name], healthy = "unavailable", False
        else:
            parts[name] = "ok"
    if not healthy:
        connection.close_if_unusable_or_obsolete()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503
    )
