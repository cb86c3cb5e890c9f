"""The desk's view of its stories: the status an editor sees, the list filters that name it,
and the admin home's dashboard (what is waiting for whom).

A story's stored status has three values, but the desk thinks in four: a published story
whose time has not come is *scheduled* («مجدول»), not yet on the site. ``state_of`` is that
fourth state; ``StatusFilter`` filters the list by it; the dashboard counts by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.editorial import workflow
from articles.models import KINDS, Article, MentionStatus, Status

SCHEDULED = "scheduled"
STATE_LABELS = {
    Status.DRAFT: "مسودة",
    Status.REVIEW: "قيد المراجعة",
    SCHEDULED: "مجدول",
    Status.PUBLISHED: "منشور",
}
# How far back «recently imported» looks.
RECENT_IMPORT = timedelta(days=7)
# Stories listed under each dashboard count.
PANEL_ITEMS = 5


def arabic_datetime(value: datetime | None) -> str:
    """«1 ديسمبر 2026، 08:12» in the site's time zone (day first, as an Arabic daily dates)."""
    if value is None:
        return "—"
    return format_date(timezone.localtime(value), "j F Y، H:i")


def state_of(article: Article, now: datetime | None = None) -> str:
    """The status the desk speaks of: ``Status`` values, or ``SCHEDULED``."""
    now = now or timezone.now()
    if (
        article.status == Status.PUBLISHED
        and article.published_at is not None
        and article.published_at > now
    ):
        return SCHEDULED
    return article.status


def state_label(article: Article) -> str:
    """«مجدول: 3 ديسمبر 2026، 08:00» for a scheduled story, the status's name otherwise."""
    state = state_of(article)
    if state == SCHEDULED:
        return f"{STATE_LABELS[SCHEDULED]}: {arabic_datetime(article.published_at)}"
    return STATE_LABELS.get(state, state)


def story_choice_label(article: Article) -> str:
    """A story as a picker lists it: «العنوان — منشور، 1 ديسمبر 2026، 08:12»."""
    state = state_label(article)
    if article.is_stub:
        state = f"{state}، مختصرة"
    if state_of(article) != SCHEDULED and article.published_at is not None:
        state = f"{state}، {arabic_datetime(article.published_at)}"
    return f"{article.title} — {state}"


def is_live(status: str | None, published_at, now=None) -> bool:
    """Whether a story with this stored status and date is on the site now (stubs aside)."""
    return (
        status == Status.PUBLISHED
        and published_at is not None
        and published_at <= (now or timezone.now())
    )


def _state_q(state: str, now: datetime) -> Q:
    if state == SCHEDULED:
        return Q(status=Status.PUBLISHED, published_at__gt=now)
    if state == Status.PUBLISHED:
        return Q(status=Status.PUBLISHED) & ~Q(published_at__gt=now)
    return Q(status=state)


class StatusFilter(admin.SimpleListFilter):
    """The status filter, with «مجدول» apart from «منشور» (live on the site).

    It keeps the field filter's parameter (``status__exact``) so addresses made for the
    list before still filter the same way, «published» now meaning live only.
    """

    title = "الحالة"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value not in STATE_LABELS:
            return queryset
        return queryset.filter(_state_q(value, timezone.now()))


class MineFilter(admin.SimpleListFilter):
    """Stories the user wrote or changed (a revision in their name)."""

    title = "قصصي"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "كتبتُها أو عدّلتُها")]

    def queryset(self, request, queryset):
        if self.value() != "1":
            return queryset
        return queryset.filter(pk__in=_mine(request.user))


class ImportedFilter(admin.SimpleListFilter):
    title = "الاستيراد"
    parameter_name = "imported"

    def lookups(self, request, model_admin):
        return [("recent", "استُوردت في الأيام السبعة الأخيرة")]

    def queryset(self, request, queryset):
        if self.value() != "recent":
            return queryset
        return queryset.filter(imported_at__gte=timezone.now() - RECENT_IMPORT)


class StoryPublishedFilter(admin.SimpleListFilter):
    """Mentions by their story's status: a reporter decides on unpublished stories' only."""

    title = "القصة"
    parameter_name = "story"

    def lookups(self, request, model_admin):
        return [("unpublished", "لم تُنشر بعد"), ("published", "منشورة أو مجدولة")]

    def queryset(self, request, queryset):
        if self.value() == "unpublished":
            return queryset.exclude(article__status=Status.PUBLISHED)
        if self.value() == "published":
            return queryset.filter(article__status=Status.PUBLISHED)
        return queryset


def _mine(user):
    return Article.history.filter(history_user=user).values("id")


# The dashboard ----------------------------------------------------------------------


@dataclass
class Panel:
    """One count on the admin home: what, how many, where the list is, a few of them."""

    title: str
    count: int
    url: str
    empty: str
    items: list[dict] = field(default_factory=list)

    @property
    def more(self) -> bool:
        """Whether the list holds more stories than the panel shows."""
        return self.count > len(self.items) and all(i["count"] is None for i in self.items)


def _story_items(queryset, with_time: bool) -> list[dict]:
    rows = queryset.values("pk", "title", "published_at", "imported_at")[:PANEL_ITEMS]
    return [
        {
            "title": row["title"],
            "url": reverse("admin:articles_article_change", args=[row["pk"]]),
            "time": arabic_datetime(row["published_at"] if with_time else row["imported_at"])
            if (row["published_at"] if with_time else row["imported_at"])
            else "",
            "count": None,
        }
        for row in rows
    ]


def dashboard(user) -> list[Panel]:
    """What waits on the desk for ``user``, each with its count and the list behind it.

    Bounded: one query counts every story panel, one per panel lists its first stories,
    one per entity kind counts the mentions waiting for review. A user sees only the
    panels of what they may view; a reporter's mentions are those of stories not yet
    published, the only ones a reporter may decide on.
    """
    panels: list[Panel] = []
    now = timezone.now()
    stories = reverse("admin:articles_article_changelist")
    if user.has_perm("articles.view_article"):
        recent = Q(imported_at__gte=now - RECENT_IMPORT)
        mine = Q(status=Status.DRAFT, pk__in=_mine(user))
        review = Q(status=Status.REVIEW)
        scheduled = _state_q(SCHEDULED, now)
        counts = Article.objects.aggregate(
            mine=Count("pk", filter=mine),
            review=Count("pk", filter=review),
            scheduled=Count("pk", filter=scheduled),
            recent=Count("pk", filter=recent),
        )
        by_date = Article.objects.order_by("-published_at", "-pk")
        panels += [
            Panel(
                "مسوداتي",
                counts["mine"],
                f"{stories}?status__exact=draft&mine=1",
                "لا مسودات لك.",
                _story_items(Article.objects.filter(mine).order_by("-updated_at"), False)
                if counts["mine"]
                else [],
            ),
            Panel(
                "تنتظر المراجعة",
                counts["review"],
                f"{stories}?status__exact=review",
                "لا قصص تنتظر المراجعة.",
                _story_items(by_date.filter(review), False) if counts["review"] else [],
            ),
            Panel(
                "مجدولة للنشر",
                counts["scheduled"],
                f"{stories}?status__exact={SCHEDULED}",
                "لا قصص مجدولة.",
                _story_items(Article.objects.filter(scheduled).order_by("published_at"), True)
                if counts["scheduled"]
                else [],
            ),
            Panel(
                "استُوردت حديثاً (7 أيام)",
                counts["recent"],
                f"{stories}?imported=recent",
                "لم يُستورد شيء في الأيام السبعة الأخيرة.",
                _story_items(Article.objects.filter(recent).order_by("-imported_at"), False)
                if counts["recent"]
                else [],
            ),
        ]
    mentions = _mention_counts(user)
    if mentions:
        total = sum(n for _, n, _ in mentions)
        panel = Panel("إشارات تنتظر المراجعة", total, mentions[0][2], "لا إشارات تنتظر المراجعة.")
        panel.items = [{"title": label, "url": url, "count": n} for label, n, url in mentions]
        panels.append(panel)
    return panels


def _mention_counts(user) -> list[tuple[str, int, str]]:
    rows = []
    for kind in KINDS:
        model = kind.mention_model
        if not user.has_perm(f"articles.view_{model._meta.model_name}"):
            continue
        waiting = model.objects.filter(status=MentionStatus.FOUND)
        query = "?status__exact=found"
        if not workflow.can_publish(user):
            waiting = waiting.exclude(article__status=Status.PUBLISHED)
            query += "&story=unpublished"
        url = reverse(f"admin:articles_{model._meta.model_name}_changelist") + query
        rows.append((kind.label, waiting.count(), url))
    return rows
