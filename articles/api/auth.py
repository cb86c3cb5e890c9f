"""``Authorization: Token <key>`` (or ``Bearer <key>``): the API token's user, with the token.

A missing header leaves the request anonymous (public content only); a header with a key
that is unknown, revoked or its user's no longer active is refused with 401, never
silently treated as anonymous. The key itself is never logged nor kept: only its hash is
looked up (``ApiToken.objects.authenticate``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from articles.models import ApiToken

KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Write the header as «Authorization: Token <key>», with one key.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = ApiToken.objects.authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API key is unknown or revoked."))
        return (token.user, token)

    def authenticate_header(self, request):
        return 'Token realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    """The token, as the OpenAPI schema (and its doc page's «Authorize») describes it."""

    target_class = TokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "«Token <المفتاح>»: يُنشأ في الإدارة تحت «مفاتيح الواجهة البرمجية».",
        }
