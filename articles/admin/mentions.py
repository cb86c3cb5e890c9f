"""Review of the entities the import found: accept or reject each mention.

A rejected mention stays as a row with status «rejected»: the public pages hide it
(``Mention.objects.visible()``) and ``loadseeds`` never adds it again.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from articles import changes
from articles.admin.desk import StoryPublishedFilter
from articles.admin.forms import CorrectMentionForm, MentionAdminForm
from articles.admin.story_mentions import method_label
from articles.editorial import workflow
from articles.editorial.correct import CorrectionError, correct_mention
from articles.models import (
    KINDS,
    Article,
    LocationMention,
    MentionStatus,
    PersonMention,
    SourceMention,
    Status,
    kind_of,
)
from articles.text.arabic import words


class MethodFilter(admin.SimpleListFilter):
    """The extraction method, named in Arabic (the field filter would show the codes)."""

    title = "طريقة الاستخراج"
    parameter_name = "method"

    def lookups(self, request, model_admin):
        codes = model_admin.model.objects.order_by("method").values_list("method", flat=True)
        return [(code or "-", method_label(code)) for code in codes.distinct()]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(method="" if value == "-" else value)


class MentionReviewAdmin(admin.ModelAdmin):
    """The review lists and forms of found mentions.

    A mention is part of its story's public page and of its story form, so it follows the
    story's rules: a reporter cannot change, delete or decide on the mentions of a
    published story, and every change makes a form open on the story stale.
    """

    form = MentionAdminForm
    change_list_template = "admin/articles/mention_change_list.html"
    list_filter = ("status", MethodFilter, StoryPublishedFilter)
    list_select_related = True
    list_per_page = 100
    ordering = ("status", "-confidence", "pk")
    actions = ("accept", "reject", "reset")
    search_fields = ("article__title",)  # shows the box; get_search_results does the matching

    @property
    def entity_field(self) -> str:
        return kind_of(self.model).name

    @admin.display(description="أول ذكر")
    def short_excerpt(self, mention):
        text = mention.excerpt or ""
        return text if len(text) <= 160 else text[:160] + "…"

    @admin.display(description="الطريقة", ordering="method")
    def method_name(self, mention):
        return method_label(mention.method)

    @admin.display(description="الثقة", ordering="confidence")
    def confidence_shown(self, mention):
        return format_html('<bdi dir="ltr">{}</bdi>', f"{mention.confidence:.2f}")

    @admin.display(description="تصحيح")
    def correct_link(self, mention):
        url = reverse(f"admin:articles_{self.model._meta.model_name}_correct", args=[mention.pk])
        return format_html('<a href="{}">تصحيح الاسم</a>', url)

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if self.has_change_permission(request):
            shown.append("correct_link")
        return shown

    def get_list_select_related(self, request):
        return ("article", self.entity_field)

    search_help_text = "يبحث في اسم الكيان، بلا تشكيل وبكل أشكال الهمزة."

    def get_search_results(self, request, queryset, search_term):
        for term in words(search_term):
            queryset = queryset.filter(**{f"{self.entity_field}__key__contains": term})
        return queryset, False

    def get_autocomplete_fields(self, request):
        return ("article", self.entity_field)

    def changelist_view(self, request, extra_context=None):
        tabs = [
            {
                "label": kind.label,
                "url": reverse(f"admin:articles_{kind.mention_model._meta.model_name}_changelist"),
                "active": kind.mention_model is self.model,
            }
            for kind in KINDS
        ]
        return super().changelist_view(request, {**(extra_context or {}), "mention_tabs": tabs})

    # Correcting the name -----------------------------------------------------------

    def get_urls(self):
        correct = path(
            "<path:object_id>/correct/",
            self.admin_site.admin_view(self.correct_view),
            name=f"articles_{self.model._meta.model_name}_correct",
        )
        return [correct, *super().get_urls()]

    def correct_view(self, request, object_id):
        """Re-point a mention at the record with the right name (``editorial.correct``)."""
        mention = self.get_object(request, unquote(object_id))
        if mention is None:
            raise Http404("لا توجد هذه الإشارة.")
        if not self.has_change_permission(request, mention):
            raise PermissionDenied
        entity_model = kind_of(self.model).model
        opts = entity_model._meta
        may_create = request.user.has_perm(f"articles.add_{opts.model_name}")
        may_merge = request.user.has_perms(
            [f"articles.change_{opts.model_name}", f"articles.delete_{opts.model_name}"]
        )
        wrong = getattr(mention, self.entity_field)
        form = CorrectMentionForm(
            request.POST if request.method == "POST" else None,
            may_merge=may_merge,
            initial={"name": wrong.name},
        )
        if form.is_valid():
            try:
                done = correct_mention(
                    mention,
                    form.cleaned_data["name"],
                    everywhere=form.cleaned_data.get("everywhere", False),
                    may_create=may_create,
                    may_merge=may_merge,
                )
            except CorrectionError as exc:
                form.add_error("name", str(exc))
            else:
                self.log_change(request, done.mention, done.summary())
                self.log_change(request, mention.article, done.summary())
                self.message_user(request, done.summary(), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse(f"admin:articles_{self.model._meta.model_name}_changelist")
                )
        elsewhere = (
            type(mention)
            .objects.filter(**{self.entity_field: wrong})
            .exclude(pk=mention.pk)
            .count()
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"تصحيح اسم «{wrong}»",
            "opts": self.model._meta,
            "form": form,
            "mention": mention,
            "wrong": wrong,
            "elsewhere": elsewhere,
            "may_create": may_create,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/mention_correct.html", context)

    # Permissions and the story's version ---------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_touch(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_touch(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    # Each change bumps the stories first: that locks their rows (PostgreSQL) until the
    # change commits, so a story form being saved meanwhile either finishes first or is
    # refused as stale, never overwrites the change.

    def save_model(self, request, obj, form, change):
        # The mention may also have been moved off another story, whose form shows it too.
        moved_from = form.initial.get("article") if change else None
        Article.objects.filter(pk__in={obj.article_id, moved_from} - {None}).bump_version()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        Article.objects.filter(pk=obj.article_id).bump_version()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        article_ids = set(queryset.values_list("article_id", flat=True))
        Article.objects.filter(pk__in=article_ids).bump_version()
        super().delete_queryset(request, queryset)

    # Actions ---------------------------------------------------------------

    @transaction.atomic
    def _set_status(self, request, queryset, status):
        rows = queryset.exclude(status=status)
        skipped = 0
        if not workflow.can_publish(request.user):
            locked = rows.filter(article__status=Status.PUBLISHED)
            skipped = locked.count()
            rows = rows.exclude(article__status=Status.PUBLISHED)
        article_ids = set(rows.values_list("article_id", flat=True))
        Article.objects.filter(pk__in=article_ids).bump_version()  # open story forms are stale
        changed = rows.update(status=status)
        changes.touch(article_ids)  # public pages and search show the decision at once
        label = MentionStatus(status).label
        done = ngettext(
            "%(count)d mention is now «%(status)s».",
            "%(count)d mentions are now «%(status)s».",
            changed,
        )
        self.message_user(request, done % {"count": changed, "status": label}, messages.SUCCESS)
        if skipped:
            left = ngettext(
                "%(count)d mention in a published story left: only editors decide those.",
                "%(count)d mentions in published stories left: only editors decide those.",
                skipped,
            )
            self.message_user(request, left % {"count": skipped}, messages.WARNING)

    @admin.action(description="قبول المختارة", permissions=["change"])
    def accept(self, request, queryset):
        self._set_status(request, queryset, MentionStatus.ACCEPTED)

    @admin.action(
        description="رفض المختارة (تختفي من القصة ولا يعيدها الاستيراد)", permissions=["change"]
    )
    def reject(self, request, queryset):
        self._set_status(request, queryset, MentionStatus.REJECTED)

    @admin.action(description="إعادتها إلى «وجدها الاستخراج الآلي»", permissions=["change"])
    def reset(self, request, queryset):
        self._set_status(request, queryset, MentionStatus.FOUND)


def _may_touch(user, mention) -> bool:
    """Whether ``user`` may change ``mention`` (None: mentions in general)."""
    return mention is None or workflow.can_edit(user, mention.article)


@admin.register(PersonMention)
class PersonMentionAdmin(MentionReviewAdmin):
    list_display = (
        "person",
        "role",
        "article",
        "status",
        "method_name",
        "confidence_shown",
        "short_excerpt",
    )


@admin.register(LocationMention)
class LocationMentionAdmin(MentionReviewAdmin):
    list_display = (
        "location",
        "article",
        "status",
        "method_name",
        "confidence_shown",
        "short_excerpt",
    )


@admin.register(SourceMention)
class SourceMentionAdmin(MentionReviewAdmin):
    list_display = ("source", "as_credit", "article", "status", "method_name", "confidence_shown")
