"""The story form's mentions: the inlines an editor reviews them in, and their extraction.

A story saved in the admin gets its people, places, sources and quotes found by the
import's own pipeline (``importer.story.extract_story``) when it is new or its text
changed. It runs after the form's inlines are saved, in the same transaction, so what
the editor decided in that save (a mention rejected, accepted or added) is what
extraction keeps, exactly as a re-import keeps it.
"""

from __future__ import annotations

from django.contrib import admin

from articles.editorial.correct import CORRECTED
from articles.importer.story import TEXT_FIELDS, extract_story
from articles.models import KINDS, Image, MentionStatus, kind_of

# How each extraction method is named to editors (``Mention.method`` holds the code).
METHOD_LABELS = {
    "gazetteer": "من قوائم الأسماء المعروفة",
    "crf": "النموذج الآلي",
    "cue": "قرينة في السياق",
    "surname": "اسم عائلة لشخص مذكور",
    "credit": "مصدر صورة",
    "dateline": "مكان الكتابة",
    CORRECTED: "صحّحها محرر",
    "": "أضافها محرر",
}


def method_label(code: str) -> str:
    return METHOD_LABELS.get(code or "", code)


class MentionInline(admin.TabularInline):
    """An entity named in the story: the editor decides (status); how it was found is shown."""

    extra = 0
    readonly_fields = ("count", "method_name", "confidence", "short_excerpt")

    def get_fields(self, request, obj=None):
        kind = kind_of(self.model)
        return (kind.name, *kind.found_fields, "status", *self.readonly_fields)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(kind_of(self.model).name)

    @admin.display(description="أول ذكر")
    def short_excerpt(self, mention):
        text = mention.excerpt or ""
        return text if len(text) <= 90 else text[:90] + "…"

    @admin.display(description="طريقة الاستخراج")
    def method_name(self, mention):
        return method_label(mention.method) if mention.pk else "—"


def mention_inline(kind):
    """The story form's inline of one kind's mentions (people, places or sources)."""
    name = f"{kind.mention_model.__name__}Inline"
    attrs = {"model": kind.mention_model, "autocomplete_fields": (kind.name,)}
    return type(name, (MentionInline,), {"__module__": __name__, **attrs})


class StoryMentionsMixin:
    """For ``ArticleAdmin``: mentions added by hand are the editor's, and a save that
    changes the story's text finds its entities again."""

    def save_formset(self, request, form, formset, change):
        if issubclass(formset.model, tuple(kind.mention_model for kind in KINDS)):
            # A mention the editor added is an editor's decision, not something the import
            # found: accepted, so a later extraction that does not find it keeps it.
            for added in formset.extra_forms:
                if added.has_changed() and added.instance.status == MentionStatus.FOUND:
                    added.instance.status = MentionStatus.ACCEPTED
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if text_changed(form, formsets, change):
            self.extract_entities(form.instance)

    def extract_entities(self, article):
        extract_story(article)


def text_changed(form, formsets, change: bool) -> bool:
    """Whether the save may change what extraction finds: a new story, its text, its photos'
    captions and credits."""
    if not change or set(form.changed_data) & set(TEXT_FIELDS):
        return True
    return any(fs.model is Image and fs.has_changed() for fs in formsets)
