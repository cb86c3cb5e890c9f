"""Template helpers for the public site."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.text.body import caption_credit_text

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with ``changes`` applied (empty values dropped): keeps
    filters across pagination."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def jsonld(value):
    """A JSON string inside <script type="application/ld+json">, safe against </script>."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(str(value).translate(_JSON_ESCAPES)),
    )


@register.filter
def credit(block):
    """The printed credit of a caption block: «أرشيفية - أ.ف.ب»."""
    return caption_credit_text(block)
