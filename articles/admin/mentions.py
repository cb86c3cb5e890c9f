"""Review of the entities the import found: accept or reject each mention.

A rejected mention stays as a row with status «rejected»: the public pages hide it
(``Mention.objects.visible()``) and ``loadseeds`` never adds it again.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse

from articles import signals
from articles.ingest.arabic import words
from articles.models import LocationMention, MentionStatus, PersonMention, SourceMention

MENTION_TYPES = (
    (PersonMention, "person", "أشخاص"),
    (LocationMention, "location", "أماكن"),
    (SourceMention, "source", "مصادر"),
)


class MentionReviewAdmin(admin.ModelAdmin):
    entity_field = ""
    change_list_template = "admin/articles/mention_change_list.html"
    list_filter = ("status", "method")
    list_select_related = True
    list_per_page = 100
    ordering = ("status", "-confidence", "pk")
    actions = ("accept", "reject", "reset")
    search_fields = ("article__title",)  # shows the box; get_search_results does the matching

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
                "label": label,
                "url": reverse(f"admin:articles_{model._meta.model_name}_changelist"),
                "active": model is self.model,
            }
            for model, _field, label in MENTION_TYPES
        ]
        return super().changelist_view(request, {**(extra_context or {}), "mention_tabs": tabs})

    def _set_status(self, request, queryset, status):
        rows = queryset.exclude(status=status)
        article_ids = set(rows.values_list("article_id", flat=True))
        changed = rows.update(status=status)
        signals.changed(article_ids)  # public pages and search show the decision at once
        label = MentionStatus(status).label
        self.message_user(request, f"صارت {changed} إشارة «{label}».", messages.SUCCESS)

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


@admin.register(PersonMention)
class PersonMentionAdmin(MentionReviewAdmin):
    entity_field = "person"
    list_display = ("person", "role", "article", "status", "method", "confidence", "short_excerpt")


@admin.register(LocationMention)
class LocationMentionAdmin(MentionReviewAdmin):
    entity_field = "location"
    list_display = ("location", "article", "status", "method", "confidence", "short_excerpt")


@admin.register(SourceMention)
class SourceMentionAdmin(MentionReviewAdmin):
    entity_field = "source"
    list_display = ("source", "as_credit", "article", "status", "method", "confidence")
