"""The words the parser knows, and the key it compares printed lines by.

Lines and words are compared through ``arabic.fold``, the folding every other key uses.
``line_key`` adds only what a printed line needs (outer punctuation ignored) and skips
``normalize``'s NFKC and whitespace work: lines are already tidied, and it runs on most
lines of every page.
"""

from __future__ import annotations

import re

from articles.text.arabic import fold
from articles.text.clean import NONSPACE_CONTROLS

TT_MARKER = "TT"
EXCLUSIVE_LABEL = "خاص"

# Bidi and zero-width marks, and control characters (which XML feeds refuse).
_INVISIBLE = re.compile(f"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff{NONSPACE_CONTROLS}]")
EDGE_PUNCT = " .:：-–—|،,؛;!؟?"


def tidy(line: str) -> str:
    """Drop bidi/zero-width marks and collapse whitespace; what is stored and shown."""
    return " ".join(_INVISIBLE.sub("", line).split())


def line_key(text: str) -> str:
    """Key for "is this the same line again": folded, outer punctuation ignored."""
    return fold(text).strip(EDGE_PUNCT)


# Credits
ARCHIVE = "ارشيف"
KNOWN_AGENCIES = frozenset(
    fold(name).replace(".", "").replace(" ", "")
    for name in (
        "أ.ف.ب",
        "أ.ب",
        "إ.ب.أ",
        "د.ب.أ",
        "أ.ش.أ",
        "رويترز",
        "الشرق الأوسط",
        "غيتي",
        "واس",
        "وام",
        "قنا",
        "كونا",
        "بترا",
        "سانا",
        "الأناضول",
        "شينخوا",
        "إرنا",
        "تلغرام",
        "إكس",
        "فيسبوك",
        "afp",
        "ap",
        "epa",
        "reuters",
        "getty",
    )
)
CREDIT_HINTS = tuple(fold(w) for w in ("وكالة", "حساب", "موقع", "إعلام", "منصة", "صفحة"))

WEEKDAYS = ("السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة")
MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
TIME_WORDS = frozenset(fold(w) for w in (*WEEKDAYS, *MONTHS, "أمس", "اليوم", "غداً"))

# Reported speech: a line holding one is prose, not a caption.
SPEECH_MARKERS = tuple(
    fold(w) for w in ("وقال", "وأضاف", "وأكد", "وأوضح", "وأشار", "وتابع", "مشيرا", "مضيفا")
)

# Section labels
SECTION_NAMES: tuple[str, ...] = (
    "المشرق العربي",
    "العالم العربي",
    "الخليج",
    "شمال أفريقيا",
    "الولايات المتحدة",
    "أميركا اللاتينية",
    "أوروبا",
    "آسيا",
    "أفريقيا",
    "العالم",
    "رياضة",
    "الرياضة",
    "كرة القدم",
    "اقتصاد",
    "الاقتصاد",
    "عالم الأعمال",
    "ثقافة وفنون",
    "ثقافة",
    "يوميات الشرق",
    "تكنولوجيا",
    "علوم",
    "صحتك",
    "بيئة",
    "سينما",
    "مسرح",
    "كتب",
    "إعلام",
    "سفر وسياحة",
    "حصاد الأسبوع",
    "رأي",
    "تحقيقات",
)


# Page markers
def _marker_keys(*phrases: str) -> tuple[str, ...]:
    return tuple(line_key(phrase) for phrase in phrases)


RELATED_MARKERS = frozenset(
    _marker_keys(
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "مواضيع ذات صلة",
        "ذات صلة",
        "اقرأ أيضاً",
        "إقرأ أيضاً",
        "قد يهمك أيضاً",
        "قد يعجبك أيضاً",
    )
)
BOILERPLATE_EXACT = frozenset(
    _marker_keys("التعليقات", "تعليقات", "الوسوم", "كلمات مفتاحية", "شارك", "مشاركة")
)
BOILERPLATE_PREFIXES = _marker_keys(
    "اظهر المزيد",
    "عرض المزيد",
    "اترك تعليقاً",
    "اترك رداً",
    "أضف تعليق",
    "لن يتم نشر عنوان بريدك",
    "زر الذهاب إلى الأعلى",
    "العودة إلى الأعلى",
    "شارك هذا",
    "شارك المقال",
    "شارك الخبر",
    "تابعونا على",
    "تابعنا على",
    "اشترك في النشرة",
    "المقال السابق",
    "المقال التالي",
    "الخبر السابق",
    "الخبر التالي",
    "©",
    "copyright",
    "powered by",
)
BOILERPLATE_PARTS = _marker_keys(
    "©",
    "copyright",
    "all rights reserved",
    "جميع الحقوق محفوظة",
    "حقوق النشر محفوظة",
    "akismet",
    "بريدك الإلكتروني",
    "الحقول الإلزامية",
)
