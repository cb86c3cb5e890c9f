"""The Arabic catalogue: six plural forms, compiled without gettext, loaded first; dates.

Arabic counts: 0 «لا قصص», 1 «قصة واحدة», 2 «قصتان», 3–10 «3 قصص», 11–99 «11 قصة»,
100+ «100 قصة» (by the last two digits).
"""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation.trans_real import DjangoTranslation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)
# One count for each of the six forms, in form order.
COUNTS = (0, 1, 2, 3, 11, 100)


@pytest.fixture(autouse=True)
def arabic():
    with translation.override("ar"):
        yield


def test_the_catalogues_are_the_projects_and_in_its_settings():
    assert [p.relative_to(ROOT).as_posix() for p in CATALOGUES] == [
        "locale/ar/LC_MESSAGES/django.po",
        "locale/ar/LC_MESSAGES/djangojs.po",
    ]
    assert Path(settings.LOCALE_PATHS[0]) == ROOT / "locale"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_plural_message_has_all_six_arabic_forms(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["Plural-Forms"] == PLURAL_FORMS
    plurals = [entry for entry in catalogue if entry.msgid_plural]
    assert plurals
    for entry in catalogue:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2, 3, 4, 5], entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr, entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_the_compiled_catalogue_is_the_one_loaded_and_up_to_date(path):
    """What Django translates with is every entry of the .po as it is now (a stale or
    missing .mo, or a catalogue that loses to Django's own, fails here)."""
    domain = path.stem
    loaded = DjangoTranslation("ar", domain=domain)
    for entry in polib.pofile(str(path)):
        if entry.msgid_plural:
            for form, n in enumerate(COUNTS):
                assert (
                    loaded.ngettext(entry.msgid, entry.msgid_plural, n)
                    == (entry.msgstr_plural[form])
                ), (entry.msgid, n)
        elif entry.msgctxt:
            assert loaded.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert loaded.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_compilepo_writes_the_mo_files_with_python_only(tmp_path, settings):
    locale = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    for path in CATALOGUES:
        (locale / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("compilepo", stdout=io.StringIO())
    mo = polib.mofile(str(locale / "django.mo"))
    story = next(e for e in mo if e.msgid == "%(counter)s story")
    assert story.msgstr_plural[1] == "قصة واحدة"


def _story_count(n):
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} story"
        "{% plural %}{{ counter }} stories{% endblocktranslate %}"
    )
    return template.render(Context({"n": n}))


def test_story_counts_in_every_form():
    assert [_story_count(n) for n in COUNTS] == [
        "لا قصص",
        "قصة واحدة",
        "قصتان",
        "3 قصص",
        "11 قصة",
        "100 قصة",
    ]
    assert _story_count(103) == "103 قصص" and _story_count(111) == "111 قصة"


def test_result_revision_and_record_counts_in_every_form():
    def counted(noun, plural, n):
        return translation.ngettext(f"%(counter)s {noun}", f"%(counter)s {plural}", n) % {
            "counter": n
        }

    assert [counted("result", "results", n) for n in COUNTS] == [
        "لا نتائج",
        "نتيجة واحدة",
        "نتيجتان",
        "3 نتائج",
        "11 نتيجة",
        "100 نتيجة",
    ]
    assert [counted("revision", "revisions", n) for n in COUNTS] == [
        "لا نسخ",
        "نسخة واحدة",
        "نسختان",
        "3 نسخ",
        "11 نسخة",
        "100 نسخة",
    ]


@pytest.mark.parametrize(
    "label, forms",
    [
        ("articles.article", ["لا قصص", "قصة واحدة", "قصتان", "3 قصص", "11 قصة", "100 قصة"]),
        ("articles.person", ["لا أشخاص", "شخص واحد", "شخصان", "3 أشخاص", "11 شخصاً", "100 شخص"]),
        (
            "articles.location",
            ["لا أماكن", "مكان واحد", "مكانان", "3 أماكن", "11 مكاناً", "100 مكان"],
        ),
        ("articles.source", ["لا مصادر", "مصدر واحد", "مصدران", "3 مصادر", "11 مصدراً", "100 مصدر"]),
        (
            "articles.personmention",
            ["لا إشارات", "إشارة واحدة", "إشارتان", "3 إشارات", "11 إشارة", "100 إشارة"],
        ),
        ("taggit.tag", ["لا وسوم", "وسم واحد", "وسمان", "3 وسوم", "11 وسماً", "100 وسم"]),
        ("auth.user", ["لا سجلات", "سجل واحد", "سجلان", "3 سجلات", "11 سجلاً", "100 سجل"]),
    ],
)
def test_admin_list_counts_name_what_they_count(label, forms):
    from django.apps import apps

    from articles.templatetags.arabic_counts import counted

    opts = apps.get_model(label)._meta
    assert [counted(opts, n) for n in COUNTS] == forms


def test_status_message_in_every_form():
    def moved(n):
        message = translation.ngettext(
            "%(count)d story is now «%(status)s».", "%(count)d stories are now «%(status)s».", n
        )
        return message % {"count": n, "status": "منشور"}

    assert [moved(n) for n in COUNTS] == [
        "لم تتغير حالة أي قصة.",
        "صارت حالة قصة واحدة «منشور».",
        "صارت حالة قصتين «منشور».",
        "صارت حالة 3 قصص «منشور».",
        "صارت حالة 11 قصة «منشور».",
        "صارت حالة 100 قصة «منشور».",
    ]


def test_the_admins_time_zone_note_counts_hours_in_arabic():
    js = DjangoTranslation("ar", domain="djangojs")
    behind = (
        "Note: You are %s hour behind server time.",
        "Note: You are %s hours behind server time.",
    )
    said = [js.ngettext(*behind, n).replace("%s", str(n)) for n in (1, 2, 3, 11)]
    assert said == [
        "ملاحظة: ساعتك متأخرة ساعة واحدة عن وقت الخادم.",
        "ملاحظة: ساعتك متأخرة ساعتين عن وقت الخادم.",
        "ملاحظة: ساعتك متأخرة 3 ساعات عن وقت الخادم.",
        "ملاحظة: ساعتك متأخرة 11 ساعة عن وقت الخادم.",
    ]


def test_dates_are_in_arabic_order_with_a_24_hour_time():
    moment = datetime(2026, 12, 1, 8, 12, 30, 592804, tzinfo=ZoneInfo("Asia/Baghdad"))
    assert date_format(moment, "DATETIME_FORMAT") == "1 ديسمبر 2026، 08:12"
    assert date_format(moment, "DATE_FORMAT") == "1 ديسمبر 2026"
    rendered = Template("{{ moment|date }} {{ moment|date:'DATETIME_FORMAT' }}").render(
        Context({"moment": moment})
    )
    assert rendered == "1 ديسمبر 2026 1 ديسمبر 2026، 08:12"


def test_admin_strings_reworded_over_djangos_and_the_apps():
    from django.apps import apps
    from taggit.models import Tag

    assert translation.gettext("Select %s to change") % "قصة" == "اختر قصة للتعديل"
    assert translation.gettext("Add another %(verbose_name)s") % {"verbose_name": "صورة"} == (
        "إضافة صورة"
    )
    assert translation.gettext("Welcome,") == "أهلاً،"
    assert str(apps.get_app_config("taggit").verbose_name) == "الوسوم"
    assert str(apps.get_app_config("axes").verbose_name) == "محاولات الدخول"
    assert str(Tag._meta.get_field("slug").verbose_name) == "المعرّف"
    duplicate = translation.gettext(
        "Please correct the duplicate data for %(field)s, which must be unique."
    ) % {"field": "to_article"}
    assert "to_article" not in duplicate and "تكرّر" in duplicate


@pytest.mark.parametrize(
    "minutes, said",
    [(1, "مدة دقيقة واحدة"), (2, "مدة دقيقتين"), (5, "مدة 5 دقائق"), (15, "مدة 15 دقيقة")],
)
def test_the_lockout_page_counts_its_minutes(rf, minutes, said):
    from django.template.loader import render_to_string

    page = render_to_string(
        "lockout.html", {"cooloff_minutes": minutes, "login_url": "/"}, request=rf.get("/")
    )
    assert said in page


def test_compilepo_compiles_only_the_files_named(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(CATALOGUES[0].read_text(encoding="utf-8"), encoding="utf-8")
    call_command("compilepo", str(po), stdout=io.StringIO())
    assert (tmp_path / "django.mo").exists()
    assert polib.mofile(str(tmp_path / "django.mo")).metadata["Plural-Forms"] == PLURAL_FORMS
