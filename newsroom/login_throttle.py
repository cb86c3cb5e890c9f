"""The login throttle's project-specific parts, plugged into django-axes by settings.

Why these and not axes' defaults: axes counts one failure limit over one set of keys, but a
newsroom needs two limits (a small one per account and address, so a typo-prone reporter
locks only themselves; a larger one per address, so one machine cannot try password after
password on every account), the client's real address behind the TLS proxy, and an
Arabic lockout page.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

PAIR = [["username", "ip_address"]]
ADDRESS = ["ip_address"]


def client_ip(request):
    """The address the outermost trusted proxy saw (``TRUSTED_PROXIES`` of them append to
    X-Forwarded-For), or the socket's peer when there is no proxy. Without this, behind the
    TLS proxy every login would seem to come from the proxy and share one lockout."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def address_failures(ip_address, since) -> int:
    """Failed logins from one address, whatever usernames they tried, since ``since``."""
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return total.aggregate(n=Sum("failures_since_start"))["n"] or 0


def lockout_parameters(request_or_attempt, credentials=None):
    """What axes counts failures over: the (username, address) pair, or the whole address
    once it has reached ``LOGIN_IP_FAILURE_LIMIT`` failures within the cool-off period (its
    total is then above the per-pair limit too, so axes refuses every username from it)."""
    ip_address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(
        request_or_attempt, "ip_address", None
    )
    attempt_time = getattr(request_or_attempt, "axes_attempt_time", None)
    if ip_address is None or attempt_time is None:
        return PAIR
    since = attempt_time - settings.AXES_COOLOFF_TIME
    if address_failures(ip_address, since) >= settings.LOGIN_IP_FAILURE_LIMIT:
        return ADDRESS
    return PAIR


def lockout_response(request, original_response=None, credentials=None):
    """The Arabic "too many attempts" page, status 429, for a locked-out login."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "lockout.html",
        {"cooloff_minutes": minutes, "login_url": request.path},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
