"""Correct the name a found mention points at: «معاذ الجزائري» is «أبو معاذ الجزائري».

Rejecting a wrong name loses the person; correcting it keeps the mention and re-points it
at the record with the right name (an existing one, or a new one made for it), accepted.
The decision is stored where the import and the admin's extraction already look, so the
next extraction of the story keeps it:

* *everywhere* (the wrong record is folded into the right one, as a merge does): the wrong
  name becomes an alias of the right record, so every later extraction that finds the
  wrong name resolves it to the right record, in this story and any other;
* *this story only* (the wrong record is a real name elsewhere): the story keeps a
  rejected mention of the wrong record (rejected mentions stay rejected) next to the
  accepted one of the right record (accepted mentions stay).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles import changes
from articles.editorial.merge import merge_entities
from articles.models import LOCATION, PERSON, SOURCE, Article, MentionStatus, Quote, kind_of
from articles.text.clean import clean_line
from articles.text.keys import name_key

# The mention's ``method`` once an editor has corrected it.
CORRECTED = "correction"


class CorrectionError(ValueError):
    """Why a correction cannot be made, in the words the editor reads."""


@dataclass
class Correction:
    mention: object  # the mention of the right record, in the same story
    wrong_name: str
    entity: object  # the right record
    created: bool  # made for this correction
    everywhere: bool  # the wrong record was folded into the right one

    def summary(self) -> str:
        where = (
            f"وصار «{self.wrong_name}» اسماً آخر له في كل القصص"
            if self.everywhere
            else "في هذه القصة وحدها"
        )
        made = " (سجل جديد)" if self.created else ""
        return f"صُحّح «{self.wrong_name}» إلى «{self.entity}»{made} {where}."


def find_record(model, name: str, like=None):
    """The record ``name`` already names (its name or one of its aliases), or None.

    Places of the same name in different countries are real: the one under ``like``'s
    parent is preferred.
    """
    key = name_key(name)
    rows = list(model.objects.filter(key=key).order_by("pk")[:20])
    if not rows:
        rows = [
            record
            for record in model.objects.filter(alias_keys__contains=key).order_by("pk")[:50]
            if key in record.alias_keys.splitlines()
        ]
    if like is not None and kind_of(model) is LOCATION:
        rows.sort(key=lambda record: record.parent_id != like.parent_id)
    return rows[0] if rows else None


def _new_record(kind, name: str, wrong):
    """A record for the corrected name, of the wrong one's sort (a place's kind and parent)."""
    extra = {}
    if kind is LOCATION:
        extra = {"kind": wrong.kind, "parent_id": wrong.parent_id}
    elif kind is SOURCE:
        extra = {"kind": wrong.kind}
    elif kind is PERSON:
        extra = {"description": wrong.description}
    record = kind.model(name=name, **extra)
    record.clean()
    record.save()
    return record


def correct_mention(
    mention, name: str, *, everywhere: bool, may_create: bool, may_merge: bool
) -> Correction:
    """Re-point ``mention`` at the record named ``name``; see the module's docstring.

    ``everywhere`` asks to fold the wrong record into the right one; it is also done when
    the wrong record is named in no other story (nothing else can be lost), if the user
    ``may_merge``. ``may_create``: whether a record may be made for a name none has.
    """
    kind = kind_of(mention)
    name = clean_line(name or "")
    if not name_key(name):
        raise CorrectionError("اكتب الاسم الصحيح.")
    with changes.atomic():
        mention = type(mention).objects.select_for_update().get(pk=mention.pk)
        wrong = getattr(mention, kind.name)
        target = find_record(kind.model, name, like=wrong)
        if target is not None and target.pk == wrong.pk:
            raise CorrectionError(
                f"«{name}» هو اسم هذا السجل نفسه أو أحد أسمائه الأخرى: لا شيء يُصحّح."
            )
        created = False
        if target is None:
            if not may_create:
                raise CorrectionError(
                    f"لا يوجد سجل باسم «{name}»، ولا تملك إضافة سجل جديد: اطلب ذلك من محرر."
                )
            target = _new_record(kind, name, wrong)
            created = True
        elsewhere = kind.mentions_of([wrong]).exclude(pk=mention.pk).exists()
        fold = may_merge and (everywhere or not elsewhere)
        if everywhere and not may_merge:
            raise CorrectionError("لا يصحّح الاسم في كل القصص إلا من يملك دمج السجلات.")
        Article.objects.filter(pk=mention.article_id).bump_version()  # open forms are stale
        if fold:
            merge_entities(keep=target, merge=[wrong])
            corrected = kind.mentions_of([target]).get(article_id=mention.article_id)
        else:
            corrected = _this_story_only(kind, mention, wrong, target)
        corrected.status = MentionStatus.ACCEPTED
        corrected.method = CORRECTED
        corrected.save(update_fields=["status", "method"])
        changes.touch([mention.article_id])
    return Correction(corrected, wrong.name, target, created, fold)


def _this_story_only(kind, mention, wrong, target):
    """The right record's mention in the story (made from the wrong one's), and the wrong
    one kept as rejected, so the story's next extraction does not add it again."""
    model = type(mention)
    corrected = kind.mentions_of([target]).filter(article_id=mention.article_id).first()
    if corrected is None:
        corrected = model(article_id=mention.article_id, **{kind.name: target})
        for field in ("count", "excerpt", "confidence", *kind.found_fields):
            setattr(corrected, field, getattr(mention, field))
        corrected.save()
    model.objects.filter(pk=mention.pk).update(status=MentionStatus.REJECTED)
    if kind is PERSON:  # the quotes follow the speaker
        said = set(
            Quote.objects.filter(article_id=mention.article_id, person=target).values_list(
                "text", flat=True
            )
        )
        for quote in Quote.objects.filter(article_id=mention.article_id, person=wrong):
            if quote.text in said:
                quote.delete()
            else:
                quote.person = target
                quote.save(update_fields=["person"])
    return corrected
