"""Dates as an Arabic newspaper prints them (plain Python, no Django).

«1 ديسمبر 2026، 08:12»: day, month name, year, then the time after an Arabic comma,
in the reader's local time (the caller converts). The months are the names used across
the Arab press (يناير … ديسمبر). Today's stories read «قبل 3 ساعات».
"""

from __future__ import annotations

from datetime import datetime

from articles.text.plurals import HOURS_AGO, MINUTES_AGO

MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)


def arabic_day(value: datetime) -> str:
    """«1 ديسمبر 2026»."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def arabic_datetime(value: datetime) -> str:
    """«1 ديسمبر 2026، 08:12» (24-hour time, as the pages print it)."""
    return f"{arabic_day(value)}، {value:%H:%M}"


def relative(value: datetime, now: datetime) -> str | None:
    """«قبل 5 دقائق», «قبل ساعتين» for a time earlier today (both in local time); None
    for any other day or a time still to come, which read as a date."""
    if value > now or value.date() != now.date():
        return None
    minutes = int((now - value).total_seconds() // 60)
    if minutes < 60:
        return MINUTES_AGO(minutes)
    return HOURS_AGO(minutes // 60)
