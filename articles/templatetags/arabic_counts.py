"""Counts said in Arabic: «قصة واحدة», «قصتان», «3 قصص», «11 قصة» (locale/ar's plural forms)."""

from django import template
from django.utils.translation import ngettext

register = template.Library()

# What a list of each model counts, as gettext messages (singular, plural); the Arabic
# catalogue gives each its six forms.
NOUNS = {
    "articles.article": ("%(count)d story", "%(count)d stories"),
    "articles.person": ("%(count)d person", "%(count)d people"),
    "articles.location": ("%(count)d place", "%(count)d places"),
    "articles.source": ("%(count)d source", "%(count)d sources"),
    "articles.personmention": ("%(count)d mention", "%(count)d mentions"),
    "articles.locationmention": ("%(count)d mention", "%(count)d mentions"),
    "articles.sourcemention": ("%(count)d mention", "%(count)d mentions"),
    "taggit.tag": ("%(count)d tag", "%(count)d tags"),
}
RECORDS = ("%(count)d record", "%(count)d records")


@register.simple_tag
def counted(opts, count):
    """``count`` records of the model ``opts`` describes, in words: «20 قصة», «3 سجلات»."""
    singular, plural = NOUNS.get(opts.label_lower, RECORDS)
    return ngettext(singular, plural, count) % {"count": count}
