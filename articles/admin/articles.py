"""Stories in the admin: list, form, workflow actions, preview, history and locking."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import F
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin, TaggedItemInline
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from articles import search
from articles.admin.common import count_of
from articles.admin.desk import (
    ImportedFilter,
    MineFilter,
    StatusFilter,
    is_live,
    state_label,
    story_choice_label,
)
from articles.admin.forms import (
    AddTagsForm,
    ArticleAdminForm,
)
from articles.admin.front import FrontPageActions
from articles.admin.history import (
    StoryHistoryMixin,
    record_tag_revisions,
    shown_value,
    tag_names,
)
from articles.admin.photos import ImageInline
from articles.admin.story_mentions import StoryMentionsMixin, mention_inline
from articles.admin.tombstones import TombstoneDeleteMixin
from articles.editorial import workflow
from articles.models import (
    KINDS,
    LOCATION,
    PERSON,
    Article,
    RelatedLink,
    Status,
)

PROVENANCE = (
    "origin_file",
    "origin_line",
    "fingerprint",
    "imported_at",
    "version_number",
    "updated_at",
)


PICKER_STORY = "from_story"  # the picker's parameter: the story being linked from


class StoryPicker(AutocompleteSelect):
    """The related-story autocomplete, telling the search which story it links from."""

    def __init__(self, *args, story_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.story_pk = story_pk

    def get_url(self):
        url = super().get_url()
        return f"{url}?{urlencode({PICKER_STORY: self.story_pk})}" if self.story_pk else url


class StoryAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, listing stories with their status and date."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Article):
            result["text"] = story_choice_label(obj)
        return result


def story_autocomplete_view(request):
    """The admin site's autocomplete view (set in ``articles.admin``)."""
    return StoryAutocompleteView.as_view(admin_site=admin.site)(request)


class RelatedLinkFormSet(forms.BaseInlineFormSet):
    """A link to the story itself or to a story linked in another row is an error on that
    row's field (the database would refuse it only at the save, with no place to show it)."""

    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            target = form.cleaned_data.get("to_article")
            if target is None:
                continue
            if self.instance.pk and target.pk == self.instance.pk:
                form.add_error("to_article", "لا تُربط القصة بنفسها.")
            elif target.pk in seen:
                form.add_error("to_article", f"«{target.title}» مربوطة في سطر آخر من الجدول.")
            else:
                seen.add(target.pk)
        super().clean()


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    formset = RelatedLinkFormSet
    fk_name = "from_article"
    fields = ("to_article", "kind", "position")
    autocomplete_fields = ("to_article",)
    extra = 1
    verbose_name_plural = "قصص ذات صلة (اختيار المحرر أو من الاستيراد)"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["formfield_callback"] = partial(
            self.formfield_for_dbfield, request=request, story=obj
        )
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, story=None, **kwargs):
        if db_field.name == "to_article":
            kwargs["widget"] = StoryPicker(
                db_field, self.admin_site, story_pk=getattr(story, "pk", None)
            )
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "to_article" and field is not None:
            field.label_from_instance = story_choice_label
        return field


@admin.register(Article)
class ArticleAdmin(
    FrontPageActions,
    StoryHistoryMixin,
    StoryMentionsMixin,
    TombstoneDeleteMixin,
    SimpleHistoryAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_form_template = "admin/articles/article/object_history_form.html"
    list_display = (
        "title",
        "state",
        "section",
        "source",
        "published",
        "people_count",
        "places_count",
        "stub",
        "exclusive",
        "on_front",
        "preview_link",
    )
    list_filter = (
        StatusFilter,
        MineFilter,
        ImportedFilter,
        "section",
        ("source", admin.RelatedOnlyFieldListFilter),
        "tags",
        "is_stub",
        "is_exclusive",
    )
    list_select_related = ("source", "section", "front_pick")
    list_per_page = 50
    date_hierarchy = "published_at"
    ordering = (F("published_at").desc(nulls_first=True), "-id")
    search_fields = ("title",)  # autocomplete needs one; get_search_results does the matching
    search_help_text = (
        "يبحث في العنوان والعنوان الفرعي والنص، بلا تشكيل ولا تطويل وبكل أشكال الهمزة."
    )
    autocomplete_fields = ("source",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (*PROVENANCE, "entity_summary", "state_now")
    inlines = (
        *(mention_inline(kind) for kind in KINDS),
        RelatedLinkInline,
        ImageInline,
    )
    actions = (
        "publish",
        "send_to_review",
        "send_to_draft",
        "add_tags",
        "pin_to_front",
        "make_lead",
        "unpin_from_front",
    )
    # Status and publishing first: what an editor checks and changes most, and what
    # decides whether readers see the story.
    fieldsets = (
        (
            "الحالة والنشر",
            {"fields": ("state_now", ("status", "published_at"), "confirm_offline")},
        ),
        ("العنوان", {"fields": ("title", "slug", "deck", "summary", ("byline", "dateline"))}),
        ("النص", {"fields": ("body_text",)}),
        (
            "التصنيف",
            {
                "fields": (
                    "section",
                    "source",
                    "tags",
                    ("is_exclusive", "is_stub"),
                    "loaded_version",
                )
            },
        ),
        (
            "الكيانات",
            {
                "fields": ("entity_summary",),
                "description": "الأشخاص والأماكن والمصادر المذكورة؛ تُراجع في الجداول أسفل الصفحة.",
            },
        ),
        ("المصدر والاستيراد", {"fields": PROVENANCE, "classes": ("collapse",)}),
    )

    # Lists -----------------------------------------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_count=count_of(PERSON.mention_model, "article", visible_mentions=True),
                places_count=count_of(LOCATION.mention_model, "article", visible_mentions=True),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        """Every word, normalised and without clitics, must appear in title, deck or body.

        For the related-story picker, never the story itself nor a story it links already.
        """
        story = request.GET.get(PICKER_STORY, "")
        if request.GET.get("model_name") == "relatedlink" and story.isascii() and story.isdigit():
            linked = RelatedLink.objects.filter(from_article_id=story).values("to_article_id")
            queryset = queryset.exclude(pk=story).exclude(pk__in=linked)
        return search.filter_words(queryset, search_term), False

    @admin.display(description="الحالة", ordering="status")
    def state(self, article):
        return state_label(article)

    @admin.display(description="الحالة الآن")
    def state_now(self, article):
        """The status as readers meet it: on the site, scheduled (until when), or not."""
        if not article.pk:
            return "قصة جديدة، لم تُحفظ بعد."
        label = state_label(article)
        if article.is_stub:
            return f"{label} (قصة مختصرة: لا تظهر للقراء قبل إكمال نصها)"
        if article.is_public:
            return f"{label}: ظاهرة للقراء على الموقع"
        if article.status == Status.PUBLISHED:
            return f"{label}: تظهر للقراء وحدها في موعدها"
        return f"{label}: لا يراها القراء"

    def view_on_site(self, article):
        """«مشاهدة على الموقع» only for a story readers can open; «معاينة» is for the rest."""
        return article.get_absolute_url() if article.is_public else None

    @admin.display(description="النشر", ordering="published_at")
    def published(self, article):
        if article.published_at is None:
            return "—"
        local = timezone.localtime(article.published_at)
        return format_html("<bdi>{}</bdi>", date_format(local, "DATETIME_FORMAT"))

    @admin.display(description="مختصرة", boolean=True, ordering="is_stub")
    def stub(self, article):
        return article.is_stub

    @admin.display(description="خاص", boolean=True, ordering="is_exclusive")
    def exclusive(self, article):
        return article.is_exclusive

    @admin.display(description="أشخاص", ordering="people_count")
    def people_count(self, article):
        return article.people_count

    @admin.display(description="أماكن", ordering="places_count")
    def places_count(self, article):
        return article.places_count

    @admin.display(description="الأولى", ordering="front_pick__position")
    def on_front(self, article):
        """Its place among the stories pinned to the front page ("—": not pinned)."""
        pick = getattr(article, "front_pick", None)
        return "—" if pick is None else format_html('<bdi dir="ltr">{}</bdi>', pick.position)

    @admin.display(description="معاينة")
    def preview_link(self, article):
        url = reverse("admin:articles_article_preview", args=[article.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">معاينة</a>', url)

    # Form ------------------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_fieldsets(self, request, obj=None):
        dropped = set()
        if not self.has_change_permission(request, obj):
            dropped |= {"loaded_version", "confirm_offline"}
        if obj is None or not is_live(obj.status, obj.published_at):
            dropped.add("confirm_offline")  # only a story on the site can go offline
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in dropped]})
            for name, opts in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not workflow.can_publish(request.user):
            fields = (*fields, "published_at")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    @admin.display(description="رقم النسخة")
    def version_number(self, article):
        """The optimistic-locking counter (the model field has no Arabic name: renaming it
        would take a migration)."""
        return format_html("<bdi>{}</bdi>", article.version) if article.pk else "—"

    @admin.display(description="الكيانات المذكورة")
    def entity_summary(self, article):
        if not article.pk:
            return "—"
        groups = (
            (
                kind.label,
                getattr(article, f"{kind.name}mention_set").visible().select_related(kind.name),
                kind.name,
            )
            for kind in KINDS
        )
        rows = []
        for label, mentions, field in groups:
            links = format_html_join(
                "، ",
                '<a href="{}">{}</a>',
                (
                    (reverse(f"admin:articles_{field}_change", args=[m.pk]), str(m))
                    for m in (getattr(mention, field) for mention in mentions)
                ),
            )
            rows.append(format_html("<p><strong>{}:</strong> {}</p>", label, links or "—"))
        return format_html_join("", "{}", ((row,) for row in rows))

    # Permissions -------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # Actions ---------------------------------------------------------------

    @admin.action(description="نشر القصص المختارة", permissions=["publish"])
    def publish(self, request, queryset):
        self._move(request, queryset, Status.PUBLISHED)

    @admin.action(description="إرسال القصص المختارة إلى المراجعة", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._move(request, queryset, Status.REVIEW)

    @admin.action(description="إعادة القصص المختارة إلى المسودات", permissions=["change"])
    def send_to_draft(self, request, queryset):
        self._move(request, queryset, Status.DRAFT)

    @transaction.atomic
    def _move(self, request, queryset, status):
        moved, refused, offline = 0, [], []
        # Locked as read: the save below writes every field, so none may change meanwhile.
        rows = Article.objects.select_for_update().filter(pk__in=queryset.values("pk"))
        for article in rows.order_by("pk"):
            if article.status == status:
                continue
            error = workflow.transition_error(request.user, article.status, status)
            if error is None and status == Status.PUBLISHED and article.is_stub:
                error = "لا تُنشر قصة مختصرة قبل إكمال نصها."
            if error is None and status == Status.PUBLISHED:
                error = workflow.missing_alt_text(article.images.all())
            if error:
                refused.append(f"«{article.title}»: {error}")
                continue
            if article.is_public:
                offline.append(f"«{article.title}»")
            article.status = status
            article._change_reason = f"الحالة: {Status(status).label}"
            article.save()
            self.log_change(request, article, article._change_reason)
            moved += 1
        if moved:
            message = ngettext(
                "%(count)d story is now «%(status)s».",
                "%(count)d stories are now «%(status)s».",
                moved,
            )
            values = {"count": moved, "status": Status(status).label}
            self.message_user(request, message % values, messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"لم تتغير {line}", messages.ERROR)
        if offline:
            self.message_user(
                request,
                f"اختفت من الموقع (كانت ظاهرة للقراء): {'، '.join(offline)}.",
                messages.WARNING,
            )

    @admin.action(description="إضافة وسوم إلى القصص المختارة", permissions=["change"])
    def add_tags(self, request, queryset):
        editable = [a for a in queryset.order_by("pk") if workflow.can_edit(request.user, a)]
        form = AddTagsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            tags = form.cleaned_data["tags"]
            with transaction.atomic():
                before = tag_names([a.pk for a in editable])
                # The tags are part of the story form: an open form is now stale.
                Article.objects.filter(pk__in=[a.pk for a in editable]).bump_version()
                for article in editable:
                    article.tags.add(*tags)
                record_tag_revisions(before, request.user)
            added = ngettext(
                "Tags (%(tags)s) added to %(count)d story.",
                "Tags (%(tags)s) added to %(count)d stories.",
                len(editable),
            )
            self.message_user(
                request, added % {"tags": "، ".join(tags), "count": len(editable)}, messages.SUCCESS
            )
            skipped = len(queryset) - len(editable)
            if skipped:
                left = ngettext(
                    "%(count)d published story left as it was: only editors change it.",
                    "%(count)d published stories left as they were: only editors change them.",
                    skipped,
                )
                self.message_user(request, left % {"count": skipped}, messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "إضافة وسوم",
            "opts": self.model._meta,
            "form": form,
            "articles": editable,
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/article/add_tags.html", context)

    # Preview ---------------------------------------------------------------

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_article_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The public page of any story, draft or stub included, for staff only."""
        from articles.site.views import render_article

        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return render_article(request, article, preview=True)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History: compare a revision with the current story ---------------------

    def history_view(self, request, object_id, extra_context=None):
        _whole_number(unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Compare a revision with the story as it is now, and restore it.

        Restoring is a change to the story as it is now: the same permission and workflow
        rules as the change form apply to the current row (the form checks its status and
        version under a lock), never to the old revision's, and it runs in a transaction,
        which the lock needs on PostgreSQL.
        """
        pk, history_id = _whole_number(unquote(object_id)), _whole_number(version_id)
        if request.method == "POST":
            current = Article.objects.filter(pk=pk).first()
            if current is None:
                raise Http404("لا توجد هذه القصة.")
            if not self.has_change_permission(request, current):
                raise PermissionDenied(workflow.edit_error(request.user, current.status))
        record = Article.history.filter(id=pk, history_id=history_id).first()
        latest = Article.history.filter(id=pk).first()
        changes = []
        if record is not None and latest is not None and record.pk != latest.pk:
            delta = latest.diff_against(record)
            changes = [
                {
                    "field": Article._meta.get_field(c.field).verbose_name,
                    "revision": shown_value(c.field, c.old),
                    "current": shown_value(c.field, c.new),
                }
                for c in delta.changes
            ]
            changes = [c for c in changes if c["revision"] != c["current"]]
        extra = {**(extra_context or {}), "compare_changes": changes, "compared_record": record}
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra)
        with transaction.atomic(using=router.db_for_write(Article)):
            response = super().history_form_view(request, object_id, version_id, extra)
            if response.status_code == 302:  # restored: its text may differ
                self.extract_entities(Article.objects.get(pk=pk))
            return response

    def revert_disabled(self, request, obj=None):
        """No «restore» button for a user who may not change the story as it is now."""
        if super().revert_disabled(request, obj):
            return True
        current = Article.objects.filter(pk=obj.pk).first() if obj is not None else None
        return current is not None and not self.has_change_permission(request, current)


def _whole_number(value: str) -> int:
    """A story or revision id from the address; anything else is a page that is not there."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404("رقم غير صالح في العنوان.")
    return int(value)


# Tags: taggit's admin, made to respect open story forms ------------------------------

admin.site.unregister(Tag)


class StoryTaggedItemInline(TaggedItemInline):
    """A tag's stories. Stories are the only tagged records, so the type list offers only
    them (not every model's untranslated name, revision tables and axes' included)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(app_label="articles", model="article")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Tag)
class StoryTagAdmin(TagAdmin):
    """Taggit's tag admin, plus the stories' versions.

    Renaming, merging, deleting or re-assigning a tag changes the tags field of every story
    form showing it: those forms must become stale, or their save would quietly put the old
    tag back.
    """

    inlines = [StoryTaggedItemInline]

    def save_model(self, request, obj, form, change):
        if change:
            _bump_tagged([obj.pk])
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        before = set(_tagged(form.instance.pk))
        super().save_related(request, form, formsets, change)
        Article.objects.filter(pk__in=before | set(_tagged(form.instance.pk))).bump_version()

    def delete_model(self, request, obj):
        _bump_tagged([obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _bump_tagged(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)

    # taggit writes its action and messages in English only.
    ENGLISH_MESSAGES = {
        "Please select at least one tag.": "اختر وسماً واحداً على الأقل.",
        "Tags have been merged": "دُمجت الوسوم.",
        "Form is invalid.": "لم تُدمج الوسوم: اكتب اسم الوسم الجامع.",
    }

    def message_user(self, request, message, *args, **kwargs):
        message = self.ENGLISH_MESSAGES.get(str(message), message)
        super().message_user(request, message, *args, **kwargs)

    @admin.action(description="دمج الوسوم المختارة")
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if request.method == "POST":
            with transaction.atomic():
                ids = request.session.get("selected_tag_ids", "").split(",")
                _bump_tagged([i for i in ids if i.isdigit()])
                response = super().merge_tags_view(request)
            if response.status_code != 200:
                return response
        # taggit renders its form outside the admin (no header, user tools or nonce).
        context = {
            **self.admin_site.each_context(request),
            "title": "دمج الوسوم",
            "opts": self.model._meta,
            "form": MergeTagsForm(request.POST or None),
        }
        return TemplateResponse(request, "admin/taggit/merge_tags_form.html", context)


def _tagged(tag_pk):
    return Article.objects.filter(tags__pk=tag_pk).values_list("pk", flat=True)


def _bump_tagged(tag_pks) -> None:
    Article.objects.filter(
        pk__in=Article.objects.filter(tags__pk__in=tag_pks).values("pk")
    ).bump_version()
