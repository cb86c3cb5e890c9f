"""Public dates in Arabic style, each inside ``<time datetime="…">``."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from articles.text.dates import arabic_datetime, arabic_day, relative

register = template.Library()


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def arabic_date(value, style="datetime"):
    """``{{ story.published_at|arabic_date }}``: «1 ديسمبر 2026، 08:12» in a <time>.

    ``"day"`` leaves out the time; ``"relative"`` reads «قبل 3 ساعات» for today's
    stories (the front page), the full date and time otherwise. The relative text is
    as old as the cached page (ten minutes at most); the ``datetime`` is exact.
    """
    if not value:
        return ""
    local = _local(value)
    if style == "relative":
        ago = relative(local, _local(timezone.now()))
        if ago is not None:  # the exact time on hover
            return format_html(
                '<time datetime="{}" title="{}">{}</time>',
                local.isoformat(),
                arabic_datetime(local),
                ago,
            )
    text = arabic_day(local) if style == "day" else arabic_datetime(local)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)
