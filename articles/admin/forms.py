"""Admin forms: the story form (body as text, workflow and stale-save checks), bulk tags, merge."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from taggit.forms import TagField

from articles import changes
from articles.editorial import workflow
from articles.editorial.duplicates import similar_records
from articles.imaging.clean import PhotoError, clean_photo, too_large
from articles.models import Article, Status
from articles.text import body as body_format
from articles.text.clean import clean_line
from articles.text.keys import name_key

BODY_HELP = (
    "فقرات يفصل بينها سطر فارغ. «## » في أول السطر لعنوان فرعي، "
    "و«!! » لتعليق صورة ينتهي بمصدرها بين قوسين: !! جنود في الموصل (أ.ف.ب). نص عادي فقط."
)


def conflict_message(article_pk: int) -> str:
    """Who changed the story last and when, in the words the editor sees.

    A change that saved no revision (a mention accepted or rejected, tags added from the
    list) moves the version past the last revision's: then nobody is named.
    """
    record = Article.history.filter(id=article_pk).select_related("history_user").first()
    current = Article.objects.filter(pk=article_pk).values_list("version", flat=True).first()
    if record is None or record.version != current:
        return (
            "تغيّرت هذه القصة أو ما يتصل بها (الإشارات أو الوسوم) بعد أن فتحتَها، فلم يُحفظ "
            "تعديلك كي لا يضيع ذلك التغيير. افتح القصة من جديد ثم أعد تعديلك."
        )
    who = record.history_user.get_username() if record.history_user else "الاستيراد"
    when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    return (
        f"عدّل «{who}» هذه القصة في {when} بعد أن فتحتَها، فلم يُحفظ تعديلك كي لا يضيع تعديله. "
        "افتح القصة من جديد (أو قارن في «التاريخ») ثم أعد تعديلك."
    )


def _to_minute(moment):
    return moment.replace(second=0, microsecond=0)


class ArabicTagField(TagField):
    """Taggit's field, parsing and showing tags the Arabic way (``articles.text.tags``,
    set as taggit's parser in the settings); its help says how to type them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", TAGS_HELP)
        super().__init__(*args, **kwargs)


TAGS_HELP = "افصل بين الوسوم بالفاصلة «،» وبترتيب أهميتها: العراق، داعش، الحشد الشعبي"


def tags_in_order(article) -> list:
    """The story's tags in the order the editor gave them (the tagging rows' order)."""
    through = Article.tags.through
    rows = through.objects.filter(**through.lookup_kwargs(article)).select_related("tag")
    return [row.tag for row in rows.order_by("pk")]


def keep_tag_order(article, names: list[str]) -> None:
    """Write the story's tagging rows again in the order of ``names`` when they differ.

    Taggit adds tags from a set: their rows come out in any order. Rewritten only when the
    order changed, with one touch for the site (bulk writes send no signals).
    """
    through = Article.tags.through
    tags = tags_in_order(article)
    by_name = {tag.name: tag for tag in tags}
    wanted = [by_name[n] for n in dict.fromkeys(names) if n in by_name]
    if [t.pk for t in tags] == [t.pk for t in wanted]:
        return
    through.objects.filter(**through.lookup_kwargs(article)).delete()
    through.objects.bulk_create([through(tag=t, **through.lookup_kwargs(article)) for t in wanted])
    changes.touch([article.pk])


class ArticleAdminForm(forms.ModelForm):
    """The story change form.

    ``body_text`` edits ``Article.body`` through ``articles.text.body``; ``loaded_version``
    carries the version the editor started from, so a stale save is refused.
    The admin sets ``user`` on a subclass per request (see ``ArticleAdmin.get_form``).
    """

    user = None

    body_text = forms.CharField(
        label="النص",
        required=False,
        widget=forms.Textarea(attrs={"rows": 22, "class": "vLargeTextField body-text"}),
        help_text=BODY_HELP,
    )
    loaded_version = forms.IntegerField(
        label="النسخة التي فُتحت", widget=forms.HiddenInput, required=False
    )
    confirm_offline = forms.BooleanField(
        label="أعلم أن القصة ستختفي من الموقع",
        required=False,
        help_text="القصة ظاهرة للقراء الآن: إعادتها إلى المراجعة أو المسودات تخفيها من الموقع "
        "ومن القوائم والخلاصات والبحث فور الحفظ.",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "deck",
            "summary",
            "byline",
            "dateline",
            "status",
            "published_at",
            "section",
            "source",
            "tags",
            "is_exclusive",
            "is_stub",
        ]
        field_classes = {"tags": ArabicTagField}
        widgets = {
            "deck": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["body_text"].initial = body_format.blocks_to_text(instance.body)
        if instance.pk and "tags" in self.fields:
            self.initial["tags"] = tags_in_order(instance)
        # From the database, not the instance: a revert form starts from an old revision,
        # and the workflow applies to the story as it is now.
        self.stored = None
        if instance.pk:
            self.stored = Article.objects.filter(pk=instance.pk).values("version", "status").first()
            self.fields["loaded_version"].initial = (self.stored or {}).get(
                "version", instance.version
            )
        status = self.fields.get("status")
        if status is not None and self.user is not None:
            current = (self.stored or {}).get("status") if instance.pk else None
            allowed = workflow.allowed_statuses(self.user, current)
            status.choices = [c for c in status.choices if c[0] in allowed]

    def _save_m2m(self):
        super()._save_m2m()
        if "tags" in self.cleaned_data and "tags" in self.fields:
            keep_tag_order(self.instance, self.cleaned_data["tags"])

    def clean_published_at(self):
        """The date as shown, unless the editor changed it.

        The time box shows hours and minutes; the stored time may carry seconds (and an
        imported or older one, fractions). Saved back as typed, every save would move the
        date by those seconds and record a change of «تاريخ النشر» nobody made.
        """
        value = self.cleaned_data.get("published_at")
        shown = self.instance.published_at
        if value is not None and shown is not None and value == _to_minute(shown):
            return shown
        return value

    def clean_body_text(self):
        blocks = body_format.text_to_blocks(self.cleaned_data.get("body_text", ""))
        try:
            body_format.validate_blocks(blocks)
        except body_format.BodyError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return blocks

    def clean(self):
        cleaned = super().clean()
        if "body_text" in cleaned:
            self.instance.body = cleaned["body_text"]
        stored = self._lock_stored()
        self._check_workflow(cleaned, stored)
        self._check_version(cleaned, stored)
        self._check_offline(cleaned, stored)
        if stored and "published_at" not in self.fields:
            # Not this user's to set: a restored revision keeps the story's current date.
            self.instance.published_at = stored["published_at"]
        return cleaned

    def _lock_stored(self) -> dict | None:
        """The story's row as it is now, locked until the admin's transaction ends.

        Check and save are then one step, and both checks judge the story as it is, not
        the instance the form was built from (an old revision, when one is restored).
        """
        if not self.instance.pk:
            return None
        return (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("version", "status", "published_at")
            .first()
        )

    def _check_workflow(self, cleaned, stored):
        if self.user is None:
            return
        current = stored["status"] if stored else None
        error = workflow.edit_error(self.user, current)
        if error:
            raise forms.ValidationError(error, code="workflow")
        new = cleaned.get("status", current)
        if new is None:
            return
        error = workflow.transition_error(self.user, current, new)
        if error:
            self.add_error("status" if "status" in self.fields else None, error)

    def _check_offline(self, cleaned, stored):
        """Taking a story off the site is said before it is done: the editor confirms."""
        if not stored or stored["status"] != Status.PUBLISHED:
            return
        published_at = stored["published_at"]
        if published_at is None or published_at > timezone.now():
            return  # scheduled: not on the site yet
        new = cleaned.get("status", stored["status"])
        if new == Status.PUBLISHED or cleaned.get("confirm_offline"):
            return
        self.add_error(
            "status",
            forms.ValidationError(
                f"هذه القصة ظاهرة للقراء الآن، وجعلها «{Status(new).label}» يخفيها من الموقع. "
                "علّم «أعلم أن القصة ستختفي من الموقع» ثم احفظ من جديد، أو أبقِ حالتها «منشور».",
                code="offline",
            ),
        )

    def _check_version(self, cleaned, stored):
        if not self.instance.pk:
            return
        loaded = cleaned.get("loaded_version")
        if stored is None or loaded is None or stored["version"] != loaded:
            raise forms.ValidationError(conflict_message(self.instance.pk), code="stale")


class AddTagsForm(forms.Form):
    tags = ArabicTagField(label="الوسوم")


class MergeForm(forms.Form):
    """Pick which of the selected records survives a merge."""

    keep = forms.ModelChoiceField(
        label="السجل الذي يبقى",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


class CorrectMentionForm(forms.Form):
    """The right name of a mention's record, and whether the wrong one is wrong everywhere."""

    name = forms.CharField(
        label="الاسم الصحيح",
        max_length=200,
        help_text="إن كان لسجل موجود هذا الاسم (أو اسم آخر له) صارت الإشارة إليه، وإلا أُنشئ سجل "
        "جديد بهذا الاسم.",
    )
    everywhere = forms.BooleanField(
        label="صحّحه في كل القصص",
        required=False,
        help_text="يُدمج السجل الخاطئ في الصحيح ويصير اسمه اسماً آخر له، فيصحّحه الاستيراد "
        "والاستخراج الآلي من الآن. اتركه إن كان الاسم الخاطئ اسماً صحيحاً لشخص آخر في قصص أخرى.",
    )

    def __init__(self, *args, may_merge: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_merge:
            del self.fields["everywhere"]

    def clean_name(self):
        return clean_line(self.cleaned_data["name"])


class MentionAdminForm(forms.ModelForm):
    """A mention edited on its own page: it may only name a story the user may change.

    The admin sets ``user`` on a subclass per request (see ``MentionReviewAdmin.get_form``).
    """

    user = None

    def clean_article(self):
        article = self.cleaned_data.get("article")
        if article is not None and self.user is not None:
            error = workflow.edit_error(self.user, article.status)
            if error:
                raise forms.ValidationError(error, code="workflow")
        return article


class EntityAdminForm(forms.ModelForm):
    """A person, place or source form that warns when the name typed may be a duplicate.

    Near duplicates (``editorial.duplicates``) stop the save once, with links to them;
    «احفظه سجلاً جديداً مع ذلك», shown only then, saves it anyway. A record with the very
    same key cannot be saved at all (the database's unique key): the model says so.
    """

    save_anyway = forms.BooleanField(
        label="احفظه سجلاً جديداً مع ذلك",
        required=False,
        widget=forms.HiddenInput,
        help_text="علّمه إن كان هذا اسماً لشخص أو مكان أو مصدر آخر حقاً.",
    )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if not name or (self.instance.pk and "name" not in self.changed_data):
            return cleaned
        model = self._meta.model
        similar = similar_records(model, name, exclude_pk=self.instance.pk)
        if not similar:
            return cleaned
        twin = any(_same_identity(r, name_key(name), cleaned.get("parent")) for r in similar)
        if cleaned.get("save_anyway") and not twin:
            return cleaned
        links = format_html_join(
            "، ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (reverse(f"admin:articles_{model._meta.model_name}_change", args=[r.pk]), str(r))
                for r in similar
            ),
        )
        if twin:
            advice = "افتح الموجود وعدّله بدلاً من إضافة نسخة ثانية."
        else:
            self.fields["save_anyway"].widget = forms.CheckboxInput()
            advice = "افتح الموجود وعدّله، أو علّم «احفظه سجلاً جديداً مع ذلك» ثم احفظ."
        self.add_error(
            None,
            forms.ValidationError(
                format_html("قد يكون هذا الاسم تكراراً لسجل موجود: {}. {}", links, advice),
                code="duplicate",
            ),
        )
        return cleaned


def _same_identity(record, key: str, parent) -> bool:
    """Whether ``record`` has the unique identity the new name would (a place's includes
    its parent): such a record cannot be saved beside it."""
    if record.key != key:
        return False
    return not hasattr(record, "parent_id") or record.parent_id == getattr(parent, "pk", None)


class PhotoField(forms.ImageField):
    """The upload checked and cleaned by ``articles/imaging`` (Arabic messages), and
    replaced by the clean re-encoded file under its content-hash name."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        try:
            if upload.size > settings.PHOTO_MAX_BYTES:  # refused before it is read
                raise PhotoError(too_large(upload.size, settings.PHOTO_MAX_BYTES))
            upload.seek(0)
            photo = clean_photo(
                upload.read(),
                max_bytes=settings.PHOTO_MAX_BYTES,
                max_pixels=settings.PHOTO_MAX_PIXELS,
            )
        except PhotoError as exc:
            raise forms.ValidationError(str(exc), code="photo") from None
        return ContentFile(photo.data, name=photo.name)


class ImageInlineFormSet(forms.BaseInlineFormSet):
    """A story being published needs alt text on every photo with a file."""

    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if (form.has_changed() or form.instance.pk)
            and not (self.can_delete and self._should_delete_form(form))
        ]
        error = workflow.missing_alt_text([form.instance for form in kept])
        if not error:
            return
        # On the field too: the «الصور» group then opens by itself, the error in view.
        for form in kept:
            if form.instance.file and not (form.instance.alt_text or "").strip():
                form.add_error("alt_text", "اكتب النص البديل لهذه الصورة قبل نشر القصة.")
        raise forms.ValidationError(error, code="alt_text")
