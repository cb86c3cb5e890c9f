"""Site-wide template context: the site's name and the section menu (cached per site version)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.site import cache as site_cache
from articles.site.filters import public_sections

MENU_SIZE = 8


def _sections():
    return site_cache.fragment("sections", lambda: list(public_sections()[:MENU_SIZE]))


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(_sections),
    }
