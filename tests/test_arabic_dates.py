"""Public dates in Arabic style, and the plural forms of «قبل …» (0, 1, 2, 3, 11, 100)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.templatetags.arabic_dates import arabic_date
from articles.text.dates import arabic_datetime, arabic_day, relative
from articles.text.plurals import HOURS_AGO, MINUTES_AGO, plural_form

BAGHDAD = ZoneInfo("Asia/Baghdad")


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"), (99, "many"),
     (100, "other"), (102, "other"), (103, "few"), (111, "many")],
)  # fmt: skip
def test_plural_forms(n, form):
    assert plural_form(n) == form


@pytest.mark.parametrize(
    ("n", "minutes", "hours"),
    [
        (0, "الآن", "قبل أقل من ساعة"),
        (1, "قبل دقيقة", "قبل ساعة"),
        (2, "قبل دقيقتين", "قبل ساعتين"),
        (3, "قبل 3 دقائق", "قبل 3 ساعات"),
        (11, "قبل 11 دقيقة", "قبل 11 ساعة"),
        (100, "قبل 100 دقيقة", "قبل 100 ساعة"),
    ],
)
def test_how_long_ago_in_each_form(n, minutes, hours):
    assert MINUTES_AGO(n) == minutes
    assert HOURS_AGO(n) == hours


def test_dates_read_day_month_year_then_time():
    value = datetime(2026, 12, 1, 8, 12, tzinfo=BAGHDAD)
    assert arabic_day(value) == "1 ديسمبر 2026"
    assert arabic_datetime(value) == "1 ديسمبر 2026، 08:12"
    assert arabic_day(value.replace(month=5)) == "1 مايو 2026"


def test_relative_only_for_earlier_today():
    now = datetime(2026, 12, 1, 15, 0, tzinfo=BAGHDAD)
    assert relative(now - timedelta(minutes=5), now) == "قبل 5 دقائق"
    assert relative(now - timedelta(hours=2, minutes=30), now) == "قبل ساعتين"
    assert relative(now - timedelta(hours=11), now) == "قبل 11 ساعة"
    assert relative(now - timedelta(hours=16), now) is None  # yesterday
    assert relative(now + timedelta(minutes=5), now) is None  # still to come


def test_the_filter_wraps_local_time_in_a_time_element(settings):
    settings.TIME_ZONE = "Asia/Baghdad"
    value = datetime(2026, 12, 1, 5, 12, tzinfo=ZoneInfo("UTC"))
    html = arabic_date(value)
    assert html == '<time datetime="2026-12-01T08:12:00+03:00">1 ديسمبر 2026، 08:12</time>'
    assert ">1 ديسمبر 2026<" in arabic_date(value, "day")
    assert arabic_date(None) == ""


def test_the_front_pages_style_is_relative_today_and_a_date_before(settings, monkeypatch):
    settings.TIME_ZONE = "Asia/Baghdad"
    now = datetime(2026, 12, 1, 12, 0, tzinfo=BAGHDAD)
    monkeypatch.setattr(timezone, "now", lambda: now)
    today = arabic_date(now - timedelta(minutes=3), "relative")
    assert ">قبل 3 دقائق</time>" in today and 'title="' in today
    old = arabic_date(now - timedelta(days=3), "relative")
    assert "قبل" not in old and "، " in old
