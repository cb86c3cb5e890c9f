"""People, places and sources: lists with story counts, Arabic search, and merge."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.admin.common import count_of
from articles.admin.forms import EntityAdminForm, MergeForm
from articles.editorial.merge import MergeError, merge_entities
from articles.models import Article, Location, Person, Source, kind_of
from articles.text.arabic import words


class EntityAdmin(admin.ModelAdmin):
    form = EntityAdminForm
    list_per_page = 100
    actions = ("merge",)
    readonly_fields = ("slug", "key", "created_at", "updated_at")
    search_fields = ("name",)  # required for autocomplete; the matching is done below.

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        may_save = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        return fields if may_save else [f for f in fields if f != "save_anyway"]

    def get_search_results(self, request, queryset, search_term):
        """Match the normalised ``key`` and the aliases' normalised keys, in the database.

        «الفريق سعد معن», «سعد مَعن» and «سعد معن» find the same person; an alias such as
        «أ.ف.ب» finds «وكالة الصحافة الفرنسية». Every word must be in the name, or all
        of them in one alias. The list and the autocomplete both search through here.
        """
        terms = words(search_term)
        if not terms:
            return queryset, False
        by_key, by_alias = Q(), Q()
        for term in terms:
            by_key &= Q(key__contains=term)
            by_alias &= Q(alias_keys__contains=term)
        if len(terms) > 1:
            by_alias = Q(pk__in=self._in_one_alias(terms, by_alias))
        return queryset.filter(by_key | by_alias), False

    def _in_one_alias(self, terms: list[str], by_alias: Q) -> list[int]:
        """Of the records whose aliases hold every word, those with one alias holding all."""
        rows = self.model.objects.filter(by_alias).values_list("pk", "alias_keys")
        return [
            pk
            for pk, keys in rows
            if any(all(term in key for term in terms) for key in keys.splitlines())
        ]

    def get_queryset(self, request):
        kind = kind_of(self.model)
        return (
            super()
            .get_queryset(request)
            .annotate(story_count=count_of(kind.mention_model, kind.name, visible_mentions=True))
        )

    @admin.display(description="القصص", ordering="story_count")
    def story_count(self, entity):
        return entity.story_count

    @admin.display(description="أسماء أخرى")
    def alias_preview(self, entity):
        return "، ".join(entity.alias_list) or "—"

    @admin.action(description="دمج المختارين في سجل واحد", permissions=["change", "delete"])
    def merge(self, request, queryset):
        queryset = queryset.order_by("-story_count", "pk")
        if queryset.count() < 2:
            self.message_user(request, "اختر سجلين أو أكثر للدمج.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, queryset=queryset)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                result = merge_entities(keep=keep, merge=list(queryset.exclude(pk=keep.pk)))
            except (MergeError, ValidationError) as exc:
                self.message_user(request, f"لم يتم الدمج: {exc}", messages.ERROR)
                return None
            names = "، ".join(f"«{n}»" for n in result.merged_names)
            self.log_change(request, result.keep, f"دمج {names}")
            self.message_user(
                request,
                f"دُمج {names} في «{result.keep}». نُقل: {result.summary()}. "
                "صارت الأسماء المدموجة أسماء أخرى له.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"دمج {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "form": form,
            "records": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/merge_confirm.html", context)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    list_display = ("name", "description", "alias_preview", "story_count")
    fields = (
        "name",
        "save_anyway",
        "description",
        "aliases",
        "slug",
        "key",
        "created_at",
        "updated_at",
    )


@admin.register(Location)
class LocationAdmin(EntityAdmin):
    list_display = ("name", "kind", "parent_chain", "coordinates", "alias_preview", "story_count")
    list_filter = ("kind", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent__parent__parent",)
    autocomplete_fields = ("parent",)
    fields = (
        "name",
        "save_anyway",
        "kind",
        "parent",
        ("latitude", "longitude"),
        "aliases",
        "slug",
        "key",
        "created_at",
        "updated_at",
    )

    @admin.display(description="التبعية")
    def parent_chain(self, location):
        return " ‹ ".join(place.name for place in [location, *location.ancestors()])

    @admin.display(description="الإحداثيات")
    def coordinates(self, location):
        if location.latitude is None or location.longitude is None:
            return "—"
        return format_html(
            '<span dir="ltr">{}, {}</span>',
            f"{location.latitude:.4f}",
            f"{location.longitude:.4f}",
        )


@admin.register(Source)
class SourceAdmin(EntityAdmin):
    list_display = ("name", "kind", "alias_preview", "story_count", "published_count")
    list_filter = ("kind",)
    fields = (
        "name",
        "save_anyway",
        "kind",
        "url",
        "aliases",
        "slug",
        "key",
        "created_at",
        "updated_at",
    )
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(published_count=count_of(Article, "source"))

    @admin.display(description="ناشر لـ", ordering="published_count")
    def published_count(self, source):
        return source.published_count
