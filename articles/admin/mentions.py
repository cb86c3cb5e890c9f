"""Review of the entities the import found: accept or reject each mention.

A rejected mention stays as a row with status «rejected»: the public pages hide it
(``Mention.objects.visible()``) and ``loadseeds`` never adds it again.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils.translation import ngettext

from articles import changes
from articles.admin.forms import MentionAdminForm
from articles.editorial import workflow
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


class MentionReviewAdmin(admin.ModelAdmin):
    """The review lists and forms of found mentions.

    A mention is part of its story's public page and of its story form, so it follows the
    story's rules: a reporter cannot change, delete or decide on the mentions of a
    published story, and every change makes a form open on the story stale.
    """

    form = MentionAdminForm
    change_list_template = "admin/articles/mention_change_list.html"
    list_filter = ("status", "method")
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
        return text if len(text) <= 80 else text[:80] + "…"

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

    @admin.action(description="إعادتها إلى «وجدها الاستيراد»", permissions=["change"])
    def reset(self, request, queryset):
        self._set_status(request, queryset, MentionStatus.FOUND)


def _may_touch(user, mention) -> bool:
    """Whether ``user`` may change ``mention`` (None: mentions in general)."""
    return mention is None or workflow.can_edit(user, mention.article)


@admin.register(PersonMention)
class PersonMentionAdmin(MentionReviewAdmin):
    list_display = ("person", "role", "article", "status", "method", "confidence", "short_excerpt")


@admin.register(LocationMention)
class LocationMentionAdmin(MentionReviewAdmin):
    list_display = ("location", "article", "status", "method", "confidence", "short_excerpt")


@admin.register(SourceMention)
class SourceMentionAdmin(MentionReviewAdmin):
    list_display = ("source", "as_credit", "article", "status", "method", "confidence")
