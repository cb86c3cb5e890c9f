"""Pieces shared by the admins: annotated counts, safe filters."""

from __future__ import annotations

import re
from contextlib import nullcontext

from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DataError, router, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import format_html

from articles.models import MentionStatus


def count_of(model, fk: str, *, visible_mentions: bool = False):
    """A subquery counting ``model`` rows pointing at the outer row through ``fk``.

    A subquery (not a JOIN + COUNT) so two counts on one list never multiply each other.
    """
    rows = model.objects.filter(**{fk: OuterRef("pk")})
    if visible_mentions:
        rows = rows.exclude(status=MentionStatus.REJECTED)
    counted = rows.order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


BAD_FILTER = (
    "لا تصلح قيمة في عنوان هذه الصفحة للتصفية (تاريخ خارج المدى أو محرف غير مقبول مثلاً). "
    "أزل التصفية أو صحّحها ثم أعد المحاولة."
)


class BadFilter(Exception):
    """A list filter, search or ordering value from the address that cannot be applied."""


class SafeFiltersMixin:
    """Lists answer a filter value they cannot apply with a 400 and an Arabic reason.

    Filters come from the address bar, so a value the database or Python's dates cannot
    hold is the visitor's mistake, not a server error: a NUL byte (PostgreSQL refuses it
    in text), a year whose dates overflow (year 1 seen from Baghdad is year 0 in UTC on
    SQLite; «year 9999» needs a year 10000), a malformed regular expression, or anything
    Django's own filters reject (which it would answer with a redirect to an English page).
    """

    bad_filter_template = "admin/bad_filter.html"

    def get_changelist_instance(self, request):
        _refuse_unusable(request.GET)
        # A savepoint when already in a transaction: a value PostgreSQL rejects aborts it,
        # and the error page still has to be rendered.
        using = router.db_for_read(self.model)
        in_transaction = transaction.get_connection(using).in_atomic_block
        try:
            with transaction.atomic(using=using) if in_transaction else nullcontext():
                return super().get_changelist_instance(request)
        except (IncorrectLookupParameters, DataError, OverflowError, ValueError) as exc:
            raise BadFilter from exc

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except BadFilter:
            context = {
                **self.admin_site.each_context(request),
                "title": "تصفية غير صالحة",
                "message": BAD_FILTER,
                "opts": self.model._meta,
                "changelist_url": request.path,
            }
            return TemplateResponse(request, self.bad_filter_template, context, status=400)


def _refuse_unusable(params) -> None:
    for key, values in params.lists():
        if any("\x00" in text for text in (key, *values)):
            raise BadFilter
        if key.endswith("regex"):
            for value in values:
                try:
                    re.compile(value)
                except re.error as exc:
                    raise BadFilter from exc


def guard_every_list(site) -> None:
    """Give every list in ``site`` the same answer to a filter value it cannot apply.

    Called once the admin has discovered every app, so the lists of third-party apps
    (taggit's tags, axes' login attempts, auth's users) and any list added later get it
    too, rather than each class having to remember the mixin.
    """
    for model, model_admin in list(site._registry.items()):
        admin_class = type(model_admin)
        if issubclass(admin_class, SafeFiltersMixin):
            continue
        guarded = type(
            admin_class.__name__, (SafeFiltersMixin, admin_class), {"__module__": __name__}
        )
        site.unregister(model)
        site.register(model, guarded)


BOOLEAN_WORDS = {True: "نعم", False: "لا", None: "غير معروف"}


def arabic_boolean_icon(value):
    """Django's yes/no icon, its text alternative in Arabic.

    Django writes the Python value as the icon's ``alt`` («True»), which a screen reader
    reads out in English on every boolean column; it looks the function up by name at
    each call, so replacing it here (``ArticlesConfig.ready``) covers every list and form.
    """
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), BOOLEAN_WORDS[value]
    )
