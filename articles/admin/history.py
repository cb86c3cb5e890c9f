"""A story's revisions as an editor reads them: Arabic values, and what a save did beside
the story's own fields (tags, related links, photos, decisions on its mentions).

django-simple-history diffs the revision rows, which hold the story's columns only: tags,
links and mentions live in tables of their own that it does not version (doing so needs
historical tables, i.e. a migration). What changed there is worked out while the admin
saves them, from the rows before and after, and written as the revision's change reason,
which the history screen shows beside the field changes.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from simple_history.template_utils import HistoricalRecordContextHelper

from articles.models import KINDS, Article, Image, MentionStatus, RelatedLink
from articles.text.body import blocks_to_text

# The revision table's column (a migration would be needed to widen it).
REASON_LENGTH = Article.history.model._meta.get_field("history_change_reason").max_length


def shown_value(field_name: str, value) -> str:
    """A revision's value as the editor reads it: the label of a status, a local date in
    Arabic order, «—» for nothing, the body as its editing text, a section or source by
    its name rather than its id."""
    field = Article._meta.get_field(field_name)
    if value is None or value == "" or value == []:
        return "—"
    if field_name == "body":
        return blocks_to_text(value)
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "نعم" if value else "لا"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


class ArabicHistoryContext(HistoricalRecordContextHelper):
    """simple-history's formatting of a revision's changes, with ``shown_value``; a change
    an editor cannot see (older revisions stored publication times to the microsecond, which
    the form dropped) is not listed."""

    def context_for_delta_changes(self, delta):
        shown = super().context_for_delta_changes(delta)
        return [change for change in shown if change["old"] != change["new"]]

    def prepare_delta_change_value(self, change, value):
        return shown_value(change.field, value)


def tag_names(article_ids) -> dict[int, list[str]]:
    """Each story's tag names, in the order they were given."""
    names = {pk: [] for pk in article_ids}
    rows = (
        Article.tags.through.objects.filter(
            object_id__in=list(names),
            content_type__app_label="articles",
            content_type__model="article",
        )
        .order_by("id")
        .values_list("object_id", "tag__name")
    )
    for pk, name in rows:
        names[pk].append(name)
    return names


def related_state(article: Article) -> dict:
    """What the story form edits outside the story's own row."""
    return {
        "tags": tag_names([article.pk])[article.pk],
        "links": dict(
            RelatedLink.objects.filter(from_article=article)
            .order_by("position", "id")
            .values_list("to_article_id", "to_article__title")
        ),
        # Each placed photo by its row: (library photo, caption, the photo's alt text).
        "photos": {
            pk: rest
            for pk, *rest in Image.objects.filter(article=article)
            .order_by("position", "id")
            .values_list("pk", "photo_id", "caption", "photo__alt_text")
        },
    }


def _quoted(names) -> str:
    return "، ".join(f"«{name}»" for name in names)


def _describe(before: dict, after: dict, decisions: list[str], *, full: bool) -> str:
    """One line: «الوسوم: أضيف «أ»؛ حُذف «ب» — قصص ذات صلة: …». ``full=False`` gives
    counts instead of names, for a line that would not fit the column."""
    parts = []
    added = [t for t in after["tags"] if t not in before["tags"]]
    removed = [t for t in before["tags"] if t not in after["tags"]]
    if added or removed:
        parts.append("الوسوم: " + _changes(added, removed, full, "tag"))
    linked = [title for pk, title in after["links"].items() if pk not in before["links"]]
    unlinked = [title for pk, title in before["links"].items() if pk not in after["links"]]
    if linked or unlinked:
        parts.append("قصص ذات صلة: " + _changes(linked, unlinked, full, "story"))
    photos = _photo_changes(before.get("photos", {}), after.get("photos", {}), full)
    if photos:
        parts.append("الصور: " + photos)
    if decisions:
        parts.append("الكيانات: " + ("، ".join(decisions) if full else _count(decisions, "name")))
    return " — ".join(parts)


def _photo_changes(before: dict, after: dict, full: bool) -> str:
    """«أضيف «جنود في الموصل»؛ عُدّل «…»»: photos placed, removed, or given another photo,
    caption or alt text, named by their captions."""
    added = [after[pk][1] for pk in after if pk not in before]
    removed = [before[pk][1] for pk in before if pk not in after]
    edited = [after[pk][1] for pk in after if pk in before and before[pk] != after[pk]]
    said = [_changes(added, removed, full, "photo")] if added or removed else []
    if edited:
        said.append("عُدّل " + (_quoted(edited) if full else _count(edited, "photo")))
    return "؛ ".join(said)


def _changes(added, removed, full: bool, noun: str) -> str:
    said = []
    if added:
        said.append("أضيف " + (_quoted(added) if full else _count(added, noun)))
    if removed:
        said.append("حُذف " + (_quoted(removed) if full else _count(removed, noun)))
    return "؛ ".join(said)


def _count(items, noun: str) -> str:
    n = len(items)
    forms = {
        "tag": ngettext("%(count)d tag", "%(count)d tags", n),
        "story": ngettext("%(count)d story", "%(count)d stories", n),
        "name": ngettext("%(count)d name", "%(count)d names", n),
        "photo": ngettext("%(count)d photo", "%(count)d photos", n),
    }
    return forms[noun] % {"count": n}


def mention_decisions(formsets) -> list[str]:
    """The editor's decisions in the story form's mention tables: «قُبل «سعد معن»»."""
    verbs = {MentionStatus.ACCEPTED: "قُبل", MentionStatus.REJECTED: "رُفض"}
    decisions = []
    for formset in formsets:
        kind = next((k for k in KINDS if k.mention_model is formset.model), None)
        if kind is None:
            continue
        for mention, fields in getattr(formset, "changed_objects", []):
            if "status" in fields and mention.status in verbs:
                decisions.append(f"{verbs[mention.status]} «{getattr(mention, kind.name)}»")
        for mention in getattr(formset, "new_objects", []):
            decisions.append(f"أضيف «{getattr(mention, kind.name)}»")
        for mention in getattr(formset, "deleted_objects", []):
            decisions.append(f"حُذف «{getattr(mention, kind.name)}»")
    return decisions


def fitted(before: dict, after: dict, decisions: list[str]) -> str:
    """The change line, with names when they fit the column, with counts otherwise."""
    line = _describe(before, after, decisions, full=True)
    if len(line) > REASON_LENGTH:
        line = _describe(before, after, decisions, full=False)
    if len(line) > REASON_LENGTH:
        line = line[: REASON_LENGTH - 1] + "…"
    return line


def note_on_latest_revision(article: Article, note: str) -> None:
    """Add ``note`` to the change reason of the story's newest revision (the save's own)."""
    latest = (
        Article.history.filter(id=article.pk)
        .order_by("-history_date", "-history_id")
        .values("history_id", "history_change_reason")
        .first()
    )
    if latest is None:
        return
    reason = " — ".join(r for r in (latest["history_change_reason"], note) if r)
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    Article.history.filter(history_id=latest["history_id"]).update(history_change_reason=reason)


def record_tag_revisions(before: dict[int, list[str]], user) -> None:
    """A revision for each story the bulk «add tags» action changed, saying which tags it
    gained (the action changes no column of the story, so no save records one)."""
    after = tag_names(before)
    changed = []
    for article in Article.objects.filter(pk__in=list(before)).order_by("pk"):
        line = fitted(
            {"tags": before[article.pk], "links": {}}, {"tags": after[article.pk], "links": {}}, []
        )
        if line:
            article._change_reason = line
            article._history_user = user
            changed.append(article)
    Article.history.bulk_history_create(changed, default_user=user)


class StoryHistoryMixin:
    """For ``ArticleAdmin``: Arabic values in the history, and the related changes of a save
    recorded on its revision."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ArabicHistoryContext(self.model, historical_record)

    def save_related(self, request, form, formsets, change):
        before = related_state(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        if before is None:
            return
        line = fitted(before, related_state(form.instance), mention_decisions(formsets))
        if line:
            note_on_latest_revision(form.instance, line)
