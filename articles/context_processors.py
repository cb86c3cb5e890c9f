"""Site-wide template context: the site's name and the section menu (cached per site version)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from articles import cache as site_cache
from articles.filters import section_choices

MENU_SIZE = 8


def _sections():
    key = f"newsroom:sections:{site_cache.current_version()}"
    sections = cache.get(key)
    if sections is None:
        sections = [value for value, _ in section_choices()][:MENU_SIZE]
        cache.set(key, sections, settings.CACHE_SECONDS)
    return sections


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(_sections),
    }
