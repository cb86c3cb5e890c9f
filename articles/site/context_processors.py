"""Site-wide template context: the site's name and the section menu (a fragment whose
key, ``menu``, is invalidated when the sections the menu shows change)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.site import cache as site_cache
from articles.site import surrogates
from articles.site.filters import public_sections

MENU_SIZE = 8


def menu_sections() -> list:
    """The sections of the menu: the first ``MENU_SIZE`` holding a public story."""
    return list(public_sections()[:MENU_SIZE])


def _sections():
    return site_cache.fragment("sections", menu_sections, keys=[surrogates.MENU])


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(_sections),
    }
