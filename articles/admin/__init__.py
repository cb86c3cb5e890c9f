"""The editors' admin: stories, people, places, sources and the review of found entities."""

from django.contrib import admin

from articles.admin import (  # noqa: F401  (registers)
    articles,
    entities,
    front,
    jobs,
    mentions,
    photos,
    tokens,
    tombstones,
)

# The stories list needs the width more than a second copy of the index: the home page
# and the breadcrumbs already lead everywhere (laptops and tablets).
admin.site.enable_nav_sidebar = False

# The autocompletes list stories with their status and date (the related-story picker).
admin.site.autocomplete_view = articles.story_autocomplete_view
