"""Sections and the front page in the admin.

«الأقسام»: the sections in menu order (``position`` edited in the list). «الصفحة الأولى»:
the stories the editors pinned, in their order (the first is the lead), reordered in the
list; stories are pinned and unpinned from the story list's actions
(``FrontPageActions``). Pinning is layout, not a change to the story: it neither bumps the
story's version nor adds a revision, so nobody's open story form goes stale.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Q, Subquery
from django.utils import timezone
from django.utils.html import format_html

from articles import changes
from articles.models import Article, FrontPick, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "story_count", "public_link")
    list_display_links = ("name",)
    list_editable = ("position",)
    ordering = ("position", "name")
    search_fields = ("name",)
    fields = ("name", "slug", "position", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("articles"))

    @admin.display(description="القصص", ordering="story_count")
    def story_count(self, section):
        return section.story_count

    @admin.display(description="على الموقع")
    def public_link(self, section):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">صفحة القسم</a>',
            section.get_absolute_url(),
        )


@admin.register(FrontPick)
class FrontPickAdmin(admin.ModelAdmin):
    list_display = ("place", "position", "article", "state", "published")
    list_display_links = ("article",)
    list_editable = ("position",)
    list_select_related = ("article",)
    autocomplete_fields = ("article",)
    ordering = ("position", "-pinned_at")
    actions = ("delete_selected",)

    def get_queryset(self, request):
        lead = (
            FrontPick.objects.filter(article__in=Article.objects.published())
            .order_by("position", "-pinned_at")
            .values("pk")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .annotate(is_lead=ExpressionWrapper(Q(pk=Subquery(lead)), BooleanField()))
        )

    @admin.display(description="المكان")
    def place(self, pick):
        return "القصة الرئيسية" if pick.is_lead else "—"

    def changelist_view(self, request, extra_context=None):
        extra = {
            **(extra_context or {}),
            "title": "الصفحة الأولى: القصص المثبّتة بترتيب المحررين",
            "subtitle": "الأولى المنشورة هي القصة الرئيسية؛ غير المنشورة لا تظهر للقراء.",
        }
        return super().changelist_view(request, extra)

    @admin.display(description="على الموقع")
    def state(self, pick):
        if pick.article.is_public:
            return "ظاهرة"
        return "لا تظهر (غير منشورة)"

    @admin.display(description="النشر", ordering="article__published_at")
    def published(self, pick):
        value = pick.article.published_at
        if value is None:
            return "—"
        return format_html(
            '<span dir="ltr">{}</span>', timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        )


class FrontPageActions:
    """Story-list actions: pin to the front page (after the pinned ones, or as the lead)
    and unpin. Mixed into the stories' admin."""

    def _pick_positions(self):
        return FrontPick.objects.aggregate(last=Max("position"))["last"]

    @admin.action(description="ثبّت في الصفحة الأولى", permissions=["publish"])
    def pin_to_front(self, request, queryset):
        with transaction.atomic():
            last = self._pick_positions()
            start = 1 if last is None else last + 1
            have = set(FrontPick.objects.values_list("article_id", flat=True))
            new = [a for a in queryset.order_by("-published_at", "-pk") if a.pk not in have]
            FrontPick.objects.bulk_create(
                FrontPick(article=a, position=start + i) for i, a in enumerate(new)
            )
            changes.touch_front()
        self._told_pins(request, new, queryset)

    @admin.action(description="اجعلها القصة الرئيسية في الصفحة الأولى", permissions=["publish"])
    def make_lead(self, request, queryset):
        article = queryset.order_by("-published_at", "-pk").first()
        if article is None:
            return
        with transaction.atomic():
            first = FrontPick.objects.exclude(article=article).order_by("position").first()
            position = 0 if first is None else max(first.position - 1, 0)
            if first is not None and first.position == 0:  # room at the top
                FrontPick.objects.exclude(article=article).update(position=F("position") + 1)
            FrontPick.objects.update_or_create(
                article=article, defaults={"position": position, "pinned_at": timezone.now()}
            )
            changes.touch_front()
        self.message_user(
            request, f"صارت «{article.title}» القصة الرئيسية في الصفحة الأولى.", messages.SUCCESS
        )
        if not article.is_public:
            self.message_user(request, NOT_PUBLIC, messages.WARNING)

    @admin.action(description="أزل من الصفحة الأولى", permissions=["publish"])
    def unpin_from_front(self, request, queryset):
        with transaction.atomic():
            removed, _ = FrontPick.objects.filter(article__in=queryset.values("pk")).delete()
            changes.touch_front()
        if removed:
            self.message_user(
                request, f"أُزيلت من الصفحة الأولى: {removed} من القصص المختارة.", messages.SUCCESS
            )
        else:
            self.message_user(
                request, "لم تكن أي من القصص المختارة مثبّتة في الصفحة الأولى.", messages.INFO
            )

    def _told_pins(self, request, new, queryset):
        if new:
            titles = "، ".join(f"«{a.title}»" for a in new[:3])
            more = "…" if len(new) > 3 else ""
            self.message_user(request, f"ثُبّتت في الصفحة الأولى: {titles}{more}", messages.SUCCESS)
        else:
            self.message_user(
                request, "القصص المختارة مثبّتة في الصفحة الأولى من قبل.", messages.INFO
            )
        if any(not a.is_public for a in new):
            self.message_user(request, NOT_PUBLIC, messages.WARNING)


NOT_PUBLIC = "بين القصص المثبّتة ما لم يُنشر بعد: لن تظهر في الصفحة الأولى حتى تُنشر."
